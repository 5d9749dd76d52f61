"""A draft already open in another terminal: look at it read-only, or take it over."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from intake_tui.app.transitions import dismiss_once
from intake_tui.core.i18n import _

Choice = Literal["read_only", "take_over"]


class OpenElsewhereDialog(ModalScreen[Choice | None]):
    """Dismissed with "read_only", "take_over", or None (leave it)."""

    DEFAULT_CSS = """
    OpenElsewhereDialog .dialog-buttons { height: auto; margin-top: 1; }
    OpenElsewhereDialog Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("r", "read_only", _("Read-only")),
        Binding("t", "take_over", _("Take over")),
        Binding("escape", "cancel", _("Leave it")),
    ]

    def __init__(self, holder: str) -> None:
        super().__init__()
        self.holder = holder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="open-elsewhere"):
            yield Label(_("This draft is open in another terminal"), classes="dialog-title")
            yield Static(_("Held by {holder}.").format(holder=self.holder), markup=False)
            yield Static(
                _(
                    "r: look at its answers read-only (nothing is saved). t: take it over here; "
                    "the other terminal's next save is then refused. Esc: leave it."
                ),
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Read-only"), id="read_only")
                yield Button(_("Take over"), id="take_over", variant="warning")
                yield Button(_("Leave it"), id="cancel")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#read_only"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        choices: dict[str | None, Choice] = {"read_only": "read_only", "take_over": "take_over"}
        dismiss_once(self, choices.get(event.button.id))

    def action_read_only(self) -> None:
        dismiss_once(self, "read_only")

    def action_take_over(self) -> None:
        dismiss_once(self, "take_over")

    def action_cancel(self) -> None:
        dismiss_once(self, None)
