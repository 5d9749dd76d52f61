"""Hypothesis strategies: answer sets the question bank allows.

Answers are drawn by walking the bank in order, answering only questions that
are enabled by the answers drawn so far, exactly as a person meets them.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import settings
from hypothesis import strategies as st

from intake_tui.core.bank.models import Question
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue, evaluate, leaves
from intake_tui.core.facts import derive_facts
from tests.support import TODAY

# The "ci" profile's max_examples (tests/conftest.py): the unit `examples` scales.
CI_EXAMPLES = 100


def examples(in_ci: int) -> int:
    """A property's example count: ``in_ci`` under the default profile, scaled up
    with the loaded profile (HYPOTHESIS_PROFILE=deep: ten times as many)."""
    return max(in_ci, in_ci * settings.default.max_examples // CI_EXAMPLES)


# Strategies built per question, by the question's identity: the banks are loaded once
# per process (tests.support), and building and validating a strategy costs far more
# than drawing from it.
_VALUE_STRATEGIES: dict[int, tuple[Question, st.SearchStrategy[AnswerValue]]] = {}
ADULT_AGES = st.integers(min_value=18, max_value=90)


def value_strategy(question: Question) -> st.SearchStrategy[AnswerValue]:
    """The answers ``question`` accepts, built once per question."""
    known = _VALUE_STRATEGIES.get(id(question))
    if known is None or known[0] is not question:
        known = _VALUE_STRATEGIES[id(question)] = (question, build_value_strategy(question))
    return known[1]


def build_value_strategy(question: Question) -> st.SearchStrategy[AnswerValue]:
    if question.type in ("single", "yes_no"):
        return st.sampled_from(question.option_values)
    if question.type == "multiple":
        plain = [o.value for o in question.options if not o.exclusive]
        exclusive = [o.value for o in question.options if o.exclusive]
        subsets = st.lists(st.sampled_from(plain), min_size=1, unique=True)
        if exclusive:
            return st.one_of(subsets, st.sampled_from(exclusive).map(lambda v: [v]))
        return subsets
    if question.type == "integer":
        rule = question.validation
        low = rule.min if rule and rule.min is not None else 0
        high = rule.max if rule and rule.max is not None else 100
        return st.integers(min_value=max(low, 12), max_value=min(high, 90))
    if question.type == "date":
        return st.integers(0, 365).map(lambda d: TODAY + timedelta(days=d))
    return st.text(alphabet="abcdefghij #0123456789", min_size=1, max_size=20)


@st.composite
def answer_sets(
    draw: st.DrawFn, bundle: Bundle, *, adults_only: bool = False, mode: str = "self"
) -> dict[str, AnswerValue]:
    bank, protocol = bundle.bank, bundle.protocol
    answers: dict[str, AnswerValue] = {}
    context = {"mode": mode}
    for question in bank.questions:
        condition = bank.effective_conditions[question.id]
        facts = (
            derive_facts(bank, protocol, answers, context)
            if any(leaf.fact for leaf in leaves(condition))
            else context
        )
        if not question.asks or not evaluate(condition, answers, facts):
            continue
        if question.id == "age" and adults_only:
            answers["age"] = draw(ADULT_AGES)
            continue
        if not question.required and draw(st.booleans()):
            continue
        answers[question.id] = draw(value_strategy(question))
    return answers
