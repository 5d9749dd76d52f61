"""Plain mode after its review: a failed save keeps the answers and goes on; typed
picks that are digits only to Python; closed streams; the gate before its override
question; words that say what to type here and what is true; the results unwrapped
over a pipe; Ctrl-C on its own line; the start's folder notices; t keeps last
visit's section."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from intake_tui.core.files import StoreError
from intake_tui.core.front_desk import OVERRIDE_REASON_RULE, override_reason_problem
from intake_tui.core.report.models import SessionReport
from intake_tui.core.report.toml_io import read_report
from intake_tui.core.session import IntakeSession
from intake_tui.core.store import SessionStore
from intake_tui.plain import words
from intake_tui.plain.start import run_plain
from tests.plain_support import PLAIN_NOW, lines_for, only_report, run_lines
from tests.support import FIXTURE_BANK, fixture_answers, fixture_bundle
from tests.test_plain_pipes import environment, read_until

KELOID = {**fixture_answers(), "keloid": "yes"}  # 'not now', which staff may override
SKIN_TYPE_PROMPT = words.TYPE_A_NUMBER.format(last=7)
INTAKE = [sys.executable, "-m", "intake_tui", "--plain"]
FRONT_DESK_ANSWERS = {**fixture_answers(), "client_reference": "K-1"}


def fixture_lines() -> list[str]:
    return lines_for(fixture_bundle(), fixture_answers(), "self")


def failing_saves(monkeypatch: pytest.MonkeyPatch, failures: int) -> None:
    """The first ``failures`` saves fail as on a full disk; later ones work."""
    real_save = SessionStore.save
    left = [failures]

    def save(store: SessionStore, report: SessionReport) -> Path:
        if left[0] > 0:
            left[0] -= 1
            raise StoreError("fixture: no space left on the device")
        return real_save(store, report)

    monkeypatch.setattr(SessionStore, "save", save)


# --- 1. a failed save keeps the answer and goes on ---------------------------------------
def test_a_failed_save_keeps_the_answer_and_the_next_answer_saves_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing_saves(monkeypatch, failures=1)
    run = run_lines(fixture_lines()[:3], tmp_path, questions=FIXTURE_BANK)  # note, age, skin
    assert "no space left" in run.output
    assert SKIN_TYPE_PROMPT in run.output  # went on to the next question
    assert only_report(tmp_path).answers == {"age": 35, "skin_tone_self": "type_3"}
    assert run.output.rstrip().endswith(words.END_OF_INPUT)


def test_quitting_when_no_save_worked_says_the_answers_are_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing_saves(monkeypatch, failures=99)
    run = run_lines([*fixture_lines()[:3], "r", "q"], tmp_path, questions=FIXTURE_BANK)
    assert "Answer: 35." in run.output  # the review shows the answer kept in memory
    assert run.output.rstrip().endswith(words.LOST_UNSAVED)
    assert words.QUIT_NOTHING not in run.output and run.status == 1
    assert not list(tmp_path.glob("intake-*.toml"))


# --- 2 and 8. picks that are digits only to Python; a bad pick's words -------------------
@pytest.mark.parametrize(
    "typed", ["²", "9" * 5000, "٣"], ids=["superscript", "5000-digits", "arabic"]
)
def test_odd_digits_at_an_option_and_the_review_are_refused_in_words(
    typed: str, tmp_path: Path
) -> None:
    lines = fixture_lines()
    lines[2:2] = [typed]  # at the skin type
    lines[-1:-1] = [typed]  # at the review, before Enter finishes
    run = run_lines(lines, tmp_path, questions=FIXTURE_BANK)
    assert run.status == 0 and only_report(tmp_path).status == "completed"
    assert "is not one of the options. Type a number from 1 to 7." in run.output
    assert "There is no answer numbered" in run.output


@pytest.mark.parametrize(
    "typed", ["²", "9" * 5000, "abc"], ids=["superscript", "5000-digits", "abc"]
)
def test_a_bad_pick_at_the_draft_list_says_what_to_type(typed: str, tmp_path: Path) -> None:
    run_lines(["", "35"], tmp_path, questions=FIXTURE_BANK, session_id="91a1" * 4)
    run_lines(["n", "", "35"], tmp_path, questions=FIXTURE_BANK, session_id="91a2" * 4)
    run = run_lines([typed], tmp_path, questions=FIXTURE_BANK)
    assert words.RESUME_SEVERAL in run.output
    assert words.NOT_A_NUMBER.format(last=2) in run.output
    assert "There is no answer numbered" not in run.output


# --- 3. closed streams and a reader that leaves -------------------------------------------
def shell(script: str, tmp_path: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    command = [*INTAKE, "--questions", str(FIXTURE_BANK)]
    return subprocess.run(
        ["sh", "-c", script, "sh", *command, "--data-dir", str(tmp_path)],
        input=stdin,
        capture_output=True,
        check=False,
    )


@pytest.mark.parametrize(("script", "which"), [('"$@" <&-', "input"), ('"$@" >&-', "output")])
def test_a_closed_standard_stream_ends_in_one_line(script: str, which: str, tmp_path: Path) -> None:
    done = shell(script, tmp_path)
    assert done.returncode == 1
    assert done.stderr.decode() == words.NO_STREAM.format(which=which) + "\n"


def test_a_reader_that_leaves_early_ends_plain_mode_quietly(tmp_path: Path) -> None:
    done = shell('"$@" | head -2', tmp_path, stdin=b"\n38\n")
    assert done.stderr == b""  # no BrokenPipeError, no 'Exception ignored'
    assert len(done.stdout.splitlines()) == 2


# --- 4, 5 and 7. the gate, its override, and leaving there --------------------------------
def test_the_gate_and_its_reasons_come_before_the_override_question(tmp_path: Path) -> None:
    run = run_lines(
        lines_for(fixture_bundle(), KELOID, "front_desk"),
        tmp_path,
        questions=FIXTURE_BANK,
        mode="front_desk",
    )
    recommendation = only_report(tmp_path).recommendation
    assert recommendation is not None and recommendation.gate.reasons
    asked_at = run.output.index(words.GATE_OVERRIDE)
    assert run.output.index(recommendation.gate.headline) < asked_at
    for reason in recommendation.gate.reasons:
        assert run.output.index(f"- {reason.message}") < asked_at


def test_end_of_input_at_the_override_question_says_the_intake_is_complete(
    tmp_path: Path,
) -> None:
    lines = lines_for(fixture_bundle(), KELOID, "front_desk")
    assert lines[-1] == "n"
    run = run_lines(lines[:-1], tmp_path, questions=FIXTURE_BANK, mode="front_desk")
    assert only_report(tmp_path).status == "completed"
    assert run.output.rstrip().endswith(words.END_OF_INPUT_COMPLETED)
    assert "run intake --plain to resume" not in run.output


def test_the_override_reason_follows_the_apps_rule_in_its_words(tmp_path: Path) -> None:
    lines = lines_for(fixture_bundle(), KELOID, "front_desk")
    lines[-1:] = ["y", "ok", "     ", "12345", "cd"]
    run = run_lines(lines, tmp_path, questions=FIXTURE_BANK, mode="front_desk")
    assert run.output.count(OVERRIDE_REASON_RULE) == 2  # too short, then only spaces
    assert "letters and punctuation" not in run.output
    override = only_report(tmp_path).override
    assert override is not None and override.reason == "12345"
    assert override_reason_problem("12345") == "" and override_reason_problem("ok")


# --- 6. what to type here, not the app's keys or the bank's values ------------------------
def test_a_number_that_is_no_option_says_what_to_type(tmp_path: Path) -> None:
    lines = fixture_lines()
    lines[2:2] = ["9", "1,9"]  # at the skin type: a number past the list, then two
    run = run_lines(lines, tmp_path, questions=FIXTURE_BANK)
    assert "'9' is not one of the options. Type a number from 1 to 7." in run.output
    assert "'1,9' is not one of the options." in run.output
    assert "type_1" not in run.output  # the bank's values are for files, not people


# --- 10. the results over a pipe, for a screen reader -------------------------------------
def test_over_a_pipe_the_results_are_one_paragraph_a_line_without_decoration(
    tmp_path: Path,
) -> None:
    run = run_lines(
        lines_for(fixture_bundle(), KELOID, "front_desk"),
        tmp_path,
        questions=FIXTURE_BANK,
        mode="front_desk",
    )
    results = run.output.split(words.GATE_OVERRIDE)[1].splitlines()
    assert not [line for line in results if re.fullmatch(r"\s*[=*-]{3,}\s*", line)]
    assert not [line for line in results if line.startswith("| ")]
    assert max(map(len, results)) > 72  # a long paragraph is not broken at 72 columns


# --- 9. bytes that are not UTF-8 ------------------------------------------------------------
def test_a_line_that_is_not_utf8_is_refused_not_saved_as_replacement_marks(
    tmp_path: Path,
) -> None:
    answers = lines_for(fixture_bundle(), FRONT_DESK_ANSWERS, "front_desk")
    reference_at = answers.index("K-1")
    typed = "\n".join(answers[: reference_at + 1]).encode()
    typed = typed.replace(b"K-1", b"K\xff1\nK-1") + b"\n"
    done = subprocess.run(
        [
            *INTAKE,
            "--mode",
            "front-desk",
            "--questions",
            str(FIXTURE_BANK),
            "--data-dir",
            str(tmp_path),
        ],
        input=typed + b"35\n",
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0 and done.stderr == b""
    assert words.UNREADABLE_LINE.encode() in done.stdout
    assert only_report(tmp_path).answers["client_reference"] == "K-1"


# --- 11. Ctrl-C on a terminal ----------------------------------------------------------------
class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Keyboard(Terminal):
    """A terminal's keyboard: the lines given, then Ctrl-C."""

    def readline(self, size: int | None = -1) -> str:
        line = super().readline()
        if not line:
            raise KeyboardInterrupt
        return line


def test_ctrl_c_on_a_terminal_starts_its_message_on_a_new_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "41")
    screen = Terminal()
    status = run_plain(
        FIXTURE_BANK,
        tmp_path,
        "self",
        lines=Keyboard("\n35\n"),
        out=screen,
        clock=lambda: PLAIN_NOW,
        new_id=lambda: "91a1000000000001",
    )
    assert status == 130
    printed = screen.getvalue().splitlines()
    at = next(i for i, line in enumerate(printed) if line.startswith("Interrupted:"))
    assert printed[at - 1].startswith(SKIN_TYPE_PROMPT.split()[0])  # the prompt, alone
    assert not printed[at + 1].startswith(" ")  # no hanging indent under "Interrupted: "


# --- 12. the start: folder notices, drafts not offered, no idle lock --------------------------
def test_unreadable_files_are_named_at_the_start_as_the_app_names_them(tmp_path: Path) -> None:
    (tmp_path / "intake-0000000000000bad.toml").write_text("not = [toml", "utf-8")
    run = run_lines([], tmp_path, questions=FIXTURE_BANK)
    assert "1 file(s) could not be read and are skipped: intake-0000000000000bad.toml" in (
        run.output
    )


def test_front_desk_drafts_not_offered_here_are_counted_at_the_start(tmp_path: Path) -> None:
    from tests.support import copy_bank, edit

    questions = copy_bank(tmp_path)
    edit(questions / "settings.toml", 'mode_switch = "with_initials"', 'mode_switch = "off"')
    data = tmp_path / "data"
    run_lines(["AB", "", "", "35"], data, questions=questions, mode="front_desk")
    run = run_lines([], data, questions=questions, mode="self")
    assert words.FRONT_DESK_ONLY.format(count=1) in run.output


def test_idle_at_a_front_desk_terminal_saves_locks_and_asks_initials_again(
    tmp_path: Path,
) -> None:
    leader, follower = os.openpty()  # a terminal: the only input that can sit idle
    where = ["--questions", str(FIXTURE_BANK), "--data-dir", str(tmp_path)]
    process = subprocess.Popen(
        [*INTAKE, "--mode", "front-desk", "--idle-timeout", "1", *where],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
    )
    os.close(follower)
    seen = bytearray()
    try:
        os.write(leader, b"AB\n\nK-1\n35\n")  # initials, the note, the reference, the age
        locked = words.LOCKED.format(pause="1 s", kept=words.LOCKED_SAVED)
        read_until(process, locked.encode(), seen)
        read_until(process, b"Resume the intake started", seen)  # back at the start
        os.write(leader, b"y\nCD\nq\n")
        rest, errors = process.communicate()
    finally:
        os.close(leader)
    assert process.returncode == 0 and errors == b""
    assert (bytes(seen) + rest).decode().rstrip().endswith(words.QUIT_SAVED)
    assert words.STAFF_INITIALS in rest.decode()  # asked again after the lock
    assert only_report(tmp_path).answers == {"client_reference": "K-1", "age": 35}
    log = [json.loads(line) for line in (tmp_path / "audit.log").read_text("utf-8").splitlines()]
    idle = [entry for entry in log if entry["action"] == "idle_timeout"]
    assert len(idle) == 1 and idle[0]["staff_initials"] == "AB"


# --- Ctrl+T parity: t keeps last visit's answers for the rest of the section ----------------
def follow_up_draft(data: Path) -> IntakeSession:
    """A completed front-desk intake, then a follow-up draft past its welcome note."""
    full = lines_for(fixture_bundle(), FRONT_DESK_ANSWERS, "front_desk")
    run_lines(full, data, questions=FIXTURE_BANK, mode="front_desk")
    previous = only_report(data)
    session = IntakeSession.follow_up(
        fixture_bundle(), previous, "front_desk", PLAIN_NOW, "AB", "91a9000000000009"
    )
    session = session.answer(None).advance()  # the welcome note
    SessionStore(data).save(session.to_report(PLAIN_NOW))
    return session


def test_t_keeps_last_visits_answers_for_the_rest_of_the_section(tmp_path: Path) -> None:
    session = follow_up_draft(tmp_path)
    question = session.current
    assert question is not None and session.pending_offer(question.id) is not None
    run = run_lines(["y", "AB", "t"], tmp_path, questions=FIXTURE_BANK, mode="front_desk")
    assert "type t if everything from last time in this section is still true" in run.output
    draft = read_report(tmp_path / "intake-91a9000000000009.toml")
    section = fixture_bundle().bank.sections_by_id[question.section_id]
    kept = {q.id for q in section.questions if q.asks} & set(draft.answers)
    assert {"client_reference", "age"} <= kept
