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
from intake_tui.core.modes import STAFF_INITIALS_PATTERN

INITIALS = Regex(f"^{STAFF_INITIALS_PATTERN}$", failure_description="Use 1 to 4 letters, e.g. JS.")


STARTING = "They are saved with the intake so the practitioner knows who took it."


class InitialsDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str = "Staff initials", why: str = STARTING) -> None:
        super().__init__()
        self.title_text = title
        self.why = why

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.why, markup=False)
            yield Input(placeholder="e.g. JS", validators=[INITIALS], id="initials", max_length=4)
            yield Static(id="initials-error", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        result = event.validation_result
        if result is not None and not result.is_valid:
            self.query_one("#initials-error", Static).update(result.failure_descriptions[0])
            return
        dismiss_once(self, event.value.strip().upper())

    def action_cancel(self) -> None:
        dismiss_once(self, None)
