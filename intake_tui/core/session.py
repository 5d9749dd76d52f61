"""An intake in progress, as an immutable value: each answer makes a new one.

The controller (core/controller.py) makes each new value from an intent; the app
holds it in a reactive, re-renders from it and saves it whenever what it records
changes (``records_differ``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property

from intake_tui.core.bank.models import Question
from intake_tui.core.bundle import Bundle
from intake_tui.core.changes import changes_since
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.flow import Flow
from intake_tui.core.modes import Mode
from intake_tui.core.reconcile import reconcile
from intake_tui.core.report.build import build_report, context_for, new_session_id
from intake_tui.core.report.models import Override, SessionReport, Status


@dataclass(frozen=True)
class IntakeSession:
    bundle: Bundle = field(repr=False, compare=False)
    session_id: str
    mode: Mode
    created_at: datetime
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    current_id: str | None = None
    staff_initials: str = ""
    status: Status = "in_progress"
    override: Override | None = None
    # Changing one answer from the review: the next answer or Back returns there.
    editing_from_review: bool = False
    # Set once the intake is completed: the report that was (or is to be) saved.
    completed_report: SessionReport | None = field(default=None, compare=False, repr=False)
    # Front desk: the client record this intake belongs to ("" for none).
    client_id: str = ""
    # A returning client's intake: the session id of the report it follows, that
    # report (to word what changed; None if it could not be read again), and its
    # answers offered again, time-sensitive ones left out (bank: ask_afresh).
    follows: str | None = None
    previous: SessionReport | None = field(default=None, compare=False, repr=False)
    offers: Mapping[str, AnswerValue] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def start(
        cls,
        bundle: Bundle,
        mode: Mode,
        now: datetime,
        staff_initials: str = "",
        session_id: str | None = None,
        client_id: str = "",
        follows: str | None = None,
    ) -> IntakeSession:
        new_id = session_id or new_session_id()
        session = cls(
            bundle,
            new_id,
            mode,
            now,
            staff_initials=staff_initials,
            client_id=client_id,
            follows=follows,
        )
        first = session.flow.next_after(None)
        return session._at(first.id if first else None)

    @classmethod
    def resume(cls, bundle: Bundle, report: SessionReport) -> tuple[IntakeSession, list[str]]:
        """Continue a draft where it stopped.

        Answers are carried over to the current bank; the list says what had to
        be dropped because the bank changed since the draft was saved.
        """
        carried = reconcile(bundle, report)
        session = cls(
            bundle,
            report.session_id,
            report.mode,
            report.created_at,
            answers=carried.answers,
            staff_initials=report.staff_initials,
            client_id=report.client_id or "",
            follows=report.follows,
        )
        return session._at(session._resume_point(report.current_question)), carried.changes

    @classmethod
    def follow_up(
        cls,
        bundle: Bundle,
        previous: SessionReport,
        mode: Mode,
        now: datetime,
        staff_initials: str = "",
        session_id: str | None = None,
    ) -> IntakeSession:
        """A returning client's intake: last visit's answers are offered, not given; it
        belongs to the same client as the report it follows."""
        session = cls.start(
            bundle,
            mode,
            now,
            staff_initials,
            session_id,
            client_id=previous.client_id or "",
            follows=previous.session_id,
        )
        return session.with_previous(previous)

    def with_previous(self, previous: SessionReport | None) -> IntakeSession:
        """The same intake holding the report it follows, and that report's answers as
        offers (carried to the current bank; time-sensitive ones never offered)."""
        if previous is None:
            return self
        bank = self.bundle.bank
        offers = {
            question_id: value
            for question_id, value in reconcile(self.bundle, previous).answers.items()
            if question_id in bank.by_id and not bank.by_id[question_id].ask_afresh
        }
        return self._same_answers(previous=previous, offers=offers)

    def offered(self, question_id: str) -> AnswerValue | None:
        """What a question shows at first: its answer, else last visit's (an offer)."""
        return self.answers.get(question_id, self.offers.get(question_id))

    def pending_offer(self, question_id: str) -> AnswerValue | None:
        """Last visit's answer when it is shown but not yet recorded (the question has no
        answer of its own yet), else None."""
        return None if question_id in self.answers else self.offers.get(question_id)

    def _resume_point(self, saved_current: str) -> str | None:
        """The question the draft was on, if it is still asked; else the first one that
        still needs an answer (an optional question skipped earlier is not one); else
        the review (None)."""
        if saved_current and self.flow.is_enabled(saved_current):
            return saved_current
        missing = self.flow.missing_required()
        return missing[0].id if missing else None

    @cached_property
    def flow(self) -> Flow:
        """Which questions are enabled, given the answers (computed once per session value)."""
        return Flow.compute(self.bundle, self.answers, context_for(self.mode, self.follows))

    def _at(self, current_id: str | None) -> IntakeSession:
        return self._same_answers(current_id=current_id)

    def _same_answers(self, **changes: object) -> IntakeSession:
        """A copy with other fields changed but the same answers and mode, keeping the
        flow already computed: it depends only on those."""
        changed = replace(self, **changes)  # type: ignore[arg-type]
        changed.__dict__["flow"] = self.flow  # where cached_property keeps its value
        return changed

    def editing(self, from_review: bool) -> IntakeSession:
        """The same session, changing one answer from the review (or no longer)."""
        return self._same_answers(editing_from_review=from_review)

    @property
    def current(self) -> Question | None:
        if self.current_id is None:
            return None
        return self.bundle.bank.by_id.get(self.current_id)

    def answer(self, value: AnswerValue | None) -> IntakeSession:
        """Record (or clear, with None) the current question's answer; stay on it."""
        if self.current_id is None:
            return self
        answers = dict(self.answers)
        if value is None:
            answers.pop(self.current_id, None)
        else:
            answers[self.current_id] = value
        return replace(self, answers=answers)

    def advance(self) -> IntakeSession:
        """Move to the next enabled item; None as current means the end (review)."""
        following = self.flow.next_after(self.current_id)
        return self._at(following.id if following else None)

    def back(self) -> IntakeSession:
        if self.current_id is None:
            last = self.flow.enabled[-1] if self.flow.enabled else None
            return self._at(last.id if last else None)
        earlier = self.flow.previous_before(self.current_id)
        return self if earlier is None else self._at(earlier.id)

    def jump_to(self, question_id: str) -> IntakeSession:
        if not self.flow.is_enabled(question_id):
            return self
        return self._at(question_id)

    def with_override(self, override: Override) -> IntakeSession:
        return replace(self, override=override, completed_report=None)

    def complete(self, now: datetime) -> IntakeSession:
        """The completed intake, carrying its report: the recommendation is computed
        once, and the report saved is the one shown."""
        report = self.to_report(now, status="completed")
        if self.previous is not None:
            noted = changes_since(self.previous, report, self.bundle)
            report = report.model_copy(update={"changes_since_last": noted})
        return self._same_answers(
            status="completed", editing_from_review=False, completed_report=report
        )

    def records_differ(self, other: IntakeSession) -> bool:
        """True when saving ``other`` would record something this session does not,
        where it stands included: a draft resumes at the question it was on."""
        return (
            self.session_id != other.session_id
            or self.answers != other.answers
            or self.current_id != other.current_id
            or self.status != other.status
            or self.override != other.override
            or self.staff_initials != other.staff_initials
            or self.mode != other.mode
            or self.follows != other.follows
        )

    @property
    def worth_keeping(self) -> bool:
        """An intake with no answer yet is not kept as a draft: abandoned starts leave
        nothing behind."""
        return bool(self.answers) or self.status != "in_progress"

    def to_report(self, now: datetime, status: Status | None = None) -> SessionReport:
        report = build_report(
            self.bundle,
            self.answers,
            status=status or self.status,
            now=now,
            session_id=self.session_id,
            created_at=self.created_at,
            mode=self.mode,
            staff_initials=self.staff_initials,
            current_question=self.current_id or "",
            flow=self.flow,
            follows=self.follows,
        )
        extra: dict[str, object] = {}
        if self.override:
            extra["override"] = self.override
        if self.client_id:
            extra["client_id"] = self.client_id
        return report.model_copy(update=extra) if extra else report
