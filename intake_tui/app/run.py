"""Build the app from command-line options and run it; errors end in one line."""

from __future__ import annotations

import argparse
import sys

from intake_tui.app.config import AppConfig
from intake_tui.core.bundle import load_bundle
from intake_tui.core.errors import IntakeError
from intake_tui.core.report.models import Mode
from intake_tui.core.store import default_data_dir

MODES: dict[str | None, Mode] = {None: "self", "self": "self", "front-desk": "front_desk"}


def run_app(args: argparse.Namespace) -> int:
    try:
        bundle = load_bundle(args.questions)
    except IntakeError as error:
        print(f"intake: cannot start: {error}", file=sys.stderr)
        return 1
    config = AppConfig(
        bundle=bundle,
        data_dir=args.data_dir or default_data_dir(),
        mode=MODES[args.mode],
    )
    from intake_tui.app.app import IntakeApp

    IntakeApp(config).run()
    return 0
