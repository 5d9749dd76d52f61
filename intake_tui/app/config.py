"""What the app needs from the outside: the questions, where to save, the mode, a clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intake_tui.core.bundle import Bundle
    from intake_tui.core.launch_settings import ModeSwitch
    from intake_tui.core.modes import Mode


DEFAULT_IDLE_SECONDS = 300.0  # front desk: five minutes


def utc_now() -> datetime:
    return datetime.now(UTC)


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
    clock: Callable[[], datetime] = field(default=utc_now)
    new_id: Callable[[], str] = field(default=new_session_id)
    cursor_blink: bool = True
    # Front desk: back to the welcome screen, locked, after this long without a key
    # press, so the next person does not see the last one's answers (the draft is
    # kept); a countdown shows first.
    idle_timeout_seconds: float = DEFAULT_IDLE_SECONDS
    monotonic: Callable[[], float] = field(default=time.monotonic)
