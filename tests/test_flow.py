"""The branching engine: enabled questions, navigation, progress, hidden answers."""

from __future__ import annotations

from itertools import pairwise

import pytest

from intake_tui.core.answers import TypedInputError, problem_with, value_from_text
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.flow import Flow


def ids(flow: Flow) -> list[str]:
    return [q.id for q in flow.enabled]


def test_a_minor_sees_only_the_age_and_a_kind_note(bundle: Bundle) -> None:
    flow = Flow.compute(bundle, {"age": 16})
    assert ids(flow) == ["welcome_note", "age", "minor_note"]
    assert flow.missing_required() == []


def test_an_adult_skips_the_minor_note_and_sees_every_section(bundle: Bundle) -> None:
    flow = Flow.compute(bundle, {"age": 30})
    enabled = ids(flow)
    assert "minor_note" not in enabled
    assert {"skin_tone_self", "active_acne", "smoking", "concerns", "start_date"} <= set(enabled)


def test_client_reference_is_asked_only_at_the_front_desk(bundle: Bundle) -> None:
    assert not Flow.compute(bundle, {}, {"mode": "self"}).is_enabled("client_reference")
    assert Flow.compute(bundle, {}, {"mode": "front_desk"}).is_enabled("client_reference")


def test_not_sure_of_skin_tone_opens_the_ten_item_quiz(bundle: Bundle) -> None:
    unsure = Flow.compute(bundle, {"age": 30, "skin_tone_self": "not_sure"})
    quiz = bundle.protocol.facts.phototype.quiz_questions
    assert all(unsure.is_enabled(q) for q in quiz)
    assert not unsure.is_enabled("fitz_quiz_offer")
    sure = Flow.compute(bundle, {"age": 30, "skin_tone_self": "type_2", "fitz_quiz_offer": "no"})
    assert not any(sure.is_enabled(q) for q in quiz)
    wants = Flow.compute(bundle, {"age": 30, "skin_tone_self": "type_2", "fitz_quiz_offer": "yes"})
    assert all(wants.is_enabled(q) for q in quiz)


def test_follow_ups_appear_only_after_their_trigger(bundle: Bundle) -> None:
    flow = Flow.compute(
        bundle, {"age": 30, "concerns": ["acne_scars"], "scar_look": "others_notice"}
    )
    assert flow.is_enabled("scar_stretch") and flow.is_enabled("scars_raised")
    assert not flow.is_enabled("stretch_colour")
    stretch = Flow.compute(bundle, {"age": 30, "concerns": ["stretch_marks"]})
    assert stretch.is_enabled("stretch_mark_areas")
    assert not stretch.is_enabled("treatment_areas")


def test_hidden_answers_are_ignored_but_kept_for_when_the_branch_returns(
    bundle: Bundle, answers: dict[str, AnswerValue]
) -> None:
    answers |= {
        "cold_sore_history": "yes",
        "cold_sore_frequency": "rarely",
        "cold_sore_last": "over_year",
    }
    assert Flow.compute(bundle, answers).visible_answers["cold_sore_last"] == "over_year"
    switched_off = {**answers, "cold_sore_history": "no"}
    flow = Flow.compute(bundle, switched_off)
    assert "cold_sore_last" not in flow.visible_answers
    assert flow.missing_required() == []
    switched_back = {**switched_off, "cold_sore_history": "yes"}
    assert Flow.compute(bundle, switched_back).visible_answers["cold_sore_last"] == "over_year"


def test_a_hidden_answer_never_enables_its_own_follow_ups(bundle: Bundle) -> None:
    # scar_stretch's answer stays stored, but with acne scars deselected neither it
    # nor the grade it implies may reach the flow.
    answers: dict[str, AnswerValue] = {
        "age": 30,
        "concerns": ["texture"],
        "scar_look": "others_notice",
        "scar_stretch": "stays",
    }
    flow = Flow.compute(bundle, answers)
    assert not flow.is_enabled("scar_stretch")
    assert "acne_scar_grade" not in flow.facts


def test_required_applies_only_to_enabled_questions(
    bundle: Bundle, answers: dict[str, AnswerValue]
) -> None:
    assert Flow.compute(bundle, answers).missing_required() == []
    missing = Flow.compute(
        bundle, {**answers, "concerns": ["fine_lines", "stretch_marks"]}
    ).missing_required()
    assert [q.id for q in missing] == ["stretch_colour", "stretch_mark_areas"]


def test_next_and_previous_walk_the_enabled_items_in_order(
    bundle: Bundle, answers: dict[str, AnswerValue]
) -> None:
    flow = Flow.compute(bundle, answers)
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
    bundle: Bundle, answers: dict[str, AnswerValue]
) -> None:
    flow = Flow.compute(bundle, answers)
    total = len(flow.askable)
    assert flow.progress("age") == (1, total)
    assert flow.progress("start_date") == (total, total)
    with_quiz = Flow.compute(bundle, {**answers, "fitz_quiz_offer": "yes"})
    assert with_quiz.progress("start_date")[1] == total + 10


def test_resume_lands_on_the_first_unanswered_question(
    bundle: Bundle, answers: dict[str, AnswerValue]
) -> None:
    partial = {k: answers[k] for k in ("age", "skin_tone_self", "fitz_quiz_offer")}
    first = Flow.compute(bundle, partial).first_unanswered()
    assert first is not None and first.id == "pih_history"
    assert Flow.compute(bundle, answers).first_unanswered() is None


@pytest.mark.parametrize(
    ("question_id", "text", "expected"),
    [
        ("age", " 34 ", 34),
        ("start_date", "2026-12-01", "2026-12-01"),
        ("age", "", None),
    ],
)
def test_typed_text_becomes_a_value(
    bundle: Bundle, question_id: str, text: str, expected: object
) -> None:
    value = value_from_text(bundle.bank.by_id[question_id], text)
    assert (value.isoformat() if hasattr(value, "isoformat") else value) == expected


@pytest.mark.parametrize(
    ("question_id", "text", "message"),
    [
        ("age", "thirty", "whole number"),
        ("age", "130", "between 0 and 120"),
        ("start_date", "01/12/2026", "YYYY-MM-DD"),
    ],
)
def test_bad_typed_text_is_refused_with_the_banks_message(
    bundle: Bundle, question_id: str, text: str, message: str
) -> None:
    with pytest.raises(TypedInputError, match=message):
        value_from_text(bundle.bank.by_id[question_id], text)


def test_exclusive_none_cannot_be_combined(bundle: Bundle) -> None:
    question = bundle.bank.by_id["skin_conditions"]
    assert problem_with(question, ["none"]) is None
    assert problem_with(question, ["eczema", "rosacea"]) is None
    assert "cannot be combined" in (problem_with(question, ["none", "eczema"]) or "")
