"""The walk through an intake, one line at a time, over the app's controller.

Each typed line becomes a key (back, review, help, quit) or an intent; the core's
controller applies it exactly as it does for the app, and every change a draft
records is saved at once. Lines are printed only when something new is to be
read: a question once, a problem, the review when it opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from intake_tui.core.controller import (
    Back,
    Finish,
    Intent,
    JumpTo,
    LeaveReview,
    Review,
    Step,
    StillTrue,
    View,
    step,
    view_of,
)
from intake_tui.core.session import IntakeSession
from intake_tui.plain import words
from intake_tui.plain.keeper import Keeper
from intake_tui.plain.parse import Refused, answer_intent, key_of, picked
from intake_tui.plain.render import answer_prompt, question_lines, review_list, section_line
from intake_tui.plain.results import show_outcome
from intake_tui.plain.text import safe


class Quit(Exception):
    """The person typed q: the draft is saved already; leave."""


@dataclass
class Walk:
    keeper: Keeper
    session: IntakeSession
    _shown_question: str | None = None
    _shown_section: str | None = None

    @property
    def today(self) -> date:
        return self.keeper.clock().date()

    def run(self) -> int:
        """Walk to the results; the exit status."""
        view = view_of(self.session)
        while view in ("question", "review"):
            intent = self._question_intent() if view == "question" else self._review_intent()
            view = self._apply(intent, view)
        return show_outcome(self.keeper, self.session)

    # --- a question -------------------------------------------------------------------
    def _question_intent(self) -> Intent:
        question = self.session.current
        assert question is not None, "the question view has a current question"
        say = self.keeper.console.say
        if self._shown_question != question.id:
            if self._shown_section != question.section_id:
                self._shown_section = question.section_id
                say("", section_line(self.session, question))
            say("", *question_lines(self.session, question, self.today))
            self._shown_question = question.id
        while True:
            text = self._ask(answer_prompt(question, self.today))
            key = key_of(text)
            if key == "help":
                say(words.WHY.format(why=safe(question.why)) if question.why else words.NO_WHY)
                say(words.KEYS_HELP)
            elif key == "back":
                return Back(question.id)
            elif key == "review":
                return Review()
            elif key == "quit":
                raise Quit
            elif key == "still_true" and self.session.pending_offer(question.id) is None:
                say(words.NOTHING_OFFERED)
            elif key == "still_true":  # the app's Ctrl+T
                return StillTrue(question.id)
            else:
                try:
                    return answer_intent(self.session, question, text, self.today)
                except Refused as refused:
                    say(str(refused))

    # --- the review -------------------------------------------------------------------
    def _review_intent(self) -> Intent:
        listed = review_list(self.session)
        say = self.keeper.console.say
        say("", *listed.lines)
        at_the_end = self.session.current is None
        while True:
            text = self._ask(words.REVIEW_FINISH if at_the_end else words.REVIEW_PICK).strip()
            key = key_of(text)
            if not text:
                return Finish() if at_the_end else LeaveReview()
            if key == "back":
                return LeaveReview()
            if key == "quit":
                raise Quit
            if key == "review":
                say(*listed.lines)
            elif key == "help":
                say(words.KEYS_HELP)
            elif (number := picked(text, len(listed.question_ids))) is not None:
                return JumpTo(listed.question_ids[number - 1])
            else:
                last = len(listed.question_ids)
                say(words.REVIEW_NO_SUCH.format(text=safe(text)[:20], last=last))

    # --- applying ---------------------------------------------------------------------
    def _ask(self, prompt: str) -> str:
        return self.keeper.console.ask(prompt)

    def _apply(self, intent: Intent, view: View) -> View:
        """Step the controller; save; say any problem. The view to show next."""
        before = self.session
        result: Step = step(before, intent, self.keeper.clock())
        if result.problem:
            self.keeper.console.say(safe(result.problem))
        if not result.changed:
            return view
        if result.view == "home":  # back from the first question: there is nothing before
            self.keeper.console.say(words.FIRST_QUESTION)
            return view
        kept = self.keeper.keep(before, result.session)
        if kept is None:  # a completion not saved: stay unfinished; Enter tries again
            return view
        self.session = kept
        if view != "question" or kept.current_id != before.current_id:
            self._shown_question = None  # a question newly in front: read it out whole
        if (
            kept.completed_report is not None
            and kept.completed_report is not before.completed_report
        ):
            self.keeper.audit(
                "gate_overridden" if kept.override else "intake_completed",
                kept.session_id,
                kept.staff_initials,
            )
        return result.view
