"""Declarative conditions, in the spirit of FHIR `enableWhen` (never `eval`).

The same language drives branching in the question bank and the `when` of every
protocol rule, so one evaluator and one linter serve both.

A condition is either a leaf that tests one value::

    { question = "concerns", operator = "includes", value = "acne_scars" }
    { fact = "phototype", operator = "greater_than", value = 3 }

or a group that combines others::

    { all = [ ... ] }    { any = [ ... ] }

or the name of a condition defined once in ``conditions.toml`` (``"adult"``).
A name is resolved when the file is loaded: it becomes a :class:`Named` node
that carries the resolved condition, so evaluation never looks a name up.

Leaves read either an answer (``question``) or a derived fact (``fact``: a score
computed from answers, or a context value such as the mode). A leaf on something
unanswered is false, except ``answered = false``. ``in`` / ``not_in`` take a
list: a single answer is (is not) one of the values; a multiple-choice answer
includes at least one (none) of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    StrictInt,
    StrictStr,
    Tag,
    TypeAdapter,
    ValidationInfo,
    model_validator,
)

AnswerValue = str | int | date | list[str]
ConditionValue = str | int | float | bool | date
# The value of `in` / `not_in`: option values, or whole numbers.
ValueList = list[StrictStr | StrictInt]

Operator = Literal[
    "equals",
    "not_equals",
    "includes",
    "not_includes",
    "in",
    "not_in",
    "greater_than",
    "less_than",
    "answered",
]
ORDERED_OPERATORS: frozenset[str] = frozenset({"greater_than", "less_than"})
CHOICE_OPERATORS: frozenset[str] = frozenset({"equals", "not_equals"})
LIST_OPERATORS: frozenset[str] = frozenset({"includes", "not_includes"})
MEMBERSHIP_OPERATORS: frozenset[str] = frozenset({"in", "not_in"})
# The validation-context key under which loaders pass the named conditions.
NAMED_CONDITIONS = "named_conditions"


class Leaf(BaseModel):
    """Tests one answer or fact against a value."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    question: str | None = None
    fact: str | None = None
    operator: Operator
    value: ConditionValue | ValueList

    @model_validator(mode="after")
    def _exactly_one_subject(self) -> Leaf:
        if (self.question is None) == (self.fact is None):
            raise ValueError("a condition names exactly one of 'question' or 'fact'")
        if self.operator == "answered" and not isinstance(self.value, bool):
            raise ValueError("operator 'answered' takes value = true or false")
        if (self.operator in MEMBERSHIP_OPERATORS) != isinstance(self.value, list):
            raise ValueError("operators 'in' and 'not_in', and only they, take a list value")
        if isinstance(self.value, list):
            if not self.value:
                raise ValueError(f"operator '{self.operator}' needs at least one value")
            if len(set(self.value)) != len(self.value):
                raise ValueError(f"operator '{self.operator}' lists a value twice")
        return self

    @property
    def values(self) -> tuple[ConditionValue, ...]:
        """The compared values: the list of `in` / `not_in`, else the one value."""
        return tuple(self.value) if isinstance(self.value, list) else (self.value,)

    @property
    def subject(self) -> str:
        return self.question if self.question is not None else f"fact:{self.fact}"


class Group(BaseModel):
    """Combines conditions with all (and) or any (or)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

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


class Named(BaseModel):
    """A use of a named condition, with the condition it names already resolved."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: str
    condition: Condition


def _kind(raw: Any) -> str:
    if isinstance(raw, Mapping):
        return "group" if ("all" in raw or "any" in raw) else "leaf"
    if isinstance(raw, Named):
        return "named"
    return "group" if isinstance(raw, Group) else "leaf"


def _resolve_name(raw: Any, info: ValidationInfo) -> Any:
    """A bare string names a condition: look it up in the loader's context."""
    if not isinstance(raw, str):
        return raw
    context = info.context if isinstance(info.context, Mapping) else {}
    named: Mapping[str, Condition | None] = context.get(NAMED_CONDITIONS, {})
    if raw not in named:
        raise ValueError(f"unknown named condition '{raw}' (define it in conditions.toml)")
    resolved = named[raw]
    if resolved is None:
        raise ValueError(f"named condition '{raw}' has errors (see conditions.toml)")
    return Named(name=raw, condition=resolved)


Condition = Annotated[
    Annotated[Leaf, Tag("leaf")] | Annotated[Group, Tag("group")] | Annotated[Named, Tag("named")],
    Discriminator(_kind),
    BeforeValidator(_resolve_name),
]
# Built on first use, as the models are: a compiled bank validates no condition.
CONDITION = TypeAdapter[Condition](Condition, config=ConfigDict(defer_build=True))

# What conditions read: answers by question id, facts by name.
Answers = Mapping[str, AnswerValue]
Facts = Mapping[str, ConditionValue]


def evaluate(condition: Condition | None, answers: Answers, facts: Facts) -> bool:
    """True when the condition holds; a missing condition always holds."""
    if condition is None:
        return True
    if isinstance(condition, Named):
        return evaluate(condition.condition, answers, facts)
    if isinstance(condition, Group):
        results = (evaluate(member, answers, facts) for member in condition.members)
        return all(results) if condition.all is not None else any(results)
    actual = (
        answers.get(condition.question) if condition.question else facts.get(condition.fact or "")
    )
    return _test(condition.operator, actual, condition.value)


def _test(operator: str, actual: object, expected: ConditionValue | ValueList) -> bool:
    if operator == "answered":
        return (actual is not None) == expected
    if actual is None:
        return False
    if isinstance(expected, list):
        # A single answer is one of the values; a list of choices includes one.
        chosen = actual if isinstance(actual, list) else [actual]
        found = any(value in chosen for value in expected)
        return found if operator == "in" else not found
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
    elif isinstance(condition, Named):
        yield from leaves(condition.condition)
    else:
        for member in condition.members:
            yield from leaves(member)


def names(condition: Condition | None) -> Iterator[str]:
    """Every named condition a condition uses, directly or through other names."""
    if isinstance(condition, Named):
        yield condition.name
        yield from names(condition.condition)
    elif isinstance(condition, Group):
        for member in condition.members:
            yield from names(member)


def combine_all(*conditions: Condition | None) -> Condition | None:
    """The conjunction of the given conditions, skipping missing ones."""
    present = [c for c in conditions if c is not None]
    if not present:
        return None
    if len(present) == 1:
        return present[0]
    # Members already validated, and at least two: nothing for pydantic to check.
    return Group.model_construct(all=present)


def describe(condition: Condition | None) -> str:
    """A condition in words, for listings: ``concerns includes 'acne_scars'``."""
    if condition is None:
        return "always"
    if isinstance(condition, Named):
        inner = describe(condition.condition)
        return f"{condition.name} {inner if inner.startswith('(') else f'({inner})'}"
    if isinstance(condition, Leaf):
        subject = condition.question or f"fact {condition.fact}"
        if condition.operator == "answered":
            return f"{subject} {'is' if condition.value else 'is not'} answered"
        words = condition.operator.replace("_", " ")
        return f"{subject} {words} {condition.value!r}"
    joiner = " and " if condition.all is not None else " or "
    parts = [describe(member) for member in condition.members]
    return "(" + joiner.join(parts) + ")" if len(parts) > 1 else parts[0]
