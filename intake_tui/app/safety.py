"""What the user sees when something unexpected breaks: one safe sentence.

Textual's default crash report prints a traceback with local variables, which
can hold health answers. This names the error type and where it happened in
our code, and nothing else: no message (it may quote a value), no locals.
"""

from __future__ import annotations

import traceback
from pathlib import Path


def where(error: BaseException) -> str:
    """The innermost frame inside intake_tui, as module:line."""
    frames = list(traceback.extract_tb(error.__traceback__))
    ours = [f for f in frames if "intake_tui" in Path(f.filename).parts]
    candidates = ours or frames
    if not candidates:
        return "unknown place"
    return f"{Path(candidates[-1].filename).name}:{candidates[-1].lineno}"


def safe_crash_message(error: BaseException) -> str:
    return (
        f"intake: unexpected internal error ({type(error).__name__} at {where(error)}). "
        "Answers up to the last step are saved as a draft; start intake again to resume."
    )
