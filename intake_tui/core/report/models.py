"""The session file model. TOML has no null: unanswered questions are listed
explicitly in ``unanswered`` and absent values are simply left out."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from intake_tui.core.conditions import AnswerValue
from intake_tui.core.modes import Mode
from intake_tui.core.recommend.models import Recommendation

SCHEMA_VERSION = 1
Status = Literal["in_progress", "completed", "amended"]


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
    at: datetime


class SessionReport(_Model):
    schema_version: Literal[1] = 1
    session_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    status: Status
    created_at: datetime
    updated_at: datetime
    today: str = ""
    mode: Mode = "self"
    staff_initials: str = ""
    questionnaire: QuestionnaireRef
    answers: dict[str, AnswerValue] = {}
    unanswered: list[str] = []
    current_question: str = ""
    scores: dict[str, int] = {}
    override: Override | None = None
    recommendation: Recommendation | None = None
