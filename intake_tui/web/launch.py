"""Start the app behind one browser tab (``python -m intake_tui.web``).

The language is chosen here, before the app's modules are imported: their titles and
key labels are worded as they load (as app/run.py does for the terminal app).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from intake_tui.app.config import AppConfig
from intake_tui.app.run import app_config
from intake_tui.core.i18n import ENGLISH, use_language


def kiosk_config(
    questions: Path | None,
    data_dir: Path,
    idle_seconds: float | None,
    language: str | None = None,
) -> AppConfig:
    """The app's configuration for a browser tab, or SystemExit with one sentence.

    Self-assessment only, whatever the clinic's default: the person holding the
    tablet is a client."""
    config = app_config(questions, data_dir, "self", idle_seconds, language)
    if isinstance(config, str):
        raise SystemExit(f"intake kiosk: {config}")
    return replace(config, mode="self", mode_switch="off", kiosk=True)


def prepare(argv: Sequence[str] | None = None) -> AppConfig:
    """The tab's configuration from its command line, with its language in use."""
    parser = argparse.ArgumentParser(prog="intake-kiosk")
    parser.add_argument("--questions", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--idle-timeout", type=float)
    parser.add_argument("--lang")
    args = parser.parse_args(argv)
    config = kiosk_config(args.questions, args.data_dir, args.idle_timeout, args.lang)
    if config.language != ENGLISH:
        use_language(config.language)
    return config


def main(argv: Sequence[str] | None = None) -> int:
    config = prepare(argv)
    from intake_tui.web.kiosk import KioskApp  # after the language: see the docstring

    app = KioskApp(config)
    app.run()
    return app.return_code or 0
