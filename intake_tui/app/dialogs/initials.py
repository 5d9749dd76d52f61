"""Front desk: the staff member's initials, asked when an intake starts or resumes,
when the mode is switched and when the idle lock is lifted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Regex
from textual.widgets import Input, Label, Static

from intake_tui.app.transitions import dismiss_once
from intake_tui.core.i18n import N_, _
from intake_tui.core.modes import STAFF_INITIALS_PATTERN

INITIALS = Regex(
    f"^{STAFF_INITIALS_PATTERN}$", failure_description=_("Use 1 to 4 letters, e.g. JS.")
)


STARTING = N_("They are saved with the intake so the practitioner knows who took it.")


class InitialsDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", _("Cancel"))]

    def __init__(self, title: str = "", why: str = "") -> None:
        super().__init__()
        self.title_text = title or _("Staff initials")
        self.why = why or _(STARTING)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.why, markup=False)
            yield Input(
                placeholder=_("e.g. JS"), validators=[INITIALS], id="initials", max_length=4
            )
            yield Static(id="initials-error", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        result = event.validation_result
        if result is not None and not result.is_valid:
            self.query_one("#initials-error", Static).update(result.failure_descriptions[0])
            return
        dismiss_once(self, event.value.strip().upper())

    def action_cancel(self) -> None:
        dismiss_once(self, None)
