"""A returning client's intake (issue 14 point 2), in the core: last visit's answers
offered section by section, time-sensitive ones asked afresh, the last visit's
outcome asked, and what changed since worded for the results and documents."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from intake_tui.cli.main import main
from intake_tui.core.bank.lint import lint_bundle
from intake_tui.core.bank.models import Question
from intake_tui.core.bundle import load_bundle
from intake_tui.core.changes import changes_since
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.controller import Answer, Finish, Step, StillTrue, step
from intake_tui.core.document.build import SINCE_LAST_TIME, build_document
from intake_tui.core.document.model import Heading, PageBreak, Table
from intake_tui.core.errors import BankError
from intake_tui.core.report.models import SessionReport
from intake_tui.core.report.toml_io import dumps_report, loads_report, read_report
from intake_tui.core.session import IntakeSession
from tests.model_support import render_markdown
from tests.support import FIXTURE_BANK, copy_bank, edit, fixture_answers, fixture_bundle

FIRST_VISIT = datetime(2026, 5, 26, 9, 30, tzinfo=UTC)
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def completed(answers: dict[str, AnswerValue], at: datetime = FIRST_VISIT) -> SessionReport:
    """A first visit's completed report with these answers (fixture bank)."""
    session = IntakeSession(fixture_bundle(), "a" * 16, "front_desk", at, answers=answers)
    return session.to_report(at, status="completed")


def first_visit() -> SessionReport:
    answers = {**fixture_answers(), "client_reference": "#1"}
    answers["start_date"] = FIRST_VISIT.date() + timedelta(days=7)
    return completed(answers)


def follow_up(previous: SessionReport | None = None) -> IntakeSession:
    return IntakeSession.follow_up(
        fixture_bundle(), previous or first_visit(), "front_desk", NOW, "AB", "b" * 16
    )


def current(session: IntakeSession) -> Question:
    assert session.current is not None, "the walk ended early"
    return session.current


def answer_current(session: IntakeSession, value: AnswerValue | None) -> Step:
    return step(session, Answer(current(session).id, value), NOW)


def walk(session: IntakeSession, fresh: dict[str, AnswerValue]) -> IntakeSession:
    """Accept each section's offers; answer ``fresh`` where the walk stops to ask."""
    while session.current is not None:
        question = current(session)
        if question.asks and session.offered(question.id) is not None:
            moved = step(session, StillTrue(question.id), NOW)
        else:
            moved = answer_current(session, fresh.get(question.id))
        assert moved.changed, f"stuck on {question.id}: {moved.problem}"
        session = moved.session
    return session


FRESH: dict[str, AnswerValue] = {
    "last_visit_reaction": "fine",
    "sessions_done": 3,
    "isotretinoin": "no",
    "start_date": NOW.date() + timedelta(days=7),
}


def test_offers_carry_last_answers_but_never_time_sensitive_ones() -> None:
    session = follow_up()
    bank = fixture_bundle().bank
    assert session.offers["skin_tone_self"] == "type_3"
    assert session.offers["concerns"] == ["fine_lines"]
    afresh = {q.id for q in bank.questions if q.ask_afresh}
    assert {"isotretinoin", "start_date"} <= afresh
    assert afresh.isdisjoint(session.offers)
    assert session.answers == {}, "an offer is not an answer until it is accepted"


def test_still_true_accepts_a_section_and_stops_at_a_question_asked_afresh() -> None:
    session = follow_up()
    assert current(session).section_id == "about_you"
    taken = step(session, StillTrue(current(session).id), NOW)
    assert taken.session.answers["age"] == 35
    # The next section asks about the last visit: nothing offered, asked afresh.
    assert current(taken.session).id == "last_visit_reaction"
    still = step(taken.session, StillTrue("last_visit_reaction"), NOW)
    assert not still.changed
    assert still.session.current_id == "last_visit_reaction"


def test_still_true_stops_inside_a_section_at_a_time_sensitive_question() -> None:
    session = follow_up()
    session = step(session, StillTrue(current(session).id), NOW).session
    session = answer_current(session, "fine").session
    session = answer_current(session, 3).session
    assert current(session).section_id == "health"
    taken = step(session, StillTrue(current(session).id), NOW)
    assert current(taken.session).id == "isotretinoin"
    assert taken.session.answers["keloid"] == "no"


def test_a_late_still_true_for_another_question_changes_nothing() -> None:
    session = follow_up()
    late = step(session, StillTrue("concerns"), NOW)
    assert not late.changed and late.session is session


def test_the_last_visit_is_asked_only_in_a_follow_up() -> None:
    first = replace(IntakeSession.start(fixture_bundle(), "front_desk", NOW), answers={"age": 35})
    assert "last_visit_reaction" not in {q.id for q in first.flow.enabled}
    returning = replace(follow_up(), answers={"age": 35})
    assert "last_visit_reaction" in {q.id for q in returning.flow.enabled}


def test_the_question_count_has_the_last_visit_only_in_a_follow_up() -> None:
    """Before the age is known, "Question 1 of about N" counts the sections it may
    open; a first visit never opens the follow-up's, a follow-up does."""
    first = IntakeSession.start(fixture_bundle(), "front_desk", NOW)
    _, first_total = first.flow.progress(first.current_id)
    _, follow_up_total = follow_up().flow.progress(first.current_id)
    last_visit = fixture_bundle().bank.sections_by_id["last_visit"].questions
    assert follow_up_total == first_total + len(last_visit)


def test_a_reaction_last_time_makes_the_plan_one_step_gentler() -> None:
    fine = walk(follow_up(), FRESH)
    red = walk(follow_up(), {**FRESH, "last_visit_reaction": "long_redness"})
    fine_done = step(fine, Finish(), NOW).report
    red_done = step(red, Finish(), NOW).report
    assert fine_done is not None and red_done is not None
    assert fine_done.recommendation and red_done.recommendation
    fine_mm = fine_done.recommendation.depths[0].max_mm
    red_mm = red_done.recommendation.depths[0].max_mm
    assert red_mm < fine_mm
    adjusted = [r.rule_id for r in red_done.recommendation.adjustments]
    assert "adjust.last_visit_reaction" in adjusted


def test_the_report_records_what_it_follows_and_what_changed() -> None:
    previous = first_visit()
    session = walk(follow_up(previous), {**FRESH, "isotretinoin": "yes"})
    report = step(session, Finish(), NOW).report
    assert report is not None
    assert report.follows == previous.session_id
    noted = report.changes_since_last or []
    answers = [c for c in noted if c.output == "answer"]
    isotretinoin = fixture_bundle().bank.by_id["isotretinoin"]
    assert [(c.what, c.before, c.after) for c in answers] == [
        (isotretinoin.prompt, isotretinoin.label_for("no"), isotretinoin.label_for("yes")),
        ("Fixture start date?", "2026-06-02", "2026-12-03"),
    ]
    assert loads_report(dumps_report(report)) == report


def test_a_first_visit_report_has_no_follow_up_fields_in_its_file() -> None:
    text = dumps_report(first_visit())
    assert "follows" not in text and "changes_since_last" not in text


def test_changes_word_the_gate_depth_and_plan_as_the_rescore_does() -> None:
    previous = first_visit()
    answers = {**previous.answers, "keloid": "yes"}
    new = completed(answers, NOW)
    noted = changes_since(previous, new, fixture_bundle())
    outputs = {c.output for c in noted}
    assert {"answer", "gate", "depth"} <= outputs
    gate = next(c for c in noted if c.what == "Gate")
    titles = fixture_bundle().protocol.wording
    assert gate.before == titles.decision("go_ahead").title
    assert gate.after == titles.decision("physician_first").title
    depth = next(c for c in noted if c.output == "depth")
    assert depth.after.endswith("(on hold)")


def test_nothing_changed_means_no_change_lines() -> None:
    previous = first_visit()
    assert changes_since(previous, previous, fixture_bundle()) == []


def test_a_resumed_follow_up_draft_still_follows_and_asks_the_last_visit() -> None:
    session = follow_up()
    session = step(session, StillTrue(current(session).id), NOW).session
    draft = session.to_report(NOW)
    resumed, _ = IntakeSession.resume(fixture_bundle(), draft)
    assert resumed.follows == session.follows
    assert resumed.current_id == "last_visit_reaction"


# --- the documents ------------------------------------------------------------------------


def followed_report(changed: dict[str, AnswerValue]) -> SessionReport:
    previous = first_visit()
    session = walk(follow_up(previous), {**FRESH, **changed})
    report = step(session, Finish(), NOW).report
    assert report is not None
    return report


def test_the_practitioner_copy_says_what_changed_after_the_summary_page() -> None:
    report = followed_report({"isotretinoin": "yes"})
    document = build_document(report, fixture_bundle(), "practitioner")
    blocks = list(document.blocks)
    since = blocks.index(Heading(SINCE_LAST_TIME))
    assert since > blocks.index(PageBreak())  # the one-page summary keeps its length
    table = blocks[since + 1]
    assert isinstance(table, Table)
    isotretinoin = fixture_bundle().bank.by_id["isotretinoin"]
    row = (isotretinoin.prompt, isotretinoin.label_for("no"), isotretinoin.label_for("yes"))
    assert row in table.rows
    assert SINCE_LAST_TIME in render_markdown(report, fixture_bundle())
    client = build_document(report, fixture_bundle(), "client")
    assert Heading(SINCE_LAST_TIME) not in client.blocks


def test_a_first_visit_has_no_since_last_time_and_an_unread_one_says_so() -> None:
    first = first_visit()
    assert SINCE_LAST_TIME not in render_markdown(first, fixture_bundle())
    unread = first.model_copy(update={"follows": "c" * 16})
    shown = render_markdown(unread, fixture_bundle())
    assert SINCE_LAST_TIME in shown and "could not be read" in shown
    same = first.model_copy(update={"follows": "c" * 16, "changes_since_last": []})
    assert "Nothing changed since the last visit." in render_markdown(same, fixture_bundle())


def test_an_amended_follow_up_still_follows_and_keeps_the_last_visit_answers(
    tmp_path: Path,
) -> None:
    report = followed_report({"isotretinoin": "yes"})
    source, amended = tmp_path / "follow-up.toml", tmp_path / "amended.toml"
    source.write_text(dumps_report(report), encoding="utf-8")
    argv = ["--questions", str(FIXTURE_BANK), "report", "--from-session", str(source)]
    assert main([*argv, "-o", str(amended)]) == 0
    recomputed = read_report(amended)
    assert recomputed.status == "amended"
    assert recomputed.follows == report.follows
    assert recomputed.answers["last_visit_reaction"] == "fine"
    assert recomputed.changes_since_last == report.changes_since_last


# --- the bank -----------------------------------------------------------------------------


def test_a_note_cannot_be_asked_afresh(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    section = root / "sections" / "01-about-you.toml"
    edit(
        section,
        'id = "welcome_note"\ntype = "note"\n',
        'id = "welcome_note"\ntype = "note"\nask_afresh = true\n',
    )
    with pytest.raises(BankError) as caught:
        load_bundle(root)
    problem = caught.value.problems[0]
    assert "cannot be asked afresh" in problem.message
    assert problem.file is not None and problem.file.name == section.name
    assert problem.line is not None


def test_a_question_asked_only_in_a_follow_up_must_be_asked_afresh(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    section = root / "sections" / "01a-last-visit.toml"
    edit(
        section,
        'id = "sessions_done"\ntype = "integer"\nask_afresh = true\n',
        'id = "sessions_done"\ntype = "integer"\n',
    )
    warnings = [p for p in lint_bundle(load_bundle(root)) if p.question_id == "sessions_done"]
    assert [p.severity for p in warnings] == ["warning"]
    assert "ask_afresh" in warnings[0].message
    assert warnings[0].file is not None and warnings[0].file.name == section.name
