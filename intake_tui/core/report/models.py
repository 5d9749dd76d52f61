"""The session file model. TOML has no null: unanswered questions are listed
explicitly in ``unanswered`` and absent values are simply left out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from intake_tui.core.conditions import AnswerValue
from intake_tui.core.i18n import LANGUAGE_PATTERN, N_
from intake_tui.core.limits import answer_problem, year_problem
from intake_tui.core.modes import Mode
from intake_tui.core.recommend.models import Recommendation

SCHEMA_VERSION = 1
Status = Literal["in_progress", "completed", "amended"]
# How each status is named wherever a person reads it (lists, documents, filters).
STATUS_WORDS: dict[str, str] = {
    "in_progress": N_("Draft"),
    "completed": N_("Completed"),
    "amended": N_("Amended"),
}


def _in_range(moment: datetime) -> datetime:
    if problem := year_problem(moment):
        raise ValueError(problem)
    return moment


def _day_text(text: str) -> str:
    """'' or a YYYY-MM-DD date within the accepted years (the plan counts from it)."""
    if text:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError("expected a date (YYYY-MM-DD)") from None
        if problem := year_problem(day):
            raise ValueError(problem)
    return text


def _safe_answer(value: AnswerValue) -> AnswerValue:
    """An answer within the limits every front end keeps (core/limits.py). Text with
    control characters is refused where answers come in (typed, answers files), but a
    saved report holding some stays readable and deletable: it is only ever shown
    escaped (a NUL, which no tool can be trusted with, is refused on reading)."""
    if problem := answer_problem(value, text=False):
        raise ValueError(problem)
    return value


Moment = Annotated[datetime, AfterValidator(_in_range)]
DayText = Annotated[str, AfterValidator(_day_text)]
SafeAnswer = Annotated[AnswerValue, AfterValidator(_safe_answer)]
SessionId = Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
Language = Annotated[str, Field(pattern=LANGUAGE_PATTERN.pattern)]
ClientId = SessionId  # the same form: 16 random hexadecimal digits (core/clients.py)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class QuestionnaireRef(_Model):
    """Pins the exact bank and protocol a session was answered and scored against."""

    id: str
    version: str
    content_hash: str
    protocol_hash: str
    settings_hash: str


class Override(_Model):
    """A front-desk override of a 'not now' / 'physician first' gate."""

    reason: str = Field(min_length=1)
    staff_initials: str = Field(min_length=1)
    at: Moment


class NotedChange(_Model):
    """One thing that changed since the report this one follows, in words:
    ``Blood thinners: No → Yes``, ``Gate: Go ahead → See a doctor first``."""

    output: str  # answer, gate, depth, plan, longevity, aftercare or cost
    what: str
    before: str
    after: str


class SessionReport(_Model):
    schema_version: Literal[1] = 1
    session_id: SessionId
    status: Status
    created_at: Moment
    updated_at: Moment
    today: DayText = ""
    mode: Mode = "self"
    # The language its words are in (core/i18n); written only when not English, so
    # reports from before languages existed read as English, as they are.
    language: Language = "en"
    staff_initials: str = ""
    # A returning client's intake: the session id of the report it follows, and
    # what changed since (worded when it was completed). Absent otherwise.
    follows: SessionId | None = None
    changes_since_last: list[NotedChange] | None = None
    questionnaire: QuestionnaireRef
    answers: dict[str, SafeAnswer] = {}
    unanswered: list[str] = []
    current_question: str = ""
    scores: dict[str, int] = {}
    override: Override | None = None
    # Completed: the digest of the recommendation's key outputs (core/report/digest.py),
    # so a rescore need not read the tables back. "" in drafts and older reports.
    outputs_digest: str = ""
    recommendation: Recommendation | None = None
    # The client record (clients/<id>.toml) a front-desk intake is attached to; absent
    # for self-assessment and for intakes not attached to anyone.
    client_id: ClientId | None = None
