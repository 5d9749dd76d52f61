"""Declarative conditions, in the spirit of FHIR `enableWhen` (never `eval`).

The same language drives branching in the question bank and the `when` of every
protocol rule, so one evaluator and one linter serve both.

A condition is either a leaf that tests one value::

    { question = "concerns", operator = "includes", value = "acne_scars" }
    { fact = "phototype", operator = "greater_than", value = 3 }

or a group that combines others::

    { all = [ ... ] }    { any = [ ... ] }

Leaves read either an answer (``question``) or a derived fact (``fact``: a score
computed from answers, or a context value such as the mode). A leaf on something
unanswered is false, except ``answered = false``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Tag, model_validator

AnswerValue = str | int | date | list[str]
ConditionValue = str | int | float | bool | date

Operator = Literal[
    "equals", "not_equals", "includes", "not_includes", "greater_than", "less_than", "answered"
]
ORDERED_OPERATORS: frozenset[str] = frozenset({"greater_than", "less_than"})
CHOICE_OPERATORS: frozenset[str] = frozenset({"equals", "not_equals"})
LIST_OPERATORS: frozenset[str] = frozenset({"includes", "not_includes"})


class Leaf(BaseModel):
    """Tests one answer or fact against a value."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question: str | None = None
    fact: str | None = None
    operator: Operator
    value: ConditionValue

    @model_validator(mode="after")
    def _exactly_one_subject(self) -> Leaf:
        if (self.question is None) == (self.fact is None):
            raise ValueError("a condition names exactly one of 'question' or 'fact'")
        if self.operator == "answered" and not isinstance(self.value, bool):
            raise ValueError("operator 'answered' takes value = true or false")
        return self

    @property
    def subject(self) -> str:
        return self.question if self.question is not None else f"fact:{self.fact}"


class Group(BaseModel):
    """Combines conditions with all (and) or any (or)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    all: list[Condition] | None = None
    any: list[Condition] | None = None

    @model_validator(mode="after")
    def _exactly_one_combiner(self) -> Group:
        if (self.all is None) == (self.any is None):
            raise ValueError("a condition group has exactly one of 'all' or 'any'")
        if not (self.all or self.any):
            raise ValueError("a condition group needs at least one condition")
        return self

    @property
    def members(self) -> list[Condition]:
        return self.all if self.all is not None else (self.any or [])


def _kind(raw: Any) -> str:
    if isinstance(raw, Mapping):
        return "group" if ("all" in raw or "any" in raw) else "leaf"
    return "group" if isinstance(raw, Group) else "leaf"


Condition = Annotated[
    Annotated[Leaf, Tag("leaf")] | Annotated[Group, Tag("group")], Discriminator(_kind)
]
Group.model_rebuild()

# What conditions read: answers by question id, facts by name.
Answers = Mapping[str, AnswerValue]
Facts = Mapping[str, ConditionValue]


def evaluate(condition: Condition | None, answers: Answers, facts: Facts) -> bool:
    """True when the condition holds; a missing condition always holds."""
    if condition is None:
        return True
    if isinstance(condition, Group):
        results = (evaluate(member, answers, facts) for member in condition.members)
        return all(results) if condition.all is not None else any(results)
    actual = (
        answers.get(condition.question) if condition.question else facts.get(condition.fact or "")
    )
    return _test(condition.operator, actual, condition.value)


def _test(operator: str, actual: object, expected: ConditionValue) -> bool:
    if operator == "answered":
        return (actual is not None) == expected
    if actual is None:
        return False
    if operator in LIST_OPERATORS:
        found = isinstance(actual, list) and expected in actual
        return found if operator == "includes" else not found
    if operator == "equals":
        return actual == expected
    if operator == "not_equals":
        return actual != expected
    if type(actual) is not type(expected) and not (
        isinstance(actual, int | float) and isinstance(expected, int | float)
    ):
        return False
    try:
        if operator == "greater_than":
            return actual > expected  # type: ignore[operator]
        return actual < expected  # type: ignore[operator]
    except TypeError:
        return False


def leaves(condition: Condition | None) -> Iterator[Leaf]:
    """Every leaf of a condition, depth first."""
    if condition is None:
        return
    if isinstance(condition, Leaf):
        yield condition
        return
    for member in condition.members:
        yield from leaves(member)


def combine_all(*conditions: Condition | None) -> Condition | None:
    """The conjunction of the given conditions, skipping missing ones."""
    present = [c for c in conditions if c is not None]
    if not present:
        return None
    if len(present) == 1:
        return present[0]
    return Group(all=present)


def describe(condition: Condition | None) -> str:
    """A condition in words, for listings: ``concerns includes 'acne_scars'``."""
    if condition is None:
        return "always"
    if isinstance(condition, Leaf):
        subject = condition.question or f"fact {condition.fact}"
        if condition.operator == "answered":
            return f"{subject} {'is' if condition.value else 'is not'} answered"
        words = condition.operator.replace("_", " ")
        return f"{subject} {words} {condition.value!r}"
    joiner = " and " if condition.all is not None else " or "
    parts = [describe(member) for member in condition.members]
    return "(" + joiner.join(parts) + ")" if len(parts) > 1 else parts[0]
