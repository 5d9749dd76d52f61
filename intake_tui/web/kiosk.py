"""The app behind one browser tab of `intake serve` (started by ``python -m intake_tui.web``,
see launch.py, which sets the language before this module is imported).

Self-assessment only, whatever the clinic's default: the person holding the tablet
is a client. The mode cannot be switched, saved reports, client records and
unfinished intakes are not offered (staff resume a draft at the front desk), the
palette has no screenshot, and after the idle timeout the app
goes back to its welcome screen (see IntakeApp, ``config.kiosk``). It also ends by
itself if the server that started it is gone, so no app outlives its server.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from textual.app import SystemCommand
from textual.screen import Screen

from intake_tui.app.app import IntakeApp
from intake_tui.app.config import AppConfig

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

    def deliver_screenshot(self, *_: Any, **__: Any) -> str | None:
        """No screenshots from a tablet, whatever asks for one (a key, an action)."""
        return None
