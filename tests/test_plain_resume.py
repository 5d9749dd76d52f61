"""Plain mode and the app share drafts: a plain-mode draft resumes in plain mode and in
the app, and an app draft resumes in plain mode (the latest offered, several listed)."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest

from intake_tui.app.screens.question import QuestionScreen
from intake_tui.core.clock import shown
from intake_tui.core.report.toml_io import read_report
from intake_tui.plain import words
from tests.app_support import FIXED_ID, make_app
from tests.plain_support import PLAIN_ID, PLAIN_NOW, lines_for, only_report, run_lines
from tests.support import FIXTURE_BANK, fixture_answers, fixture_bundle
from tests.waiting import wait_until

SIZE = (100, 40)


def full_lines() -> list[str]:
    return lines_for(fixture_bundle(), fixture_answers(), "self")


def draft_after_two_answers(data: Path) -> None:
    """Plain mode stopped (end of input) after the age and the skin type."""
    run_lines(full_lines()[:3], data, questions=FIXTURE_BANK)


def test_a_plain_draft_resumes_in_plain_mode_where_it_stopped(tmp_path: Path) -> None:
    draft_after_two_answers(tmp_path)
    resumed = run_lines(["y", *full_lines()[3:]], tmp_path, questions=FIXTURE_BANK)
    started = shown(PLAIN_NOW, fixture_bundle().settings.zone)
    assert words.RESUME_ONE.format(started=started) in resumed.output
    fitz = fixture_bundle().bank.by_id["fitz_quiz_offer"]
    assert resumed.output.index(fitz.prompt) < resumed.output.index(words.REVIEW_TITLE)
    assert (
        fixture_bundle().bank.by_id["age"].prompt not in resumed.output.split(words.REVIEW_TITLE)[0]
    )  # not asked again
    report = only_report(tmp_path)
    assert report.session_id == PLAIN_ID and report.status == "completed"
    assert report.answers["age"] == 35


def test_n_starts_a_new_intake_and_keeps_the_draft(tmp_path: Path) -> None:
    draft_after_two_answers(tmp_path)
    run_lines(["n", *full_lines()], tmp_path, questions=FIXTURE_BANK, session_id="91a1000000000002")
    reports = {r.session_id: r for r in map(read_report, tmp_path.glob("intake-*.toml"))}
    assert reports[PLAIN_ID].status == "in_progress"
    assert reports["91a1000000000002"].status == "completed"


def test_several_drafts_are_listed_newest_first_and_one_picked(tmp_path: Path) -> None:
    draft_after_two_answers(tmp_path)
    later = PLAIN_NOW.replace(hour=10)
    run_lines(["n", "", "50"], tmp_path, questions=FIXTURE_BANK, now=later, session_id="91a2" * 4)
    resumed = run_lines(["2", *full_lines()[3:]], tmp_path, questions=FIXTURE_BANK, now=later)
    assert words.RESUME_SEVERAL in resumed.output
    listed = resumed.output.split(words.RESUME_SEVERAL)[1]
    assert "1. 2026-11-26 10:00" in listed and "2. 2026-11-26 09:00" in listed
    reports = {r.session_id: r for r in map(read_report, tmp_path.glob("intake-*.toml"))}
    assert reports[PLAIN_ID].status == "completed"
    assert reports["91a2" * 4].status == "in_progress"


async def test_a_draft_written_by_the_app_resumes_in_plain_mode(tmp_path: Path) -> None:
    app = make_app(tmp_path, bundle=fixture_bundle())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen), "the walk")
        await pilot.press("enter", "3", "5", "enter")  # the welcome note, then the age
        await wait_until(pilot, lambda: app.last_saved is not None, "the draft saved")
        await pilot.press("ctrl+g")
    assert read_report(tmp_path / f"intake-{FIXED_ID}.toml").answers == {"age": 35}
    resumed = run_lines(["y", *full_lines()[2:]], tmp_path, questions=FIXTURE_BANK)
    assert resumed.status == 0
    report = only_report(tmp_path)
    assert report.session_id == FIXED_ID and report.status == "completed"


async def test_a_plain_mode_draft_resumes_in_the_app(tmp_path: Path) -> None:
    draft_after_two_answers(tmp_path)
    app = make_app(tmp_path, bundle=fixture_bundle())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen), "the resume")
        assert app.session is not None
        assert app.session.session_id == PLAIN_ID
        assert app.session.answers == {"age": 35, "skin_tone_self": "type_3"}
        assert app.session.current_id == "fitz_quiz_offer"


def test_a_front_desk_draft_is_not_offered_in_self_assessment_when_switching_is_off(
    tmp_path: Path,
) -> None:
    from tests.support import copy_bank, edit

    questions = copy_bank(tmp_path)
    edit(questions / "settings.toml", 'mode_switch = "with_initials"', 'mode_switch = "off"')
    data = tmp_path / "data"
    run_lines(["AB", "", "", "35"], data, questions=questions, mode="front_desk")
    assert only_report(data).mode == "front_desk"
    run = run_lines([], data, questions=questions, mode="self")
    assert "Resume" not in run.output


def test_a_front_desk_draft_resumed_in_self_assessment_asks_initials_and_switches(
    tmp_path: Path,
) -> None:
    answers = {**fixture_answers(), "client_reference": "K-1"}
    full = lines_for(fixture_bundle(), answers, "front_desk")
    run_lines(full[:4], tmp_path, questions=FIXTURE_BANK, mode="front_desk")  # AB, note, ref, age
    resumed = run_lines(["y", "ZZ", *full[4:]], tmp_path, questions=FIXTURE_BANK, mode="self")
    assert words.STAFF_INITIALS in resumed.output
    report = only_report(tmp_path)
    assert report.status == "completed" and report.mode == "front_desk"
    log = (tmp_path / "audit.log").read_text("utf-8")
    assert '"action": "mode_switched"' in log and '"staff_initials": "ZZ"' in log


def test_the_draft_stays_reserved_while_plain_mode_waits_for_a_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lease's heartbeat goes on while nobody types (as the app's timer does), so
    another terminal never takes a slow reader's draft for a dead one's; it goes when
    plain mode ends."""
    from intake_tui.core.lease import lease_path, read_holder
    from intake_tui.plain import keeper
    from intake_tui.plain.start import run_plain
    from tests.waiting import poll_until

    monkeypatch.setattr(keeper, "HEARTBEAT_SECONDS", 0.01)
    reading, writing = os.pipe()
    with os.fdopen(reading, "r") as lines, os.fdopen(writing, "w") as typed:
        typed.write("\n35\n")
        typed.flush()
        statuses: list[int] = []
        walk = threading.Thread(
            target=lambda: statuses.append(
                run_plain(
                    FIXTURE_BANK,
                    tmp_path,
                    "self",
                    lines=lines,
                    out=io.StringIO(),
                    clock=lambda: PLAIN_NOW,
                    new_id=lambda: PLAIN_ID,
                )
            )
        )
        walk.start()
        lease = lease_path(tmp_path, PLAIN_ID)
        poll_until(lambda: read_holder(lease) is not None, "the draft reserved")
        first = read_holder(lease)
        assert first is not None
        poll_until(
            lambda: (now := read_holder(lease)) is not None and now.heartbeat > first.heartbeat,
            "a heartbeat while waiting for a line",
        )
        typed.close()
        walk.join()
    assert statuses == [0] and read_holder(lease) is None


def test_leaving_a_resumed_draft_at_once_says_it_is_kept(tmp_path: Path) -> None:
    draft_after_two_answers(tmp_path)
    run = run_lines(["y"], tmp_path, questions=FIXTURE_BANK)
    assert run.output.rstrip().endswith(words.END_OF_INPUT)
    assert only_report(tmp_path).answers == {"age": 35, "skin_tone_self": "type_3"}


def test_a_draft_open_in_another_terminal_is_taken_over_only_when_asked(tmp_path: Path) -> None:
    from intake_tui.core.lease import take

    draft_after_two_answers(tmp_path)
    take(tmp_path, PLAIN_ID)  # another terminal, alive, holds it
    declined = run_lines(["y", "n"], tmp_path, questions=FIXTURE_BANK, session_id="91a3" * 4)
    assert "That intake is open in another terminal" in declined.output
    assert "Fixture welcome note." in declined.output  # a new intake instead
    taken = run_lines(["y", "y", *full_lines()[3:]], tmp_path, questions=FIXTURE_BANK)
    assert taken.status == 0
    assert read_report(tmp_path / f"intake-{PLAIN_ID}.toml").status == "completed"
