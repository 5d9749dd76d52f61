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
from intake_tui.core.i18n import N_
from intake_tui.core.report.models import NotedChange, SessionReport
from intake_tui.core.rescore_changes import NONE, described_changes
from intake_tui.core.safe_text import printable, shown

ANSWER = "answer"
EXCERPT = 80
SINCE_LAST_TIME = N_("Since last time")


def brief(changes: list[NotedChange], most: int) -> list[str]:
    """The first ``most`` changes as one line each, and how many more there are: the
    short form a screen shows where the report lists them all."""
    lines = [f"• {c.what}: {c.before} → {c.after}" for c in changes[:most]]
    if len(changes) > most:
        lines.append(f"… and {len(changes) - most} more in the report")
    return lines


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
        changes.append(
            NotedChange(
                output=ANSWER,
                what=shown(question.prompt, EXCERPT),
                before=_words(question, before),
                after=_words(question, after),
            )
        )
    return changes


def _about_last_visit(question: Question, bank: Bank) -> bool:
    condition = bank.effective_conditions.get(question.id)
    return any(leaf.fact == FOLLOW_UP_FACT for leaf in leaves(condition))


def _words(question: Question, value: AnswerValue | None) -> str:
    """The answer in words, shortened; a typed answer's control characters escaped."""
    return NONE if value is None else shown(question.words_for(value), EXCERPT)


def _output_changes(
    previous: SessionReport, new: SessionReport, bundle: Bundle
) -> list[NotedChange]:
    # Here, not at the top: the rescore module brings a process pool with it, and
    # every intake imports this one.
    from intake_tui.core.rescore import decision_titles, differences

    before, after = _plain(previous), _plain(new)
    worded = described_changes(differences(before, after), before, after, decision_titles(bundle))
    # The previous report's tables are read from a file: shown as text, escaped.
    return [
        NotedChange(
            output=c.output,
            what=printable(c.what, keep_newlines=False),
            before=printable(c.before, keep_newlines=False),
            after=printable(c.after, keep_newlines=False),
        )
        for c in worded
    ]


def _plain(report: SessionReport) -> Mapping[str, Any]:
    """A report's recommendation as plain data, as the readable rescore reads it."""
    return report.recommendation.model_dump(mode="python") if report.recommendation else {}
