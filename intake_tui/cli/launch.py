"""Start the Textual app. The only CLI module that imports Textual (lazily)."""

from __future__ import annotations

import argparse


def launch_app(args: argparse.Namespace) -> int:
    from intake_tui.app.run import run_app

    return run_app(args)
