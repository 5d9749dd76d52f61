"""The intake controller: every navigation and saving rule, without Textual.

These run in milliseconds; only a handful of Pilot walks (test_app_flows.py) check
that the screens forward keys to it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake_tui.core.answers import problem_with
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.controller import (
    Answer,
    AnswerText,
    Back,
    Choose,
    Finish,
    Home,
    Intent,
    JumpTo,
    LeaveReview,
    OverrideGate,
    Review,
    SeeSummary,
    may_override,
    may_see_summary,
    step,
)
from intake_tui.core.modes import Mode
from intake_tui.core.session import IntakeSession
from tests.strategies import examples
from tests.support import bundled, fixture_answers, fixture_bundle

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
Answers = dict[str, AnswerValue]
# Changes to the fixture baseline that stop at the gate (tests/fixture_bank/protocol/rules.toml).
GATE_ANSWERS: dict[str, Answers] = {
    "not_now": {"skin_conditions": ["eczema"], "skin_flaring": "yes"},
    "physician_first": {"keloid": "yes"},
}


def start(mode: Mode = "self", bundle: Bundle | None = None) -> IntakeSession:
    return IntakeSession.start(bundle or fixture_bundle(), mode, NOW, session_id="00000000000000c1")


def walk(session: IntakeSession, answers: Answers) -> IntakeSession:
    """Answer every question met with ``answers`` (a note with None) up to the review."""
    while session.current is not None:
        question = session.current
        result = step(session, Answer(question.id, answers.get(question.id)), NOW)
        assert result.changed, f"{question.id}: {result.problem}"
        session = result.session
    return session


def at(question_id: str, answers: Answers | None = None, mode: Mode = "self") -> IntakeSession:
    """A session walked with ``answers`` until ``question_id`` is the current one."""
    session = start(mode)
    given_answers = answers if answers is not None else fixture_answers()
    while session.current_id != question_id:
        assert session.current is not None, f"{question_id} was never reached"
        answer = Answer(session.current_id, given_answers.get(session.current_id))
        session = step(session, answer, NOW).session
    return session


def asked(session: IntakeSession) -> list[str]:
    return [q.id for q in session.flow.enabled]


# --- answering ---------------------------------------------------------------------


def test_an_answer_is_recorded_and_the_walk_moves_to_the_next_enabled_item() -> None:
    session = start()
    first = session.current_id
    assert first is not None
    after = step(session, Answer(first, None), NOW)  # the first item is a note
    assert after.view == "question" and after.changed
    enabled = asked(after.session)
    assert after.session.current_id == enabled[enabled.index(first) + 1]


def test_a_late_answer_for_another_question_changes_nothing() -> None:
    """A key auto-repeated past a transition carries the question it was made for."""
    session = at("age")
    result = step(session, Answer("welcome_note", None), NOW)
    assert not result.changed and result.session is session and result.problem == ""
    assert step(session, AnswerText("not_shown", "35"), NOW).session is session


@pytest.mark.parametrize(
    ("intent", "words"),
    [
        (AnswerText("age", ""), "required"),
        (AnswerText("age", "abc"), "whole number"),
        (AnswerText("age", "500"), "age"),
        (Answer("age", "thirty"), "whole number"),
    ],
    ids=["blank", "not a number", "out of range", "wrong type"],
)
def test_a_refused_answer_stays_put_and_says_why(intent: Intent, words: str) -> None:
    session = at("age")
    result = step(session, intent, NOW)
    assert (result.changed, result.view, result.session) == (False, "question", session)
    question = session.current
    assert question is not None
    expected = {
        "required": question.required_message,
        "age": question.validation.message if question.validation else "",
    }.get(words, words)
    assert expected and expected in result.problem


def test_typed_text_becomes_a_value_of_the_question_type() -> None:
    result = step(at("age"), AnswerText("age", " 41 "), NOW)
    assert result.session.answers["age"] == 41


def test_choose_records_without_moving_on() -> None:
    session = at("skin_tone_self")
    value = session.bundle.bank.by_id["skin_tone_self"].option_values[1]
    result = step(session, Choose("skin_tone_self", value), NOW)
    assert result.session.current_id == "skin_tone_self"
    assert result.session.answers["skin_tone_self"] == value
    assert step(session, Choose("skin_tone_self", "no such option"), NOW).changed is False


def test_skipping_an_optional_question_clears_an_earlier_answer() -> None:
    session = at("client_reference", mode="front_desk")
    answered = step(session, AnswerText("client_reference", "Jo"), NOW).session
    back = step(answered, Back(answered.current_id), NOW).session
    assert back.current_id == "client_reference" and back.answers["client_reference"] == "Jo"
    skipped = step(back, AnswerText("client_reference", "  "), NOW)
    assert skipped.changed and "client_reference" not in skipped.session.answers


# --- back, review, jump and return --------------------------------------------------


def test_back_from_the_first_item_leaves_the_intake() -> None:
    session = start()
    result = step(session, Back(session.current_id), NOW)
    assert result.view == "home" and result.session is session


def test_back_keeps_the_answer_given() -> None:
    session = at("age")
    answered = step(session, AnswerText("age", "35"), NOW).session
    back = step(answered, Back(answered.current_id), NOW)
    assert back.session.current_id == "age" and back.session.answers["age"] == 35


def test_answering_the_last_question_opens_the_review() -> None:
    done = walk(start(), fixture_answers())
    assert done.current is None
    result = step(done, Review(), NOW)
    assert result.view == "review"


def test_leaving_the_review_from_the_end_goes_to_the_last_question() -> None:
    done = walk(start(), fixture_answers())
    result = step(done, LeaveReview(), NOW)
    assert result.view == "question" and result.session.current_id == asked(done)[-1]


def test_leaving_the_review_mid_walk_returns_to_the_same_question() -> None:
    session = at("skin_tone_self")
    result = step(step(session, Review(), NOW).session, LeaveReview(), NOW)
    assert result.view == "question" and result.session.current_id == "skin_tone_self"


def test_a_jump_from_the_review_returns_there_after_the_answer() -> None:
    done = walk(start(), fixture_answers())
    jumped = step(done, JumpTo("age"), NOW)
    assert jumped.view == "question" and jumped.session.editing_from_review
    changed = step(jumped.session, AnswerText("age", "52"), NOW)
    assert changed.view == "review" and changed.session.answers["age"] == 52
    assert not changed.session.editing_from_review


def test_back_while_editing_from_the_review_returns_there_unchanged() -> None:
    done = walk(start(), fixture_answers())
    jumped = step(done, JumpTo("age"), NOW).session
    result = step(jumped, Back("age"), NOW)
    assert result.view == "review" and result.session.answers == done.answers
    assert not result.session.editing_from_review


def test_a_jump_to_a_question_that_is_not_asked_changes_nothing() -> None:
    done = walk(start(), fixture_answers())
    hidden = next(q.id for q in done.bundle.bank.questions if not done.flow.is_enabled(q.id))
    assert step(done, JumpTo(hidden), NOW).changed is False


# --- finishing, the gate and the override ---------------------------------------------


def test_finish_with_a_question_unanswered_stays_on_the_review_and_names_it() -> None:
    session = at("skin_tone_self")
    result = step(session, Finish(), NOW)
    assert (result.view, result.changed, result.report) == ("review", False, None)
    first_missing = session.flow.missing_required()[0]
    assert first_missing.prompt in result.problem


def test_finish_when_complete_shows_the_results_with_the_saved_report() -> None:
    done = walk(start(), fixture_answers())
    result = step(done, Finish(), NOW)
    assert result.view == "results" and result.session.status == "completed"
    report = result.report
    assert report is not None and report.status == "completed"
    assert report.recommendation is not None
    assert report.recommendation.gate.decision == "go_ahead"


@pytest.mark.parametrize("decision", sorted(GATE_ANSWERS))
def test_a_gate_that_is_not_go_ahead_is_shown_first(decision: str) -> None:
    done = walk(start(), {**fixture_answers(), **GATE_ANSWERS[decision]})
    result = step(done, Finish(), NOW)
    assert result.view == "gate"
    assert result.report is not None and result.report.recommendation is not None
    assert result.report.recommendation.gate.decision == decision


def gated(mode: Mode) -> IntakeSession:
    done = walk(start(mode), {**fixture_answers(), **GATE_ANSWERS["physician_first"]})
    return step(done, Finish(), NOW).session


def test_the_front_desk_may_override_the_gate_once_with_reason_and_initials() -> None:
    session = gated("front_desk")
    assert may_override(session)
    result = step(session, OverrideGate("doctor's letter seen", "JS"), NOW)
    assert result.view == "results" and result.changed
    report = result.report
    assert report is not None and report.override is not None
    assert (report.override.reason, report.override.staff_initials) == (
        "doctor's letter seen",
        "JS",
    )
    assert not may_override(result.session)
    again = step(result.session, OverrideGate("again", "XY"), NOW)
    assert not again.changed and again.report is report


def test_self_assessment_has_no_override() -> None:
    session = gated("self")
    assert not may_override(session)
    result = step(session, OverrideGate("because", "JS"), NOW)
    assert (result.changed, result.view) == (False, "gate")


@pytest.mark.parametrize(("mode", "view"), [("self", "results"), ("front_desk", "gate")])
def test_only_self_assessment_reads_the_summary_past_the_gate(mode: Mode, view: str) -> None:
    session = gated(mode)
    result = step(session, SeeSummary(), NOW)
    assert (result.view, result.changed, result.session) == (view, mode == "self", session)
    assert may_see_summary(session) is (mode == "self")


def test_a_go_ahead_intake_has_no_override() -> None:
    done = step(walk(start("front_desk"), fixture_answers()), Finish(), NOW).session
    assert not may_override(done)


@pytest.mark.parametrize(
    "intent",
    [Answer("age", 30), AnswerText("age", "30"), Back(None), Review(), JumpTo("age"), Finish()],
    ids=lambda i: type(i).__name__,
)
def test_a_completed_intake_ignores_late_keys(intent: Intent) -> None:
    done = step(walk(start(), fixture_answers()), Finish(), NOW)
    result = step(done.session, intent, NOW)
    assert not result.changed and result.session is done.session and result.view == "results"


def test_home_leaves_from_anywhere_and_keeps_the_session() -> None:
    finished = step(walk(start(), fixture_answers()), Finish(), NOW).session
    for session in (start(), at("skin_tone_self"), finished):
        result = step(session, Home(), NOW)
        assert result.view == "home" and result.session is session


# --- what is worth saving -------------------------------------------------------------


def test_what_is_recorded_covers_answers_and_where_the_walk_stands() -> None:
    session = at("age")
    answered = step(session, AnswerText("age", "35"), NOW).session
    moved = step(answered, Back(answered.current_id), NOW).session
    assert session.records_differ(answered)
    assert answered.records_differ(moved)  # a draft resumes where it stood
    assert not moved.records_differ(moved.editing(from_review=True))


def test_an_intake_without_answers_is_not_worth_keeping() -> None:
    session = start()
    past_note = step(session, Answer(session.current_id or "", None), NOW).session
    assert not session.worth_keeping and not past_note.worth_keeping
    assert step(past_note, AnswerText("age", "35"), NOW).session.worth_keeping


# --- invariants over any sequence of intents --------------------------------------------


def intents_for(session: IntakeSession) -> st.SearchStrategy[Intent]:
    """Intents for the question shown as often as for any other (a late key)."""
    question_ids = tuple(q.id for q in session.bundle.bank.questions)
    return intents_about(question_ids, session.current_id or "age")


@cache
def intents_about(question_ids: tuple[str, ...], current_id: str) -> st.SearchStrategy[Intent]:
    """Built once per question shown: building and validating a strategy costs far more
    than drawing from it, and a walk meets the same few questions again and again."""
    any_question = st.sampled_from(question_ids)
    ids = st.one_of(st.just(current_id), any_question)
    values = st.one_of(
        st.none(), st.integers(-5, 200), st.sampled_from(["yes", "no", "type_2", "none", ""])
    )
    return st.one_of(
        st.builds(Answer, ids, values),
        st.builds(AnswerText, ids, st.sampled_from(["", "35", "x", "2026-12-01"])),
        st.builds(Choose, ids, st.sampled_from(["yes", "no", "type_2", "blue"])),
        st.builds(Back, st.one_of(st.none(), ids)),
        st.just(Review()),
        st.builds(JumpTo, ids),
        st.just(LeaveReview()),
        st.just(Finish()),
        st.builds(OverrideGate, st.just("letter seen"), st.just("JS")),
    )


@settings(max_examples=examples(60), deadline=None)
@given(data=st.data())
def test_any_sequence_of_intents_keeps_the_walk_consistent(data: st.DataObject) -> None:
    """Whatever arrives, in whatever order: the current item is enabled (or the walk
    is at its end), every answer kept was valid for its question, a refused intent
    changes nothing, and only a complete intake is ever completed."""
    session = start(data.draw(st.sampled_from(["self", "front_desk"])))
    for _ in range(data.draw(st.integers(1, 40))):
        intent = data.draw(intents_for(session))
        result = step(session, intent, NOW)
        if not result.changed:
            assert result.session is session
        session = result.session
        assert session.current_id is None or session.flow.is_enabled(session.current_id)
        for question_id, value in session.answers.items():
            assert problem_with(session.bundle.bank.by_id[question_id], value) is None
        if session.status == "completed":
            assert session.flow.is_complete and session.completed_report is not None
        else:
            assert session.completed_report is None


@pytest.mark.parametrize("mode", ["self", "front_desk"])
def test_a_correction_from_the_review_that_opens_questions_continues_the_walk(mode: Mode) -> None:
    """An age typed as 15 instead of 35 ends the walk early; corrected from the review,
    the walk goes on at the first question the correction opened (not at an optional
    question skipped before, like the front desk's client reference)."""
    minor = walk(start(mode), {**fixture_answers(), "age": 15})
    assert step(minor, Finish(), NOW).view == "gate"  # complete as a minor
    jumped = step(minor, JumpTo("age"), NOW).session
    corrected = step(jumped, AnswerText("age", "35"), NOW)
    assert corrected.view == "question"
    assert corrected.session.current_id == "skin_tone_self"  # the fixture's first adult question
    assert not corrected.session.editing_from_review
    rest = walk(corrected.session, fixture_answers())
    assert step(rest, Finish(), NOW).view == "results"


def test_a_correction_that_opens_no_question_returns_to_the_review() -> None:
    done = walk(start(), fixture_answers())
    jumped = step(done, JumpTo("skin_conditions"), NOW).session
    assert step(jumped, Answer("skin_conditions", ["none"]), NOW).view == "review"


@pytest.mark.parametrize("mode", ["self", "front_desk"])
def test_a_resumed_draft_continues_where_it_stopped(mode: Mode) -> None:
    stopped = at("keloid", mode=mode)
    draft = stopped.to_report(NOW)
    resumed, dropped = IntakeSession.resume(fixture_bundle(), draft)
    assert (resumed.current_id, dropped) == ("keloid", [])


def test_a_draft_whose_question_is_no_longer_asked_resumes_at_the_first_gap() -> None:
    stopped = at("keloid", mode="front_desk")  # the client reference was skipped
    draft = stopped.to_report(NOW).model_copy(update={"current_question": "gone"})
    resumed, _ = IntakeSession.resume(fixture_bundle(), draft)
    assert resumed.current_id == "keloid"  # the first required question without an answer


def test_the_bundled_age_question_refuses_an_implausible_age() -> None:
    """Age 0 was accepted (a slip for 38) and sent an adult down the minors' path."""
    session = start(bundle=bundled())
    while session.current_id != "age":
        assert session.current is not None
        session = step(session, Answer(session.current_id, None), NOW).session
    for slip in ("0", "3"):
        result = step(session, AnswerText("age", slip), NOW)
        assert not result.changed and result.problem
    assert step(session, AnswerText("age", "38"), NOW).changed
