"""IntakeApp: owns the current IntakeSession and the store; screens render from it.

Start-up paints the welcome screen from the bank's header alone; pydantic and
the full bank are loaded in a worker thread right after, so the first screen
appears about as fast as any Textual app. An intake started before the bank is
ready simply waits for it.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from intake_tui.app.config import AppConfig
from intake_tui.app.messages import Intended
from intake_tui.app.safety import safe_crash_message
from intake_tui.core import audit
from intake_tui.core.bank.header import BankHeader, read_header
from intake_tui.core.errors import IntakeError
from intake_tui.core.files import StoreError, ensure_private_dir, write_atomic
from intake_tui.core.i18n import _
from intake_tui.core.lease import HEARTBEAT_SECONDS, LeaseHolder
from intake_tui.core.resources import bundled_questions_dir
from intake_tui.core.store import (
    DraftTakenOver,
    SessionStore,
    session_file_name,
)

if TYPE_CHECKING:
    from intake_tui.core.bundle import Bundle
    from intake_tui.core.clients import ClientBook
    from intake_tui.core.controller import Step
    from intake_tui.core.modes import Mode
    from intake_tui.core.report.models import SessionReport
    from intake_tui.core.saving import Saver
    from intake_tui.core.session import IntakeSession


SCREENSHOT_DIR = "screenshots"  # inside the data folder: screenshots show answers


def _unused(path: Path) -> Path:
    """``path``, or the same name with -2, -3… if a file is already there."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_stem(f"{path.stem}-{number}")
    return candidate


class IntakeApp(App[None]):
    """Holds the current intake in one reactive (``session``); screens render it and post
    ``Intended`` messages, which the core controller turns into the next session."""

    TITLE = _("Microneedling intake")
    CSS_PATH = Path(__file__).with_name("intake.tcss")
    session: reactive[IntakeSession | None] = reactive(None, init=False)
    BINDINGS = [
        Binding("ctrl+q", "quit", _("Quit"), id="quit", tooltip=_("Quit; a draft is kept")),
        Binding("f1", "show_help", _("Keys"), id="help", tooltip=_("Show every key")),
    ]

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        self._bundle: Bundle | None = config.bundle
        self._launch_language = config.bundle.language if config.bundle else config.language
        self.bundle_error = ""
        self._waiting: Callable[[], None] | None = None
        self.questions_root = config.questions or bundled_questions_dir()
        self.header: BankHeader = read_header(self.questions_root, config.language)
        self.store = SessionStore(config.data_dir, self.header.reference_question)
        self.mode: Mode = config.mode
        self.last_saved: Path | None = None
        self.saved = True  # whether the last save of the session worked
        # A choice not yet continued (controller Step.save_now False) is held until
        # the answer is committed, the intake is left or the program quits; a committed
        # answer is written right after the next question's frame (save_pending).
        self._hold_save = False
        self._unsaved = False
        self.last_activity = config.monotonic()
        self._frozen = False
        # Front desk: after the idle timeout the lists hide client references until
        # staff initials are entered again; who is at the keyboard goes in the audit log.
        self.locked = False
        self.staff_at_keyboard = ""
        self._saver: Saver | None = None  # made at the first save (imports the models)

    def get_default_screen(self) -> Screen[None]:
        """The welcome screen is the bottom of the stack: the first frame is already it."""
        from intake_tui.app.screens.welcome import WelcomeScreen

        return WelcomeScreen()

    def on_mount(self) -> None:
        # After the first frame and off the UI thread: it lists the whole data folder
        # (~6 ms with 10,000 reports, ~45 ms with 100,000).
        self.call_after_refresh(self._sweep_in_background)
        if self._bundle is None:
            # Right after the first frame, not during it: the load imports pydantic and
            # would compete with painting for the interpreter. No later: `n` pressed at
            # first paint waits for it.
            self.call_after_refresh(self.run_worker, self._load_bundle, thread=True)
        else:
            self.call_after_refresh(self.freeze_what_lives_for_good)
        timeout = self.config.idle_timeout_seconds
        # Every second or so: the countdown before the timeout counts in seconds.
        self.set_interval(max(0.05, min(1.0, timeout / 8)), self.return_home_if_idle)
        self.set_interval(HEARTBEAT_SECONDS, self._renew_lease)

    def _sweep_in_background(self) -> None:
        """Remove the temp files a killed save left (only old ones: never a live write)."""
        sweep = self.store.sweep_stale_temp_files
        threading.Thread(target=sweep, name="temp-sweep", daemon=True).start()

    # --- memory: keep the garbage collector's full passes short ------------------------
    def freeze_what_lives_for_good(self) -> None:
        """Once the bank is loaded and only the welcome screen is up, exempt everything
        alive from the garbage collector's full passes (gc.freeze).

        At that moment the ~75,000 objects it tracks are modules, classes, Textual,
        the bank and the welcome screen: they live as long as the app. Each full
        pass walked them all (~60 ms here) and now and then landed inside a key
        press. With another screen open (say, the saved reports), its widgets would
        be frozen too and never collected once it closes, so the welcome screen asks
        again when it is back on top. Objects created later are collected as before,
        and the app unfreezes as it exits.
        """
        if not self.config.freeze_long_lived:
            return
        if self._frozen or self._bundle is None or len(self.screen_stack) != 1:
            return
        self._frozen = True
        gc.collect()
        gc.freeze()

    def on_unmount(self) -> None:
        self.save_pending()  # quitting keeps a choice made but not yet continued
        self._release_lease()  # quitting: another terminal may open the draft at once
        gc.unfreeze()  # collectable again: a test process runs many apps, one after another

    # --- the bank, loaded after the first paint ------------------------------------------
    @property
    def bundle(self) -> Bundle:
        assert self._bundle is not None, "the bank is used only once it is loaded"
        return self._bundle

    def _load_bundle(self) -> None:
        from intake_tui.core.bundle import load_bundle

        try:
            bundle = load_bundle(self.config.questions, language=self.config.language)
        except IntakeError as error:
            self.call_from_thread(self._bundle_failed, str(error))
            return
        # What the first question needs, imported here rather than on the key press.
        from intake_tui.app.screens import question  # noqa: F401
        from intake_tui.core import session  # noqa: F401

        self.call_from_thread(self._bundle_loaded, bundle)

    def _bundle_loaded(self, bundle: Bundle) -> None:
        """The bank is ready: first what was asked for while it loaded (the first
        question, at once), then the freeze, which only runs on the welcome screen."""
        self._bundle = bundle
        self._launch_language = bundle.language  # a resumed draft may speak another
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting()
        self.freeze_what_lives_for_good()

    def _bundle_failed(self, message: str) -> None:
        self.bundle_error = message
        self._waiting = None
        self.notify(
            message,
            title=_("The questions cannot be used"),
            severity="error",
            timeout=30,
            markup=False,
        )

    def when_bundle_ready(self, action: Callable[[], None]) -> None:
        """Run ``action`` now if the bank is loaded, else as soon as it is."""
        if self._bundle is not None:
            action()
        elif self.bundle_error:
            self.notify(
                self.bundle_error,
                title=_("The questions cannot be used"),
                severity="error",
                markup=False,
            )
        else:
            self._waiting = action
            self.notify(_("Loading the questions…"), timeout=2)

    # --- privacy: idle timeout and crash output ------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self.last_activity = self.config.monotonic()
        await super().on_event(event)

    def return_home_if_idle(self) -> None:
        """Front desk and kiosk: a countdown near the idle timeout, then the welcome
        screen (locked, at the front desk)."""
        from intake_tui.core.front_desk import idle_phase

        if self.mode != "front_desk" and not self.config.kiosk:
            return
        idle = self.config.monotonic() - self.last_activity
        phase = idle_phase(idle, self.config.idle_timeout_seconds)
        showing_someone = self.session is not None or len(self.screen_stack) > 1
        if phase.name == "warning" and showing_someone:
            self._show_countdown(phase.seconds_left)
        elif phase.name == "expired" and showing_someone:
            self._time_out()
        elif phase.name == "expired" and not self.locked and not self.config.kiosk:
            self.lock()  # the welcome screen alone: its lists still name clients

    def _show_countdown(self, seconds_left: int) -> None:
        from intake_tui.app.dialogs.still_there import StillThereDialog

        if isinstance(self.screen, StillThereDialog):
            self.screen.show_seconds(seconds_left)
        else:
            self.push_screen(StillThereDialog(seconds_left))

    def _time_out(self) -> None:
        from intake_tui.core.front_desk import idle_pause

        session_id = self.session.session_id if self.session else ""
        self.audit("idle_timeout", session_id)
        if not self.config.kiosk:  # a kiosk lists no client references to hide
            self.lock()
        self.go_home()
        pause = idle_pause(self.config.idle_timeout_seconds)
        back = (
            _("Back to the start after {pause} without a key press. The draft is kept.")
            if self.config.kiosk
            else _(
                "Back to the start after {pause} without a key press. The draft is kept; "
                "staff initials unlock the lists."
            )
        )
        self.notify(back.format(pause=pause))

    def lock(self) -> None:
        """Hide client references until staff initials are entered again."""
        from intake_tui.app.screens.welcome import WelcomeScreen

        self.locked = True
        self.staff_at_keyboard = ""
        if isinstance(self.screen, WelcomeScreen):
            self.screen.refresh_lists()

    @property
    def records_need_staff(self) -> bool:
        """Opening a saved report asks for staff initials while locked and in
        self-assessment, where the one at the keyboard is a client."""
        return self.locked or self.mode == "self"

    @property
    def references_hidden(self) -> bool:
        """Lists name no client while locked, nor in self-assessment, where the one at
        the keyboard is a client (front-desk drafts carry other clients' references)."""
        return self.locked or self.mode == "self"

    @property
    def drafts_need_staff(self) -> bool:
        """Resuming a draft asks for staff initials while locked, and on a kiosk, where
        the next person at the tablet is another client."""
        return self.locked or self.config.kiosk

    def unlock(self, staff_initials: str) -> None:
        self.locked = False
        self.staff_at_keyboard = staff_initials
        self.audit("unlocked")

    # --- the mode: chosen at launch; switched in the app only with staff initials ----
    @property
    def may_switch_mode(self) -> bool:
        return self.config.mode_switch == "with_initials"

    def switch_intake_mode(self, staff_initials: str) -> None:
        """Self-assessment <-> front desk, by a named member of staff (audit-logged)."""
        if not self.may_switch_mode:
            return
        self.mode = "self" if self.mode == "front_desk" else "front_desk"
        self.staff_at_keyboard = staff_initials
        self.audit("mode_switched")
        if self.mode == "self":
            self.staff_at_keyboard = ""  # a client takes the keyboard: nothing is theirs

    # --- transitions that cannot fail on fast keys (issue 17) ----------------------------
    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Push a screen, unless the app is quitting: a key queued behind ``q`` must not
        mount a screen into an app that is closing (its widgets never arrive)."""
        if self._exit:
            return AwaitComplete.nothing()  # type: ignore[no-untyped-call]
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> AwaitComplete:
        """Switch the top screen, unless the app is quitting (see ``push_screen``)."""
        if self._exit:
            return AwaitComplete.nothing()  # type: ignore[no-untyped-call,no-any-return]
        return super().switch_screen(screen)

    def pop_screen(self) -> AwaitComplete:
        """Pop the top screen; with only the welcome screen left, do nothing (a late
        key or a second dismissal must not end in ScreenStackError)."""
        if len(self.screen_stack) <= 1:
            return AwaitComplete.nothing()  # type: ignore[no-untyped-call,no-any-return]
        return super().pop_screen()

    def _handle_exception(self, error: Exception) -> None:
        """Never show a traceback: its local variables can hold answers."""
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self._save_before_exit()
        session = self.session
        open_draft = session.session_id if session is not None and session.worth_keeping else ""
        self._exit_renderables.append(safe_crash_message(error, open_draft, saved=self.saved))
        self._close_messages_no_wait()

    def audit(self, action: str, session_id: str = "") -> None:
        """Record an event (never an answer); a failure is shown, not fatal. The
        initials are those of the person at the keyboard, if known."""
        session = self.session
        try:
            audit.record(
                self.store.folder,
                action,
                at=self.config.clock(),
                session_id=session_id or (session.session_id if session else ""),
                staff_initials=self.staff_at_keyboard
                or (session.staff_initials if session else ""),
                mode=self.mode,
            )
        except IntakeError as error:
            self.notify(str(error), title=_("Audit log"), severity="warning", markup=False)

    # --- sessions: the core controller decides, the app applies ----------------------
    def watch_session(self, old: IntakeSession | None, new: IntakeSession | None) -> None:
        """Save the intake whenever what it records changes (not on start, resume or
        leaving, which record nothing new, nor before its first answer). A failed
        save is shown, never fatal."""
        if old is None or new is None or not new.worth_keeping or not old.records_differ(new):
            return
        self._unsaved = True
        if self._hold_save:
            return  # a pick: written when committed or when the intake is left
        if new.completed_report is None:
            # After the next question is on screen: the write (an fsync or two) then
            # no longer delays what the person sees. Every way out writes it first.
            self.call_after_refresh(self.save_pending)
            return
        self._unsaved = False
        self.saved = self._save(new.completed_report)  # at once: the results say it is saved
        if self.saved:
            self._release_lease()  # finished: nothing more is saved to this draft

    def start_intake(self, staff_initials: str = "", client_id: str = "") -> None:
        """A new intake; front desk may attach it to a client record (``client_id``)."""
        self.when_bundle_ready(lambda: self._start_intake(staff_initials, client_id))

    def _start_intake(self, staff_initials: str, client_id: str = "") -> None:
        from intake_tui.core.session import IntakeSession

        self._speak_in(self._launch_language)
        started = IntakeSession.start(
            self.bundle,
            self.mode,
            self.config.clock(),
            staff_initials,
            self.config.new_id(),
            client_id=client_id if self.mode == "front_desk" else "",
        )
        self._begin(started, staff_initials)

    def _begin(self, started: IntakeSession, staff_initials: str) -> None:
        """Walk a new intake (first visit or follow-up): one way in, so each step is taken."""
        self.session = started
        self._hold_lease(started.session_id, force=True)  # a new id: nobody else has it
        # Who starts this intake, and no one else: earlier initials (an unlock, say)
        # must not be written beside a client's own intake.
        self.staff_at_keyboard = staff_initials
        self.audit("intake_started")
        self._open_walk()

    def start_follow_up(self, previous_report_path: Path, staff_initials: str = "") -> None:
        """Front desk: a returning client's intake from their completed report at
        ``previous_report_path``; asks who is at the keyboard unless told."""
        self.when_bundle_ready(lambda: self._start_follow_up(previous_report_path, staff_initials))

    def _start_follow_up(self, path: Path, staff_initials: str) -> None:
        from intake_tui.app.dialogs.initials import InitialsDialog

        previous = self._loaded(path)
        if previous is None:
            return
        if self.mode != "front_desk" or previous.status == "in_progress":
            only = (
                _("A returning client's intake starts only at the front desk.")
                if self.mode != "front_desk"
                else _("A returning client's intake starts only from a completed report.")
            )
            self.notify(only, severity="warning")
            return
        if staff_initials:
            self._walk_follow_up(previous, staff_initials)
            return

        def started(initials: str | None) -> None:
            if initials:
                self._walk_follow_up(previous, initials)

        why = _("Last visit's answers are offered again. Your initials go in the audit log.")
        self.push_screen(InitialsDialog(_("New intake from this one"), why), started)

    def _walk_follow_up(self, previous: SessionReport, staff_initials: str) -> None:
        from intake_tui.core.session import IntakeSession

        if self.locked:  # the initials just given unlock, as opening a report would
            self.unlock(staff_initials)
        self._speak_in(self._launch_language)
        started = IntakeSession.follow_up(
            self.bundle,
            previous,
            self.mode,
            self.config.clock(),
            staff_initials,
            self.config.new_id(),
        )
        self._begin(started, staff_initials)

    def resume_intake(self, path: Path, staff_initials: str = "") -> None:
        """Resume a draft; front desk asks who is at the keyboard first, unless
        ``staff_initials`` were just given (unlocking)."""
        self.when_bundle_ready(lambda: self._resume_intake(path, staff_initials))

    def _resume_intake(self, path: Path, staff_initials: str) -> None:
        from intake_tui.app.dialogs.initials import InitialsDialog
        from intake_tui.core.front_desk import resume_need

        try:
            report = self.store.load(path)
        except IntakeError as error:
            self.notify(str(error), title=_("Cannot resume"), severity="error", markup=False)
            return
        need = resume_need(self.mode, report.mode, self.config.mode_switch)
        if need == "refuse":
            self.notify(
                _(
                    "This intake was started at the front desk. Start the app in front-desk "
                    "mode (--mode front-desk) to continue it."
                ),
                title=_("Cannot resume here"),
                severity="warning",
            )
        elif need == "open":
            self._open_resumed(report)
        elif staff_initials:
            self._resumed_by(report, need == "switch_with_initials", staff_initials)
        else:
            title = (
                _("Switch to front desk")
                if need == "switch_with_initials"
                else _("Who is resuming?")
            )
            why = _("This intake was taken at the front desk. Your initials go in the audit log.")

            def resumed(initials: str | None) -> None:
                if initials:
                    self._resumed_by(report, need == "switch_with_initials", initials)

            self.push_screen(InitialsDialog(title, why), resumed)

    def _resumed_by(self, report: SessionReport, switch: bool, staff_initials: str) -> None:
        if switch:
            self.switch_intake_mode(staff_initials)
        self.staff_at_keyboard = staff_initials
        self._open_resumed(report)

    def _open_resumed(self, report: SessionReport) -> None:
        """Open the draft here, unless another terminal has it open: then ask whether
        to look at it read-only or take it over."""
        from intake_tui.app.dialogs.open_elsewhere import OpenElsewhereDialog

        holder = self._hold_lease(report.session_id)
        if holder is None:
            self._walk_resumed(report)
            return

        def chosen(choice: str | None) -> None:
            if choice == "read_only":
                self._view_read_only(report)
            elif choice == "take_over":
                self._take_over(report)

        self.push_screen(OpenElsewhereDialog(holder.describe(time.time())), chosen)

    def _take_over(self, report: SessionReport) -> None:
        self._hold_lease(report.session_id, force=True)
        path = self.store.path_for(report.session_id)
        try:  # read again: the other terminal may have saved since
            report = self.store.load(path)
        except IntakeError as error:
            self._release_lease()
            self.notify(str(error), title=_("Cannot resume"), severity="error", markup=False)
            return
        self._walk_resumed(report)

    def _view_read_only(self, report: SessionReport) -> None:
        from intake_tui.app.screens.results import ResultsScreen

        path = self.store.path_for(report.session_id)
        self.push_screen(ResultsScreen(report, path, read_only=True))

    def _speak_in(self, language: str) -> None:
        """The bank's texts and the words screens compose from now on in ``language``
        (keys' labels keep the launch language): a resumed draft goes on in the language
        it was started in; a new intake is in the launch language."""
        from intake_tui.core.bundle import bundle_in
        from intake_tui.core.i18n import use_language

        self._bundle = bundle_in(self.bundle, language)
        use_language(self.bundle.language)

    def _walk_resumed(self, report: SessionReport) -> None:
        from intake_tui.core.session import IntakeSession

        self._speak_in(report.language)
        session, changes = IntakeSession.resume(self.bundle, report)
        self.session = session.with_previous(self._followed(report))
        if changes:
            self.notify(
                "\n".join(changes),
                title=_("The questionnaire has changed"),
                timeout=15,
                markup=False,
            )
        self.audit("intake_resumed")
        self._open_walk()

    def _open_walk(self) -> None:
        """The question screen, with the review over it when every question is behind."""
        from intake_tui.app.screens.question import QuestionScreen
        from intake_tui.app.screens.review import ReviewScreen

        self.push_screen(QuestionScreen())
        if self.session is not None and self.session.current is None:
            self.push_screen(ReviewScreen())

    def on_intended(self, message: Intended) -> None:
        """Apply what a person meant, through the controller, then show where it leads."""
        from intake_tui.core.controller import step

        session = self.session
        if session is None or message.screen is not self.screen:
            return  # a late key from a screen that has already gone
        result = step(session, message.intent, self.config.clock())
        if not result.changed:
            self._show_problem(result)
            return
        self.saved = True
        self._hold_save = not result.save_now
        try:
            self.session = result.session  # the watcher saves it (a pick waits)
        finally:
            self._hold_save = False
        if not self.saved and result.report is not None:
            self.set_reactive(IntakeApp.session, session)  # not completed: stay, try again
            return
        if result.report is not None and result.report is not session.completed_report:
            self.audit("gate_overridden" if result.session.override else "intake_completed")
        self._show(result)

    def _show(self, result: Step) -> None:
        from intake_tui.app.screens.question import QuestionScreen
        from intake_tui.app.screens.review import ReviewScreen

        if result.view == "home":
            self.go_home()
        elif result.view == "question":
            if isinstance(self.screen, ReviewScreen):
                self.pop_screen()  # the question screen below re-renders as it resumes
            elif isinstance(self.screen, QuestionScreen):
                self.screen.render_question()
        elif result.view == "review":
            if not isinstance(self.screen, ReviewScreen):
                self.push_screen(ReviewScreen())
        elif result.report is not None:
            self._show_outcome(result)

    def _show_problem(self, result: Step) -> None:
        """An intent that changed nothing: say why where it was made, if there is a why."""
        from intake_tui.app.screens.question import QuestionScreen

        if not result.problem:
            return
        if isinstance(self.screen, QuestionScreen):
            self.screen.show_problem(result.problem)
        else:
            self.notify(
                result.problem, title=_("Not finished yet"), severity="warning", markup=False
            )

    def _show_outcome(self, result: Step) -> None:
        from intake_tui.app.screens.gate import GateScreen
        from intake_tui.app.screens.results import ResultsScreen

        assert result.report is not None
        if result.view == "gate":
            self.switch_screen(GateScreen(result.report))
        else:
            self.switch_screen(ResultsScreen(result.report, self.last_saved))

    def save_pending(self) -> None:
        """Write what is not yet on disk: a committed answer (just after its next
        question is shown) or a choice made but not continued (leaving, quitting, the
        idle lock). A draft keeps everything on screen, though not at every key."""
        session = self.session
        if not self._unsaved or session is None or session.completed_report is not None:
            return
        self._unsaved = False
        self.saved = self._save(session.to_report(self.config.clock()))

    def _save_before_exit(self) -> None:
        """A crash: the answer waiting for its after-frame save is written now, if it
        can be; the crash message then says truly whether it was."""
        try:
            self.save_pending()
        except Exception:  # the crash may be the save's own: say it was not saved
            self.saved = False

    def _save(self, report: SessionReport) -> bool:
        from intake_tui.core.saving import Saver

        self._saver = self._saver or Saver(self.store, self.config.clock)
        try:
            saved = self._saver.save(report)
        except IntakeError as error:
            taken_over = isinstance(error, DraftTakenOver)
            then = (
                _("Its answers stay with the other terminal; back to the start here.")
                if taken_over
                else _("Your answers are still on screen.")
            )
            self.notify(
                f"{error}. {then}",
                title=_("Taken over") if taken_over else _("Not saved"),
                severity="error",
                timeout=15,
                markup=False,  # the error names a path, which may hold brackets
            )
            if taken_over:
                self.call_later(self.go_home)
            return False
        self.last_saved = saved.path
        if saved.forked:
            self._forked(report.session_id, saved.path)
        if saved.client_problem:
            self.notify(
                saved.client_problem, title=_("Client record"), severity="warning", markup=False
            )
        return True

    @property
    def clients(self) -> ClientBook:
        """The client records of the data folder (front desk only shows them)."""
        from intake_tui.core.clients import ClientBook

        return ClientBook(self.store.folder)

    def _forked(self, old_id: str, saved: Path) -> None:
        """The draft changed on disk since this terminal read it: both are kept, and
        this session carries on under the new id the store gave it."""
        from intake_tui.core.saving import forked_session

        if self.session is not None:  # already saved: no second save
            self.set_reactive(IntakeApp.session, forked_session(self.session, saved))
        self.notify(
            _(
                "Another terminal changed this draft since it was opened here, so nothing was "
                "overwritten: these answers were saved as a separate draft, {name}, "
                "next to {other}."
            ).format(name=saved.name, other=session_file_name(old_id)),
            title=_("Saved as a separate draft"),
            severity="warning",
            timeout=20,
            markup=False,
        )

    # --- one writer per draft: the store holds a lease in the data folder --------------
    def _hold_lease(self, session_id: str, *, force: bool = False) -> LeaseHolder | None:
        """Hold ``session_id`` open here; the live holder if another terminal has it.
        A lease that cannot be written is reported, not fatal: the revision check still
        keeps every save from overwriting another."""
        self._release_lease()
        try:
            return self.store.hold(session_id, force=force)
        except StoreError as error:
            self.notify(str(error), title=_("Draft not reserved"), severity="warning", markup=False)
            return None

    def _renew_lease(self) -> None:
        with contextlib.suppress(StoreError):  # the next heartbeat tries again
            self.store.renew_holds()

    def _release_lease(self) -> None:
        self.store.release()

    def open_report(self, path: Path) -> None:
        self.when_bundle_ready(lambda: self._open_report(path))

    def open_clients(self) -> None:
        """Front desk: find or create a client (the identifiers come from the settings)."""
        from intake_tui.app.screens.clients import ClientsScreen

        if self.mode == "front_desk":  # self-assessment never sees other clients
            self.when_bundle_ready(lambda: self.push_screen(ClientsScreen()))

    def _open_report(self, path: Path) -> None:
        from intake_tui.app.screens.results import ResultsScreen

        if (report := self._loaded(path)) is not None:
            self.audit("report_opened", report.session_id)
            self.push_screen(ResultsScreen(report, path, read_only=True))

    def export_report(self, path: Path) -> None:
        self.when_bundle_ready(lambda: self._export_report(path))

    def _export_report(self, path: Path) -> None:
        from intake_tui.app.dialogs.export import ExportDialog

        if (report := self._loaded(path)) is not None:
            self.push_screen(ExportDialog(report))

    def _followed(self, report: SessionReport) -> SessionReport | None:
        """The report a returning client's draft follows, if it can still be read: its
        answers are offered again and the changes worded; if not, nothing is offered."""
        if report.follows is None:
            return None
        try:
            return self.store.load(self.store.path_for(report.follows))
        except IntakeError:
            return None

    def _loaded(self, path: Path) -> SessionReport | None:
        """The saved report at ``path``, or None after saying why it cannot be opened."""
        try:
            return self.store.load(path)
        except IntakeError as error:
            self.notify(str(error), title=_("Cannot open"), severity="error", markup=False)
            return None

    def go_home(self) -> None:
        """Back to the welcome screen, keeping any draft on disk."""
        from intake_tui.app.screens.welcome import WelcomeScreen

        self.save_pending()
        self.session = None
        self._release_lease()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if not isinstance(self.screen, WelcomeScreen):
            self.switch_screen(WelcomeScreen())
        else:
            self.screen.refresh_lists()

    # --- screenshots: client data stays in the data folder, owner-only --------------
    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """The palette's Screenshot: an SVG of the screen (answers and all) saved like a
        report, inside the data folder with mode 0600, never to ~/Downloads. ``path``
        and ``time_format`` are ignored on purpose."""
        folder = self.store.folder / SCREENSHOT_DIR
        target = folder / (filename or f"screenshot-{self.config.clock():%Y%m%d-%H%M%S}.svg")
        try:
            ensure_private_dir(folder)
            target = _unused(target)
            write_atomic(target, self.export_screenshot())
        except IntakeError as error:
            self.notify(str(error), title=_("Screenshot not saved"), severity="error", markup=False)
            return None
        self.audit("screenshot_saved")
        self.notify(
            _("Saved to {path} (owner only)").format(path=target),
            title=_("Screenshot"),
            markup=False,
        )
        return str(target)

    # --- commands and help -----------------------------------------------------
    def action_show_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_new_intake(self) -> None:
        self.go_home()
        from intake_tui.app.screens.welcome import WelcomeScreen

        if isinstance(self.screen, WelcomeScreen):
            self.screen.action_new()

    def action_browse_reports(self) -> None:
        from intake_tui.app.screens.reports import ReportsScreen

        if not self.config.kiosk:  # a kiosk's user is a client: no one else's reports
            self.push_screen(ReportsScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            _("New intake"),
            _("Start a new intake (a current draft is kept)"),
            self.action_new_intake,
        )
        if not self.config.kiosk:
            yield SystemCommand(
                _("Saved reports"), _("Browse and open saved reports"), self.action_browse_reports
            )
        yield SystemCommand(
            _("Home"), _("Back to the welcome screen (a draft is kept)"), self.go_home
        )
