"""Front-desk rules without Textual: who must enter initials, and the idle lock's phases.

The app asks these and only renders the answer (a dialog, a countdown, a lock).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from intake_tui.core.i18n import N_, _
from intake_tui.core.launch_settings import ModeSwitch
from intake_tui.core.modes import Mode

ResumeNeed = Literal["open", "initials", "switch_with_initials", "refuse"]
MIN_OVERRIDE_REASON = 5
OVERRIDE_REASON_RULE = N_("Please give a reason (5+ characters).")  # MIN_OVERRIDE_REASON
DEFAULT_IDLE_SECONDS = 300.0  # front desk: five minutes
IDLE_ENV = "INTAKE_IDLE_TIMEOUT"
WARNING_SECONDS = 30.0  # the countdown shows for the last 30 s, or the last quarter if shorter


def resume_need(app_mode: Mode, draft_mode: Mode, mode_switch: ModeSwitch) -> ResumeNeed:
    """What resuming a draft takes.

    A front-desk draft is staff work: whoever resumes it gives their initials. A
    self-assessment app never turns into front desk silently: it asks for initials
    and logs the switch, or refuses when the clinic has switching off. At a
    front-desk app every resume asks who is at the keyboard.
    """
    if draft_mode == "front_desk" and app_mode == "self":
        return "refuse" if mode_switch == "off" else "switch_with_initials"
    if "front_desk" in (app_mode, draft_mode):
        return "initials"
    return "open"


@dataclass(frozen=True)
class IdlePhase:
    """``active``; ``warning`` with whole seconds left; or ``expired``."""

    name: Literal["active", "warning", "expired"]
    seconds_left: int = 0


def warning_seconds(timeout: float) -> float:
    return min(WARNING_SECONDS, timeout / 4)


def idle_phase(idle_seconds: float, timeout: float) -> IdlePhase:
    left = timeout - idle_seconds
    if left <= 0:
        return IdlePhase("expired")
    if left <= warning_seconds(timeout):
        return IdlePhase("warning", math.ceil(left))
    return IdlePhase("active")


def override_reason_problem(reason: str) -> str:
    """Why ``reason`` cannot be recorded for a gate override ("" when it can): the rule
    the app's dialog and plain mode both apply, in the words both show."""
    from intake_tui.core.safe_text import has_control_characters

    if len(reason.strip()) < MIN_OVERRIDE_REASON or has_control_characters(reason):
        return _(OVERRIDE_REASON_RULE)
    return ""


def idle_timeout_seconds(given: float | None) -> float:
    """The front desk's idle timeout: ``given`` (--idle-timeout), else INTAKE_IDLE_TIMEOUT,
    else five minutes; ValueError when the environment's is not a number."""
    import os

    return given or float(os.environ.get(IDLE_ENV, DEFAULT_IDLE_SECONDS))


def idle_pause(timeout: float) -> str:
    """The idle timeout in words: whole minutes from a minute up, else seconds."""
    if timeout >= 60:
        return _("{minutes} minute(s)").format(minutes=round(timeout / 60))
    return f"{round(timeout)} s"
