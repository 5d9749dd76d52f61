"""Needle depth per concern and area: start at the article's tier, then narrow.

Order: the area's cap, gentler-tier adjustments (from wherever the cap landed,
so they always make a difference), the setting's ceiling, conservative-end
adjustments (so they still apply after a ceiling steps down), per-concern caps,
and last the one-step-shallower adjustments, measured against the depth the
same answers get without the caps and steps (so "gentler" is always strictly
shallower, or flagged as already at the ladder's floor).
Each step only ever lowers the range and every step is recorded. A concern with
no depth row gets a NotPlanned entry saying why (not for home, no area suits it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial

from intake_tui.core.bank.models import Bank
from intake_tui.core.conditions import AnswerValue, ConditionValue, evaluate
from intake_tui.core.i18n import _
from intake_tui.core.protocol.models import (
    AreaCap,
    ConcernTier,
    DepthTable,
    Rule,
    SettingProfile,
    Tier,
    Wording,
)
from intake_tui.core.recommend.models import DepthPlan, Narrowing, NotPlanned
from intake_tui.core.units import mm_range, mm_words

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


def step_below(table: DepthTable, current: _Range, reference: _Range) -> _Range:
    """One ladder step shallower than ``reference`` at the top.

    Unchanged when an earlier step (a per-concern cap) already went below the
    reference, or when the reference is at the ladder's floor (see at_floor)."""
    lower = table.ladder.below(reference.high)
    if current.high < reference.high - 1e-9 or lower is None:
        return current
    # The tier stays: it says what the depth is for, though a step may fall between tiers.
    return _Range(current.tier, min(current.low, lower), lower)


def at_floor(table: DepthTable, current: _Range, reference: _Range) -> bool:
    """Not below the reference, and no ladder step below it: it cannot be gentler."""
    return current.high >= reference.high - 1e-9 and table.ladder.below(reference.high) is None


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
    wording: Wording


@dataclass(frozen=True)
class ConcernDepths:
    depths: list[DepthPlan]
    not_planned: list[NotPlanned]


def plan_depths(inputs: DepthInputs) -> ConcernDepths:
    """One DepthPlan per chosen concern and applicable chosen area; a NotPlanned
    for each chosen concern with none (not for home, or no chosen area suits it)."""
    concerns = inputs.answers.get(inputs.table.concern_question)
    plans: list[DepthPlan] = []
    not_planned: list[NotPlanned] = []
    for concern in concerns if isinstance(concerns, list) else []:
        row = tier_row(inputs.table, concern, inputs.answers, inputs.facts)
        if row is None:
            continue
        areas = inputs.answers.get(row.area_question)
        chosen = [a for a in areas if isinstance(a, str)] if isinstance(areas, list) else []
        home_refusal = _not_for_home(inputs, concern, chosen)
        if home_refusal is not None:
            not_planned.append(home_refusal)
            continue
        concern_plans = [
            plan
            for area in chosen
            if (area_cap := inputs.table.area_caps.get(area)) is not None
            and area_cap.region in row.regions
            and (plan := _plan_one(inputs, row, area_cap)) is not None
        ]
        plans += concern_plans
        if not concern_plans and chosen:
            not_planned.append(_no_area(inputs, row, chosen))
    return ConcernDepths(plans, not_planned)


def _concern_label(inputs: DepthInputs, concern: str) -> str:
    question = inputs.bank.by_id.get(inputs.table.concern_question)
    return question.label_for(concern) if question else concern


def _area_labels(inputs: DepthInputs, areas: list[str]) -> list[str]:
    caps = inputs.table.area_caps
    return [caps[a].label if a in caps else a for a in areas]


def _not_for_home(inputs: DepthInputs, concern: str, areas: list[str]) -> NotPlanned | None:
    """At home, a clinic-only concern gets "see a clinic" and the reason, never a depth."""
    if inputs.setting is None or inputs.setting.clinic:
        return None
    entry = next(
        (
            c
            for c in inputs.table.clinic_only
            if c.concern == concern and evaluate(c.when, inputs.answers, inputs.facts)
        ),
        None,
    )
    if entry is None:
        return None
    return NotPlanned(
        concern=concern,
        concern_label=_concern_label(inputs, concern),
        reason="see_clinic",
        explanation=entry.reason,
        areas=_area_labels(inputs, areas),
        sources=sorted(entry.sources),
    )


def _no_area(inputs: DepthInputs, row: ConcernTier, areas: list[str]) -> NotPlanned:
    """A concern whose chosen areas are all outside its regions (fine lines on the body)."""
    return NotPlanned(
        concern=row.concern,
        concern_label=_concern_label(inputs, row.concern),
        reason="no_area",
        explanation=inputs.wording.no_area_note,
        areas=_area_labels(inputs, areas),
        sources=sorted(row.sources),
    )


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


@dataclass(frozen=True)
class _Narrowed:
    range: _Range | None
    narrowings: list[Narrowing]
    at_floor: bool


def _narrow(
    inputs: DepthInputs, row: ConcernTier, area: AreaCap, profile: SettingProfile | None
) -> _Narrowed:
    """Apply, in order: area cap, gentler tier, setting ceiling, conservative end,
    per-concern caps, one step shallower."""
    table = inputs.table
    tiers = table.tiers
    current: _Range | None = _full(tiers, table.tier_index[row.tier])
    narrowings: list[Narrowing] = []
    adjustments = [r for r in inputs.adjustments if not r.concerns or row.concern in r.concerns]

    def step(
        narrow: Callable[[_Range], _Range | None],
        rule_id: str,
        description: str,
        sources: tuple[str, ...],
    ) -> None:
        nonlocal current
        if current is None:
            return
        new = narrow(current)
        if new is not None and new.pair != current.pair:
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

    def each(effect: str) -> list[Rule]:
        return [r for r in adjustments if r.depth_effect == effect]

    area_rule = f"depth.area.{area.area}"
    area_words = _("{label}: at most {depth} mm").format(
        label=area.label, depth=mm_words(area.max_mm)
    )
    step(partial(cap, tiers, max_mm=area.max_mm), area_rule, area_words, area.sources)
    for rule in each("drop_tier"):
        step(partial(drop_tier, tiers), rule.id, _("one tier gentler"), rule.sources)
        step(partial(cap, tiers, max_mm=area.max_mm), area_rule, area_words, area.sources)
    if profile is not None:
        ceiling = _("{label}: at most {depth} mm").format(
            label=profile.label, depth=mm_words(profile.max_depth_mm)
        )
        limit = partial(cap, tiers, max_mm=profile.max_depth_mm)
        step(limit, f"settings.{profile.value}", ceiling, profile.sources)
    for rule in each("lower_half"):
        step(lower_half, rule.id, _("the conservative end of the range"), rule.sources)
    reference = current  # what the same answers get without caps and steps
    for rule in each("cap"):
        limit_mm = rule.cap_mm or 0.0
        step(
            partial(cap, tiers, max_mm=limit_mm),
            rule.id,
            _("at most {depth} mm").format(depth=mm_words(limit_mm)),
            rule.sources,
        )
    floored = False
    for rule in each("step_down"):
        if current is None or reference is None:
            break
        floored = at_floor(table, current, reference)
        step(
            partial(step_below, table, reference=reference),
            rule.id,
            _("one step shallower"),
            rule.sources,
        )
    return _Narrowed(current, narrowings, floored)


def _plan_one(inputs: DepthInputs, row: ConcernTier, area: AreaCap) -> DepthPlan | None:
    narrowed = _narrow(inputs, row, area, inputs.setting)
    unlimited = _narrow(inputs, row, area, None).range
    current = narrowed.range
    if current is None or unlimited is None:
        return None
    tiers = inputs.table.tiers
    clinic_only = unlimited.pair != current.pair
    return DepthPlan(
        concern=row.concern,
        concern_label=_concern_label(inputs, row.concern),
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
        narrowings=narrowed.narrowings,
        at_floor=narrowed.at_floor,
        sources=sorted({*row.sources, *tiers[current.tier].sources}),
    )


def _clinic_note(inputs: DepthInputs, deeper: _Range) -> str:
    """Where the deeper range could be done: every setting that allows it, by its place
    in plain words (a setting with no place, e.g. "not decided yet", is never named)."""
    places = [
        p.place
        for p in inputs.clinic_settings
        if p.clinic and p.place and p.max_depth_mm >= deeper.high - 1e-9
    ]
    wording = inputs.wording
    where = either(places) if places else wording.any_clinic
    return wording.deeper_elsewhere.replace("{depth}", mm_range(*deeper.pair)).replace(
        "{places}", where
    )


def either(places: list[str]) -> str:
    """The alternatives in plain words: "a", "a, or b", "a, b, or c"."""
    if len(places) == 1:
        return places[0]
    return _("{first}, or {last}").format(first=", ".join(places[:-1]), last=places[-1])
