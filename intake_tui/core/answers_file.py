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
from intake_tui.core.limits import answer_problem
from intake_tui.core.modes import Mode, parse_mode
from intake_tui.core.report.build import context_for
from intake_tui.core.safe_text import shown
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
            raw = date.fromisoformat(raw)
        except ValueError:
            raise ValueError("expected a date (YYYY-MM-DD)") from None
    if question.type == "date" and type(raw) is not date:
        raise ValueError("expected a date (YYYY-MM-DD)")
    if problem := answer_problem(raw):
        raise ValueError(f"not accepted: {problem}")
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
            raise AnswersError(f"{path}: unknown question id '{shown(question_id)}'")
        if not question.asks:
            raise AnswersError(f"{path}: '{question_id}' is a note and takes no answer")
        try:
            answers[question_id] = coerce(question, raw, today)
        except ValueError as error:
            raise AnswersError(f"{path}: question '{question_id}': {shown(error, 160)}") from None
    return answers


def check_complete(
    bundle: Bundle,
    answers: Mapping[str, AnswerValue],
    mode: Mode,
    source: str,
    today: date,
    *,
    unfinished: bool = False,
    follows: str | None = None,
) -> None:
    """Raise AnswersError naming every answer that does not fit as of ``today`` (a saved
    start date now past), every answer to a question not asked and every missing
    required answer (id and prompt), one per line. ``unfinished``: a draft, said plainly."""
    flow = Flow.compute(bundle, answers, context_for(mode, follows))
    unfit = [
        f"question '{qid}': {problem}"
        for qid, value in flow.visible_answers.items()
        if (problem := problem_with(bundle.bank.by_id[qid], value, today))
    ]
    not_asked = [
        f"question '{qid}' is not asked with these answers (it is asked when "
        f"{describe(bundle.bank.effective_conditions[qid])})"
        for qid in answers
        if not flow.is_enabled(qid)
    ]
    missing = [
        f"question '{q.id}' is required: {' '.join(q.prompt.split())}"
        for q in flow.missing_required()
    ]
    problems = unfit + not_asked + missing
    draft = "this intake is unfinished (a draft); " if unfinished else ""
    if len(problems) == 1:
        raise AnswersError(f"{source}: {draft}{problems[0]}")
    if problems:
        counts = [f"{len(unfit)} answer(s) that do not fit"] if unfit else []
        counts += [f"{len(not_asked)} answer(s) to questions not asked"] if not_asked else []
        counts += [f"{len(missing)} required answer(s) missing"] if missing else []
        lines = [f"{source}: {draft}{' and '.join(counts)}:", *(f"  {p}" for p in problems)]
        raise AnswersError("\n".join(lines))


def read_answers_file(path: Path, bundle: Bundle, today: date) -> AnswersFile:
    data = read_toml(path)
    if isinstance(data, Problem):
        raise AnswersError(str(data).replace(": error: ", ": ", 1))
    unknown = sorted(set(data) - {"answers", "context"})
    if unknown:
        raise AnswersError(
            f"{path}: unknown table '{shown(unknown[0])}' "
            "(expected [answers] and optional [context])"
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
