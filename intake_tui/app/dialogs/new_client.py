"""Front desk: a new client record, one field per identifier the clinic's settings
choose. The core checks each value and creates the record; the dialog shows why a
value is refused and returns the new client's id."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from intake_tui.app.host import host_of
from intake_tui.app.transitions import dismiss_once
from intake_tui.core.errors import IntakeError
from intake_tui.core.i18n import _
from intake_tui.core.identifiers import MAX_IDENTIFIER_CHARS, identifier_label


class NewClientDialog(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", _("Cancel")),
        # A priority binding runs as the key arrives: keys typed (or pasted) after Enter
        # go to the next field, not the one Enter left (Input.Submitted comes too late).
        Binding("enter", "enter", show=False, priority=True),
    ]

    def __init__(self, names: tuple[str, ...]) -> None:
        super().__init__()
        self.names = names
        self.created = False  # set once the client exists: a second Enter does nothing

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("New client"), classes="dialog-title")
            yield Static(
                _(
                    "Only what identifies them is kept in the client record, never answers. "
                    "Enter moves on; Enter on the last field creates it."
                ),
                markup=False,
            )
            for name in self.names:
                yield Input(
                    placeholder=identifier_label(name),
                    id=f"identifier-{name}",
                    max_length=MAX_IDENTIFIER_CHARS,
                )
            yield Static(id="new-client-error", classes="error", markup=False)

    def action_enter(self) -> None:
        inputs = list(self.query(Input))
        if self.focused in inputs[:-1]:
            self.focus_next()
            return
        self.create({n: i.value for n, i in zip(self.names, inputs, strict=True)})

    def create(self, identifiers: dict[str, str]) -> None:
        if not self.is_active or self.created:
            return  # Enter Enter: one client, once (a second would split their visits)
        app = host_of(self)
        try:
            client = app.clients.create(
                identifiers,
                names=self.names,
                at=app.config.clock(),
                staff_initials=app.staff_at_keyboard,
                mode=app.mode,
            )
        except IntakeError as error:
            self.query_one("#new-client-error", Static).update(str(error))
            return
        self.created = True
        dismiss_once(self, client.client_id)

    def action_cancel(self) -> None:
        dismiss_once(self, None)
