"""Build the app from command-line options and run it; errors end in one line."""

from __future__ import annotations

import argparse
import os
import sys

from intake_tui.app.config import AppConfig
from intake_tui.core.bundle import load_bundle
from intake_tui.core.errors import IntakeError
from intake_tui.core.report.models import Mode
from intake_tui.core.store import default_data_dir

IDLE_ENV = "INTAKE_IDLE_TIMEOUT"
DEFAULT_IDLE_SECONDS = 300.0
MODES: dict[str | None, Mode] = {None: "self", "self": "self", "front-desk": "front_desk"}


def run_app(args: argparse.Namespace) -> int:
    try:
        bundle = load_bundle(args.questions)
    except IntakeError as error:
        print(f"intake: cannot start: {error}", file=sys.stderr)
        return 1
    try:
        idle = args.idle_timeout or float(os.environ.get(IDLE_ENV, DEFAULT_IDLE_SECONDS))
    except ValueError:
        print(f"intake: {IDLE_ENV} must be a number of seconds", file=sys.stderr)
        return 1
    config = AppConfig(
        bundle=bundle,
        data_dir=args.data_dir or default_data_dir(),
        mode=MODES[args.mode],
        idle_timeout_seconds=idle,
    )
    from intake_tui.app.app import IntakeApp

    IntakeApp(config).run()
    return 0
