"""The typed recommendation: what the results screen shows and the report stores.

Every list element says which rules produced it (``rule_ids`` / ``rule_id``)
and the answers behind it (``because``), so the report explains itself.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from intake_tui.core.conditions import AnswerValue, ConditionValue

# nothing_planned: nothing rules treatment out, but no concern chosen can be planned
# here (each is "see a clinic" or has no area that suits it).
Decision = Literal["go_ahead", "nothing_planned", "physician_first", "not_now"]
# The decisions that hold a client: what happens next, no plan, an override is possible.
ON_HOLD: frozenset[Decision] = frozenset({"physician_first", "not_now"})
Evidence = dict[str, AnswerValue | ConditionValue]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Finding(_Out):
    """A fired rule: a contraindication, adjustment, warning or note."""

    rule_id: str
    action: str
    message: str
    practitioner: str = ""
    sources: list[str]
    because: Evidence = {}


class Gate(_Out):
    decision: Decision
    headline: str
    reasons: list[Finding] = []
    physician_review: bool = False


class Narrowing(_Out):
    rule_id: str
    description: str
    from_mm: tuple[float, float]
    to_mm: tuple[float, float]
    sources: list[str]


class DepthPlan(_Out):
    concern: str
    concern_label: str
    area: str
    area_label: str
    tier: str
    min_mm: float
    max_mm: float
    status: Literal["recommended", "on_hold"]
    clinic_only: bool = False
    clinic_min_mm: float = 0.0
    clinic_max_mm: float = 0.0
    clinic_note: str = ""
    narrowings: list[Narrowing] = []
    # A gentler rule applied but the depth was already the ladder's shallowest step.
    at_floor: bool = False
    sources: list[str]


class NotPlanned(_Out):
    """A chosen concern with no depth row, and why: not for home, or no area suits it."""

    concern: str
    concern_label: str
    reason: Literal["see_clinic", "no_area"]
    explanation: str
    areas: list[str] = []
    sources: list[str] = []


class SessionWindow(_Out):
    number: int
    earliest: date
    latest: date


class DatedMilestone(_Out):
    id: str
    label: str
    anchor: str
    from_date: date
    to_date: date
    sources: list[str]


class Timeline(_Out):
    """The session plan. On hold it is an undated outline: no start, sessions or milestones."""

    plan_id: str
    reason: str
    sessions_min: int
    sessions_max: int
    planned: int
    interval_min_weeks: int
    interval_max_weeks: int
    start_date: date | None = None
    # Warnings whose wait moved the first session later than the day asked for.
    start_moved_by: list[str] = []
    sessions: list[SessionWindow] = []
    # In date order: by start, then end.
    milestones: list[DatedMilestone] = []
    sources: list[str]


class NextStep(_Out):
    """For a client on hold: what must change, and when it can be looked at again."""

    rule_id: str
    change: str
    review: str
    # The date it can be looked at again, where the rule knows one; review_date says
    # whether it is the earliest, or the latest the wait can end (counted from today).
    review_from: date | None = None
    review_date: Literal["earliest", "latest"] = "earliest"
    sources: list[str]


class Factor(_Out):
    id: str
    direction: Literal["shortens", "lengthens"]
    text: str
    kind: Literal["age", "habit", "skin", "treatment"] = "habit"
    # How far this factor moved the interval, in months: negative shortens.
    months: float = 0.0
    sources: list[str]
    because: Evidence = {}


class Longevity(_Out):
    summary: str
    never_permanent: str
    typical_months: int
    maintenance_min_months: int
    maintenance_max_months: int
    outlook: Literal["shorter", "typical", "longer"]
    # The advised time between top-ups, within min..max; 0 when not personal (on hold).
    interval_months: int = 0
    maintenance_advice: str
    # The factors that moved the interval most, largest first; with the words before them.
    moved_by: list[str] = []
    moved_by_intro: str = ""
    factors: list[Factor] = []
    sources: list[str]


class MaintenanceDue(_Out):
    """When the first top-up falls due: from the article's shortest interval after the
    last session's earliest day to the advised interval after its latest day."""

    from_date: date
    to_date: date
    # The series behind it and what it treats, for the recall list's reason.
    sessions: int
    concerns: list[str] = []
    months_low: int
    months_high: int


class AftercareEntry(_Out):
    id: str
    phase: str
    text: str
    sources: list[str]


class CostLine(_Out):
    label: str
    per_session_low: int
    per_session_high: int
    # An add-on not yet decided ("PRP: not sure") raises only the high end.
    optional: bool = False
    add_on: bool = False
    sources: list[str]


class Cost(_Out):
    """The series from the fewest sessions at the cheapest price to the most sessions at
    the dearest, add-ons priced on their own; top-ups per the advised interval."""

    currency: str
    money_format: str = "{currency} {amount}"
    thousands_separator: str = ","
    setting: str
    setting_label: str
    sessions: int
    sessions_min: int = 0
    sessions_max: int = 0
    # False: nothing here has a price (e.g. at home without a device price).
    priced: bool = True
    lines: list[CostLine] = []
    # Without add-ons: fewest x cheapest to most x dearest.
    series_low: int = 0
    series_high: int = 0
    # With every add-on chosen or maybe chosen; the low end rises only for chosen ones.
    with_add_ons_low: int = 0
    with_add_ons_high: int = 0
    # Top-up visits a year at the advised interval, and their cost (add-ons as above).
    visits_a_year: tuple[int, int] = (0, 0)
    maintenance_year_low: int = 0
    maintenance_year_high: int = 0
    # At home: the device as a one-off cost, where the clinic prices it.
    device_low: int | None = None
    device_high: int | None = None
    note: str = ""


class TraceEntry(_Out):
    output: str
    rule_ids: list[str]
    because: Evidence = {}


class Recommendation(_Out):
    gate: Gate
    depths: list[DepthPlan] = []
    not_planned: list[NotPlanned] = []
    adjustments: list[Finding] = []
    warnings: list[Finding] = []
    notes: list[Finding] = []
    timeline: Timeline | None = None
    # While the gate is not "go ahead": one per reason, in the gate's order.
    next_steps: list[NextStep] = []
    longevity: Longevity
    # None when nothing is planned or dated: on hold, no concern planned, no interval.
    maintenance_due: MaintenanceDue | None = None
    aftercare: list[AftercareEntry] = []
    cost: Cost | None = None
    trace: list[TraceEntry] = []
    notice: str
