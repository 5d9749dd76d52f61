"""Facts derived from answers: Fitzpatrick score and phototype, acne-scar and Glogau grades.

The tables behind them are protocol data (fact sheet §3a, §4a, §4b); this module only
applies them. Facts are what conditions read with ``fact = "..."``. ``FACTS`` is
the one declaration of every fact: how it is found, what it reads and its kind;
the linter and the flow derive everything they know about facts from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

from intake_tui.core.bank.models import Bank
from intake_tui.core.conditions import AnswerValue, ConditionValue, evaluate, leaves
from intake_tui.core.modes import Mode
from intake_tui.core.protocol.models import (
    DerivedFacts,
    PhototypeReconcile,
    Protocol,
    ScarGradeRow,
)

# context: supplied by the caller; derived: from answers; outcome: known only once a
# depth has been computed, so readable by longevity factors and by notes and warnings
# (fired again once the depth is known), never by what decides the gate or the depth.
FactKind = Literal["context", "derived", "outcome"]


@dataclass(frozen=True)
class FactInputs:
    bank: Bank
    rules: DerivedFacts
    answers: Mapping[str, AnswerValue]
    found: Mapping[str, ConditionValue]  # the facts before this one in FACTS


def _no_questions(_: DerivedFacts) -> set[str]:
    return set()


def _no_values(_: DerivedFacts) -> tuple[ConditionValue, ...]:
    return ()


@dataclass(frozen=True)
class FactSpec:
    """One fact a condition may read."""

    kind: FactKind
    # How the fact is found (derived facts only); None when the answers do not tell.
    derive: Callable[[FactInputs], ConditionValue | None] | None = None
    # The questions it is found from (the linter checks they are asked first).
    reads: Callable[[DerivedFacts], set[str]] = _no_questions
    # Compared with text, not numbers.
    text: bool = False
    # Every value it can take, where that is a short list (the linter's reachability).
    values: Callable[[DerivedFacts], tuple[ConditionValue, ...]] = field(default=_no_values)
    # Saved in the report's [scores] table (in this table's order).
    score: bool = False


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


def reconcile_phototypes(
    rule: PhototypeReconcile, self_type: int | None, quiz_type: int | None
) -> int | None:
    """The phototype used when the self-description and the quiz may differ."""
    known = [t for t in (self_type, quiz_type) if t is not None]
    if not known:
        return None
    match rule.prefer:
        case "higher":
            return max(known)
        case "lower":
            return min(known)
        case "quiz":
            return quiz_type if quiz_type is not None else self_type
        case "self":
            return self_type if self_type is not None else quiz_type


def _self_type(given: FactInputs) -> int | None:
    pick = given.answers.get(given.rules.phototype.self_question)
    return given.rules.phototype.self_types.get(pick) if isinstance(pick, str) else None


def _score(given: FactInputs) -> int | None:
    return fitzpatrick_score(given.bank, given.rules, given.answers)


def _quiz_type(given: FactInputs) -> int | None:
    score = given.found.get("fitzpatrick_score")
    return phototype_for_score(given.rules, score) if isinstance(score, int) else None


def _phototype(given: FactInputs) -> int | None:
    self_type, quiz_type = given.found.get("phototype_self"), given.found.get("phototype_quiz")
    return reconcile_phototypes(
        given.rules.phototype.reconcile,
        self_type if isinstance(self_type, int) else None,
        quiz_type if isinstance(quiz_type, int) else None,
    )


def _first_grade(rows: tuple[ScarGradeRow, ...], given: FactInputs) -> int | None:
    return next((r.grade for r in rows if evaluate(r.when, given.answers, given.found)), None)


def _collagen_years(given: FactInputs) -> int | None:
    age = given.answers.get(given.rules.age_question)
    return max(0, age - given.rules.collagen_decline.from_age) if isinstance(age, int) else None


def _home_device_mm(given: FactInputs) -> float | None:
    device = given.rules.home_device
    answer = given.answers.get(device.question) if device else None
    return device.mm.get(answer) if device and isinstance(answer, str) else None


def _home_device_question(rules: DerivedFacts) -> set[str]:
    return {rules.home_device.question} if rules.home_device else set()


def _self_question(rules: DerivedFacts) -> set[str]:
    return {rules.phototype.self_question}


def _quiz_questions(rules: DerivedFacts) -> set[str]:
    return set(rules.phototype.quiz_questions)


def _questions_read(rows: tuple[ScarGradeRow, ...]) -> set[str]:
    return {leaf.question for row in rows for leaf in leaves(row.when) if leaf.question}


def _grades(rows: tuple[ScarGradeRow, ...]) -> tuple[ConditionValue, ...]:
    return tuple(sorted({row.grade for row in rows}))


def _graded(rows_of: Callable[[DerivedFacts], tuple[ScarGradeRow, ...]]) -> FactSpec:
    """A grade 1-4 from the first of its rows whose `when` holds; saved with the scores."""
    return FactSpec(
        "derived",
        lambda given: _first_grade(rows_of(given.rules), given),
        lambda rules: _questions_read(rows_of(rules)),
        values=lambda rules: _grades(rows_of(rules)),
        score=True,
    )


def _phototypes(rules: DerivedFacts) -> tuple[ConditionValue, ...]:
    scoring = rules.phototype
    return tuple(sorted({*scoring.self_types.values(), *(b.phototype for b in scoring.bands)}))


# Every fact, in the order derive_facts finds them (a fact may use those above it).
FACTS: dict[str, FactSpec] = {
    "mode": FactSpec("context", text=True, values=lambda _: get_args(Mode)),
    # "yes" in a returning client's intake (one that follows an earlier report).
    "follow_up": FactSpec("context", text=True, values=lambda _: ("yes", "no")),
    "fitzpatrick_score": FactSpec("derived", _score, _quiz_questions, score=True),
    "phototype_self": FactSpec(
        "derived", _self_type, _self_question, values=_phototypes, score=True
    ),
    "phototype_quiz": FactSpec(
        "derived", _quiz_type, _quiz_questions, values=_phototypes, score=True
    ),
    "phototype": FactSpec(
        "derived",
        _phototype,
        lambda rules: _self_question(rules) | _quiz_questions(rules),
        values=_phototypes,
        score=True,
    ),
    "acne_scar_grade": _graded(lambda rules: rules.acne_scar_grade),
    "glogau_grade": _graded(lambda rules: rules.glogau_grade),
    "collagen_years": FactSpec("derived", _collagen_years, lambda r: {r.age_question}),
    # The longest needle the home device may have (facts.toml [facts.home_device]).
    "home_device_mm": FactSpec("derived", _home_device_mm, _home_device_question),
    "deepest_mm": FactSpec("outcome"),
    # "yes" when the home device goes no deeper than the deepest depth planned.
    "home_device_within_plan": FactSpec("outcome", text=True, values=lambda _: ("yes", "no")),
    "sessions_planned": FactSpec("outcome"),
}


# A context fact the caller may leave out: most intakes are not follow-ups.
FOLLOW_UP_FACT = "follow_up"
CONTEXT_DEFAULTS: dict[str, str] = {FOLLOW_UP_FACT: "no"}


def context_facts(context: Mapping[str, str] | None) -> dict[str, ConditionValue]:
    """The context values given, with the defaults of those left out."""
    return {**CONTEXT_DEFAULTS, **(context or {})}


SCORE_FACTS = tuple(name for name, spec in FACTS.items() if spec.score)


def derive_facts(
    bank: Bank,
    protocol: Protocol,
    answers: Mapping[str, AnswerValue],
    context: Mapping[str, str] | None = None,
) -> dict[str, ConditionValue]:
    """Every derived fact the answers allow, plus the context values."""
    found = context_facts(context)
    for name, spec in FACTS.items():
        if spec.derive is not None:
            value = spec.derive(FactInputs(bank, protocol.facts, answers, found))
            if value is not None:
                found[name] = value
    return found


def planned_facts(
    facts: Mapping[str, ConditionValue], planned_mm: list[float]
) -> dict[str, ConditionValue]:
    """The facts plus what the depth plan tells (``planned_mm``: each row's maximum):
    the deepest depth, and whether the home device stays within it. Nothing planned:
    neither is known, so nothing that reads them holds."""
    found = dict(facts)
    if not planned_mm:
        return found
    deepest = max(planned_mm)
    found["deepest_mm"] = deepest
    device = facts.get("home_device_mm")
    if isinstance(device, int | float):
        found["home_device_within_plan"] = "yes" if device <= deepest + 1e-9 else "no"
    return found


def fact_dependencies(protocol: Protocol) -> dict[str, set[str]]:
    """The questions each fact reads (for the linter's ordering checks)."""
    return {name: spec.reads(protocol.facts) for name, spec in FACTS.items()}


def fact_values(protocol: Protocol) -> dict[str, tuple[ConditionValue, ...]]:
    """The values each fact can take, where they are few (for the linter's reachability)."""
    return {name: spec.values(protocol.facts) for name, spec in FACTS.items()}
