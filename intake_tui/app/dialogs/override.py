"""Front desk override: a reason and the staff member's initials, both required."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Function
from textual.widgets import Input, Label, Static

from intake_tui.app.dialogs.initials import INITIALS
from intake_tui.app.transitions import dismiss_once
from intake_tui.core.front_desk import OVERRIDE_REASON_RULE, override_reason_problem
from intake_tui.core.i18n import _


class OverrideDialog(ModalScreen[tuple[str, str] | None]):
    BINDINGS = [Binding("escape", "cancel", _("Cancel"))]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Continue to the practitioner's report"), classes="dialog-title")
            yield Static(_("Both are saved in the report."))
            yield Input(
                placeholder=_("Reason, e.g. doctor's clearance seen"),
                id="reason",
                validators=[
                    Function(
                        lambda reason: not override_reason_problem(reason),
                        failure_description=_(OVERRIDE_REASON_RULE),
                    )
                ],
            )
            yield Input(
                placeholder=_("Your initials"), id="staff", max_length=4, validators=[INITIALS]
            )
            yield Static(id="override-error", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if (
            event.input.id == "reason"
            and event.validation_result
            and event.validation_result.is_valid
        ):
            self.set_focus(self.query_one("#staff", Input))
            return
        reason = self.query_one("#reason", Input)
        staff = self.query_one("#staff", Input)
        for field in (reason, staff):
            result = field.validate(field.value)
            if result is not None and not result.is_valid:
                self.query_one("#override-error", Static).update(result.failure_descriptions[0])
                field.focus()
                return
        dismiss_once(self, (reason.value.strip(), staff.value.strip().upper()))

    def action_cancel(self) -> None:
        dismiss_once(self, None)
