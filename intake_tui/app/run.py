"""Build the app from command-line options and run it; errors end in one line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from intake_tui.app.config import DEFAULT_IDLE_SECONDS, AppConfig
from intake_tui.core.modes import parse_mode
from intake_tui.core.store import default_data_dir

IDLE_ENV = "INTAKE_IDLE_TIMEOUT"


def run_app(
    questions: Path | None, data_dir: Path | None, mode: str | None, idle_timeout: float | None
) -> int:
    """Run the app; None takes the default (or the environment's) for that option."""
    if questions is not None and not (questions / "questionnaire.toml").is_file():
        print(f"intake: cannot start: {questions}: no questionnaire.toml there", file=sys.stderr)
        return 1
    try:
        idle = idle_timeout or float(os.environ.get(IDLE_ENV, DEFAULT_IDLE_SECONDS))
    except ValueError:
        print(f"intake: {IDLE_ENV} must be a number of seconds", file=sys.stderr)
        return 1
    config = AppConfig(
        questions=questions,
        data_dir=data_dir or default_data_dir(),
        mode=parse_mode(mode or "self") or "self",
        idle_timeout_seconds=idle,
    )
    from intake_tui.app.app import IntakeApp

    IntakeApp(config).run()
    return 0
