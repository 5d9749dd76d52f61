"""What changed since a returning client's last report: answers (in words, before →
after), then the gate, depths, plan, longevity, aftercare and cost, worded by the
readable rescore (core/rescore_changes.py) so a change reads the same everywhere:
``Blood thinners: No → Yes``, ``Gate: Go ahead → See a doctor first``,
``Cheeks (Fine lines): 1.0 mm → on hold``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from intake_tui.core.bank.models import Bank, Question
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue, leaves
from intake_tui.core.facts import FOLLOW_UP_FACT
from intake_tui.core.report.models import NotedChange, SessionReport
from intake_tui.core.rescore import decision_titles, differences
from intake_tui.core.rescore_changes import NONE, described_changes

ANSWER = "answer"
EXCERPT = 80


def changes_since(previous: SessionReport, new: SessionReport, bundle: Bundle) -> list[NotedChange]:
    """Every change from ``previous`` to ``new``: answers first, then the outputs."""
    return [*_answer_changes(previous, new, bundle.bank), *_output_changes(previous, new, bundle)]


def _answer_changes(previous: SessionReport, new: SessionReport, bank: Bank) -> list[NotedChange]:
    """Answers given differently, in the bank's order; questions about the last visit
    itself (asked only in a follow-up) describe it rather than change anything."""
    changes: list[NotedChange] = []
    for question in bank.questions:
        before, after = previous.answers.get(question.id), new.answers.get(question.id)
        if before == after or _about_last_visit(question, bank):
            continue
        what = _excerpt(question.prompt)
        changes.append(
            NotedChange(
                output=ANSWER,
                what=what,
                before=_words(question, before),
                after=_words(question, after),
            )
        )
    return changes


def _about_last_visit(question: Question, bank: Bank) -> bool:
    condition = bank.effective_conditions.get(question.id)
    return any(leaf.fact == FOLLOW_UP_FACT for leaf in leaves(condition))


def _words(question: Question, value: AnswerValue | None) -> str:
    return NONE if value is None else _excerpt(question.words_for(value))


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def _output_changes(
    previous: SessionReport, new: SessionReport, bundle: Bundle
) -> list[NotedChange]:
    before, after = _plain(previous), _plain(new)
    worded = described_changes(differences(before, after), before, after, decision_titles(bundle))
    return [
        NotedChange(output=c.output, what=c.what, before=c.before, after=c.after) for c in worded
    ]


def _plain(report: SessionReport) -> Mapping[str, Any]:
    """A report's recommendation as plain data, as the readable rescore reads it."""
    return report.recommendation.model_dump(mode="python") if report.recommendation else {}
