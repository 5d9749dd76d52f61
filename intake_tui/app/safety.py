"""What the user sees when something unexpected breaks: one safe sentence.

Textual's default crash report prints a traceback with local variables, which
can hold health answers. This names the error type and where it happened in
our code, and nothing else: no message (it may quote a value), no locals.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from intake_tui.core.store import session_file_name


def where(error: BaseException) -> str:
    """The innermost frame inside intake_tui, as module:line."""
    frames = list(traceback.extract_tb(error.__traceback__))
    ours = [f for f in frames if "intake_tui" in Path(f.filename).parts]
    candidates = ours or frames
    if not candidates:
        return "unknown place"
    return f"{Path(candidates[-1].filename).name}:{candidates[-1].lineno}"


def safe_crash_message(error: BaseException, open_draft: str = "", *, saved: bool = True) -> str:
    """One line: what broke and where, and what was and was not saved.

    ``open_draft`` is the session id of the intake open at the crash ("" for none
    worth keeping); ``saved`` whether its last save worked."""
    what = f"intake: unexpected internal error ({type(error).__name__} at {where(error)})."
    if not open_draft:
        return f"{what} No intake was open; nothing unsaved was lost."
    name = session_file_name(open_draft)
    if saved:
        return (
            f"{what} Every answer up to the last step is saved in {name}; "
            "start intake again to resume."
        )
    return (
        f"{what} The last save of {name} had failed: answers since the last successful save "
        "were NOT saved."
    )
