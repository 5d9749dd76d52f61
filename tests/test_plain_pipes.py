"""Plain mode as a separate process over pipes: `intake` with standard input that is
not a terminal walks a whole intake line by line, under NO_COLOR=1 and TERM=dumb,
with no escape byte in anything it prints; the end of input and Ctrl-C keep the
draft and end in one line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.modes import Mode
from intake_tui.core.report.toml_io import read_report
from intake_tui.plain import words
from tests.plain_support import cli_report, lines_for, only_report, same_results, write_answers
from tests.support import FIXTURE_BANK, bundled, fixture_answers, fixture_bundle

SAMPLE = Path(__file__).resolve().parents[1] / "sample_sessions" / "01-go-ahead.answers.toml"
ESC = b"\x1b"


def intake(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "intake_tui", *arguments]


def environment(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ACCESSIBLE", "NO_COLOR")}
    return {**env, "TERM": "xterm-256color", **changes}


def answers_from_today(bundle: Bundle, answers: dict[str, AnswerValue]) -> dict[str, AnswerValue]:
    """Date answers moved to ten days from the machine's today: the process runs on
    the real clock, and a start date must not lie in the past."""
    in_ten_days = date.today() + timedelta(days=10)
    return {
        question_id: in_ten_days if isinstance(value, date) else value
        for question_id, value in answers.items()
        if question_id in bundle.bank.by_id
    }


def walk_over_pipes(
    bundle: Bundle,
    answers: dict[str, AnswerValue],
    mode: Mode,
    data: Path,
    questions: Path | None,
    env: dict[str, str],
) -> subprocess.CompletedProcess[bytes]:
    lines = lines_for(bundle, answers, mode, now=datetime.now().astimezone())
    where = ["--questions", str(questions)] if questions else []
    mode_option = "front-desk" if mode == "front_desk" else "self"
    return subprocess.run(
        intake(*where, "--data-dir", str(data), "--mode", mode_option),
        input=("\n".join(lines) + "\n").encode(),
        capture_output=True,
        env=env,
        check=False,
    )


@pytest.mark.parametrize(
    ("questions", "env"),
    [(FIXTURE_BANK, {"NO_COLOR": "1"}), (None, {"TERM": "dumb"})],
    ids=["fixture-bank-NO_COLOR", "bundled-bank-TERM-dumb"],
)
def test_a_whole_intake_over_pipes_gives_the_report_intake_report_gives(
    questions: Path | None, env: dict[str, str], tmp_path: Path
) -> None:
    if questions is None:
        from intake_tui.core.answers_file import read_answers_file

        bundle, given = bundled(), read_answers_file(SAMPLE, bundled(), date.today())
        answers, mode = dict(given.answers), given.mode
        answers["treatment_areas"] = [
            v
            for v in bundle.bank.by_id["treatment_areas"].option_values
            if v in answers["treatment_areas"]  # type: ignore[operator]
        ]
    else:
        bundle, answers, mode = fixture_bundle(), fixture_answers(), "self"
    answers = answers_from_today(bundle, answers)
    done = walk_over_pipes(bundle, answers, mode, tmp_path / "data", questions, environment(**env))
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-500:]
    assert ESC not in done.stdout and ESC not in done.stderr
    assert done.stderr == b""
    saved = only_report(tmp_path / "data")
    assert saved.status == "completed" and saved.mode == mode
    assert f"Saved to {tmp_path / 'data'}".encode() in done.stdout
    answers_file = write_answers(tmp_path / "a.toml", answers, mode)
    headless = cli_report(answers_file, tmp_path / "r.toml", questions=questions, today=saved.today)
    same_results(saved, headless)


def test_end_of_input_over_a_pipe_keeps_the_draft(tmp_path: Path) -> None:
    done = subprocess.run(
        intake("--plain", "--questions", str(FIXTURE_BANK), "--data-dir", str(tmp_path)),
        input=b"\n35\n",
        capture_output=True,
        env=environment(),
        check=False,
    )
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout.decode().rstrip().endswith(words.END_OF_INPUT)
    [draft] = tmp_path.glob("intake-*.toml")
    assert read_report(draft).answers == {"age": 35}


def read_until(process: subprocess.Popen[bytes], marker: bytes, seen: bytearray) -> None:
    """Read the process's output until ``marker`` has appeared (it is waiting for input)."""
    assert process.stdout is not None
    while marker not in seen:
        chunk = os.read(process.stdout.fileno(), 4096)
        assert chunk, f"the process ended before {marker!r}: {bytes(seen)[-300:]!r}"
        seen += chunk


def threads_blocking_ctrl_c(pid: int) -> str:
    """Which of the process's threads block SIGINT (Linux's /proc). The kernel gives a
    process's signal to any thread not blocking it; one given to the lease heartbeat's
    thread left the main thread waiting in its read, and Ctrl+C waited for a line."""
    tasks = Path(f"/proc/{pid}/task")
    if not tasks.is_dir():
        pytest.skip("no /proc here")
    blocking = {}
    for task in tasks.iterdir():
        status = (task / "status").read_text()
        mask = int(
            next(line for line in status.splitlines() if line.startswith("SigBlk:")).split()[1], 16
        )
        blocking[int(task.name)] = bool(mask & (1 << (signal.SIGINT - 1)))
    others = [tid for tid in blocking if tid != pid]
    assert others, "the heartbeat thread was not found"
    if blocking[pid]:
        return "the main thread too"
    return "every thread but the main one" if all(blocking[t] for t in others) else "not all"


def default_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def waiting_in_its_read(pid: int) -> None:
    """Until the main thread sleeps in the kernel (its read of the next line). A
    signal that lands in the microseconds between Python's last check and the read
    itself waits for the read to return: a CPython limit no person's Ctrl+C meets."""
    stat = Path(f"/proc/{pid}/task/{pid}/stat")
    for _poll in range(2000):  # a bound, not a clock: ~20 s of 10 ms sleeps at most
        fields = stat.read_text().rsplit(")", 1)[1].split()
        if fields[0] == "S":
            return
        time.sleep(0.01)
    raise AssertionError("the main thread never waited for input")


def test_ctrl_c_keeps_the_draft_and_exits_130_without_a_traceback(tmp_path: Path) -> None:
    process = subprocess.Popen(
        intake("--questions", str(FIXTURE_BANK), "--data-dir", str(tmp_path)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
        # As a terminal's foreground program: a run started in the background (`cmd &` in
        # a script, as tests/stress.sh is) passes on SIGINT ignored, and Python keeps it so.
        preexec_fn=default_ctrl_c,
    )
    assert process.stdin is not None
    seen = bytearray()
    process.stdin.write(b"\n35\n")
    process.stdin.flush()
    read_until(process, words.TYPE_A_NUMBER.format(last=7).encode(), seen)  # the skin type
    assert threads_blocking_ctrl_c(process.pid) == "every thread but the main one"
    waiting_in_its_read(process.pid)  # as a person's Ctrl+C comes: while it waits
    process.send_signal(signal.SIGINT)
    # Standard input stays open until it has exited: closing it (communicate does)
    # would race the signal with an end of input, which ends with 0 by design.
    assert process.wait(timeout=60) == 130
    assert process.stdout is not None and process.stderr is not None
    rest, errors = process.stdout.read(), process.stderr.read()
    process.stdin.close()
    assert errors == b""  # no traceback
    assert (bytes(seen) + rest).decode().rstrip().endswith(words.INTERRUPTED)
    [draft] = tmp_path.glob("intake-*.toml")
    assert read_report(draft).answers == {"age": 35}


def test_bytes_that_are_not_utf8_and_an_ascii_terminal_end_in_no_crash(tmp_path: Path) -> None:
    """A pasted byte that is not UTF-8 is refused like any wrong answer (asked again,
    never saved as a replacement mark); on an ASCII terminal, text outside ASCII prints
    escaped instead of failing."""
    done = subprocess.run(
        intake("--plain", "--questions", str(FIXTURE_BANK), "--data-dir", str(tmp_path)),
        input="\n3\xff5\n35\n".encode("latin-1") + "Fixture typé 3\n".encode(),
        capture_output=True,
        env=environment(PYTHONIOENCODING="ascii"),
        check=False,
    )
    assert done.returncode == 0 and done.stderr == b""
    printed = done.stdout.decode("ascii")
    [draft] = tmp_path.glob("intake-*.toml")
    assert read_report(draft).answers == {"age": 35}
    # Read as ASCII too (PYTHONIOENCODING): the é cannot be read either, so refused.
    assert printed.count(words.UNREADABLE_LINE) == 2
    assert "\\ufffd" not in printed and "\\udc" not in printed


def test_a_whole_intake_in_spanish_over_pipes_recommends_what_the_english_app_does(
    tmp_path: Path,
) -> None:
    """Issue 15: the same answers typed in Spanish plain mode give the report an
    English `intake report` gives, the words aside (values are language-neutral)."""
    from intake_tui.core.answers_file import read_answers_file
    from intake_tui.core.bundle import load_bundle
    from intake_tui.core.report.digest import key_outputs

    spanish = load_bundle(language="es")
    given = read_answers_file(SAMPLE, bundled(), date.today())
    options = spanish.bank.by_id["treatment_areas"].option_values
    areas = given.answers["treatment_areas"]
    assert isinstance(areas, list)
    answers = {**given.answers, "treatment_areas": [v for v in options if v in areas]}
    answers = answers_from_today(spanish, answers)
    lines = lines_for(spanish, answers, given.mode, now=datetime.now().astimezone())
    done = subprocess.run(
        intake(
            "--lang",
            "es",
            "--data-dir",
            str(tmp_path / "data"),
            "--mode",
            given.mode.replace("_", "-"),
        ),
        input=("\n".join(lines) + "\n").encode(),
        capture_output=True,
        env=environment(TERM="dumb", NO_COLOR="1"),
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-500:]
    assert ESC not in done.stdout and "Sección:".encode() in done.stdout
    saved = only_report(tmp_path / "data")
    assert saved.language == "es" and saved.status == "completed"
    answers_file = write_answers(tmp_path / "a.toml", answers, given.mode)
    english = cli_report(answers_file, tmp_path / "r.toml", questions=None, today=saved.today)
    assert english.language == "en" and saved.recommendation and english.recommendation
    assert key_outputs(saved.recommendation.model_dump()) == key_outputs(
        english.recommendation.model_dump()
    )
    assert saved.scores == english.scores
