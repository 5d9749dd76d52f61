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
from intake_tui.core.controller import Answer, AnswerText, Intent
from intake_tui.core.session import IntakeSession
from intake_tui.plain import words

Key = Literal["back", "review", "help", "quit"]
KEYS: dict[str, Key] = {
    words.KEY_BACK: "back",
    words.KEY_REVIEW: "review",
    words.KEY_HELP: "help",
    words.KEY_QUIT: "quit",
}


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
        return Answer(question.id, option_value(question, text))
    if question.type == "multiple":
        return Answer(question.id, chosen_values(question, text))
    return AnswerText(question.id, text)


def _kept(question: Question, shown: AnswerValue | None, today: date) -> Intent:
    if shown is not None:
        return Answer(question.id, shown)
    if question.default == "today":
        return AnswerText(question.id, today.isoformat())
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
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(question.options):
        return question.options[int(cleaned) - 1].value
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
