"""Facts derived from answers: Fitzpatrick score and phototype, acne-scar grade.

The tables behind them are protocol data (fact sheet §3a, §4a); this module only
applies them. Facts are what conditions read with ``fact = "..."``.
"""

from __future__ import annotations

from collections.abc import Mapping

from intake_tui.core.bank.models import Bank
from intake_tui.core.conditions import AnswerValue, ConditionValue, evaluate, leaves
from intake_tui.core.protocol.models import DerivedFacts, Protocol

# Facts a bank or rule may read, with the context value supplied by the caller.
CONTEXT_FACTS = frozenset({"mode"})
DERIVED_FACTS = frozenset(
    {
        "phototype",
        "phototype_self",
        "phototype_quiz",
        "fitzpatrick_score",
        "acne_scar_grade",
        "collagen_years",
    }
)
# Known only once a depth has been computed: readable by longevity factors alone.
OUTCOME_FACTS = frozenset({"deepest_mm"})


def fitzpatrick_score(
    bank: Bank, facts: DerivedFacts, answers: Mapping[str, AnswerValue]
) -> int | None:
    """Sum of the quiz items' option scores, or None unless every item is answered."""
    total = 0
    for question_id in facts.phototype.quiz_questions:
        value = answers.get(question_id)
        question = bank.by_id.get(question_id)
        option = question.option(value) if question and isinstance(value, str) else None
        if option is None or option.score is None:
            return None
        total += option.score
    return total


def phototype_for_score(facts: DerivedFacts, score: int) -> int | None:
    for band in facts.phototype.bands:
        if band.min_score <= score <= band.max_score:
            return band.phototype
    return None


def derive_facts(
    bank: Bank,
    protocol: Protocol,
    answers: Mapping[str, AnswerValue],
    context: Mapping[str, str] | None = None,
) -> dict[str, ConditionValue]:
    """Every derived fact the answers allow, plus the context values."""
    rules = protocol.facts
    found: dict[str, ConditionValue] = dict(context or {})
    self_pick = answers.get(rules.phototype.self_question)
    if isinstance(self_pick, str) and self_pick in rules.phototype.self_types:
        found["phototype_self"] = rules.phototype.self_types[self_pick]
    score = fitzpatrick_score(bank, rules, answers)
    if score is not None:
        found["fitzpatrick_score"] = score
        quiz_type = phototype_for_score(rules, score)
        if quiz_type is not None:
            found["phototype_quiz"] = quiz_type
    # Where self-description and quiz differ, the higher (PIH-conservative) type wins.
    types = [
        t for key in ("phototype_self", "phototype_quiz") if isinstance(t := found.get(key), int)
    ]
    if types:
        found["phototype"] = max(types)
    grade = next(
        (row.grade for row in rules.acne_scar_grade if evaluate(row.when, answers, found)), None
    )
    if grade is not None:
        found["acne_scar_grade"] = grade
    age = answers.get(rules.age_question)
    if isinstance(age, int):
        found["collagen_years"] = max(0, age - rules.collagen_decline.from_age)
    return found


def fact_dependencies(protocol: Protocol) -> dict[str, set[str]]:
    """The questions each derived fact reads (for the linter's ordering checks)."""
    rules = protocol.facts
    phototype_inputs = {rules.phototype.self_question, *rules.phototype.quiz_questions}
    grade_inputs = {
        leaf.question for row in rules.acne_scar_grade for leaf in leaves(row.when) if leaf.question
    }
    return {
        "phototype": phototype_inputs,
        "phototype_self": {rules.phototype.self_question},
        "phototype_quiz": set(rules.phototype.quiz_questions),
        "fitzpatrick_score": set(rules.phototype.quiz_questions),
        "acne_scar_grade": grade_inputs,
        "collagen_years": {rules.age_question},
        "mode": set(),
    }
