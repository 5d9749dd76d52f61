"""The branching engine on the fixture bank: enabled questions, navigation, progress, hidden answers."""

from __future__ import annotations

from itertools import pairwise

import pytest

from intake_tui.core.answers import TypedInputError, problem_with, value_from_text
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.flow import Flow


def ids(flow: Flow) -> list[str]:
    return [q.id for q in flow.enabled]


def test_a_minor_sees_only_the_age_and_a_kind_note(fixture_bank: Bundle) -> None:
    flow = Flow.compute(fixture_bank, {"age": 16})
    assert ids(flow) == ["welcome_note", "age", "minor_note"]
    assert flow.missing_required() == []


def test_an_adult_skips_the_minor_note_and_sees_every_section(fixture_bank: Bundle) -> None:
    flow = Flow.compute(fixture_bank, {"age": 30})
    enabled = ids(flow)
    assert "minor_note" not in enabled
    assert {"skin_tone_self", "keloid", "smoking", "concerns", "start_date"} <= set(enabled)


def test_client_reference_is_asked_only_at_the_front_desk(fixture_bank: Bundle) -> None:
    assert not Flow.compute(fixture_bank, {}, {"mode": "self"}).is_enabled("client_reference")
    assert Flow.compute(fixture_bank, {}, {"mode": "front_desk"}).is_enabled("client_reference")


def test_not_sure_of_skin_tone_opens_the_quiz(fixture_bank: Bundle) -> None:
    unsure = Flow.compute(fixture_bank, {"age": 30, "skin_tone_self": "not_sure"})
    quiz = fixture_bank.protocol.facts.phototype.quiz_questions
    assert all(unsure.is_enabled(q) for q in quiz)
    assert not unsure.is_enabled("fitz_quiz_offer")
    sure = Flow.compute(
        fixture_bank, {"age": 30, "skin_tone_self": "type_2", "fitz_quiz_offer": "no"}
    )
    assert not any(sure.is_enabled(q) for q in quiz)
    wants = Flow.compute(
        fixture_bank, {"age": 30, "skin_tone_self": "type_2", "fitz_quiz_offer": "yes"}
    )
    assert all(wants.is_enabled(q) for q in quiz)


def test_follow_ups_appear_only_after_their_trigger(fixture_bank: Bundle) -> None:
    flow = Flow.compute(
        fixture_bank, {"age": 30, "concerns": ["acne_scars"], "scar_look": "others_notice"}
    )
    assert flow.is_enabled("scar_stretch") and flow.is_enabled("treatment_areas")
    assert not flow.is_enabled("stretch_colour")
    stretch = Flow.compute(fixture_bank, {"age": 30, "concerns": ["stretch_marks"]})
    assert stretch.is_enabled("stretch_mark_areas")
    assert not stretch.is_enabled("treatment_areas")


def test_hidden_answers_are_ignored_but_kept_for_when_the_branch_returns(
    fixture_bank: Bundle, fixture_baseline: dict[str, AnswerValue]
) -> None:
    answers = fixture_baseline | {"skin_conditions": ["eczema"], "skin_flaring": "no"}
    assert Flow.compute(fixture_bank, answers).visible_answers["skin_flaring"] == "no"
    switched_off = {**answers, "skin_conditions": ["none"]}
    flow = Flow.compute(fixture_bank, switched_off)
    assert "skin_flaring" not in flow.visible_answers
    assert flow.missing_required() == []
    switched_back = {**switched_off, "skin_conditions": ["rosacea"]}
    assert Flow.compute(fixture_bank, switched_back).visible_answers["skin_flaring"] == "no"


def test_a_hidden_answer_never_enables_its_own_follow_ups(fixture_bank: Bundle) -> None:
    # scar_stretch's answer stays stored, but with acne scars deselected neither it
    # nor the grade it implies may reach the flow.
    answers: dict[str, AnswerValue] = {
        "age": 30,
        "concerns": ["fine_lines"],
        "scar_look": "others_notice",
        "scar_stretch": "stays",
    }
    flow = Flow.compute(fixture_bank, answers)
    assert not flow.is_enabled("scar_stretch")
    assert "acne_scar_grade" not in flow.facts


def test_required_applies_only_to_enabled_questions(
    fixture_bank: Bundle, fixture_baseline: dict[str, AnswerValue]
) -> None:
    assert Flow.compute(fixture_bank, fixture_baseline).missing_required() == []
    missing = Flow.compute(
        fixture_bank, {**fixture_baseline, "concerns": ["fine_lines", "stretch_marks"]}
    ).missing_required()
    assert [q.id for q in missing] == ["stretch_colour", "stretch_mark_areas"]


def test_next_and_previous_walk_the_enabled_items_in_order(
    fixture_bank: Bundle, fixture_baseline: dict[str, AnswerValue]
) -> None:
    flow = Flow.compute(fixture_bank, fixture_baseline)
    walked = []
    current = flow.next_after(None)
    while current is not None:
        walked.append(current.id)
        current = flow.next_after(current.id)
    assert walked == ids(flow)
    for earlier, later in pairwise(walked):
        previous = flow.previous_before(later)
        assert previous is not None and previous.id == earlier
    assert flow.previous_before(walked[0]) is None


def test_progress_counts_only_enabled_questions(
    fixture_bank: Bundle, fixture_baseline: dict[str, AnswerValue]
) -> None:
    flow = Flow.compute(fixture_bank, fixture_baseline)
    total = len(flow.askable)
    assert flow.progress("age") == (1, total)
    assert flow.progress("start_date") == (total, total)
    with_quiz = Flow.compute(fixture_bank, {**fixture_baseline, "fitz_quiz_offer": "yes"})
    quiz = fixture_bank.protocol.facts.phototype.quiz_questions
    assert with_quiz.progress("start_date")[1] == total + len(quiz)


def test_resume_lands_on_the_first_unanswered_question(
    fixture_bank: Bundle, fixture_baseline: dict[str, AnswerValue]
) -> None:
    partial = {k: fixture_baseline[k] for k in ("age", "skin_tone_self", "fitz_quiz_offer")}
    first = Flow.compute(fixture_bank, partial).first_unanswered()
    assert first is not None and first.id == "skin_conditions"
    assert Flow.compute(fixture_bank, fixture_baseline).first_unanswered() is None


@pytest.mark.parametrize(
    ("question_id", "text", "expected"),
    [
        ("age", " 34 ", 34),
        ("start_date", "2026-12-01", "2026-12-01"),
        ("age", "", None),
    ],
)
def test_typed_text_becomes_a_value(
    fixture_bank: Bundle, question_id: str, text: str, expected: object
) -> None:
    value = value_from_text(fixture_bank.bank.by_id[question_id], text)
    assert (value.isoformat() if hasattr(value, "isoformat") else value) == expected


@pytest.mark.parametrize(
    ("question_id", "text", "message"),
    [
        ("age", "thirty", "whole number"),
        ("age", "130", "Fixture: an age between 0 and 120."),
        ("start_date", "01/12/2026", "YYYY-MM-DD"),
    ],
)
def test_bad_typed_text_is_refused_with_the_banks_message(
    fixture_bank: Bundle, question_id: str, text: str, message: str
) -> None:
    with pytest.raises(TypedInputError, match=message):
        value_from_text(fixture_bank.bank.by_id[question_id], text)


def test_exclusive_none_cannot_be_combined(fixture_bank: Bundle) -> None:
    question = fixture_bank.bank.by_id["skin_conditions"]
    assert problem_with(question, ["none"]) is None
    assert problem_with(question, ["eczema", "rosacea"]) is None
    assert "cannot be combined" in (problem_with(question, ["none", "eczema"]) or "")
