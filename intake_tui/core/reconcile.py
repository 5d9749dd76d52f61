"""Carry saved answers over to the current question bank, saying what changed.

A session pins the bank it was answered against (id, version, content hash).
When the bank has changed since, answers are mapped by question id; answers
whose question or option no longer exists, or that no longer fit, are dropped,
and each drop is described in one plain sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from intake_tui.core.answers import problem_with
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.report.models import QuestionnaireRef, SessionReport


@dataclass(frozen=True)
class Reconciled:
    answers: dict[str, AnswerValue]
    changes: list[str] = field(default_factory=list)
    bank_changed: bool = False


def reconcile(bundle: Bundle, report: SessionReport) -> Reconciled:
    return reconcile_answers(bundle, report.questionnaire, report.answers)


def reconcile_answers(
    bundle: Bundle, pinned: QuestionnaireRef, saved: Mapping[str, AnswerValue]
) -> Reconciled:
    bank = bundle.bank
    changed = (pinned.id, pinned.content_hash) != (bank.id, bank.content_hash)
    answers: dict[str, AnswerValue] = {}
    changes: list[str] = []
    if changed and pinned.version != bank.version:
        changes.append(
            f"The questionnaire changed from version {pinned.version} to {bank.version}."
        )
    for question_id, value in saved.items():
        question = bank.by_id.get(question_id)
        if question is None or not question.asks:
            changes.append(f"The answer to '{question_id}' was dropped: that question was removed.")
            continue
        kept = (
            _keep_known_options(value, question.option_values)
            if question.type == "multiple"
            else value
        )
        if kept != value:
            changes.append(
                f"Some choices for '{question.prompt}' no longer exist and were dropped."
            )
        if problem_with(question, kept) is not None:
            changes.append(f"The answer to '{question.prompt}' no longer fits and was dropped.")
            continue
        answers[question_id] = kept
    return Reconciled(answers=answers, changes=changes, bank_changed=changed)


def _keep_known_options(value: AnswerValue, options: tuple[str, ...]) -> AnswerValue:
    if not isinstance(value, list):
        return value
    return [v for v in value if v in options]
