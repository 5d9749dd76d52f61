"""Killed processes and parallel terminals never damage or lose a completed save.

The kill trials wait for the saving child's confirmations, never for the clock, so
they test the same thing on a slow machine; `python -m bench.crash 250` runs more.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bench.crash import run_kill_trials
from intake_tui.core.report.toml_io import read_report
from tests.waiting import HANG_GUARD_SECONDS, poll_until

ROOT = Path(__file__).resolve().parents[1]
KILLS = int(os.environ.get("INTAKE_KILL_ITERATIONS", "200"))


def test_sigkill_at_random_moments_never_damages_a_completed_save(tmp_path: Path) -> None:
    summary = run_kill_trials(tmp_path, KILLS)
    assert summary.problems == []
    assert summary.kills_after_confirmed_saves >= KILLS
    assert summary.confirmed_saves >= summary.kills_after_confirmed_saves
    assert summary.temp_files_after_sweep == 0


def test_the_kill_trials_find_a_save_that_writes_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The harness can fail: a save that overwrites the file in place is caught."""

    def in_place(path: Path, text: str) -> None:
        data = text.encode("utf-8")
        with path.open("wb") as handle:
            handle.write(data[: len(data) // 2])
            handle.flush()
            os.fsync(handle.fileno())  # a kill here leaves half a report
            handle.write(data[len(data) // 2 :])

    monkeypatch.setattr("intake_tui.core.store.write_atomic", in_place)
    summary = run_kill_trials(tmp_path, 50)
    assert summary.problems, summary.line()


def test_two_terminals_saving_500_each_leave_1000_readable_files(tmp_path: Path) -> None:
    children = [
        subprocess.Popen([sys.executable, "-m", "bench.save_child", str(tmp_path), "500"], cwd=ROOT)
        for _ in range(2)
    ]
    assert [child.wait(timeout=HANG_GUARD_SECONDS * 3) for child in children] == [0, 0]
    files = sorted(tmp_path.glob("intake-*.toml"))
    assert len(files) == 1000
    assert len({read_report(path).session_id for path in files}) == 1000


class Terminal:
    """The real app in a pseudo-terminal, fed keys like a person typing."""

    def __init__(self, data_dir: Path) -> None:
        self.master, slave = pty.openpty()
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "intake_tui", "--data-dir", str(data_dir)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.screen = bytearray()
        self.output = threading.Condition()  # notified whenever the app draws more
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        while True:
            try:
                select.select([self.master], [], [])
                chunk = os.read(self.master, 65536)
            except OSError:
                chunk = b""
            with self.output:
                self.screen += chunk
                self.output.notify_all()
            if not chunk:  # the app has gone
                return

    def wait_for(self, text: str) -> None:
        with self.output:
            drawn = self.output.wait_for(
                lambda: text.encode() in self.screen, timeout=HANG_GUARD_SECONDS
            )
        assert drawn, f"{text!r} never appeared"

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def kill(self) -> None:
        self.process.kill()  # SIGKILL
        self.process.wait(timeout=HANG_GUARD_SECONDS)
        self.reader.join(timeout=HANG_GUARD_SECONDS)
        os.close(self.master)


def test_a_killed_app_resumes_with_every_autosaved_answer(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    terminal = Terminal(data_dir)
    try:
        terminal.wait_for("Start a new intake")
        terminal.type("n")
        terminal.wait_for("no wrong answers")
        terminal.type("\r")
        terminal.wait_for("How old are you")
        terminal.type("42\r")
        terminal.wait_for("describes your skin")
        terminal.type("5\r")
        terminal.wait_for("10 short questions")
        terminal.type("2\r")
        terminal.wait_for("dark marks")
        terminal.type("1\r")  # lasting dark marks: yes
        terminal.wait_for("acne on the area")
        poll_until(lambda: answers_saved(data_dir) == 4, "the fourth answer saved")
    finally:
        terminal.kill()
    [draft_path] = data_dir.glob("intake-*.toml")
    draft = read_report(draft_path)
    assert draft.status == "in_progress"
    assert draft.answers == {
        "age": 42,
        "skin_tone_self": "type_5",
        "fitz_quiz_offer": "no",
        "pih_history": "yes",
    }
    from intake_tui.core.session import IntakeSession
    from tests.support import bundled

    resumed, changes = IntakeSession.resume(bundled(), draft)
    assert (resumed.current_id, changes) == ("active_acne", [])


def answers_saved(data_dir: Path) -> int:
    drafts = list(data_dir.glob("intake-*.toml"))  # saves are atomic: never half a file
    return len(read_report(drafts[0]).answers) if drafts else 0
