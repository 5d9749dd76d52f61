"""Confirm discarding a draft or deleting a report, naming exactly what goes.

The session is named by date and time, status, result and client reference, all
shown as plain text (a reference is whatever was typed; it is never markup). At
the front desk the staff member's initials are asked too: the audit log records
who deleted what.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Static

from intake_tui.app.dialogs.initials import INITIALS
from intake_tui.app.host import IntakeHost, host_of
from intake_tui.app.transitions import dismiss_once
from intake_tui.core.errors import IntakeError
from intake_tui.core.i18n import _
from intake_tui.core.store import ReportSummary


class ConfirmDeleteDialog(ModalScreen[str | None]):
    """Dismissed with the staff initials ("" outside the front desk) to delete, None to keep."""

    DEFAULT_CSS = """
    ConfirmDeleteDialog .dialog-buttons { height: auto; margin-top: 1; }
    ConfirmDeleteDialog Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", _("Keep it"))]

    def __init__(self, description: str, file_name: str, *, draft: bool) -> None:
        super().__init__()
        self.description = description
        self.file_name = file_name
        self.draft = draft

    def compose(self) -> ComposeResult:
        title = _("Discard this unfinished intake?") if self.draft else _("Delete this report?")
        # Deleting health data is a staff action, in either mode: the initials go in the
        # audit log beside the deletion.
        how = _("Staff: type your initials and press Enter to delete; Esc keeps it.")
        with Vertical(classes="dialog", id="confirm-delete"):
            yield Label(title, classes="dialog-title")
            yield Static(Text(self.description), id="confirm-what")
            yield Static(Text(_("File: {name}").format(name=self.file_name)), id="confirm-file")
            yield Static(
                _("It is deleted for good; the audit log records that it was (no answers).")
            )
            yield Static(how)
            yield Input(
                placeholder=_("Your initials"), id="staff", max_length=4, validators=[INITIALS]
            )
            yield Static(id="confirm-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Keep it"), id="keep")
                yield Button(_("Delete"), id="delete", variant="error")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#staff"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "delete":
            self.action_confirm()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_confirm()

    def action_confirm(self) -> None:
        staff = self.query_one("#staff", Input)
        result = staff.validate(staff.value)
        if result is not None and not result.is_valid:
            self.query_one("#confirm-error", Static).update(result.failure_descriptions[0])
            staff.focus()
            return
        dismiss_once(self, staff.value.strip().upper())

    def action_cancel(self) -> None:
        dismiss_once(self, None)


def ask_to_delete(screen: Screen[Any], path: Path, after: Callable[[], None]) -> None:
    """Name the session at ``path``, ask, and delete it through the store; then ``after``."""
    host = host_of(screen)
    try:
        summary = host.store.summary(path)
    except IntakeError as error:
        screen.notify(str(error), title=_("Cannot delete"), severity="error", markup=False)
        return

    def answered(staff_initials: str | None) -> None:
        if staff_initials is not None:
            _delete(screen, summary, staff_initials)
            after()

    dialog = ConfirmDeleteDialog(
        _described(host, summary),
        summary.file_name,
        draft=summary.is_draft,
    )
    screen.app.push_screen(dialog, answered)


def _delete(screen: Screen[Any], summary: ReportSummary, staff_initials: str) -> None:
    host = host_of(screen)
    try:
        host.store.delete(
            summary.path, at=host.config.clock(), staff_initials=staff_initials, mode=host.mode
        )
    except IntakeError as error:
        screen.notify(str(error), title=_("Not deleted"), severity="error", markup=False)
        return
    done = _("Draft discarded") if summary.is_draft else _("Report deleted")
    screen.notify(_described(host, summary), title=done, markup=False)


def _described(host: IntakeHost, summary: ReportSummary) -> str:
    """The session in the lists' words: local time, no reference while they hide it."""
    return summary.description(
        host.header.decision_titles,
        zone=host.config.time_zone,
        hide_reference=host.references_hidden,
    )
