"""The shape of expectations.toml: named answer sets and cases with their expected outcomes.

Every expectation is optional: a case states only what it is about. Lists of
rule, factor or advice ids are either a plain list (these must be among them)
or a table with ``only`` (exactly these, in order), ``includes`` and ``excludes``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr, field_validator, model_validator

from intake_tui.core.conditions import AnswerValue
from intake_tui.core.recommend.models import Decision

Answer = StrictStr | StrictInt | date | list[StrictStr]
MmRange = tuple[float, float]
Span = tuple[int, int]
DateRange = tuple[date, date]
Outlook = Literal["shorter", "typical", "longer"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)  # built if used


class Ids(_Strict):
    """Expected ids in one list of the recommendation."""

    only: list[str] | None = None
    includes: list[str] = []
    excludes: list[str] = []

    @model_validator(mode="before")
    @classmethod
    def _plain_list_means_includes(cls, value: Any) -> Any:
        return {"includes": value} if isinstance(value, list) else value


class NarrowingExpectation(_Strict):
    rule: str
    from_mm: MmRange
    to_mm: MmRange


class DepthExpectation(_Strict):
    concern: str
    area: str
    tier: str | None = None
    mm: MmRange | None = None
    status: Literal["recommended", "on_hold"] | None = None
    clinic_only: bool | None = None
    clinic_mm: MmRange | None = None
    narrowings: list[NarrowingExpectation] | None = None
    at_floor: bool | None = None


class NotPlannedExpectation(_Strict):
    """A chosen concern with no depth row: "see_clinic" (not for home) or "no_area"."""

    concern: str
    reason: Literal["see_clinic", "no_area"]


class TimelineExpectation(_Strict):
    plan: str | None = None
    planned: int | None = None
    sessions: Span | None = None
    interval_weeks: Span | None = None
    start_date: date | None = None
    windows: list[DateRange] | None = None
    milestones: dict[str, DateRange] = {}
    # false: an undated outline (on hold); true: dated sessions.
    dated: bool | None = None
    # The warnings whose wait moved the first session, exactly.
    start_moved_by: list[str] | None = None


class LongevityExpectation(_Strict):
    outlook: Outlook | None = None
    factors: Ids | None = None
    shortening: list[str] = []
    lengthening: list[str] = []
    typical_months: int | None = None
    maintenance_months: Span | None = None
    # The advised months between top-ups, and the factors that moved it most.
    interval_months: int | None = None
    moved_by: Ids | None = None


class CostExpectation(_Strict):
    currency: str | None = None
    setting: str | None = None
    sessions: int | None = None
    per_session: list[Span] | None = None
    series: Span | None = None
    maintenance_year: Span | None = None
    # The fewest and most sessions priced; the series with add-ons; top-ups a year.
    session_range: Span | None = None
    with_add_ons: Span | None = None
    visits_a_year: Span | None = None
    priced: bool | None = None


class Expect(_Strict):
    decision: Decision | None = None
    physician_review: bool | None = None
    reasons: Ids | None = None
    adjustments: Ids | None = None
    warnings: Ids | None = None
    notes: Ids | None = None
    fires: list[str] = []
    not_fired: list[str] = []
    depths: list[DepthExpectation] | None = None
    not_planned: list[NotPlannedExpectation] | None = None
    timeline: TimelineExpectation | Literal[False] | None = None
    longevity: LongevityExpectation | None = None
    aftercare: Ids | None = None
    cost: CostExpectation | Literal[False] | None = None
    # What happens next while on hold: the rules, the earliest dates where known, and
    # the steps that must have no date.
    next_steps: Ids | None = None
    review_from: dict[str, date] = {}
    undated: list[str] = []
    # The steps whose date is the latest the wait can end (counted from today, from
    # something past the intake did not date), and is said so; every other is the earliest.
    latest: list[str] = []


class Case(_Strict):
    id: str
    about: str
    base: list[str] = []
    answers: dict[str, Answer] = {}
    without: list[str] = []
    # A returning client's intake (the context fact follow_up is "yes").
    follow_up: bool = False
    sources: list[str] = []
    expect: Expect

    @field_validator("base", mode="before")
    @classmethod
    def _one_name_is_a_list_of_one(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class ExpectationFile(_Strict):
    today: date
    base: str
    answer_sets: dict[str, dict[str, Answer]]
    cases: list[Case]

    def answers_for(self, case: Case) -> dict[str, AnswerValue]:
        """The file's base set (or the case's own, in order), its changes, minus ``without``."""
        answers: dict[str, AnswerValue] = {}
        for name in case.base or [self.base]:
            answers.update(self.answer_sets[name])
        answers.update(case.answers)
        for question_id in case.without:
            answers.pop(question_id, None)
        return answers
