"""What a condition read: the answers and facts behind a fired rule, for the trace."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from intake_tui.core.conditions import AnswerValue, Condition, ConditionValue, leaves
from intake_tui.core.recommend.models import Evidence


def evidence(
    conditions: Iterable[Condition | None],
    answers: Mapping[str, AnswerValue],
    facts: Mapping[str, ConditionValue],
    extra_questions: Iterable[str] = (),
) -> Evidence:
    """The answers and facts the given conditions (and named questions) read."""
    found: Evidence = {}
    for condition in conditions:
        for leaf in leaves(condition):
            if leaf.question and leaf.question in answers:
                found[leaf.question] = answers[leaf.question]
            elif leaf.fact and leaf.fact in facts:
                found[f"fact.{leaf.fact}"] = facts[leaf.fact]
    for question_id in extra_questions:
        if question_id in answers:
            found[question_id] = answers[question_id]
    return dict(sorted(found.items()))
