"""Realistic longevity: never permanent; the factors that shorten or lengthen it."""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter

from intake_tui.core.conditions import AnswerValue, ConditionValue, evaluate
from intake_tui.core.protocol.models import Longevity as LongevityTable
from intake_tui.core.recommend.evidence import evidence
from intake_tui.core.recommend.models import Factor, Longevity


def _fill(text: str, facts: Mapping[str, ConditionValue]) -> str:
    """Fill ``{fact}`` placeholders; text with a missing fact is left as written."""
    names = [name for _, name, _, _ in Formatter().parse(text) if name]
    if not all(name in facts for name in names):
        return text
    return text.format_map(dict(facts))


def assess_longevity(
    table: LongevityTable,
    answers: Mapping[str, AnswerValue],
    facts: Mapping[str, ConditionValue],
) -> Longevity:
    factors = [
        Factor(
            id=factor.id,
            direction=factor.direction,
            text=_fill(factor.text, facts),
            sources=list(factor.sources),
            because=evidence([factor.when], answers, facts),
        )
        for factor in table.factors
        if evaluate(factor.when, answers, facts)
    ]
    balance = sum(1 if f.direction == "lengthens" else -1 for f in factors)
    baseline = table.baseline
    if balance < 0:
        outlook, advice = "shorter", baseline.advice_shorter
    elif balance > 0:
        outlook, advice = "longer", baseline.advice_longer
    else:
        outlook, advice = "typical", baseline.advice_typical
    return Longevity(
        summary=baseline.summary,
        never_permanent=baseline.never_permanent,
        typical_months=baseline.typical_months,
        maintenance_min_months=baseline.maintenance_min_months,
        maintenance_max_months=baseline.maintenance_max_months,
        outlook=outlook,
        maintenance_advice=advice,
        factors=factors,
        sources=list(baseline.sources),
    )
