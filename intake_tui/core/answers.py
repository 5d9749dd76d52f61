"""Checking one answer against its question, and turning typed text into a value.

The app, the answers-file reader and the tests all use these, so a value that is
valid in one front end is valid in all of them.
"""

from __future__ import annotations

from datetime import date

from intake_tui.core.bank.models import Question
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.date_window import outside_window
from intake_tui.core.i18n import _
from intake_tui.core.limits import integer_problem, text_problem, year_problem
from intake_tui.core.safe_text import shown


def problem_with(question: Question, value: AnswerValue, today: date | None = None) -> str | None:
    """Why ``value`` is not an acceptable answer to ``question``, or None if it is.

    ``today`` (the clinic's local date) checks a date against its window of days
    from today; give it whenever a person answers. None leaves the window out: an
    answer carried over from a saved session was checked on the day it was given.
    """
    if question.type == "note":
        return "this item is a note and takes no answer"
    if question.type in ("single", "yes_no"):
        if not isinstance(value, str) or value not in question.option_values:
            return _not_an_option(question, value)
        return None
    if question.type == "multiple":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "expected a list of option values"
        unknown = [v for v in value if v not in question.option_values]
        if unknown:
            return _not_an_option(question, unknown[0])
        if len(set(value)) != len(value):
            return "an option is chosen twice"
        exclusive = [v for v in value if (o := question.option(v)) is not None and o.exclusive]
        if exclusive and len(value) > 1:
            return f"'{question.label_for(exclusive[0])}' cannot be combined with other choices"
        if question.required and not value:
            return question.required_message
        return None
    if question.type == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return "expected a whole number"
        return integer_problem(value) or _bounds_problem(question, value)
    if question.type == "date":
        if not isinstance(value, date):
            return "expected a date (YYYY-MM-DD)"
        return year_problem(value) or _window_problem(question, value, today)
    if not isinstance(value, str):
        return "expected text"
    return text_problem(value) or _length_problem(question, value)


def _not_an_option(question: Question, value: object) -> str:
    return f"'{shown(value)}' is not one of the options ({', '.join(question.option_values)})"


def _bounds_problem(question: Question, value: int) -> str | None:
    rule = question.validation
    if rule is None:
        return None
    too_low = rule.min is not None and value < rule.min
    too_high = rule.max is not None and value > rule.max
    return rule.message if too_low or too_high else None


def _length_problem(question: Question, value: str) -> str | None:
    rule = question.validation
    if rule is None:
        return None
    too_short = rule.min_length is not None and len(value) < rule.min_length
    too_long = rule.max_length is not None and len(value) > rule.max_length
    return rule.message if too_short or too_long else None


def _window_problem(question: Question, value: date, today: date | None) -> str | None:
    rule = question.validation
    if rule is None or today is None:
        return None
    return outside_window(rule, value, today)


class TypedInputError(ValueError):
    """What a person typed cannot be an answer; the message says why."""


def value_from_text(question: Question, text: str, today: date | None = None) -> AnswerValue | None:
    """The answer a person typed (None for blank); raise TypedInputError if it is invalid.
    ``today``: as for ``problem_with``."""
    cleaned = text.strip()
    if not cleaned:
        return None
    value: AnswerValue
    if question.type == "integer":
        try:
            value = int(cleaned)
        except ValueError:
            raise TypedInputError(_("Please enter a whole number, like 34.")) from None
    elif question.type == "date":
        try:
            value = date.fromisoformat(cleaned)
        except ValueError:
            raise TypedInputError(
                _("Please enter a date as YYYY-MM-DD, like 2026-12-01.")
            ) from None
    else:
        value = cleaned
    problem = problem_with(question, value, today)
    if problem:
        raise TypedInputError(problem)
    return value
