"""Front desk: find a client (type over their identifiers) or create one, and a client's
page: their intakes, newest first; Enter opens one, ``n`` starts a new one for them.

Thin on purpose: finding, creating and a client's history are core/clients.py.
Identifiers are text people typed: every one is shown as plain text, never markup.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from intake_tui.app.host import IntakeHost, host_of
from intake_tui.app.screens.reports import header_text, row_text
from intake_tui.app.transitions import pop_once
from intake_tui.app.widgets import KeysFooter, SafeHeader, focus_list
from intake_tui.core.clients import Client, ClientListing
from intake_tui.core.errors import IntakeError
from intake_tui.core.find import SortOrder
from intake_tui.core.i18n import _
from intake_tui.core.recall import next_top_up

MAX_SHOWN = 100  # typing narrows a long list; nobody scrolls a thousand names


def client_row(client: Client, names: tuple[str, ...]) -> str:
    visits = len(client.session_ids)
    return f"{client.label(names)}  ·  " + _("{count} intake(s)").format(count=visits)


class _FrontDeskScreen(Screen[None]):
    """What both client screens share: the app seen as a host, the list styles, Back."""

    CSS_PATH = "results.tcss"

    @property
    def intake_app(self) -> IntakeHost:
        return host_of(self)

    def action_back(self) -> None:
        pop_once(self)


class ClientsScreen(_FrontDeskScreen):
    """Find a client by any identifier, or create one (ctrl+n)."""

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="clients_back"),
        Binding("down", "focus_list", _("List"), show=False),
        Binding("ctrl+n", "create", _("New client"), id="new_client"),
    ]

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        with Vertical(id="reports-area"):
            yield Static(
                f"[b]{_('Clients')}[/b]  [dim]{_('type to find · ↓ to the list · Enter opens')}[/]"
            )
            yield Input(placeholder=_("Find by any identifier"), id="client-filter")
            yield OptionList(id="clients")
            yield Static(id="clients-status")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.listing: ClientListing = self.intake_app.clients.listing()
        typed = self.query_one("#client-filter", Input)
        self.watch(typed, "value", self.narrow_to, init=True)
        typed.focus()

    @property
    def names(self) -> tuple[str, ...]:
        return self.intake_app.bundle.settings.client_identifiers

    def narrow_to(self, typed: str) -> None:
        found = self.listing.find(typed)
        options = self.query_one("#clients", OptionList)
        options.clear_options()
        options.add_options(
            Option(Content(client_row(c, self.names)), id=c.client_id) for c in found[:MAX_SHOWN]
        )
        options.add_option(Option(Content(_("Create a new client") + "  (ctrl+n)"), id=""))
        note = _("{shown} of {count} client(s)").format(
            shown=len(found), count=len(self.listing.clients)
        )
        if self.listing.unreadable:
            skipped = _("{count} unreadable client file(s) skipped")
            note += "  ·  " + skipped.format(count=len(self.listing.unreadable))
        self.query_one("#clients-status", Static).update(Content(note))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_focus_list()

    def action_focus_list(self) -> None:
        focus_list(self, self.query_one("#clients", OptionList))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not self.is_active:
            return
        if event.option.id:
            self.app.push_screen(ClientScreen(event.option.id))
        else:
            self.action_create()

    def action_create(self) -> None:
        from intake_tui.app.dialogs.new_client import NewClientDialog

        def created(client_id: str | None) -> None:
            if client_id:
                self.listing = self.intake_app.clients.listing()
                self.narrow_to(self.query_one("#client-filter", Input).value)
                self.app.push_screen(ClientScreen(client_id))

        self.app.push_screen(NewClientDialog(self.names), created)


class ClientScreen(_FrontDeskScreen):
    """One client: identifiers and intakes, newest first."""

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="client_back"),
        Binding("n", "new_intake", _("New intake for this client"), id="client_new"),
    ]

    def __init__(self, client_id: str) -> None:
        super().__init__()
        self.client_id = client_id

    def compose(self) -> ComposeResult:
        yield SafeHeader()
        with Vertical(id="reports-area"):
            yield Static(id="client-title")
            yield Static(id="client-next")
            yield Static(f"[dim]{_('Intakes, newest first · Enter opens · n starts a new one')}[/]")
            yield Static(Text(header_text(SortOrder(), hide_reference=True)), id="client-columns")
            yield OptionList(id="client-intakes")
        yield KeysFooter(compact=True)

    def on_screen_resume(self) -> None:
        """Also on first showing: an intake finished meanwhile is listed."""
        app = self.intake_app
        try:
            client = app.clients.get(self.client_id)
            history = app.clients.history(self.client_id, app.store)
        except IntakeError as error:
            self.notify(str(error), title=_("Client"), severity="error", markup=False)
            pop_once(self)
            return
        names = app.bundle.settings.client_identifiers
        title = Content.assemble((_("Client: "), "bold"), client.label(names))
        self.query_one("#client-title", Static).update(title)
        today = app.config.clock().date()  # the clock runs in the clinic's zone
        self.query_one("#client-next", Static).update(Text(next_top_up(history, today)))
        intakes = self.query_one("#client-intakes", OptionList)
        intakes.clear_options()
        titles, zone = app.header.decision_titles, app.config.time_zone
        intakes.add_options(
            Option(Text(row_text(s, titles, zone=zone, hide_reference=True)), id=str(s.path))
            for s in history
        )
        if not history:
            intakes.add_option(
                Option(f"[dim]{_('No intakes yet: n starts one')}[/]", disabled=True)
            )
        intakes.focus()
        if history:
            intakes.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not self.is_active or not event.option.id:
            return
        path = Path(event.option.id)
        try:
            summary = self.intake_app.store.summary(path)
        except IntakeError as error:  # deleted or spoiled since the page was shown
            self.notify(str(error), title=_("Cannot open"), severity="error", markup=False)
            return
        if summary.is_draft:
            self.intake_app.resume_intake(path)
        else:
            self.intake_app.open_report(path)

    def action_new_intake(self) -> None:
        from intake_tui.app.dialogs.initials import STARTING
        from intake_tui.app.screens.welcome import ask_initials

        app = self.intake_app
        last = app.clients.last_completed_report(self.client_id, app.store)

        def start(initials: str) -> None:
            # A returning client: last visit's answers are offered again (issue 14.2).
            if last is not None:
                app.start_follow_up(last.path, staff_initials=initials)
            else:
                app.start_intake(staff_initials=initials, client_id=self.client_id)

        ask_initials(self, _("Staff initials"), _(STARTING), start)
