"""Realistic longevity as a transparent model: a maintenance interval and what moved it.

The interval starts at the baseline's ``start_months``; every factor that holds moves it
by its weight in months (shortening factors down, lengthening ones up); the sum is
clamped to the article's 6-12 months and rounded down, the cautious way. Adding a
shortening factor can therefore never lengthen the interval. Every weight is data
(questions/protocol/longevity.toml), each with its source.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from string import Formatter
from typing import Literal

from intake_tui.core.conditions import AnswerValue, ConditionValue, evaluate
from intake_tui.core.protocol.models import Longevity as LongevityTable
from intake_tui.core.protocol.models import LongevityBaseline, LongevityFactor
from intake_tui.core.recommend.evidence import evidence
from intake_tui.core.recommend.models import Factor, Longevity

Outlook = Literal["shorter", "typical", "longer"]


def _fill(text: str, facts: Mapping[str, ConditionValue]) -> str:
    """Fill ``{fact}`` placeholders; text with a missing fact is left as written."""
    names = [name for _, name, _, _ in Formatter().parse(text) if name]
    if not all(name in facts for name in names):
        return text
    return text.format_map(dict(facts))


def factor_months(factor: LongevityFactor, facts: Mapping[str, ConditionValue]) -> float:
    """The signed months this factor moves the interval by (negative: shorter)."""
    scale = 1.0
    if factor.per:
        value = facts.get(factor.per)
        scale = float(value) if isinstance(value, int | float) else 0.0
    months = factor.months * max(scale, 0.0)
    return -months if factor.direction == "shortens" else months


def interval_months(baseline: LongevityBaseline, moves: list[float]) -> int:
    """The start moved by every factor, clamped to min..max, in whole months rounded down."""
    raw = baseline.start_months + sum(moves)
    clamped = min(max(raw, baseline.maintenance_min_months), baseline.maintenance_max_months)
    return math.floor(clamped + 1e-9)


def _outlook(interval: int, baseline: LongevityBaseline) -> Outlook:
    start = math.floor(baseline.start_months + 1e-9)
    return "shorter" if interval < start else "longer" if interval > start else "typical"


def _biggest_movers(factors: list[Factor], count: int) -> list[Factor]:
    moving = [f for f in factors if f.months]
    return sorted(moving, key=lambda f: -abs(f.months))[:count]


def _advice(baseline: LongevityBaseline, interval: int, movers: list[Factor]) -> str:
    advice = baseline.advice.format(months=interval)
    longer = interval > math.floor(baseline.start_months + 1e-9)
    helping = [f for f in movers if f.months > 0]
    # "Your habits help" only when a habit, not age or depth, helps the most.
    if longer and helping and helping[0].kind == "habit":
        return f"{baseline.habits_help} {advice}"
    return advice


def assess_longevity(
    table: LongevityTable,
    answers: Mapping[str, AnswerValue],
    facts: Mapping[str, ConditionValue],
    *,
    personal: bool = True,
) -> Longevity:
    """The interval and the factors behind it; not ``personal``: the general picture only."""
    baseline = table.baseline
    factors = [
        Factor(
            id=factor.id,
            direction=factor.direction,
            text=_fill(factor.text, facts),
            kind=factor.kind,
            months=round(factor_months(factor, facts), 2),
            sources=list(factor.sources),
            because=evidence([factor.when], answers, facts),
        )
        for factor in table.factors
        if personal and evaluate(factor.when, answers, facts)
    ]
    interval = interval_months(baseline, [f.months for f in factors])
    movers = _biggest_movers(factors, baseline.moved_by_count)
    return Longevity(
        summary=baseline.summary,
        never_permanent=baseline.never_permanent,
        typical_months=baseline.typical_months,
        maintenance_min_months=baseline.maintenance_min_months,
        maintenance_max_months=baseline.maintenance_max_months,
        outlook=_outlook(interval, baseline) if personal else "typical",
        interval_months=interval if personal else 0,
        maintenance_advice=_advice(baseline, interval, movers) if personal else "",
        moved_by=[f.id for f in movers],
        moved_by_intro=baseline.moved_by if movers else "",
        factors=factors,
        sources=list(baseline.sources),
    )
