"""The intake controller: every rule of the walk through an intake, without Textual.

A front end turns a key press or a click into an *intent* and calls ``step``; it
gets back the new session and which view to show. Screens render; only this module
decides what an answer does to the draft, where next and back lead, when an intake
may finish, and when the gate may be overridden.

Intents name the question they were made for, so one that arrives late (a key
auto-repeated before the screen moved on) changes nothing instead of answering the
next question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from intake_tui.core.answers import TypedInputError, problem_with, value_from_text
from intake_tui.core.bank.models import Question
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.i18n import _
from intake_tui.core.recommend.models import ON_HOLD
from intake_tui.core.report.models import Override, SessionReport
from intake_tui.core.session import IntakeSession

View = Literal["question", "review", "gate", "results", "home"]


@dataclass(frozen=True)
class Answer:
    """Record an answer to ``question_id`` and continue (None: skip an optional one)."""

    question_id: str
    value: AnswerValue | None


@dataclass(frozen=True)
class AnswerText:
    """Record what was typed for ``question_id`` (checked here) and continue."""

    question_id: str
    text: str


@dataclass(frozen=True)
class Choose:
    """Record a choice for ``question_id`` without moving on (a digit on a single choice)."""

    question_id: str
    value: AnswerValue


@dataclass(frozen=True)
class StillTrue:
    """A returning client: last visit's answers in the section of ``question_id`` are
    all still true; record them and go on to the first question with no offer."""

    question_id: str


@dataclass(frozen=True)
class Back:
    """One step back: the previous question, or the review when editing from it."""

    question_id: str | None


@dataclass(frozen=True)
class Review:
    """Open the review of every answer."""


@dataclass(frozen=True)
class JumpTo:
    """From the review: change the answer to ``question_id``, then return to the review."""

    question_id: str


@dataclass(frozen=True)
class LeaveReview:
    """From the review, without picking an answer: back to where the walk was."""


@dataclass(frozen=True)
class Finish:
    """Complete the intake: allowed only when every required question is answered."""


@dataclass(frozen=True)
class OverrideGate:
    """Front desk: continue past a 'not now' or 'see a doctor first' gate."""

    reason: str
    staff_initials: str


@dataclass(frozen=True)
class SeeSummary:
    """Self-assessment: past a gate that did not say 'go ahead', read the summary."""


@dataclass(frozen=True)
class Home:
    """Leave the intake for the welcome screen; the draft is kept."""


Intent = (
    Answer
    | AnswerText
    | Choose
    | StillTrue
    | Back
    | Review
    | JumpTo
    | LeaveReview
    | Finish
    | OverrideGate
    | SeeSummary
    | Home
)


@dataclass(frozen=True)
class Step:
    """What an intent led to: the session to hold (and save), the view to show, and a
    problem to show there (empty when none). ``changed`` is False for an intent that
    did nothing, so a front end can leave the screen as it is. ``save_now`` is False
    for a choice not yet continued (a digit on a single choice): the draft is written
    when the answer is committed, or when the intake is left or the program quits,
    not once per key."""

    session: IntakeSession
    view: View
    problem: str = ""
    changed: bool = True
    save_now: bool = True

    @property
    def report(self) -> SessionReport | None:
        return self.session.completed_report


def step(session: IntakeSession, intent: Intent, now: datetime) -> Step:
    """Apply one intent to the session (pure: the session given is never changed)."""
    if session.completed_report is not None:
        return _after_completion(session, intent, now)
    match intent:
        case Answer(question_id, value):
            return _answer(session, question_id, value, now.date())
        case AnswerText(question_id, text):
            return _answer_text(session, question_id, text, now.date())
        case Choose(question_id, value):
            return _choose(session, question_id, value, now.date())
        case StillTrue(question_id):
            return _still_true(session, question_id, now.date())
        case Back(question_id):
            return _back(session, question_id)
        case Review():
            return Step(session, "review")
        case JumpTo(question_id):
            return _jump_to(session, question_id)
        case LeaveReview():
            return _leave_review(session)
        case Finish():
            return _finish(session, now)
        case Home():
            return Step(session, "home")
    return _unchanged(session)


def view_of(session: IntakeSession) -> View:
    """Where a session stands: a question, or the review once past the last one."""
    return "question" if session.current is not None else "review"


def _unchanged(session: IntakeSession) -> Step:
    return Step(session, view_of(session), changed=False)


def _is_stale(session: IntakeSession, question_id: str | None) -> bool:
    """An intent made for another question than the one shown: drop it."""
    return question_id != session.current_id


def _answer(
    session: IntakeSession, question_id: str, value: AnswerValue | None, today: date
) -> Step:
    question = session.current
    if question is None or _is_stale(session, question_id):
        return _unchanged(session)
    if value is None and question.required:
        return Step(session, "question", missing_answer_message(question), changed=False)
    if value is not None and (problem := problem_with(question, value, today)):
        return Step(session, "question", problem, changed=False)
    answered = session.answer(value)
    if session.editing_from_review:
        return _back_to_review(answered.editing(from_review=False), before=session)
    moved = answered.advance()
    return Step(moved, view_of(moved))


def _back_to_review(edited: IntakeSession, before: IntakeSession) -> Step:
    """After an answer changed from the review: back to it, unless the change opened
    questions that need an answer (a corrected age opens every section); then the
    walk goes on from the first question it opened, as if it had never left."""
    opened = [
        q
        for q in edited.flow.askable
        if not before.flow.is_enabled(q.id) and q.id not in edited.flow.visible_answers
    ]
    if not any(q.required for q in opened):
        return Step(edited, "review")
    return Step(edited.jump_to(opened[0].id), "question")


def missing_answer_message(question: Question, how_to_choose: str = "") -> str:
    """What to do when continuing without an answer: the clinic's words if its bank
    sets them, else, on a single choice, "Choose an answer first", followed by
    ``how_to_choose`` when the front end says which keys choose there."""
    clinic_worded = "required_message" in question.model_fields_set
    if question.type not in ("single", "yes_no") or clinic_worded:
        return _(question.required_message)  # the default's words are the app's
    if how_to_choose:
        return _("Choose an answer first: {how}.").format(how=how_to_choose)
    return _("Choose an answer first.")


def _answer_text(session: IntakeSession, question_id: str, text: str, today: date) -> Step:
    question = session.current
    if question is None or _is_stale(session, question_id):
        return _unchanged(session)
    try:
        value = value_from_text(question, text, today)
    except TypedInputError as error:
        return Step(session, "question", str(error), changed=False)
    return _answer(session, question_id, value, today)


def _choose(session: IntakeSession, question_id: str, value: AnswerValue, today: date) -> Step:
    question = session.current
    if question is None or _is_stale(session, question_id) or problem_with(question, value, today):
        return _unchanged(session)
    return Step(session.answer(value), "question", save_now=False)


def _still_true(session: IntakeSession, question_id: str, today: date) -> Step:
    """Accept every offer in the current section, one answer at a time (each may
    open or close questions), stopping at a question with nothing offered (asked
    afresh, or new), an offer no longer valid, or the next section."""
    stale = _is_stale(session, question_id) or session.editing_from_review
    if stale or session.current is None:
        return _unchanged(session)
    section_id = session.current.section_id
    walked = Step(session, "question", changed=False)
    while (question := walked.session.current) is not None and question.section_id == section_id:
        offer = walked.session.offered(question.id) if question.asks else None
        if offer is None and question.asks:
            break
        taken = _answer(walked.session, question.id, offer, today)
        if not taken.changed:
            return Step(walked.session, "question", taken.problem, changed=walked.changed)
        walked = taken
    return walked


def _back(session: IntakeSession, question_id: str | None) -> Step:
    if _is_stale(session, question_id):
        return _unchanged(session)
    if session.editing_from_review:
        return Step(session.editing(from_review=False), "review")
    earlier = session.back()
    if earlier.current_id == session.current_id:
        return Step(session, "home")  # back from the first question leaves the intake
    return Step(earlier, view_of(earlier))


def _jump_to(session: IntakeSession, question_id: str) -> Step:
    if not session.flow.is_enabled(question_id):
        return _unchanged(session)
    return Step(session.jump_to(question_id).editing(from_review=True), "question")


def _leave_review(session: IntakeSession) -> Step:
    """Back from the review: to the question the walk was on, or, from the end of
    the walk, to the last question."""
    if session.current is not None:
        return Step(session.editing(from_review=False), "question")
    earlier = session.back()
    return Step(earlier, view_of(earlier))


def _finish(session: IntakeSession, now: datetime) -> Step:
    missing = session.flow.missing_required()
    if missing:
        please = _("Please answer: {prompt}").format(prompt=missing[0].prompt)
        return Step(session, "review", please, changed=False)
    outdated = _first_outdated_answer(session, now.date())
    if outdated is not None:
        question_id, problem = outdated
        return Step(session.jump_to(question_id).editing(from_review=True), "question", problem)
    return _completed(session, now)


def _first_outdated_answer(session: IntakeSession, today: date) -> tuple[str, str] | None:
    """An answer given on an earlier day that today's window no longer allows (a
    resumed draft's start date now in the past): it must be given again, so no
    plan is dated before today."""
    bank = session.bundle.bank
    for question_id, value in session.flow.visible_answers.items():
        problem = problem_with(bank.by_id[question_id], value, today)
        if problem:
            return question_id, problem
    return None


def _completed(session: IntakeSession, now: datetime) -> Step:
    done = session.complete(now)
    return Step(done, _completed_view(done))


def _completed_view(session: IntakeSession) -> View:
    """A completed intake shows its results, or first the gate that stopped it."""
    passed = goes_ahead(session.completed_report) or session.override is not None
    return "results" if passed else "gate"


def _after_completion(session: IntakeSession, intent: Intent, now: datetime) -> Step:
    """A completed intake takes only an override (front desk, gate not 'go ahead'),
    reading the summary past the gate (self-assessment) and leaving for home;
    everything else is a late key press and changes nothing."""
    if isinstance(intent, Home):
        return Step(session, "home")
    if isinstance(intent, OverrideGate) and may_override(session):
        override = Override(reason=intent.reason, staff_initials=intent.staff_initials, at=now)
        return _completed(session.with_override(override), now)
    if isinstance(intent, SeeSummary) and may_see_summary(session):
        return Step(session, "results")
    return Step(session, _completed_view(session), changed=False)


def goes_ahead(report: SessionReport | None) -> bool:
    """Not on hold: go ahead, or nothing to plan (nothing to override: no gate stopped it)."""
    return (
        report is not None
        and report.recommendation is not None
        and report.recommendation.gate.decision not in ON_HOLD
    )


def may_override(session: IntakeSession) -> bool:
    """Front desk only, once, only past a gate that did not say 'go ahead', and never
    past a rule the protocol marks absolute (e.g. age under 18)."""
    return (
        session.mode == "front_desk"
        and session.override is None
        and session.completed_report is not None
        and not goes_ahead(session.completed_report)
        and not absolute_reasons(session)
    )


def absolute_reasons(session: IntakeSession) -> list[str]:
    """The ids of the gate's reasons that no override may pass."""
    report = session.completed_report
    if report is None or report.recommendation is None:
        return []
    absolute = session.bundle.protocol.absolute_rules
    return [r.rule_id for r in report.recommendation.gate.reasons if r.rule_id in absolute]


def may_see_summary(session: IntakeSession) -> bool:
    """Self-assessment past a gate: what to expect and how to prepare, no override."""
    return (
        session.mode == "self"
        and session.completed_report is not None
        and not goes_ahead(session.completed_report)
    )
