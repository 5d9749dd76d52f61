"""Build the app from command-line options and run it; errors end in one line."""

from __future__ import annotations

import argparse
import os
import sys

from intake_tui.app.config import DEFAULT_IDLE_SECONDS, AppConfig
from intake_tui.core.modes import parse_mode
from intake_tui.core.store import default_data_dir

IDLE_ENV = "INTAKE_IDLE_TIMEOUT"


def run_app(args: argparse.Namespace) -> int:
    if args.questions is not None and not (args.questions / "questionnaire.toml").is_file():
        print(
            f"intake: cannot start: {args.questions}: no questionnaire.toml there", file=sys.stderr
        )
        return 1
    try:
        idle = args.idle_timeout or float(os.environ.get(IDLE_ENV, DEFAULT_IDLE_SECONDS))
    except ValueError:
        print(f"intake: {IDLE_ENV} must be a number of seconds", file=sys.stderr)
        return 1
    config = AppConfig(
        questions=args.questions,
        data_dir=args.data_dir or default_data_dir(),
        mode=parse_mode(args.mode or "self") or "self",
        idle_timeout_seconds=idle,
    )
    from intake_tui.app.app import IntakeApp

    IntakeApp(config).run()
    return 0
