"""The bank's conditions as FHIR: ``enableWhen`` where FHIR has a plain form, else the
SDC ``enableWhenExpression`` (FHIRPath), and a note wherever FHIR cannot hold one exactly.

Plain ``enableWhen`` is one level of checks combined by ``enableBehavior`` (all or any).
Two traps: FHIR ``!=`` holds when the question is unanswered, the bank's ``not_equals``
does not (so each ``!=`` travels with ``exists = true``); and facts (the phototype, the
mode) are not questions, so no FHIR condition can read them. A condition is never given
a plain form that means something else: it gets the expression, or a note, instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from intake_tui.core.bank.models import CHOICE_TYPES, Bank, Question
from intake_tui.core.conditions import (
    Condition,
    ConditionValue,
    Leaf,
    Named,
    describe,
    leaves,
)
from intake_tui.core.facts import FACTS
from intake_tui.core.fhir.common import Json, code_system, extension_url

ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)
CONDITION_NOTE = "condition-note"  # our extension: the condition in words, and why

Behavior = Literal["all", "any"]
_NEGATED = frozenset({"not_equals", "not_includes", "not_in"})
_FHIR_OPERATORS = {
    "equals": "=",
    "includes": "=",  # on a repeating item: at least one answer is this code
    "in": "=",
    "not_equals": "!=",
    "not_includes": "!=",
    "not_in": "!=",
    "greater_than": ">",
    "less_than": "<",
}


@dataclass(frozen=True)
class _Typed:
    """A compared value as the item's answer type says: Coding, Integer, Decimal, Date, String."""

    kind: str
    value: str | int | float | date


@dataclass(frozen=True)
class _Plain:
    checks: tuple[Json, ...]
    behavior: Behavior | None  # None: a single check


def condition_elements(condition: Condition | None, bank: Bank, url: str) -> Json:
    """An item's condition: enableWhen (+ enableBehavior), or the expression extension,
    plus a note extension whenever the plain form is missing."""
    if condition is None:
        return {}
    plain = _plain(condition, bank, url)
    if plain is not None:
        elements: Json = {"enableWhen": list(plain.checks)}
        if plain.behavior is not None:
            elements["enableBehavior"] = plain.behavior
        return elements
    expression = _expression(condition, bank)
    extensions: list[Json] = []
    if expression is not None:
        extensions.append(
            {
                "url": ENABLE_WHEN_EXPRESSION,
                "valueExpression": {"language": "text/fhirpath", "expression": expression},
            }
        )
    note = f"Asked when {describe(condition)}. {_why_not_plain(condition, expression)}"
    extensions.append({"url": extension_url(url, CONDITION_NOTE), "valueString": note})
    return {"extension": extensions}


def _why_not_plain(condition: Condition, expression: str | None) -> str:
    if expression is not None:
        return (
            "FHIR enableWhen has one level of all or any, so enableWhenExpression "
            "(FHIRPath) holds this condition."
        )
    facts = sorted({leaf.fact for leaf in leaves(condition) if leaf.fact})
    if not facts:
        return "FHIR has no form for this comparison, so a FHIR form shows this item always."
    kinds = {FACTS[name].kind if name in FACTS else "derived" for name in facts}
    source = "how the program is run" if kinds == {"context"} else "what the program derives"
    return (
        f"It reads {', '.join(facts)}, from {source}, not a question; FHIR cannot express "
        "that, so a FHIR form shows this item always."
    )


def _question(leaf: Leaf, bank: Bank) -> Question | None:
    """The question a leaf reads, if it is one FHIR can compare (not a fact, not a note)."""
    question = bank.by_id.get(leaf.question or "")
    return question if question is not None and question.asks else None


def _fits(question: Question, operator: str) -> bool:
    """Whether FHIR means the same as the bank by this operator on this question."""
    multiple = question.type == "multiple"
    if operator in ("includes", "not_includes"):
        return multiple  # the bank's includes is false on a single answer
    if operator in ("equals", "not_equals"):
        return not multiple  # the bank's equals is false on a list
    if operator in ("greater_than", "less_than"):
        return question.type in ("integer", "date")
    return True


def _typed(question: Question, value: ConditionValue) -> _Typed | None:
    """A compared value in the item's answer type, or None when it does not fit it."""
    if isinstance(value, bool):
        return None  # a yes/no item is a choice of codes, never a boolean
    if question.type in CHOICE_TYPES:
        return _Typed("Coding", value) if isinstance(value, str) else None
    if question.type == "integer" and isinstance(value, int | float):
        return _Typed("Integer", int(value)) if value == int(value) else _Typed("Decimal", value)
    if question.type == "date" and isinstance(value, date):
        return _Typed("Date", value)
    if question.type == "text" and isinstance(value, str):
        return _Typed("String", value)
    return None


# --- plain enableWhen ------------------------------------------------------------------


def _plain(condition: Condition, bank: Bank, url: str) -> _Plain | None:
    if isinstance(condition, Named):
        return _plain(condition.condition, bank, url)
    if isinstance(condition, Leaf):
        return _plain_leaf(condition, bank, url)
    behavior: Behavior = "all" if condition.all is not None else "any"
    checks: list[Json] = []
    for member in condition.members:
        part = _plain(member, bank, url)
        if part is None or part.behavior not in (None, behavior):
            return None  # all inside any (or the reverse): not one level
        checks += part.checks
    return _Plain(tuple(checks), behavior if len(checks) > 1 else None)


def _plain_leaf(leaf: Leaf, bank: Bank, url: str) -> _Plain | None:
    question = _question(leaf, bank)
    if question is None:
        return None
    if leaf.operator == "answered":
        return _Plain((_exists(question, bool(leaf.value)),), None)
    if not _fits(question, leaf.operator):
        return None
    answers = [_answer(question, value, url) for value in leaf.values]
    if any(answer is None for answer in answers):
        return None
    operator = _FHIR_OPERATORS[leaf.operator]
    checks = [{"question": question.id, "operator": operator, **a} for a in answers if a]
    if leaf.operator in _NEGATED:
        # FHIR's != also holds when unanswered; the bank's does not: require an answer.
        return _Plain((*checks, _exists(question, True)), "all")
    return _Plain(tuple(checks), "any" if len(checks) > 1 else None)


def _exists(question: Question, answered: bool) -> Json:
    return {"question": question.id, "operator": "exists", "answerBoolean": answered}


def _answer(question: Question, value: ConditionValue, url: str) -> Json | None:
    typed = _typed(question, value)
    if typed is None or typed.kind == "Decimal":  # an integer item takes answerInteger only
        return None
    if typed.kind == "Coding":
        coding = {"system": code_system(url, question), "code": typed.value}
        return {"answerCoding": coding}
    shown = typed.value.isoformat() if isinstance(typed.value, date) else typed.value
    return {f"answer{typed.kind}": shown}


# --- FHIRPath --------------------------------------------------------------------------


def _expression(condition: Condition, bank: Bank) -> str | None:
    """The condition in FHIRPath over the response, or None if it reads a fact."""
    if isinstance(condition, Named):
        return _expression(condition.condition, bank)
    if isinstance(condition, Leaf):
        return _leaf_expression(condition, bank)
    parts = [_expression(member, bank) for member in condition.members]
    if any(part is None for part in parts):
        return None
    joiner = " and " if condition.all is not None else " or "
    return "(" + joiner.join(p for p in parts if p) + ")"


def _leaf_expression(leaf: Leaf, bank: Bank) -> str | None:
    question = _question(leaf, bank)
    if question is None:
        return None
    answers = f"%resource.repeat(item).where(linkId = '{question.id}').answer.value"
    if leaf.operator == "answered":
        return f"{answers}.exists()" if leaf.value else f"{answers}.exists().not()"
    if not _fits(question, leaf.operator):
        return None
    typed = [_typed(question, value) for value in leaf.values]
    if any(t is None for t in typed):
        return None
    compare = {"greater_than": ">", "less_than": "<"}.get(leaf.operator, "=")
    tests = " or ".join(_test(t, compare) for t in typed if t)
    matched = f"{answers}.where({tests}).exists()"
    if leaf.operator in _NEGATED:
        return f"({answers}.exists() and {matched}.not())"
    return matched


def _test(typed: _Typed, compare: str) -> str:
    if typed.kind == "Coding":
        return f"code = {_string(str(typed.value))}"
    if isinstance(typed.value, date):
        return f"$this {compare} @{typed.value.isoformat()}"
    if isinstance(typed.value, str):
        return f"$this {compare} {_string(typed.value)}"
    return f"$this {compare} {typed.value}"


def _string(text: str) -> str:
    """A FHIRPath string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
