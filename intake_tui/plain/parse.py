"""What a typed line means: a key (back, review, help, quit) or an answer.

An answer becomes the controller's intent; the core checks it, so every message
about a wrong answer is the one the app shows.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from intake_tui.core.bank.models import Question
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.controller import Answer, AnswerText, Intent, missing_answer_message
from intake_tui.core.session import IntakeSession
from intake_tui.plain import words
from intake_tui.plain.text import safe

Key = Literal["back", "review", "help", "quit", "still_true"]
KEYS: dict[str, Key] = {
    words.KEY_BACK: "back",
    words.KEY_REVIEW: "review",
    words.KEY_HELP: "help",
    words.KEY_QUIT: "quit",
    words.KEY_STILL_TRUE: "still_true",
}
MAX_PICK_DIGITS = 6  # more than any list; int() of thousands of digits is refused


class Refused(Exception):
    """A typed answer plain mode refuses before the core sees it; the message says
    what to type instead."""


def picked(text: str, last: int) -> int | None:
    """The number 1 to ``last`` that ``text`` is (ASCII digits only: '²' is a digit to
    Python but not to int()), or None."""
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= MAX_PICK_DIGITS):
        return None
    number = int(cleaned)
    return number if 1 <= number <= last else None


def key_of(text: str) -> Key | None:
    """A one-letter key, whatever the case and spaces around it."""
    return KEYS.get(text.strip().lower())


def answer_intent(session: IntakeSession, question: Question, text: str, today: date) -> Intent:
    """The intent for ``text`` typed at ``question``. Enter alone keeps what the
    question shows (the answer given, last visit's, today for a date), or skips."""
    shown = session.offered(question.id)
    if question.type == "note":
        return Answer(question.id, None)
    if not text.strip():
        return _kept(question, shown, today)
    if question.type in ("single", "yes_no"):
        return Answer(question.id, _known(question, option_value(question, text)))
    if question.type == "multiple":
        values = chosen_values(question, text)
        for value in values:
            _known(question, value)
        return Answer(question.id, values)
    return AnswerText(question.id, text)


def _known(question: Question, value: str) -> str:
    """``value`` if it is one of the options; else Refused, saying what to type (the
    core's message lists the option values, which are meant for files, not people)."""
    if value in question.option_values:
        return value
    expected = expected_choice(question)
    raise Refused(words.NOT_AN_OPTION.format(text=safe(value)[:20], expected=expected))


def expected_choice(question: Question) -> str:
    last = len(question.options)
    template = words.TYPE_NUMBERS if question.type == "multiple" else words.TYPE_A_NUMBER
    return template.format(last=last)


def _kept(question: Question, shown: AnswerValue | None, today: date) -> Intent:
    if shown is not None:
        return Answer(question.id, shown)
    if question.default == "today":
        return AnswerText(question.id, today.isoformat())
    if question.required and question.type in ("single", "yes_no"):
        how = words.HOW_TO_CHOOSE.format(last=len(question.options))
        raise Refused(missing_answer_message(question, how))
    return (
        AnswerText(question.id, "") if question.type not in CHOICES else Answer(question.id, None)
    )


CHOICES = frozenset({"single", "yes_no", "multiple"})


def option_value(question: Question, token: str) -> str:
    """The option a token names: its number, its value or its label (any case); for a
    yes/no question, y or n too. Anything else is returned as typed, for the core to
    say it is not an option."""
    cleaned = " ".join(token.split())
    folded = cleaned.casefold()
    if (number := picked(cleaned, len(question.options))) is not None:
        return question.options[number - 1].value
    for option in question.options:
        if folded in (option.value.casefold(), " ".join(option.label.split()).casefold()):
            return option.value
    if question.type == "yes_no" and folded in words.YES_NO_LETTERS:
        return words.YES_NO_LETTERS[folded]
    return cleaned


def chosen_values(question: Question, text: str) -> list[str]:
    """Several options, as "1,3", "1 3" or their values or labels separated by commas;
    listed in the question's order (as the app ticks them). One label with a space
    or a comma in it is found whole first."""
    whole = option_value(question, text)
    if whole in question.option_values:
        return [whole]
    separator = "," if "," in text else None
    tokens = [
        t for t in (text.split(separator) if separator else re.split(r"\s+", text)) if t.strip()
    ]
    values = [option_value(question, token) for token in tokens]
    order = {value: index for index, value in enumerate(question.option_values)}
    return sorted(values, key=lambda value: order.get(value, len(order)))
