"""What screens may use of the app, as a Protocol: screens import this, never the app.

The app module imports every screen; if the screens imported the app back, the two
would form an import cycle (a test forbids cycles). Screens ask the app for state
and services through ``host_of(self)``, and change the intake only by posting an
``Intended`` message (app/messages.py), which the app hands to the core controller.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from intake_tui.app.config import AppConfig
    from intake_tui.core.bank.header import BankHeader
    from intake_tui.core.bundle import Bundle
    from intake_tui.core.clients import ClientBook
    from intake_tui.core.modes import Mode
    from intake_tui.core.session import IntakeSession
    from intake_tui.core.store import SessionStore


class IntakeHost(Protocol):
    config: AppConfig
    header: BankHeader
    store: SessionStore
    mode: Mode
    last_saved: Path | None
    # Front desk, after the idle timeout: lists hide client references until unlocked.
    locked: bool
    staff_at_keyboard: str

    @property
    def may_switch_mode(self) -> bool: ...

    @property
    def references_hidden(self) -> bool: ...

    @property
    def records_need_staff(self) -> bool: ...

    @property
    def drafts_need_staff(self) -> bool: ...

    def switch_intake_mode(self, staff_initials: str) -> None: ...

    def unlock(self, staff_initials: str) -> None: ...

    @property
    def session(self) -> IntakeSession | None: ...

    @property
    def bundle(self) -> Bundle: ...

    def audit(self, action: str, session_id: str = "") -> None: ...

    def go_home(self) -> None: ...

    def start_intake(self, staff_initials: str = "", client_id: str = "") -> None: ...

    @property
    def clients(self) -> ClientBook: ...

    def start_follow_up(self, previous_report_path: Path, staff_initials: str = "") -> None: ...

    def resume_intake(self, path: Path, staff_initials: str = "") -> None: ...

    def open_report(self, path: Path) -> None: ...

    def open_clients(self) -> None: ...

    def export_report(self, path: Path) -> None: ...

    def action_browse_reports(self) -> None: ...

    def freeze_what_lives_for_good(self) -> None: ...


def host_of(node: DOMNode) -> IntakeHost:
    """The running intake app, seen through what screens may use of it."""
    return cast("IntakeHost", node.app)
