"""The app behind one browser tab of `intake serve` (run as ``python -m intake_tui.web.kiosk``).

Self-assessment only, whatever the clinic's default: the person holding the tablet
is a client. The mode cannot be switched, saved reports and client records are not
offered, drafts open only with staff initials, and after the idle timeout the app
goes back to its welcome screen (see IntakeApp, ``config.kiosk``). It also ends by
itself if the server that started it is gone, so no app outlives its server.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from textual.app import SystemCommand
from textual.screen import Screen

from intake_tui.app.app import IntakeApp
from intake_tui.app.config import AppConfig
from intake_tui.app.run import app_config

PARENT_CHECK_SECONDS = 1.0
# Textual's own palette commands a client at the tablet has no use for: a screenshot
# writes the screen (answers and all) into the server's folder and shows its path.
UNNEEDED_COMMANDS = frozenset({"Screenshot", "Theme", "Minimize", "Maximize"})


class KioskApp(IntakeApp):
    """The intake app, ending when its server (the parent process) is gone."""

    def __init__(self, config: AppConfig) -> None:
        super().__init__(config)
        self.server_pid = os.getppid()

    def on_mount(self) -> None:
        self.set_interval(PARENT_CHECK_SECONDS, self.exit_if_orphaned)

    def exit_if_orphaned(self) -> None:
        if os.getppid() != self.server_pid:
            self.exit()  # each answer was saved as it was given

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title not in UNNEEDED_COMMANDS:
                yield command

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """No screenshots from a tablet, whatever asks for one (a key, an action)."""
        return None


def kiosk_config(questions: Path | None, data_dir: Path, idle_seconds: float | None) -> AppConfig:
    """The app's configuration for a browser tab, or SystemExit with one sentence."""
    config = app_config(questions, data_dir, "self", idle_seconds)
    if isinstance(config, str):
        raise SystemExit(f"intake kiosk: {config}")
    return replace(config, mode="self", mode_switch="off", kiosk=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="intake-kiosk")
    parser.add_argument("--questions", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--idle-timeout", type=float)
    args = parser.parse_args(argv)
    app = KioskApp(kiosk_config(args.questions, args.data_dir, args.idle_timeout))
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
