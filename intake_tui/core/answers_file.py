"""Read an answers file (an ``[answers]`` table keyed by question id).

Every problem is one sentence naming the file and the question. The checks are
the ones the app applies as a person answers, so a file that passes here is an
intake a person could have completed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from intake_tui.core.answers import problem_with
from intake_tui.core.bank.models import Bank, Question
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue, describe
from intake_tui.core.errors import AnswersError, Problem
from intake_tui.core.flow import Flow
from intake_tui.core.modes import Mode, parse_mode
from intake_tui.core.tomlfile import read_toml


@dataclass(frozen=True)
class AnswersFile:
    answers: dict[str, AnswerValue]
    mode: Mode


def coerce(question: Question, raw: object, today: date) -> AnswerValue:
    """Turn a TOML value into an answer value; raise ValueError if it cannot be one
    (``today``, the clinic's local date, bounds a date's window as in the app)."""
    if question.type == "yes_no" and isinstance(raw, bool):
        return "yes" if raw else "no"
    if question.type == "date" and isinstance(raw, str):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError("expected a date (YYYY-MM-DD)") from None
    if question.type == "date" and type(raw) is not date:
        raise ValueError("expected a date (YYYY-MM-DD)")
    if isinstance(raw, str | int | date) and not isinstance(raw, bool):
        value: AnswerValue = raw
    elif isinstance(raw, list) and all(isinstance(v, str) for v in raw):
        value = list(raw)
    else:
        raise ValueError(f"a {type(raw).__name__} cannot be an answer")
    problem = problem_with(question, value, today)
    if problem:
        raise ValueError(problem)
    return value


def with_defaults(
    bundle: Bundle, answers: Mapping[str, AnswerValue], today: date, mode: Mode = "self"
) -> dict[str, AnswerValue]:
    """Fill enabled date questions whose default is 'today' and that have no answer."""
    filled = dict(answers)
    flow = Flow.compute(bundle, filled, {"mode": mode})
    for question in flow.askable:
        if question.default == "today" and question.id not in filled:
            filled[question.id] = today
    return filled


def _typed_answers(
    bank: Bank, path: Path, table: Mapping[str, Any], today: date
) -> dict[str, AnswerValue]:
    answers: dict[str, AnswerValue] = {}
    for question_id, raw in table.items():
        question = bank.by_id.get(question_id)
        if question is None:
            raise AnswersError(f"{path}: unknown question id '{question_id}'")
        if not question.asks:
            raise AnswersError(f"{path}: '{question_id}' is a note and takes no answer")
        try:
            answers[question_id] = coerce(question, raw, today)
        except ValueError as error:
            raise AnswersError(f"{path}: question '{question_id}': {error}") from None
    return answers


def check_complete(
    bundle: Bundle, answers: Mapping[str, AnswerValue], mode: Mode, source: str, today: date
) -> None:
    """Raise AnswersError for answers to questions not asked, missing required ones,
    or a date outside its window as of ``today`` (a saved start date now past)."""
    flow = Flow.compute(bundle, answers, {"mode": mode})
    for question_id, value in flow.visible_answers.items():
        problem = problem_with(bundle.bank.by_id[question_id], value, today)
        if problem:
            raise AnswersError(f"{source}: question '{question_id}': {problem}")
    for question_id in answers:
        if not flow.is_enabled(question_id):
            condition = bundle.bank.effective_conditions[question_id]
            raise AnswersError(
                f"{source}: question '{question_id}' is not asked with these answers "
                f"(it is asked when {describe(condition)})"
            )
    missing = flow.missing_required()
    if missing:
        first = missing[0]
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise AnswersError(
            f"{source}: question '{first.id}' is required: {first.required_message}{more}"
        )


def read_answers_file(path: Path, bundle: Bundle, today: date) -> AnswersFile:
    data = read_toml(path)
    if isinstance(data, Problem):
        raise AnswersError(str(data).replace(": error: ", ": ", 1))
    unknown = sorted(set(data) - {"answers", "context"})
    if unknown:
        raise AnswersError(
            f"{path}: unknown table '{unknown[0]}' (expected [answers] and optional [context])"
        )
    table = data.get("answers")
    if not isinstance(table, dict):
        raise AnswersError(
            f"{path}: no [answers] table (an answers file holds [answers] keyed by question id)"
        )
    context = data.get("context", {})
    raw_mode = context.get("mode", "self") if isinstance(context, dict) else None
    mode = parse_mode(raw_mode) if isinstance(raw_mode, str) else None
    if mode is None:
        raise AnswersError(f"{path}: [context] mode must be 'self' or 'front-desk'")
    typed = _typed_answers(bundle.bank, path, table, today)
    answers = with_defaults(bundle, typed, today, mode)
    check_complete(bundle, answers, mode, str(path), today)
    return AnswersFile(answers=answers, mode=mode)
