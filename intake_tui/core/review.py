"""The review before finishing, without a screen: which questions it lists, by
section, and how each answer reads there. The app and plain mode both show this."""

from __future__ import annotations

from intake_tui.core.bank.models import Question, Section
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.i18n import N_, _
from intake_tui.core.session import IntakeSession

NEEDS_ANSWER = N_("(needs an answer)")
SKIPPED = N_("(skipped)")


def answer_words(question: Question, value: AnswerValue | None) -> str:
    """An answer as the review shows it; no answer says whether one is needed."""
    if value is None:
        return _(NEEDS_ANSWER) if question.required else _(SKIPPED)
    return question.words_for(value)


def reviewed_sections(session: IntakeSession) -> list[tuple[Section, list[Question]]]:
    """Each section with the questions asked so far in it (enabled, taking an answer);
    sections with none are left out."""
    flow = session.flow
    listed = []
    for section in session.bundle.bank.sections:
        rows = [q for q in section.questions if q.asks and flow.is_enabled(q.id)]
        if rows:
            listed.append((section, rows))
    return listed
