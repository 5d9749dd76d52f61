"""Killed processes and parallel terminals never damage or lose a completed save.

CI runs a bounded number of kills; `python -m bench.crash 250` runs the long version.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.crash import run_kill_trials
from intake_tui.core.report.toml_io import read_report

ROOT = Path(__file__).resolve().parents[1]
KILLS = int(os.environ.get("INTAKE_KILL_ITERATIONS", "30"))


def test_sigkill_at_random_moments_never_damages_a_completed_save(tmp_path: Path) -> None:
    summary = run_kill_trials(tmp_path, KILLS)
    assert summary.kills == KILLS
    assert summary.confirmed_saves > KILLS  # most trials got saves in before the kill
    assert summary.problems == []


def test_two_terminals_saving_500_each_leave_1000_readable_files(tmp_path: Path) -> None:
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "bench.save_child", "count", str(tmp_path), "500"], cwd=ROOT
        )
        for _ in range(2)
    ]
    assert [child.wait(timeout=300) for child in children] == [0, 0]
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
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self.master], [], [], 0.1)
                if ready:
                    self.screen += os.read(self.master, 65536)
            except OSError:
                return

    def wait_for(self, text: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.screen:
            assert time.monotonic() < deadline, f"{text!r} never appeared"
            time.sleep(0.05)

    def type(self, *keys: str) -> None:
        for key in keys:
            os.write(self.master, key.encode())
            time.sleep(0.15)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
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
        terminal.type("4", "2", "\r")
        terminal.wait_for("describes your skin")
        terminal.type("5", "\r")
        terminal.wait_for("10 short questions")
        terminal.type("2", "\r")
        terminal.wait_for("dark marks")
        terminal.type("1", "\r")  # lasting dark marks: yes
        terminal.wait_for("acne on the area")
        deadline = time.monotonic() + 10
        while not list(data_dir.glob("intake-*.toml")) and time.monotonic() < deadline:
            time.sleep(0.05)
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
