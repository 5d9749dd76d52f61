"""Needle depth per concern and area: start at the article's tier, then narrow.

Order: the area's cap, gentler-tier adjustments (from wherever the cap landed,
so they always make a difference), the setting's ceiling, then conservative-end
adjustments (so they still apply after a ceiling steps down).
Each step only ever lowers the range, a range never leaves a tier of the
article's table, and every step is recorded.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from intake_tui.core.bank.models import Bank
from intake_tui.core.conditions import AnswerValue, ConditionValue, evaluate
from intake_tui.core.protocol.models import (
    AreaCap,
    ConcernTier,
    DepthTable,
    Rule,
    SettingProfile,
    Tier,
)
from intake_tui.core.recommend.models import DepthPlan, Narrowing
from intake_tui.core.units import mm, mm_range

STEP_MM = 0.05  # ranges are quoted to the nearest 0.05 mm, rounded down


@dataclass(frozen=True)
class _Range:
    tier: int
    low: float
    high: float

    @property
    def pair(self) -> tuple[float, float]:
        return (round(self.low, 2), round(self.high, 2))


def _full(tiers: tuple[Tier, ...], index: int) -> _Range:
    return _Range(index, tiers[index].min_mm, tiers[index].max_mm)


def cap(tiers: tuple[Tier, ...], current: _Range, max_mm: float) -> _Range | None:
    """Lower ``current`` to at most ``max_mm``, stepping down tiers if needed."""
    if current.high <= max_mm:
        return current
    if current.low <= max_mm:
        return _Range(current.tier, current.low, max_mm)
    for index in range(current.tier - 1, -1, -1):
        if tiers[index].min_mm <= max_mm:
            return _Range(index, tiers[index].min_mm, min(tiers[index].max_mm, max_mm))
    return None


def lower_half(current: _Range) -> _Range:
    midpoint = math.floor(round((current.low + current.high) / 2 / STEP_MM, 6)) * STEP_MM
    return _Range(current.tier, current.low, max(current.low, round(midpoint, 2)))


def drop_tier(tiers: tuple[Tier, ...], current: _Range) -> _Range:
    return _full(tiers, current.tier - 1) if current.tier > 0 else current


@dataclass(frozen=True)
class DepthInputs:
    bank: Bank
    table: DepthTable
    answers: Mapping[str, AnswerValue]
    facts: Mapping[str, ConditionValue]
    adjustments: tuple[Rule, ...]
    setting: SettingProfile | None
    clinic_settings: tuple[SettingProfile, ...]
    on_hold: bool


def plan_depths(inputs: DepthInputs) -> list[DepthPlan]:
    """One DepthPlan per chosen concern and applicable chosen area."""
    concerns = inputs.answers.get(inputs.table.concern_question)
    if not isinstance(concerns, list):
        return []
    plans = []
    for concern in concerns:
        row = tier_row(inputs.table, concern, inputs.answers, inputs.facts)
        if row is None:
            continue
        areas = inputs.answers.get(row.area_question)
        for area in areas if isinstance(areas, list) else []:
            area_cap = inputs.table.area_caps.get(area)
            if area_cap is None or area_cap.region not in row.regions:
                continue
            plan = _plan_one(inputs, row, area_cap)
            if plan is not None:
                plans.append(plan)
    return plans


def tier_row(
    table: DepthTable,
    concern: str,
    answers: Mapping[str, AnswerValue],
    facts: Mapping[str, ConditionValue],
) -> ConcernTier | None:
    """The first row for this concern whose `when` holds: where its depth starts."""
    return next(
        (r for r in table.concerns if r.concern == concern and evaluate(r.when, answers, facts)),
        None,
    )


def _narrow(
    inputs: DepthInputs, row: ConcernTier, area: AreaCap, profile: SettingProfile | None
) -> tuple[_Range | None, list[Narrowing]]:
    """Apply, in order: area cap, gentler tier, setting ceiling, conservative end."""
    tiers = inputs.table.tiers
    current: _Range | None = _full(tiers, inputs.table.tier_index[row.tier])
    narrowings: list[Narrowing] = []

    def step(new: _Range | None, rule_id: str, description: str, sources: tuple[str, ...]) -> None:
        nonlocal current
        if current is not None and new is not None and new.pair != current.pair:
            narrowings.append(
                Narrowing(
                    rule_id=rule_id,
                    description=description,
                    from_mm=current.pair,
                    to_mm=new.pair,
                    sources=list(sources),
                )
            )
        current = new

    area_rule = f"depth.area.{area.area}"
    area_words = f"{area.label}: at most {mm(area.max_mm)} mm"
    if current is not None:
        step(cap(tiers, current, area.max_mm), area_rule, area_words, area.sources)
    for rule in inputs.adjustments:
        if rule.depth_effect == "drop_tier" and current is not None:
            step(drop_tier(tiers, current), rule.id, "one tier gentler", rule.sources)
            step(cap(tiers, current, area.max_mm), area_rule, area_words, area.sources)
    if profile is not None and current is not None:
        step(
            cap(tiers, current, profile.max_depth_mm),
            f"settings.{profile.value}",
            f"{profile.label}: at most {mm(profile.max_depth_mm)} mm",
            profile.sources,
        )
    for rule in inputs.adjustments:
        if rule.depth_effect == "lower_half" and current is not None:
            step(lower_half(current), rule.id, "the conservative end of the range", rule.sources)
    return current, narrowings


def _plan_one(inputs: DepthInputs, row: ConcernTier, area: AreaCap) -> DepthPlan | None:
    current, narrowings = _narrow(inputs, row, area, inputs.setting)
    unlimited, _ = _narrow(inputs, row, area, None)
    if current is None or unlimited is None:
        return None
    tiers = inputs.table.tiers
    clinic_only = unlimited.pair != current.pair
    concern_q = inputs.bank.by_id.get(inputs.table.concern_question)
    return DepthPlan(
        concern=row.concern,
        concern_label=concern_q.label_for(row.concern) if concern_q else row.concern,
        area=area.area,
        area_label=area.label,
        tier=tiers[current.tier].id,
        min_mm=current.pair[0],
        max_mm=current.pair[1],
        status="on_hold" if inputs.on_hold else "recommended",
        clinic_only=clinic_only,
        clinic_min_mm=unlimited.pair[0] if clinic_only else 0.0,
        clinic_max_mm=unlimited.pair[1] if clinic_only else 0.0,
        clinic_note=_clinic_note(inputs, unlimited) if clinic_only else "",
        narrowings=narrowings,
        sources=sorted({*row.sources, *tiers[current.tier].sources}),
    )


def _clinic_note(inputs: DepthInputs, deeper: _Range) -> str:
    """Where the deeper range could be done: the first clinic setting that allows it."""
    fitting = [p for p in inputs.clinic_settings if p.clinic and p.max_depth_mm >= deeper.high]
    where = fitting[0].label if fitting else "a clinic"
    return f"Deeper treatment ({mm_range(*deeper.pair)}) is only for: {where}."
