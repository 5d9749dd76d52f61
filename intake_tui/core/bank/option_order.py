"""One order for Yes, No and Not sure across a bank (a lint warning where it breaks).

A person who has pressed 1 for "Yes" on ten questions presses 1 on the eleventh
without reading: if that one lists "No" first, the answer recorded is the wrong
one. Each choice question's options are sorted into answer kinds (a kind is known
by its value, e.g. ``yes`` or ``yes_controlled``, or by its label's first word,
e.g. "No, never"); for each pair of kinds the order most questions use is the
bank's order, and a question that uses the other one is named. A tie goes to the
question asked first.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from intake_tui.core.bank.models import CHOICE_TYPES, Bank, Option, Question
from intake_tui.core.errors import Problem

KINDS = ("yes", "no", "not_sure")
KIND_NAMES = {"yes": '"Yes"', "no": '"No"', "not_sure": '"Not sure"'}
_FIRST_WORDS = re.compile(r"[a-z]+")

Pair = tuple[str, str]  # two kinds, in KINDS order


def answer_kind(option: Option) -> str | None:
    """Whether an option means yes, no or not sure (None: something else)."""
    value = option.value
    words = _FIRST_WORDS.findall(option.label.lower())
    if value == "not_sure" or words[:2] == ["not", "sure"]:
        return "not_sure"
    for kind in ("yes", "no"):
        if value == kind or value.startswith(f"{kind}_") or words[:1] == [kind]:
            return kind
    return None


def _first_positions(question: Question) -> dict[str, int]:
    """Where each kind first appears among the question's options."""
    positions: dict[str, int] = {}
    for index, option in enumerate(question.options):
        kind = answer_kind(option)
        if kind is not None:
            positions.setdefault(kind, index)
    return positions


def _orders(questions: list[Question]) -> Iterator[tuple[Question, Pair, bool]]:
    """(question, pair of kinds, whether it lists them in KINDS order) for every pair
    of kinds that a question lists both of."""
    for question in questions:
        positions = _first_positions(question)
        for first, second in itertools.combinations(KINDS, 2):
            if first in positions and second in positions:
                yield question, (first, second), positions[first] < positions[second]


def bank_order(questions: list[Question]) -> dict[Pair, bool]:
    """For each pair of kinds: True if most questions list them in KINDS order."""
    votes: dict[Pair, int] = {}
    first_seen: dict[Pair, bool] = {}
    for _, pair, in_order in _orders(questions):
        votes[pair] = votes.get(pair, 0) + (1 if in_order else -1)
        first_seen.setdefault(pair, in_order)
    return {pair: vote > 0 if vote else first_seen[pair] for pair, vote in votes.items()}


def order_problems(bank: Bank) -> list[Problem]:
    """A warning for each question that breaks the bank's own order (once per question)."""
    questions = [q for q in bank.questions if q.type in CHOICE_TYPES]
    usual = bank_order(questions)
    problems: dict[str, Problem] = {}
    for question, (first, second), in_order in _orders(questions):
        if in_order == usual[(first, second)] or question.id in problems:
            continue
        before, after = (first, second) if usual[(first, second)] else (second, first)
        message = (
            f"lists {KIND_NAMES[after]} before {KIND_NAMES[before]}; most questions in this "
            f"bank list {KIND_NAMES[before]} first (keep one order: a key should mean the "
            "same answer on every question)"
        )
        problems[question.id] = Problem(
            message, question.source_file, question.source_line, question.id, "warning"
        )
    return list(problems.values())
