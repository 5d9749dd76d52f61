"""Aftercare chosen for this person, and the cost range for the series."""

from __future__ import annotations

import math
from collections.abc import Mapping

from intake_tui.core.conditions import AnswerValue, ConditionValue, evaluate
from intake_tui.core.protocol.models import AftercareItem, ClinicSettings, SettingProfile
from intake_tui.core.recommend.models import AftercareEntry, Cost, CostLine


def select_aftercare(
    items: tuple[AftercareItem, ...],
    answers: Mapping[str, AnswerValue],
    facts: Mapping[str, ConditionValue],
    home_words: Mapping[str, str] | None = None,
) -> list[AftercareEntry]:
    """The items whose `when` holds; ``home_words`` replace an item's text by id at home."""
    home = home_words or {}
    return [
        AftercareEntry(
            id=item.id,
            phase=item.phase,
            text=home.get(item.id, item.text),
            sources=list(item.sources),
        )
        for item in items
        if evaluate(item.when, answers, facts)
    ]


def estimate_cost(
    settings: ClinicSettings,
    profile: SettingProfile,
    answers: Mapping[str, AnswerValue],
    sessions: int,
    maintenance_months: tuple[int, int],
) -> Cost:
    """Per-session prices times the planned sessions; maintenance is 1-2 sessions a year."""
    lines: list[CostLine] = []
    if profile.price_low is not None and profile.price_high is not None:
        lines.append(
            CostLine(
                label=profile.label,
                per_session_low=profile.price_low,
                per_session_high=profile.price_high,
                sources=list(profile.sources),
            )
        )
        for add_on in settings.add_ons:
            if answers.get(add_on.question) == add_on.value:
                lines.append(
                    CostLine(
                        label=add_on.label,
                        per_session_low=add_on.price_low,
                        per_session_high=add_on.price_high,
                        sources=list(add_on.sources),
                    )
                )
    low = sum(line.per_session_low for line in lines)
    high = sum(line.per_session_high for line in lines)
    shortest, longest = maintenance_months
    visits_low, visits_high = math.ceil(12 / longest), math.ceil(12 / shortest)
    base_low = lines[0].per_session_low if lines else 0
    base_high = lines[0].per_session_high if lines else 0
    return Cost(
        currency=settings.currency,
        setting=profile.value,
        setting_label=profile.label,
        sessions=sessions,
        lines=lines,
        series_low=low * sessions,
        series_high=high * sessions,
        maintenance_year_low=base_low * visits_low,
        maintenance_year_high=base_high * visits_high,
        note=profile.price_note,
    )
