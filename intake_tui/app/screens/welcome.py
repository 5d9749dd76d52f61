"""Welcome: start, resume a draft, browse reports, quit; choose the mode."""

from __future__ import annotations

from datetime import tzinfo

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from intake_tui.app.host import IntakeHost, host_of
from intake_tui.core.clock import shown_iso
from intake_tui.core.store import Listing, ReportSummary

MODE_NAMES = {"self": "Self-assessment", "front_desk": "Front desk"}


def draft_label(draft: ReportSummary, *, zone: tzinfo | None = None) -> str:
    """One draft as listed; its time in the clinic's zone (None: the machine's)."""
    reference = draft.client_reference or "no client reference"
    mode = MODE_NAMES.get(draft.mode, draft.mode)
    return f"{shown_iso(draft.updated_at, zone)}  ·  {reference}  ·  {mode}"


class WelcomeScreen(Screen[None]):
    BINDINGS = [
        Binding("n", "new", "New intake", id="new"),
        Binding("r", "focus_drafts", "Resume", id="resume"),
        Binding("b", "browse", "Saved reports", id="browse"),
        Binding("m", "switch_mode", "Switch mode", id="mode"),
        Binding("d,delete", "discard_draft", "Discard", id="discard"),
        # Not in the footer: the menu shows "Quit (q)", the footer ctrl+q.
        Binding("q", "app.quit", "Quit", id="quit_welcome", show=False),
    ]

    @property
    def intake_app(self) -> IntakeHost:
        return host_of(self)

    def compose(self) -> ComposeResult:
        # No Header: its bar would repeat the title below, and it costs start-up ~10 ms.
        header = self.intake_app.header
        with Vertical(id="welcome"):
            yield Static(header.title, id="welcome-title")
            yield Static(header.description, id="welcome-intro")
            yield Static(id="mode-line")
            yield OptionList(
                Option("Start a new intake  [dim](n)[/]", id="new"),
                Option("Browse saved reports  [dim](b)[/]", id="browse"),
                Option("Quit  [dim](q)[/]", id="quit"),
                id="menu",
            )
            yield Label("Unfinished intakes, newest first  [dim](r)[/]", id="drafts-title")
            yield OptionList(id="drafts")
            yield Static(id="unreadable")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#menu", OptionList).focus()

    def on_screen_resume(self) -> None:
        """Also on first showing, before the first frame: the lists are filled once."""
        self.refresh_lists()
        self.intake_app.freeze_what_lives_for_good()  # if not done while a screen was open

    def refresh_lists(self) -> None:
        mode = MODE_NAMES[self.intake_app.mode]
        self.query_one("#mode-line", Static).update(f"Mode: [b]{mode}[/b]  [dim](m to switch)[/]")
        listing = self.intake_app.store.listing()
        drafts = self.query_one("#drafts", OptionList)
        drafts.clear_options()
        zone = self.intake_app.config.time_zone
        drafts.add_options(
            Option(draft_label(d, zone=zone), id=str(d.path)) for d in listing.drafts
        )
        if not listing.drafts:
            drafts.add_option(Option("[dim]No unfinished intakes[/]", disabled=True))
        self._show_unreadable(listing)

    def _show_unreadable(self, listing: Listing) -> None:
        notice = self.query_one("#unreadable", Static)
        if listing.unreadable:
            names = ", ".join(path.name for path, _ in listing.unreadable[:3])
            more = "…" if len(listing.unreadable) > 3 else ""
            count = len(listing.unreadable)
            notice.update(f"{count} file(s) could not be read and are skipped: {names}{more}")
        else:
            notice.update("")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if event.option_list.id == "drafts":
            from pathlib import Path

            self.intake_app.resume_intake(Path(option_id))
        elif option_id == "new":
            self.action_new()
        elif option_id == "browse":
            self.action_browse()
        elif option_id == "quit":
            self.app.exit()

    def action_new(self) -> None:
        if self.intake_app.mode != "front_desk":
            self.intake_app.start_intake()
            return
        from intake_tui.app.dialogs.initials import InitialsDialog

        def begin(initials: str | None) -> None:
            if initials:
                self.intake_app.start_intake(staff_initials=initials)

        self.app.push_screen(InitialsDialog(), begin)

    def action_focus_drafts(self) -> None:
        drafts = self.query_one("#drafts", OptionList)
        self.set_focus(drafts)  # at once: "r" then Enter must reach the drafts
        if drafts.highlighted is None and drafts.option_count:
            drafts.highlighted = 0

    def action_browse(self) -> None:
        self.intake_app.action_browse_reports()

    def action_switch_mode(self) -> None:
        app = self.intake_app
        app.mode = "self" if app.mode == "front_desk" else "front_desk"
        self.refresh_lists()

    def action_discard_draft(self) -> None:
        """Discard the highlighted unfinished intake, after a confirmation naming it."""
        from intake_tui.app.dialogs.confirm import ask_to_delete

        drafts = self.query_one("#drafts", OptionList)
        highlighted = drafts.highlighted_option if self.focused is drafts else None
        if highlighted is None or highlighted.id is None:
            self.notify("Press r to choose an unfinished intake, then d to discard it.")
            return
        from pathlib import Path

        ask_to_delete(self, Path(highlighted.id), self.refresh_lists)
