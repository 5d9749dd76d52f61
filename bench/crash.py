"""Kill a saving process at random moments and check nothing saved was damaged.

    python -m bench.crash [KILLS]     # default 250 kills after confirmed saves

The harness imports the store once, then forks a child per trial that saves in a
loop and reports each save on a pipe after the save has returned. The parent
waits for a random number of those confirmations, lets the child run on for a
random fraction of one save (so most kills land in the middle of the next save)
and sends SIGKILL. Which saves a kill follows is decided by confirmations, never
by the clock, so a slow machine runs the same trials, only more slowly.
Afterwards every file must parse, every confirmed save (or, for the draft, a
later one) must be on disk, and the temporary files the kills left must go in
the next start's sweep. The test suite runs the same trials
(tests/test_crash_kills.py).
"""

from __future__ import annotations

import multiprocessing
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from bench.save_child import DRAFT_ID, session
from intake_tui.core.bundle import load_bundle
from intake_tui.core.files import TEMP_PREFIX
from intake_tui.core.index import SESSION_GLOB
from intake_tui.core.report.build import questionnaire_ref
from intake_tui.core.report.models import QuestionnaireRef
from intake_tui.core.report.toml_io import read_report
from intake_tui.core.store import STALE_TEMP_SECONDS, SessionStore, save_report, session_file_name

NUMBERS_PER_TRIAL = 1_000_000  # each trial numbers its saves from trial * this
MOST_CONFIRMATIONS = 4  # a trial kills after 1..this many confirmed saves
HANG_GUARD_SECONDS = 120.0  # only against a child that hangs: never reached in a normal run
MOST_PROBLEMS = 20  # stop early: the first few findings say what is wrong

Confirmation = tuple[str, int]  # ("saved", n): a new session; ("draft", n): the draft


@dataclass
class KillSummary:
    kills: int = 0
    kills_after_confirmed_saves: int = 0
    confirmed_saves: int = 0
    temp_files_left_by_kills: int = 0
    temp_files_after_sweep: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.kills} kills, {self.kills_after_confirmed_saves} after confirmed saves, "
            f"{self.confirmed_saves} confirmed saves, "
            f"{self.temp_files_left_by_kills} temp files left by kills, "
            f"{self.temp_files_after_sweep} after the sweep, {len(self.problems)} problems"
        )


def _save_forever(folder: Path, ref: QuestionnaireRef, first: int, pipe: Connection) -> None:
    """The child: a new completed session, then the draft, each confirmed once saved."""
    number = first
    while True:
        save_report(folder, session(ref, f"{number:016x}", number, "completed"))
        pipe.send(("saved", number))
        save_report(folder, session(ref, DRAFT_ID, number, "in_progress"))
        pipe.send(("draft", number))
        number += 1


class KillTrials:
    """A warmed-up parent that forks saving children and kills them by handshake."""

    def __init__(self, folder: Path, seed: int = 1) -> None:
        self.folder = folder
        self.rng = random.Random(seed)
        self.summary = KillSummary()
        self.ref = questionnaire_ref(load_bundle(lint=False))
        self.fork = multiprocessing.get_context("fork")
        self.last_draft = -1
        self.save_seconds = self._warm_up()

    def _warm_up(self) -> float:
        """One save in this process, so the children inherit every import; its time."""
        started = time.perf_counter()
        save_report(self.folder, session(self.ref, DRAFT_ID, -1, "in_progress"))
        return time.perf_counter() - started

    def run(self, kills_after_saves: int) -> KillSummary:
        trial = 0
        while self.summary.kills_after_confirmed_saves < kills_after_saves:
            trial += 1
            self._trial(trial)
            if len(self.summary.problems) >= MOST_PROBLEMS:
                break
        self._sweep_as_the_next_start_would()
        self._check_every_file()
        return self.summary

    def _trial(self, trial: int) -> None:
        wanted = self.rng.randint(1, MOST_CONFIRMATIONS)
        reader, writer = self.fork.Pipe(duplex=False)
        child = self.fork.Process(
            target=_save_forever,
            args=(self.folder, self.ref, trial * NUMBERS_PER_TRIAL, writer),
            daemon=True,
        )
        child.start()
        writer.close()  # the child holds the only writer: its death ends the pipe
        confirmations, alive = self._receive(reader, wanted)
        if alive:
            # A random moment inside the save that follows.
            time.sleep(self.rng.uniform(0, self.save_seconds))
        child.kill()  # SIGKILL: no handler, no flush, no clean-up runs
        child.join()
        confirmations += self._drain(reader)
        reader.close()
        self._count_kill(confirmations, alive)
        self._check_confirmed(confirmations)

    def _receive(self, reader: Connection, count: int) -> tuple[list[Confirmation], bool]:
        """`count` confirmations, and whether the child was still saving after them."""
        received: list[Confirmation] = []
        started = time.perf_counter()
        while len(received) < count:
            if not reader.poll(HANG_GUARD_SECONDS):
                self.summary.problems.append(f"no save confirmed in {HANG_GUARD_SECONDS:.0f} s")
                return received, False
            try:
                received.append(reader.recv())
            except EOFError:
                self.summary.problems.append("the saving child died before it was killed")
                return received, False
        if received:  # keep the kill moment about one save long on this machine
            self.save_seconds = (time.perf_counter() - started) / len(received)
        return received, True

    @staticmethod
    def _drain(reader: Connection) -> list[Confirmation]:
        """Confirmations sent before the kill but not read yet: those saves count too."""
        drained: list[Confirmation] = []
        try:
            while reader.poll(0):
                drained.append(reader.recv())
        except EOFError:
            pass
        return drained

    def _count_kill(self, confirmations: list[Confirmation], alive: bool) -> None:
        self.summary.kills += 1
        self.summary.confirmed_saves += len(confirmations)
        if alive and confirmations:  # every confirmation was sent before the kill
            self.summary.kills_after_confirmed_saves += 1

    def _check_confirmed(self, confirmations: list[Confirmation]) -> None:
        for kind, number in confirmations:
            if kind == "saved":
                self._check(self.folder / session_file_name(f"{number:016x}"), exactly=number)
            else:
                self.last_draft = max(self.last_draft, number)
        if self.last_draft >= 0:
            self._check(self.folder / session_file_name(DRAFT_ID), at_least=self.last_draft)

    def _check(self, path: Path, exactly: int | None = None, at_least: int = -1) -> None:
        try:
            report = read_report(path)
        except Exception as error:  # any failure here is a finding, not a crash of the harness
            self.summary.problems.append(f"{path.name}: {error}")
            return
        saved = int(str(report.answers.get("client_reference", "save -2")).split()[1])
        if exactly is not None and saved != exactly:
            self.summary.problems.append(f"{path.name}: holds save {saved}, expected {exactly}")
        if saved < at_least:
            self.summary.problems.append(f"{path.name}: went back from save {at_least} to {saved}")

    def _check_every_file(self) -> None:
        for path in self.folder.glob(SESSION_GLOB):
            self._check(path)

    def _sweep_as_the_next_start_would(self) -> None:
        """A start sweeps temp files once they are old enough to be nobody's save."""
        temp_glob = f"{TEMP_PREFIX}*"
        left = len(list(self.folder.glob(temp_glob)))
        self.summary.temp_files_left_by_kills = left
        if left > self.summary.kills:  # each kill can interrupt one save only
            self.summary.problems.append(f"{left} temp files after {self.summary.kills} kills")
        SessionStore(self.folder).sweep_stale_temp_files(now=time.time() + STALE_TEMP_SECONDS + 1)
        self.summary.temp_files_after_sweep = len(list(self.folder.glob(temp_glob)))
        if self.summary.temp_files_after_sweep:
            self.summary.problems.append("the sweep left temp files behind")
        self._check_every_file()


def run_kill_trials(folder: Path, kills_after_saves: int, seed: int = 1) -> KillSummary:
    return KillTrials(folder, seed).run(kills_after_saves)


def main(argv: list[str]) -> int:
    wanted = int(argv[0]) if argv else 250
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        summary = run_kill_trials(Path(scratch), wanted)
        seconds = time.perf_counter() - started
    print(f"{summary.line()} ({seconds:.1f} s)")
    for problem in summary.problems:
        print(f"  {problem}")
    if summary.kills_after_confirmed_saves == 0:
        print("no kill came after a confirmed save: this run tested nothing")
        return 1
    return 1 if summary.problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
