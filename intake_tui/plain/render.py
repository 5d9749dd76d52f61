"""A question, its options and what to type, and the review, as plain lines.

Every text from the bank or an answer goes through ``safe``; fixed words come from
words.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from intake_tui.core.bank.models import Question
from intake_tui.core.date_window import window
from intake_tui.core.review import answer_words, reviewed_sections
from intake_tui.core.session import IntakeSession
from intake_tui.plain import words
from intake_tui.plain.parse import expected_choice
from intake_tui.plain.text import safe


def question_lines(session: IntakeSession, question: Question, today: date) -> list[str]:
    """The progress, the prompt, why we ask, the options and any answer already there."""
    if question.type == "note":  # no answer to count, nothing to choose
        return [safe(question.prompt)]
    number, total = session.flow.progress(question.id)
    lines = [words.PROGRESS.format(number=number, total=total), safe(question.prompt)]
    if question.why:
        lines.append(words.WHY.format(why=safe(question.why)))
    lines += [
        words.OPTION.format(number=n, label=safe(option.label))
        for n, option in enumerate(question.options, start=1)
    ]
    lines += _answer_hint(session, question, today)
    return lines


def section_line(session: IntakeSession, question: Question) -> str:
    section = session.bundle.bank.sections_by_id[question.section_id]
    return words.SECTION.format(title=safe(section.title))


def _answer_hint(session: IntakeSession, question: Question, today: date) -> list[str]:
    """What Enter alone does: keep the answer there, take last visit's, today, or skip."""
    if question.type == "note":
        return []
    if (offer := session.pending_offer(question.id)) is not None:
        return [words.LAST_TIME.format(answer=safe(question.words_for(offer)))]
    if (answer := session.answers.get(question.id)) is not None:
        return [words.CURRENT_ANSWER.format(answer=safe(question.words_for(answer)))]
    if question.default == "today":
        return [words.DEFAULT_TODAY.format(today=today.isoformat())]
    return [] if question.required else [words.OPTIONAL]


def expected_input(question: Question, today: date) -> str:
    """What to type: a number, numbers, a date in its format, a number in its range."""
    if question.type in ("single", "yes_no", "multiple"):
        return expected_choice(question)
    if question.type == "integer":
        return _number_range(question)
    if question.type == "date":
        earliest, _latest = (
            window(question.validation, today) if question.validation else (None, None)
        )
        return words.TYPE_DATE.format(example=(earliest or today).isoformat())
    if question.type == "note":
        return words.NOTE_CONTINUE
    return words.TYPE_TEXT


def _number_range(question: Question) -> str:
    rule = question.validation
    low, high = (rule.min, rule.max) if rule else (None, None)
    if low is not None and high is not None:
        return words.TYPE_NUMBER_RANGE.format(low=low, high=high)
    if low is not None:
        return words.TYPE_NUMBER_AT_LEAST.format(low=low)
    if high is not None:
        return words.TYPE_NUMBER_AT_MOST.format(high=high)
    return words.TYPE_WHOLE_NUMBER


def answer_prompt(question: Question, today: date) -> str:
    return words.ANSWER_PROMPT.format(
        expected=expected_input(question, today), keys=words.KEYS_SHORT
    )


@dataclass(frozen=True)
class ReviewList:
    """The review's lines and, in the order they are numbered, the questions they name."""

    lines: list[str]
    question_ids: list[str]


def review_list(session: IntakeSession) -> ReviewList:
    """Every question asked so far (enabled, taking an answer), numbered, by section."""
    flow = session.flow
    lines, ids = [words.REVIEW_TITLE], []
    for section, rows in reviewed_sections(session):
        lines.append(words.SECTION.format(title=safe(section.title)))
        for question in rows:
            ids.append(question.id)
            answer = safe(answer_words(question, flow.visible_answers.get(question.id)))
            lines.append(
                words.REVIEW_ROW.format(
                    number=len(ids),
                    prompt=safe(question.prompt),
                    answer=words.REVIEW_ANSWER.format(answer=answer),
                )
            )
    if missing := flow.missing_required():
        lines.append(words.REVIEW_MISSING.format(count=len(missing)))
    return ReviewList(lines, ids)
