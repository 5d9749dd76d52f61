"""What the app needs from the outside: the questions, where to save, the mode, a clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from intake_tui.core.clock import machine_now, settings_zone, zoned
from intake_tui.core.front_desk import DEFAULT_IDLE_SECONDS  # shared with plain mode

if TYPE_CHECKING:
    from intake_tui.core.bundle import Bundle
    from intake_tui.core.launch_settings import ModeSwitch
    from intake_tui.core.modes import Mode


def new_session_id() -> str:
    from intake_tui.core.report.build import new_session_id as make

    return make()


@dataclass(frozen=True)
class AppConfig:
    data_dir: Path
    # Give a loaded bundle (tests) or a folder to load it from after the first
    # paint (None: the bundled questions).
    bundle: Bundle | None = None
    questions: Path | None = None
    mode: Mode = "self"
    # The clinic's settings.toml: may staff switch mode in the app (with initials)?
    mode_switch: ModeSwitch = "with_initials"
    # The machine's local time, with its offset (tests inject a fixed one). With a
    # time_zone in the clinic's settings, every reading is turned into that zone.
    clock: Callable[[], datetime] = field(default=machine_now)
    new_id: Callable[[], str] = field(default=new_session_id)
    cursor_blink: bool = True
    # Exempt what lives as long as the app from the garbage collector's full passes
    # once it has started (IntakeApp.freeze_what_lives_for_good). That takes a full
    # collection first (30-60 ms): worth it once for a long-lived app, not for each of
    # the test suite's hundreds of short ones (tests/app_support.make_app).
    freeze_long_lived: bool = True
    # Front desk: back to the welcome screen, locked, after this long without a key
    # press, so the next person does not see the last one's answers (the draft is
    # kept); a countdown shows first.
    idle_timeout_seconds: float = DEFAULT_IDLE_SECONDS
    monotonic: Callable[[], float] = field(default=time.monotonic)
    # The language of the questions, screens and new reports (core/i18n); the process
    # speaks it from launch (app/run.py), this loads the bank's texts in it.
    language: str = "en"
    # The browser kiosk (intake serve): self-assessment for whoever holds the tablet, so
    # no saved reports, drafts only with staff initials, and the idle return home.
    kiosk: bool = False
    # Where times are shown: the clinic's zone (settings.toml), None for the
    # machine's. Set from the settings, never given.
    time_zone: tzinfo | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        zone = self._clinic_zone()
        object.__setattr__(self, "time_zone", zone)
        if zone is not None:
            object.__setattr__(self, "clock", zoned(self.clock, zone))

    def _clinic_zone(self) -> tzinfo | None:
        if self.bundle is not None:
            return self.bundle.settings.zone
        from intake_tui.core.resources import bundled_questions_dir

        return settings_zone(self.questions or bundled_questions_dir())
