"""Front desk: "Still there?" — the idle timeout's countdown; any key or click stays."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from intake_tui.app.transitions import dismiss_once
from intake_tui.core.i18n import _


def countdown_text(seconds_left: int) -> str:
    return _("Returning to the start in {seconds} s — press any key to stay.").format(
        seconds=seconds_left
    )


class StillThereDialog(ModalScreen[None]):
    """Shown for the last part of the idle timeout; the app updates the seconds.

    The key that dismisses it does nothing else: a key meant as "I'm here" must not
    answer the question underneath."""

    def __init__(self, seconds_left: int) -> None:
        super().__init__()
        self.seconds_left = seconds_left

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Still there?"), classes="dialog-title")
            yield Static(countdown_text(self.seconds_left), id="still-there-countdown")
            yield Static(_("The answers so far are kept as a draft."))

    def show_seconds(self, seconds_left: int) -> None:
        self.seconds_left = seconds_left
        self.query_one("#still-there-countdown", Static).update(countdown_text(seconds_left))

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        dismiss_once(self, None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        event.stop()
        dismiss_once(self, None)
