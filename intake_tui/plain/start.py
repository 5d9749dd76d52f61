"""`intake --plain`: load the bank, offer the latest drafts, walk, and leave cleanly.

The mode, data folder and clock are chosen as the app chooses them (``--mode``,
else the clinic's settings.toml; ``--data-dir``, else INTAKE_DATA_DIR, else the
user data folder; the clinic's time zone). The end of input and Ctrl-C both
leave the draft saved and end in one line, never a traceback.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TextIO

from intake_tui.core.bundle import Bundle, bundle_in, load_bundle
from intake_tui.core.clock import Clock, machine_now, moment_words, shown_iso, zoned
from intake_tui.core.errors import IntakeError
from intake_tui.core.front_desk import IDLE_ENV, idle_pause, idle_timeout_seconds, resume_need
from intake_tui.core.i18n import ENGLISH, current_language, use_language
from intake_tui.core.launch_settings import ModeSwitch, read_mode_settings
from intake_tui.core.modes import Mode, parse_mode
from intake_tui.core.report.build import new_session_id
from intake_tui.core.report.models import SessionReport
from intake_tui.core.resources import bundled_questions_dir
from intake_tui.core.session import IntakeSession
from intake_tui.core.store import ReportSummary, SessionStore, default_data_dir
from intake_tui.plain import words
from intake_tui.plain.keeper import Heartbeat, Keeper, Stop
from intake_tui.plain.loop import Quit, Walk
from intake_tui.plain.parse import picked
from intake_tui.plain.results import ask_initials, yes
from intake_tui.plain.text import Console, EndOfInput, Idle, is_terminal, safe

EXIT_INTERRUPTED = 130
EXIT_NO_STREAM = 1  # no standard input or output, or the reader of the output left
EXIT_NOT_SAVED = 1
EXIT_CANNOT_START = 1


class Streams(NamedTuple):
    lines: TextIO
    out: TextIO


class Started(NamedTuple):
    """How this run was started: its clock, ids, idle timeout and language."""

    clock: Clock
    new_id: Callable[[], str]
    idle: float
    language: str


def run_plain(
    questions: Path | None,
    data_dir: Path | None,
    mode: str | None,
    *,
    lines: TextIO | None = None,
    out: TextIO | None = None,
    clock: Clock = machine_now,
    new_id: Callable[[], str] = new_session_id,
    idle_timeout: float | None = None,
    language: str = ENGLISH,
) -> int:
    """Run one intake in plain mode; the exit status. ``lines``/``out``: standard
    input and output unless given (tests give StringIO and a fixed clock).
    ``idle_timeout``: the front desk's, as the app takes it (--idle-timeout)."""
    try:
        idle = idle_timeout_seconds(idle_timeout)
    except ValueError:
        print(f"intake: {IDLE_ENV} must be a number of seconds", file=sys.stderr)
        return EXIT_CANNOT_START
    if lines is None:  # a pasted byte that is not UTF-8 is a line to refuse, not a crash
        lines = _tolerant(sys.stdin, "surrogateescape")
    if out is None:  # an ASCII-only terminal (LC_ALL=C) still gets every line
        out = _tolerant(sys.stdout, "backslashreplace")
    if lines is None or out is None:  # started with <&- or >&-
        print(words.NO_STREAM.format(which="input" if lines is None else "output"), file=sys.stderr)
        return EXIT_NO_STREAM
    try:
        started = Started(clock, new_id, idle, language)
        return _run(questions, data_dir, mode, Streams(lines, out), started)
    except BrokenPipeError:  # the reader went away (| head): nobody is left to tell
        _silence(out)
        return EXIT_NO_STREAM


def _run(
    questions: Path | None,
    data_dir: Path | None,
    mode: str | None,
    streams: Streams,
    started: Started,
) -> int:
    lines, out = streams
    clock, new_id, idle, language = started
    console = Console(
        lines, out, pad_after_input=not is_terminal(lines), width=_terminal_width(out)
    )
    clinic = read_mode_settings(questions or bundled_questions_dir())
    bundle = load_bundle(questions, language=language)
    zone = bundle.settings.zone
    keeper = Keeper(
        bundle=bundle,
        store=_store(bundle, data_dir or default_data_dir()),
        console=console,
        clock=zoned(clock, zone) if zone is not None else clock,
        mode=parse_mode(mode or "") or clinic.default_mode,
    )
    walk: Walk | None = None
    launch_language = current_language()
    try:
        console.say(words.TITLE.format(title=safe(bundle.bank.title)))
        with Heartbeat(keeper.store):
            while True:  # until the results; again after each idle lock
                _speak_as(keeper, bundle, launch_language)  # after a draft in another
                session = _resumed(keeper, clinic.mode_switch) or _started(keeper, new_id)
                keeper.locked = False  # at the front desk, initials were just given
                walk = Walk(keeper, session)
                console.idle_after = idle if keeper.mode == "front_desk" else None
                try:
                    return walk.run()
                except Idle:
                    _lock(keeper, walk.session, idle)
                finally:
                    console.idle_after = None
    except Quit:
        return _left(keeper, walk, LEAVING_BY_QUIT, 0)
    except EndOfInput:
        return _left(keeper, walk, LEAVING_AT_END_OF_INPUT, 0)
    except KeyboardInterrupt:
        return _left(keeper, walk, LEAVING_BY_CTRL_C, EXIT_INTERRUPTED)
    except Stop as stop:
        return stop.status
    finally:
        keeper.store.release()  # another terminal may open the draft at once
        _speak_as(keeper, bundle, launch_language)


def _speak_as(keeper: Keeper, bundle: Bundle, language: str) -> None:
    """Plain mode's words in ``language`` and the bank's texts in ``bundle``'s: a
    resumed draft goes on in the language it was started in. The words are worded
    when their module runs, so it runs again (only when the language changes)."""
    if keeper.bundle is bundle and current_language() == language:
        return
    keeper.bundle = bundle
    if current_language() != language:
        use_language(language)
        importlib.reload(words)


@dataclass(frozen=True)
class Leaving:
    """The last line when leaving early: answers saved, nothing answered, or the
    intake already complete (leaving at the gate's override question)."""

    saved: str
    nothing: str
    completed: str


LEAVING_BY_QUIT = Leaving(words.QUIT_SAVED, words.QUIT_NOTHING, words.QUIT_SAVED)
LEAVING_AT_END_OF_INPUT = Leaving(
    words.END_OF_INPUT, words.END_OF_INPUT_NOTHING, words.END_OF_INPUT_COMPLETED
)
LEAVING_BY_CTRL_C = Leaving(
    words.INTERRUPTED, words.INTERRUPTED_NOTHING, words.INTERRUPTED_COMPLETED
)


def _left(keeper: Keeper, walk: Walk | None, leaving: Leaving, status: int) -> int:
    """Leave early: every answer was saved as it was given, unless a save failed;
    then one more try, and if that fails too, say the answers are lost."""
    session = walk.session if walk is not None else None
    if session is None or not session.worth_keeping:
        keeper.console.say(leaving.nothing, hang=False)
        return status
    if keeper.unsaved:
        try:
            keeper.keep(session, session)
        except Stop as stop:
            return stop.status
    if keeper.unsaved:
        keeper.console.say(words.LOST_UNSAVED, hang=False)
        return status if status else EXIT_NOT_SAVED
    done = session.completed_report is not None
    keeper.console.say(leaving.completed if done else leaving.saved, hang=False)
    return status


def _lock(keeper: Keeper, session: IntakeSession, idle: float) -> None:
    """Front desk, idle at a terminal: as the app does, save, log it, forget who was at
    the keyboard and go back to the start, where staff initials continue."""
    if keeper.unsaved:
        keeper.keep(session, session)  # one more try
    keeper.audit("idle_timeout", session.session_id, session.staff_initials)
    keeper.store.release()
    keeper.staff_at_keyboard = ""
    keeper.locked = True
    if not session.worth_keeping:
        kept = words.LOCKED_NOTHING
    elif keeper.unsaved:
        kept = words.LOCKED_UNSAVED
    else:
        kept = words.LOCKED_COMPLETED if session.completed_report else words.LOCKED_SAVED
    keeper.console.say(words.LOCKED.format(pause=idle_pause(idle), kept=kept), hang=False)


def _silence(out: TextIO) -> None:
    """Point standard output at nothing, so flushing it at exit cannot fail again."""
    if out is not sys.stdout:
        return
    import os

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _tolerant(stream: TextIO | None, errors: str) -> TextIO | None:
    """``stream`` decoding or encoding with ``errors`` instead of failing; None when
    it is closed (the shell's ``<&-``)."""
    if stream is None:
        return None
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors=errors)
    return stream


def _store(bundle: Bundle, folder: Path) -> SessionStore:
    reference = bundle.bank.question_with_role("client_reference")
    store = SessionStore(folder, reference.id if reference else None)
    if folder.is_dir():
        store.sweep_stale_temp_files()
    return store


def _started(keeper: Keeper, new_id: Callable[[], str]) -> IntakeSession:
    """A new intake; at the front desk, after the staff member's initials."""
    initials = ask_initials(keeper) if keeper.mode == "front_desk" else ""
    keeper.staff_at_keyboard = initials
    session = IntakeSession.start(keeper.bundle, keeper.mode, keeper.clock(), initials, new_id())
    keeper.hold(session.session_id, force=True)  # a new id: nobody else has it
    keeper.audit("intake_started", session.session_id)
    return session


# --- resuming a draft ---------------------------------------------------------------
def _resumed(keeper: Keeper, mode_switch: ModeSwitch) -> IntakeSession | None:
    """Offer the drafts this mode may continue (the latest, or a numbered list);
    the draft chosen, opened, or None for a new intake."""
    listing = keeper.store.listing()
    if notice := listing.notice():  # as the app's start shows it
        keeper.console.say(safe(notice))
    drafts, refused = [], 0
    for draft in listing.drafts:
        if resume_need(keeper.mode, _mode_of(draft), mode_switch) == "refuse":
            refused += 1
        else:
            drafts.append(draft)
    if refused:
        keeper.console.say(words.FRONT_DESK_ONLY.format(count=refused))
    chosen = _chosen_draft(keeper, drafts)
    if chosen is None:
        return None
    try:
        report = keeper.store.load(chosen.path)
    except IntakeError as error:
        keeper.console.say(words.CANNOT_RESUME.format(problem=safe(error)))
        return None
    need = resume_need(keeper.mode, report.mode, mode_switch)
    if need != "open":
        keeper.staff_at_keyboard = ask_initials(keeper)
    if need == "switch_with_initials":  # as the app's m key does, audit-logged
        keeper.mode = "front_desk"
        keeper.audit("mode_switched", report.session_id)
    return _opened(keeper, report)


def _mode_of(summary: ReportSummary) -> Mode:
    return parse_mode(summary.mode) or "self"


def _chosen_draft(keeper: Keeper, drafts: list[ReportSummary]) -> ReportSummary | None:
    if not drafts:
        return None
    zone = keeper.bundle.settings.zone
    if len(drafts) == 1:
        started = _started_at(keeper, drafts[0])
        return drafts[0] if yes(keeper, words.RESUME_ONE.format(started=started)) else None
    # A client at the keyboard, or nobody since the idle lock, sees no client's name.
    hide = keeper.mode == "self" or keeper.locked
    keeper.console.say(words.RESUME_SEVERAL)
    keeper.console.say(
        *(
            words.RESUME_ROW.format(
                number=n, description=safe(d.description({}, zone=zone, hide_reference=hide))
            )
            for n, d in enumerate(drafts, start=1)
        )
    )
    while True:
        text = keeper.console.ask(words.RESUME_PICK).strip()
        if not text:
            return None
        if (number := picked(text, len(drafts))) is not None:
            return drafts[number - 1]
        keeper.console.say(words.NOT_A_NUMBER.format(last=len(drafts)))


def _started_at(keeper: Keeper, summary: ReportSummary) -> str:
    """When a draft was started, in the clinic's zone (when last saved, if unreadable)."""
    zone = keeper.bundle.settings.zone
    try:
        return moment_words(keeper.store.load(summary.path).created_at, zone)
    except IntakeError:
        return shown_iso(summary.updated_at, zone)


def _opened(keeper: Keeper, report: SessionReport) -> IntakeSession | None:
    """Hold the draft here (unless another terminal has it and it is not taken over),
    then carry its answers to the current bank, saying what had to be dropped."""
    holder = keeper.hold(report.session_id)
    if holder is not None:
        if not yes(keeper, words.OPEN_ELSEWHERE.format(holder=safe(holder.describe(time.time())))):
            return None
        keeper.hold(report.session_id, force=True)
        try:  # read again: the other terminal may have saved since
            report = keeper.store.load(keeper.store.path_for(report.session_id))
        except IntakeError as error:
            keeper.console.say(words.CANNOT_RESUME.format(problem=safe(error)))
            keeper.store.release()
            return None
    drafted_in = bundle_in(keeper.bundle, report.language)  # as it was started
    _speak_as(keeper, drafted_in, drafted_in.language)
    session, changes = IntakeSession.resume(keeper.bundle, report)
    session = session.with_previous(_followed(keeper, report))
    if changes:
        keeper.console.say(words.CHANGED_QUESTIONNAIRE, *(safe(c) for c in changes))
    keeper.audit("intake_resumed", session.session_id, session.staff_initials)
    return session


def _followed(keeper: Keeper, report: SessionReport) -> SessionReport | None:
    """The report a returning client's draft follows, if it can still be read."""
    if report.follows is None:
        return None
    try:
        return keeper.store.load(keeper.store.path_for(report.follows))
    except IntakeError:
        return None


def _terminal_width(out: TextIO) -> int | None:
    """The terminal's width less one (a full line would wrap early in some terminals);
    None when printing to a pipe or a file."""
    if not is_terminal(out):
        return None
    import shutil

    return max(20, shutil.get_terminal_size().columns - 1)
