"""Compare a recommendation with a case's expectations: one sentence per failing one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Literal

from intake_tui.core.expectations.models import (
    CostExpectation,
    DepthExpectation,
    Expect,
    Ids,
    LongevityExpectation,
    NotPlannedExpectation,
    TimelineExpectation,
)
from intake_tui.core.recommend.models import (
    Cost,
    DepthPlan,
    Finding,
    Longevity,
    NotPlanned,
    Recommendation,
    Timeline,
)


def outcome_failures(expect: Expect, rec: Recommendation) -> list[str]:
    """What the case expected and what came out, for every expectation that does not hold."""
    return [
        *_differs("gate decision", expect.decision, rec.gate.decision),
        *_differs("physician review", expect.physician_review, rec.gate.physician_review),
        *_findings(expect, rec),
        *_depths(expect.depths, rec.depths),
        *_not_planned(expect.not_planned, rec.not_planned),
        *_timeline(expect.timeline, rec.timeline),
        *_longevity(expect.longevity, rec.longevity),
        *_ids("aftercare", expect.aftercare, [a.id for a in rec.aftercare]),
        *_cost(expect.cost, rec.cost),
        *_next_steps(expect, rec),
    ]


def _next_steps(expect: Expect, rec: Recommendation) -> list[str]:
    dates = {step.rule_id: step.review_from for step in rec.next_steps}
    failures = _ids("next steps", expect.next_steps, list(dates))
    for rule_id, review_from in expect.review_from.items():
        failures += _differs(f"the review date of {rule_id}", review_from, dates.get(rule_id))
    for rule_id in expect.undated:
        if dates.get(rule_id) is not None:
            failures.append(f"expected no review date for {rule_id}, got {_shown(dates[rule_id])}")
    kinds = {step.rule_id: step.review_date for step in rec.next_steps if step.review_from}
    for rule_id, kind in kinds.items():
        expected = "latest" if rule_id in expect.latest else "earliest"
        if rule_id in expect.review_from or rule_id in expect.latest:
            failures += _differs(f"the kind of review date of {rule_id}", expected, kind)
    return failures


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple) and len(value) == 2:
        low, high = value
        joint = "-" if isinstance(low, int | float) and isinstance(high, int | float) else " to "
        return f"{_shown(low)}{joint}{_shown(high)}"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(item) for item in value) + "]" if value else "none"
    return "none" if value is None else str(value)


def _differs(what: str, expected: object, actual: object) -> list[str]:
    """A failure when something was expected (not None) and something else came out."""
    if expected is None or expected == actual:
        return []
    return [f"expected {what} {_shown(expected)}, got {_shown(actual)}"]


def _ids(what: str, expected: Ids | None, actual: list[str]) -> list[str]:
    if expected is None:
        return []
    failures = []
    if expected.only is not None and expected.only != actual:
        failures.append(f"expected {what} to be exactly {_shown(expected.only)}")
    if missing := [i for i in expected.includes if i not in actual]:
        failures.append(f"expected {what} to include {_shown(missing)}")
    if present := [i for i in expected.excludes if i in actual]:
        failures.append(f"expected {what} not to include {_shown(present)}")
    return [f"{failure}, got {_shown(actual)}" for failure in failures]


def _rule_ids(findings: Sequence[Finding]) -> list[str]:
    return [f.rule_id for f in findings]


def _findings(expect: Expect, rec: Recommendation) -> list[str]:
    lists = {
        "reasons": _rule_ids(rec.gate.reasons),
        "adjustments": _rule_ids(rec.adjustments),
        "warnings": _rule_ids(rec.warnings),
        "notes": _rule_ids(rec.notes),
    }
    fired = [rule_id for ids in lists.values() for rule_id in ids]
    failures = [
        *_ids("reasons", expect.reasons, lists["reasons"]),
        *_ids("adjustments", expect.adjustments, lists["adjustments"]),
        *_ids("warnings", expect.warnings, lists["warnings"]),
        *_ids("notes", expect.notes, lists["notes"]),
    ]
    if missing := [i for i in expect.fires if i not in fired]:
        failures.append(f"expected {_shown(missing)} to fire, got {_shown(fired)}")
    if present := [i for i in expect.not_fired if i in fired]:
        failures.append(f"expected {_shown(present)} not to fire, got {_shown(fired)}")
    return failures


def _where(concern: str, area: str) -> str:
    return f"{concern} on {area}"


def _depths(expected: list[DepthExpectation] | None, plans: list[DepthPlan]) -> list[str]:
    if expected is None:
        return []
    wanted = [_where(e.concern, e.area) for e in expected]
    got = [_where(p.concern, p.area) for p in plans]
    if wanted != got:
        return [f"expected depth plans for {_shown(wanted)}, got {_shown(got)}"]
    return [failure for e, p in zip(expected, plans, strict=True) for failure in _depth(e, p)]


def _not_planned(
    expected: list[NotPlannedExpectation] | None, actual: list[NotPlanned]
) -> list[str]:
    if expected is None:
        return []
    wanted = [f"{e.concern} ({e.reason})" for e in expected]
    return _differs("concerns not planned", wanted, [f"{n.concern} ({n.reason})" for n in actual])


def _narrowing_text(rule: str, from_mm: tuple[float, float], to_mm: tuple[float, float]) -> str:
    return f"{rule} from {_shown(from_mm)} mm to {_shown(to_mm)} mm"


def _depth(expected: DepthExpectation, plan: DepthPlan) -> list[str]:
    where = _where(plan.concern, plan.area)
    clinic = (plan.clinic_min_mm, plan.clinic_max_mm)
    failures = [
        *_differs(f"the tier for {where}", expected.tier, plan.tier),
        *_differs(f"the depth (mm) for {where}", expected.mm, (plan.min_mm, plan.max_mm)),
        *_differs(f"the status for {where}", expected.status, plan.status),
        *_differs(f"clinic-only for {where}", expected.clinic_only, plan.clinic_only),
        *_differs(f"the clinic-only depth (mm) for {where}", expected.clinic_mm, clinic),
        *_differs(f"at the shallowest step for {where}", expected.at_floor, plan.at_floor),
    ]
    if expected.narrowings is not None:
        wanted = [_narrowing_text(n.rule, n.from_mm, n.to_mm) for n in expected.narrowings]
        got = [_narrowing_text(n.rule_id, n.from_mm, n.to_mm) for n in plan.narrowings]
        failures += _differs(f"the narrowings for {where}", wanted, got)
    return failures


def _timeline(
    expected: TimelineExpectation | Literal[False] | None, timeline: Timeline | None
) -> list[str]:
    if expected is None:
        return []
    if expected is False:
        return [] if timeline is None else [f"expected no session plan, got {timeline.plan_id}"]
    if timeline is None:
        return ["expected a session plan, got none"]
    windows = [(s.earliest, s.latest) for s in timeline.sessions]
    failures = [
        *_differs("session plan", expected.plan, timeline.plan_id),
        *_differs("planned sessions", expected.planned, timeline.planned),
        *_differs("the plan's sessions", expected.sessions, _span(timeline)),
        *_differs(
            "weeks between sessions",
            expected.interval_weeks,
            (timeline.interval_min_weeks, timeline.interval_max_weeks),
        ),
        *_differs("start date", expected.start_date, timeline.start_date),
        *_differs("session windows", expected.windows, windows),
        *_differs("a dated plan", expected.dated, timeline.start_date is not None),
        *_differs(
            "the waits that moved the start", expected.start_moved_by, timeline.start_moved_by
        ),
    ]
    dated = {m.id: (m.from_date, m.to_date) for m in timeline.milestones}
    for milestone_id, dates in expected.milestones.items():
        failures += _differs(f"the dates of {milestone_id}", dates, dated.get(milestone_id))
    return failures


def _span(timeline: Timeline) -> tuple[int, int]:
    return (timeline.sessions_min, timeline.sessions_max)


def _longevity(expected: LongevityExpectation | None, longevity: Longevity) -> list[str]:
    if expected is None:
        return []
    directions = {f.id: f.direction for f in longevity.factors}
    maintenance = (longevity.maintenance_min_months, longevity.maintenance_max_months)
    failures = [
        *_differs("longevity outlook", expected.outlook, longevity.outlook),
        *_ids("longevity factors", expected.factors, list(directions)),
        *_differs("typical months", expected.typical_months, longevity.typical_months),
        *_differs("months between top-ups", expected.maintenance_months, maintenance),
        *_differs(
            "advised months between top-ups", expected.interval_months, longevity.interval_months
        ),
        *_ids("factors that moved the interval", expected.moved_by, longevity.moved_by),
    ]
    for direction, ids in (("shortens", expected.shortening), ("lengthens", expected.lengthening)):
        for factor_id in ids:
            got = directions.get(factor_id, "not listed")
            failures += _differs(f"{factor_id} to say it", direction, got)
    return failures


def _cost(expected: CostExpectation | Literal[False] | None, cost: Cost | None) -> list[str]:
    if expected is None:
        return []
    if expected is False:
        return [] if cost is None else [f"expected no cost estimate, got one for {cost.setting}"]
    if cost is None:
        return ["expected a cost estimate, got none"]
    per_session = [(line.per_session_low, line.per_session_high) for line in cost.lines]
    sessions = (cost.sessions_min, cost.sessions_max)
    return [
        *_differs("currency", expected.currency, cost.currency),
        *_differs("cost setting", expected.setting, cost.setting),
        *_differs("sessions priced", expected.sessions, cost.sessions),
        *_differs("per-session prices", expected.per_session, per_session),
        *_differs("series cost", expected.series, (cost.series_low, cost.series_high)),
        *_differs(
            "top-ups per year cost",
            expected.maintenance_year,
            (cost.maintenance_year_low, cost.maintenance_year_high),
        ),
        *_differs("sessions priced (fewest, most)", expected.session_range, sessions),
        *_differs(
            "series cost with add-ons",
            expected.with_add_ons,
            (cost.with_add_ons_low, cost.with_add_ons_high),
        ),
        *_differs("top-up visits a year", expected.visits_a_year, cost.visits_a_year),
        *_differs("a priced estimate", expected.priced, cost.priced),
    ]
