"""Aftercare chosen for this person, and the cost a client can check."""

from __future__ import annotations

import math
from collections.abc import Mapping

from intake_tui.core.conditions import AnswerValue, ConditionValue, evaluate
from intake_tui.core.protocol.models import (
    AddOn,
    AftercareItem,
    ClinicSettings,
    SettingProfile,
)
from intake_tui.core.recommend.models import AftercareEntry, Cost, CostLine, Timeline


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


def chosen_add_ons(settings: ClinicSettings, answers: Mapping[str, AnswerValue]) -> list[AddOn]:
    """The add-ons these answers ask for, firmly ("yes") or maybe ("not sure")."""
    return [a for a in settings.add_ons if answers.get(a.question) == a.value]


def visits_a_year(interval_months: int) -> tuple[int, int]:
    """Top-up visits in a year at this interval: every 6 months is 2; every 9, 1 to 2."""
    months = max(interval_months, 1)
    return max(12 // months, 1), math.ceil(12 / months)


def _lines(profile: SettingProfile, add_ons: list[AddOn]) -> list[CostLine]:
    if profile.price_low is None or profile.price_high is None:
        return []
    base = CostLine(
        label=profile.label,
        per_session_low=profile.price_low,
        per_session_high=profile.price_high,
        sources=list(profile.sources),
    )
    extras = [
        CostLine(
            label=a.label,
            per_session_low=a.price_low,
            per_session_high=a.price_high,
            optional=a.chosen == "maybe",
            add_on=True,
            sources=list(a.sources),
        )
        for a in add_ons
    ]
    return [base, *extras]


def _per_visit(lines: list[CostLine]) -> tuple[int, int, int, int]:
    """Per visit: without add-ons (low, high), and with them (low, high); a maybe-chosen
    add-on raises only the high end."""
    base = [line for line in lines if not line.add_on]
    low = sum(line.per_session_low for line in base)
    high = sum(line.per_session_high for line in base)
    firm = sum(line.per_session_low for line in lines if line.add_on and not line.optional)
    extra = sum(line.per_session_high for line in lines if line.add_on)
    return low, high, low + firm, high + extra


def estimate_cost(
    settings: ClinicSettings,
    profile: SettingProfile,
    answers: Mapping[str, AnswerValue],
    timeline: Timeline,
    interval_months: int,
) -> Cost:
    """Fewest sessions x cheapest price to most sessions x dearest, add-ons on their own
    line; top-ups a year at the advised interval, add-ons included as for the series."""
    lines = _lines(profile, chosen_add_ons(settings, answers))
    low, high, with_low, with_high = _per_visit(lines)
    fewest, most = timeline.sessions_min, timeline.sessions_max
    visits_low, visits_high = visits_a_year(interval_months)
    device = (profile.device_price_low, profile.device_price_high)
    return Cost(
        currency=settings.currency,
        money_format=settings.money_format,
        thousands_separator=settings.thousands_separator,
        setting=profile.value,
        setting_label=profile.label,
        sessions=timeline.planned,
        sessions_min=fewest,
        sessions_max=most,
        priced=bool(lines) or device[0] is not None,
        lines=lines,
        series_low=low * fewest,
        series_high=high * most,
        with_add_ons_low=with_low * fewest,
        with_add_ons_high=with_high * most,
        visits_a_year=(visits_low, visits_high) if lines else (0, 0),
        maintenance_year_low=with_low * visits_low,
        maintenance_year_high=with_high * visits_high,
        device_low=device[0],
        device_high=device[1],
        note=profile.price_note,
    )
