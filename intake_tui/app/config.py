"""What the app needs from the outside: the bundle, where to save, the mode, a clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from intake_tui.core.bundle import Bundle
from intake_tui.core.report.build import new_session_id
from intake_tui.core.report.models import Mode


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class AppConfig:
    bundle: Bundle
    data_dir: Path
    mode: Mode = "self"
    clock: Callable[[], datetime] = field(default=utc_now)
    new_id: Callable[[], str] = field(default=new_session_id)
    cursor_blink: bool = True
    # Front desk: back to the welcome screen after this long without a key press,
    # so the next person does not see the last one's answers (the draft is kept).
    idle_timeout_seconds: float = 300.0
    monotonic: Callable[[], float] = field(default=time.monotonic)
