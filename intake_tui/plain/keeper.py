"""Saving as the app saves: after every change a draft records, into the same store,
with the same one-writer lease, audit log and client record."""

from __future__ import annotations

import contextlib
import signal
import threading
from dataclasses import dataclass, field
from pathlib import Path

from intake_tui.core import audit
from intake_tui.core.bundle import Bundle
from intake_tui.core.clock import Clock
from intake_tui.core.errors import IntakeError
from intake_tui.core.files import StoreError
from intake_tui.core.lease import HEARTBEAT_SECONDS, LeaseHolder
from intake_tui.core.modes import Mode
from intake_tui.core.saving import Saver, forked_session
from intake_tui.core.session import IntakeSession
from intake_tui.core.store import DraftTakenOver, SessionStore
from intake_tui.plain import words
from intake_tui.plain.text import Console, safe


class Stop(Exception):
    """Plain mode cannot go on (the draft was taken over); the exit status to end with."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


@dataclass
class Keeper:
    """What plain mode shares with the app: the bank, the store, the clock, the mode and
    who is at the keyboard (front desk), and where the last save went. ``unsaved``:
    answers held in memory that the last save could not write."""

    bundle: Bundle
    store: SessionStore
    console: Console
    clock: Clock
    mode: Mode
    staff_at_keyboard: str = ""
    last_saved: Path | None = None
    unsaved: bool = False
    locked: bool = False  # front desk, after an idle lock: until initials are given
    saver: Saver = field(init=False)

    def __post_init__(self) -> None:
        self.saver = Saver(self.store, self.clock)

    def keep(self, old: IntakeSession, new: IntakeSession) -> IntakeSession | None:
        """Save ``new`` when it records something ``old`` does not, or an earlier save
        failed (not before its first answer), as the app's watcher does. The session to
        go on with: ``new``, under a new id when another terminal's save forked it, and
        still ``new`` when the save failed (the answers stay in memory, as in the app);
        None only when a completion could not be saved (it stays unfinished)."""
        if not new.worth_keeping or not (self.unsaved or old.records_differ(new)):
            return new
        report = new.completed_report or new.to_report(self.clock())
        try:
            saved = self.saver.save(report)
        except DraftTakenOver as error:
            self.console.say(words.TAKEN_OVER.format(problem=safe(error)))
            raise Stop(1) from None
        except IntakeError as error:
            self.unsaved = True
            self.console.say(words.NOT_SAVED.format(problem=safe(error)))
            return None if new.completed_report is not None else new
        self.unsaved = False
        self.last_saved = saved.path
        if saved.forked:
            self.console.say(words.FORKED.format(name=safe(saved.path.name)))
            new = forked_session(new, saved.path)
        if saved.client_problem:
            self.console.say(safe(saved.client_problem))
        if new.completed_report is not None:
            self.store.release()  # finished: nothing more is saved to this draft
        return new

    def hold(self, session_id: str, *, force: bool = False) -> LeaseHolder | None:
        """Hold the draft open here; the live holder if another terminal has it. A lease
        that cannot be written is said, not fatal (as in the app): the revision check
        still keeps every save from overwriting another's."""
        try:
            return self.store.hold(session_id, force=force)
        except StoreError as error:
            self.console.say(words.NOT_RESERVED.format(problem=safe(error)))
            return None

    def audit(self, action: str, session_id: str, staff_initials: str = "") -> None:
        """Record an event (never an answer) with who is at the keyboard, else who took
        the intake; a failure is said, not fatal."""
        try:
            audit.record(
                self.store.folder,
                action,
                at=self.clock(),
                session_id=session_id,
                staff_initials=self.staff_at_keyboard or staff_initials,
                mode=self.mode,
            )
        except IntakeError as error:
            self.console.say(safe(error))


class Heartbeat:
    """Tells other terminals, every HEARTBEAT_SECONDS, that the draft held here is still
    open, while plain mode waits for a line (as the app's timer does): a person taking
    minutes over a question is not a terminal that died."""

    def __init__(self, store: SessionStore) -> None:
        self._store = store
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="lease-heartbeat", daemon=True)

    def __enter__(self) -> Heartbeat:
        # Started with SIGINT blocked, which the thread keeps: Ctrl+C must reach the
        # main thread. Given to this thread, it would not wake the main thread's
        # blocked read, and Ctrl+C would wait for the next line.
        held = {signal.SIGINT}
        before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            self._thread.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stopped.set()
        self._thread.join()

    def _beat(self) -> None:
        while not self._stopped.wait(HEARTBEAT_SECONDS):
            with contextlib.suppress(StoreError):  # the next beat tries again
                self._store.renew_holds()
