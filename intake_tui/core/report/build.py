"""Build a SessionReport from answers: the one path the app and the CLI share."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date, datetime

from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.facts import FOLLOW_UP_FACT, SCORE_FACTS
from intake_tui.core.flow import Flow
from intake_tui.core.i18n import speaking
from intake_tui.core.modes import Mode
from intake_tui.core.recommend import recommend
from intake_tui.core.recommend.models import Recommendation
from intake_tui.core.report.digest import outputs_digest
from intake_tui.core.report.models import QuestionnaireRef, SessionReport, Status


def new_session_id() -> str:
    """A random id: file names come from it, never from a name or an answer."""
    return secrets.token_hex(8)


def questionnaire_ref(bundle: Bundle) -> QuestionnaireRef:
    return QuestionnaireRef(
        id=bundle.bank.id,
        version=bundle.bank.version,
        content_hash=bundle.bank.content_hash,
        protocol_hash=bundle.protocol.content_hash,
        settings_hash=bundle.settings.content_hash,
    )


def context_for(mode: Mode, follows: str | None = None) -> dict[str, str]:
    """The context facts: the mode, and whether the intake follows an earlier one."""
    return {"mode": mode, FOLLOW_UP_FACT: "yes" if follows else "no"}


def build_report(
    bundle: Bundle,
    answers: Mapping[str, AnswerValue],
    *,
    status: Status,
    now: datetime,
    session_id: str,
    created_at: datetime | None = None,
    mode: Mode = "self",
    staff_initials: str = "",
    current_question: str = "",
    flow: Flow | None = None,
    follows: str | None = None,
) -> SessionReport:
    """A draft keeps every answer (hidden ones too, so they come back if the
    branch is re-entered); a completed report keeps only enabled questions'
    answers and carries the recommendation. ``flow``, if given, must be these
    answers' flow in this mode (the app has it already)."""
    context = context_for(mode, follows)
    flow = flow if flow is not None else Flow.compute(bundle, answers, context)
    completed = status != "in_progress"
    today: date = now.date()
    kept = dict(flow.visible_answers) if completed else dict(answers)
    scores = {k: v for k in SCORE_FACTS if isinstance(v := flow.facts.get(k), int)}
    recommendation = _recommended(bundle, kept, today, context) if completed else None
    digest = outputs_digest(recommendation.model_dump()) if recommendation is not None else ""
    return SessionReport(
        session_id=session_id,
        status=status,
        created_at=created_at or now,
        updated_at=now,
        today=today.isoformat(),
        mode=mode,
        language=bundle.language,
        staff_initials=staff_initials,
        follows=follows,
        questionnaire=questionnaire_ref(bundle),
        answers=kept,
        unanswered=flow.unanswered(),
        current_question="" if completed else current_question,
        scores=scores,
        outputs_digest=digest,
        recommendation=recommendation,
    )


def _recommended(
    bundle: Bundle, answers: Mapping[str, AnswerValue], today: date, context: dict[str, str]
) -> Recommendation:
    with speaking(bundle.language):  # its words (dates...) in the bank's language
        return recommend(bundle, answers, today=today, context=context)
