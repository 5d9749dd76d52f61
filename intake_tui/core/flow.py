"""The branching engine: which questions are enabled, in order, for some answers.

Pure: a Flow is computed from (bundle, answers, context) and never changes.
Answers to questions that are not enabled are kept by the caller (so changing an
earlier answer back restores them) but are invisible here: conditions, facts,
``required`` and the completed report only see enabled questions' answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from intake_tui.core.bank.models import Question
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue, Condition, ConditionValue, evaluate, leaves
from intake_tui.core.facts import context_facts, derive_facts


def _undecided(
    condition: Condition | None,
    answers: Mapping[str, AnswerValue],
    context: Mapping[str, ConditionValue],
) -> bool:
    """True when a condition reads a question that has no answer yet, and no context
    fact it reads rules it out (a follow-up's section in a first visit)."""
    found = list(leaves(condition))
    open_question = any(leaf.question and leaf.question not in answers for leaf in found)
    in_context = [leaf for leaf in found if leaf.fact in context]
    return open_question and all(evaluate(leaf, answers, context) for leaf in in_context)


def _asked_whatever_the_answers(
    condition: Condition | None, context: Mapping[str, ConditionValue]
) -> bool:
    """No condition, or one that reads only context facts, and they hold."""
    if condition is None:
        return True
    only_context = all(leaf.fact in context for leaf in leaves(condition))
    return only_context and evaluate(condition, {}, context)


@dataclass(frozen=True)
class Flow:
    enabled: tuple[Question, ...]
    visible_answers: dict[str, AnswerValue]
    facts: dict[str, ConditionValue]
    _index: dict[str, int] = field(repr=False)
    pending: int = 0  # questions of sections whose gate is not decided yet

    @classmethod
    def compute(
        cls,
        bundle: Bundle,
        answers: Mapping[str, AnswerValue],
        context: Mapping[str, str] | None = None,
    ) -> Flow:
        bank, protocol = bundle.bank, bundle.protocol
        enabled: list[Question] = []
        visible: dict[str, AnswerValue] = {}
        facts = context_facts(context)
        facts_stale = False
        for question in bank.questions:
            condition = bank.effective_conditions[question.id]
            if facts_stale and any(leaf.fact for leaf in leaves(condition)):
                facts = derive_facts(bank, protocol, visible, context)
                facts_stale = False
            if not evaluate(condition, visible, facts):
                continue
            enabled.append(question)
            if question.id in answers:
                visible[question.id] = answers[question.id]
                facts_stale = True
        facts = derive_facts(bank, protocol, visible, context)
        index = {q.id: i for i, q in enumerate(enabled)}
        known = context_facts(context)
        pending = sum(
            1
            for section in bank.sections
            if _undecided(section.enable_when, visible, known)
            for q in section.questions
            if q.asks and _asked_whatever_the_answers(q.enable_when, known) and q.id not in index
        )
        return cls(tuple(enabled), visible, facts, index, pending)

    @property
    def askable(self) -> tuple[Question, ...]:
        """Enabled questions that take an answer (notes excluded)."""
        return tuple(q for q in self.enabled if q.asks)

    def is_enabled(self, question_id: str) -> bool:
        return question_id in self._index

    def next_after(self, question_id: str | None) -> Question | None:
        """The enabled item after ``question_id`` (the first one for None)."""
        start = 0 if question_id is None else self._position_after(question_id)
        return self.enabled[start] if start < len(self.enabled) else None

    def previous_before(self, question_id: str) -> Question | None:
        position = self._index.get(question_id)
        if position is None or position == 0:
            return None
        return self.enabled[position - 1]

    def _position_after(self, question_id: str) -> int:
        if question_id in self._index:
            return self._index[question_id] + 1
        return 0

    def first_unanswered(self) -> Question | None:
        """Where a resumed draft continues: the first enabled question without an answer."""
        return next((q for q in self.askable if q.id not in self.visible_answers), None)

    def missing_required(self) -> list[Question]:
        return [q for q in self.askable if q.required and q.id not in self.visible_answers]

    def unanswered(self) -> list[str]:
        return [q.id for q in self.askable if q.id not in self.visible_answers]

    def progress(self, question_id: str | None) -> tuple[int, int]:
        """(number of this question, about how many) over enabled askable questions.

        Sections whose gate is still undecided (it reads an unanswered question,
        like the age) count their unconditional questions, so the first question
        does not read "1 of 1".
        """
        askable_ids = [q.id for q in self.askable]
        total = len(askable_ids) + self.pending
        if question_id in askable_ids:
            return askable_ids.index(question_id) + 1, total
        answered = sum(1 for qid in askable_ids if qid in self.visible_answers)
        return min(answered + 1, total), total

    @property
    def is_complete(self) -> bool:
        return not self.missing_required()
