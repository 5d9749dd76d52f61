"""Welcome: start, resume a draft, browse reports, quit; switch the mode (with initials);
at the front desk, find or create a client (``l``).

Locked (front desk, after the idle timeout): drafts show their time and mode but no
client reference, and opening one first asks for staff initials. Self-assessment
shows no client reference either: the person at the keyboard is a client.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import tzinfo
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from intake_tui.app.host import IntakeHost, host_of
from intake_tui.app.messages import Painted
from intake_tui.app.widgets import KeysFooter
from intake_tui.core.clock import shown_iso
from intake_tui.core.i18n import N_, _
from intake_tui.core.store import Listing, ReportSummary

CLIENTS_OPTION = "clients"
MODE_NAMES = {"self": N_("Self-assessment"), "front_desk": N_("Front desk")}


def draft_label(
    draft: ReportSummary, *, zone: tzinfo | None = None, hide_reference: bool = False
) -> str:
    """One draft as listed; its time in the clinic's zone (None: the machine's)."""
    when = shown_iso(draft.updated_at, zone)
    mode = _(MODE_NAMES.get(draft.mode, draft.mode))
    if hide_reference:
        return f"{when}  ·  {mode}"
    reference = draft.client_reference or _("no client reference")
    return f"{when}  ·  {reference}  ·  {mode}"


def ask_initials(screen: Screen[None], title: str, why: str, then: Callable[[str], None]) -> None:
    """Staff initials in a dialog; ``then`` runs with them (not on Esc)."""
    from intake_tui.app.dialogs.initials import InitialsDialog

    def given(initials: str | None) -> None:
        if initials:
            then(initials)

    screen.app.push_screen(InitialsDialog(title, why), given)


class DraftsRead(Message):
    """The drafts, read in a thread (``listing`` once ``done``), for the welcome screen."""

    def __init__(self) -> None:
        super().__init__()
        self.done = threading.Event()
        self.listing: Listing | None = None
        self.started = False  # the read began (in a thread, or on the UI thread when asked for)
        self.shown = False


UNLOCK_WHY = N_("Client references are hidden after a pause. Staff initials show them again.")
KIOSK_RESUME_WHY = N_("On this kiosk, staff open an unfinished intake for its own client.")


class WelcomeScreen(Screen[None]):
    BINDINGS = [
        Binding("n", "new", _("New intake"), id="new"),
        Binding("r", "focus_drafts", _("Resume"), id="resume"),
        Binding("b", "browse", _("Reports"), id="browse"),
        # Not in the footer (it would not fit at 80 columns, locked): the menu shows "(l)".
        Binding("l", "clients", _("Clients"), id="clients", show=False),
        Binding("m", "switch_mode", _("Mode"), id="mode"),
        Binding("d,delete", "discard_draft", _("Discard"), id="discard"),
        Binding("u", "unlock", _("Unlock"), id="unlock"),
        # Not in the footer: the menu shows "Quit (q)", the footer ctrl+q.
        Binding("q", "app.quit", _("Quit"), id="quit_welcome", show=False),
    ]

    @property
    def intake_app(self) -> IntakeHost:
        return host_of(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """'m' only where the clinic allows switching; 'u' only while locked; 'l'
        (clients) only at the front desk: self-assessment never sees other clients."""
        if action == "switch_mode":
            return self.intake_app.may_switch_mode
        if action == "unlock":
            return self.intake_app.locked
        if action == "clients":
            return self.intake_app.mode == "front_desk"
        if action in ("browse", "focus_drafts", "discard_draft"):
            # A kiosk's user is a client: no saved reports, no one's unfinished intakes.
            return not self.intake_app.config.kiosk
        return True

    def compose(self) -> ComposeResult:
        # No Header: its bar would repeat the title below, and it costs start-up ~10 ms.
        header = self.intake_app.header
        with Vertical(id="welcome"):
            yield Static(Content(header.title), id="welcome-title")
            yield Static(Content(header.description), id="welcome-intro")
            yield Static(id="mode-line")
            yield OptionList(*self._menu(), id="menu")
            if not self.intake_app.config.kiosk:  # drafts stay for staff at the front desk
                yield Label(
                    _("Unfinished intakes, newest first") + "  [dim](r)[/]", id="drafts-title"
                )
                yield OptionList(id="drafts")
                yield Static(id="unreadable")
        yield KeysFooter(compact=True, show_command_palette=False)

    def _menu(self) -> list[Option]:
        menu = [Option(_("Start a new intake") + "  [dim](n)[/]", id="new")]
        if not self.intake_app.config.kiosk:
            menu.append(Option(_("Browse saved reports") + "  [dim](b)[/]", id="browse"))
        return [*menu, Option(_("Quit") + "  [dim](q)[/]", id="quit")]

    def on_mount(self) -> None:
        self.query_one("#menu", OptionList).focus()
        from intake_tui.core.files import loose_folder_warning

        warning = loose_folder_warning(self.intake_app.store.folder)
        if warning is not None:
            self.notify(warning, title=_("Data folder"), severity="warning", markup=False)

    def on_screen_resume(self) -> None:
        """Also on first showing, before the first frame: the lists are filled once."""
        self.refresh_lists()
        self.intake_app.freeze_what_lives_for_good()  # if not done while a screen was open

    def refresh_lists(self) -> None:
        """The mode line and menu now; the drafts when read, in a thread: with years of
        reports the first frame must not wait for the data folder (issue 18)."""
        app = self.intake_app
        self.query_one("#mode-line", Static).update(self._mode_line())
        self.refresh_bindings()  # 'u' comes and goes with the lock, 'l' with the mode
        self._offer_clients(app.mode == "front_desk")
        if app.config.kiosk:
            return  # no draft list to fill
        if self._last_read is not None:  # at once, as locked or unlocked now
            self.show_drafts(self._last_read)
        else:
            drafts = self.query_one("#drafts", OptionList)
            drafts.clear_options()
            drafts.add_option(Option("[dim]Reading the data folder…[/]", disabled=True))
        pending = self._pending = DraftsRead()
        # After the first frame: the thread's imports and reads would share the GIL with it.
        self.call_after_refresh(self._start_reading, pending)

    def _start_reading(self, pending: DraftsRead) -> None:
        if pending is self._pending and not pending.started:
            pending.started = True
            # A plain thread, running as soon as started: drafts_now may wait for it on
            # the UI thread, where a Textual worker's start would itself be waiting.
            threading.Thread(target=self._read_drafts, args=(pending,), daemon=True).start()

    drafts_shown = False  # drafts read (since this screen was first shown) are on screen
    _pending: DraftsRead | None = None
    _last_read: Listing | None = None

    def _read_drafts(self, pending: DraftsRead) -> None:
        try:
            pending.listing = self.intake_app.store.drafts()
        except Exception as error:  # a thread's crash would leave "Reading…" up for good
            failed = _("The data folder could not be read ({error}); the files are unchanged.")
            pending.listing = Listing(
                [], [], folder_problem=failed.format(error=type(error).__name__)
            )
        finally:
            pending.done.set()
        self.post_message(pending)  # thread-safe; never waits for the UI thread

    def on_drafts_read(self, message: DraftsRead) -> None:
        self._show_read(message)

    def _show_read(self, pending: DraftsRead) -> None:
        if pending is self._pending and pending.listing is not None and not pending.shown:
            pending.shown = True
            self.show_drafts(pending.listing)

    def drafts_now(self) -> None:
        """Someone asked for the drafts before they arrived: wait for the read already
        under way (only then: the first frame never waits for it)."""
        pending = self._pending
        if pending is None or pending.shown or self.intake_app.config.kiosk:
            return
        if not pending.started:  # asked before the first frame: read here, now
            pending.started = True
            pending.listing = self.intake_app.store.drafts()
            pending.done.set()
        pending.done.wait()
        self._show_read(pending)

    def show_drafts(self, listing: Listing) -> None:
        """The unfinished intakes, newest first, and any files that could not be read."""
        app = self.intake_app
        drafts = self.query_one("#drafts", OptionList)
        drafts.clear_options()
        zone = app.config.time_zone
        hide = app.references_hidden
        drafts.add_options(
            Option(Text(draft_label(d, zone=zone, hide_reference=hide)), id=str(d.path))
            for d in listing.drafts
        )
        if not listing.drafts:
            drafts.add_option(Option(f"[dim]{_('No unfinished intakes')}[/]", disabled=True))
        self._show_unreadable(listing)
        self._last_read = listing
        self.drafts_shown = True
        self.call_after_refresh(self.post_message, Painted(f"drafts:{len(listing.drafts)}"))

    def _offer_clients(self, offered: bool) -> None:
        """The menu's Clients entry at the front desk only (the mode may be switched)."""
        menu = self.query_one("#menu", OptionList)
        try:
            menu.get_option(CLIENTS_OPTION)
            present = True
        except OptionDoesNotExist:
            present = False
        if offered and not present:
            quit_at = menu.get_option_index("quit")
            options = [menu.get_option_at_index(i) for i in range(menu.option_count)]
            options.insert(
                quit_at,
                Option(
                    _("Clients: find, create, their intakes") + "  [dim](l)[/]", id=CLIENTS_OPTION
                ),
            )
            menu.clear_options()
            menu.add_options(options)
            menu.highlighted = 0
        elif present and not offered:
            menu.remove_option(CLIENTS_OPTION)

    def _mode_line(self) -> str:
        app = self.intake_app
        line = _("Mode: {mode}").format(mode=f"[b]{_(MODE_NAMES[app.mode])}[/b]")
        if app.may_switch_mode:
            line += f"  [dim]{_('(m to switch, with staff initials)')}[/]"
        if app.locked:
            line += "\n" + _("{locked} after a pause: client references are hidden.").format(
                locked=f"[b]{_('Locked')}[/b]"
            )
            line += f"  [dim]{_('(u to unlock)')}[/]"
        return line

    def _show_unreadable(self, listing: Listing) -> None:
        """The folder's problem or the skipped files, as plain text: paths may hold brackets."""
        self.query_one("#unreadable", Static).update(Text(listing.notice()))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if not self.is_active:
            return  # a second Enter queued behind the first, which has already acted
        option_id = event.option.id or ""
        if event.option_list.id == "drafts":
            self._resume(Path(option_id))
        elif option_id == "new":
            self.action_new()
        elif option_id == "browse":
            self.action_browse()
        elif option_id == CLIENTS_OPTION:
            self.action_clients()
        elif option_id == "quit":
            self.app.exit()

    def action_new(self) -> None:
        from intake_tui.app.dialogs.initials import STARTING

        app = self.intake_app
        if app.mode != "front_desk":
            app.start_intake()
            return
        ask_initials(
            self, _("Staff initials"), _(STARTING), lambda i: app.start_intake(staff_initials=i)
        )

    def action_focus_drafts(self) -> None:
        self.drafts_now()
        drafts = self.query_one("#drafts", OptionList)
        self.set_focus(drafts)  # at once: "r" then Enter must reach the drafts
        if drafts.highlighted is None and drafts.option_count:
            drafts.highlighted = 0

    def action_browse(self) -> None:
        self.intake_app.action_browse_reports()

    def action_clients(self) -> None:
        """Front desk: the clients; while locked, only after staff initials."""
        app = self.intake_app
        if app.mode != "front_desk":
            return
        if not app.locked:
            app.open_clients()
            return

        def unlocked(initials: str) -> None:
            self._unlock(initials)
            app.open_clients()

        ask_initials(self, _("Unlock"), _(UNLOCK_WHY), unlocked)

    def _resume(self, path: Path) -> None:
        """Resume a draft; while locked (and on a kiosk), the initials that unlock also
        say who resumes."""
        app = self.intake_app
        if app.config.kiosk:
            return  # never from the tablet: staff resume it at the front desk
        if not app.drafts_need_staff:
            app.resume_intake(path)
            return

        def unlocked(initials: str) -> None:
            self._unlock(initials)
            app.resume_intake(path, staff_initials=initials)

        if app.config.kiosk:
            ask_initials(self, _("Staff: resume this intake"), _(KIOSK_RESUME_WHY), unlocked)
        else:
            ask_initials(self, _("Unlock"), _(UNLOCK_WHY), unlocked)

    def action_unlock(self) -> None:
        ask_initials(self, _("Unlock"), _(UNLOCK_WHY), self._unlock)

    def _unlock(self, initials: str) -> None:
        self.intake_app.unlock(initials)
        self.refresh_lists()

    def action_switch_mode(self) -> None:
        app = self.intake_app
        if not app.may_switch_mode:
            return
        target = "self" if app.mode == "front_desk" else "front_desk"

        def switched(initials: str) -> None:
            app.switch_intake_mode(initials)
            self.refresh_lists()

        why = _("Only staff switch the mode. Your initials go in the audit log.")
        title = _("Switch to {mode}").format(mode=_(MODE_NAMES[target]))
        ask_initials(self, title, why, switched)

    def action_discard_draft(self) -> None:
        """Discard the highlighted unfinished intake, after a confirmation naming it."""
        from intake_tui.app.dialogs.confirm import ask_to_delete

        self.drafts_now()
        drafts = self.query_one("#drafts", OptionList)
        highlighted = drafts.highlighted_option if self.focused is drafts else None
        if highlighted is None or highlighted.id is None:
            self.notify(_("Press r to choose an unfinished intake, then d to discard it."))
            return
        ask_to_delete(self, Path(highlighted.id), self.refresh_lists)
