"""The maintenance due window: when a completed series' first top-up falls due.

The article keeps results with a top-up every 6-12 months; the longevity model
gives this client's interval within that. The window opens the article's shortest
interval after the last planned session's earliest day and closes the advised
interval after its latest day, so it spans every way the series can run. Without
a dated plan or a personal interval (on hold, nothing planned) there is no window.
"""

from __future__ import annotations

import calendar
from datetime import date

from intake_tui.core.recommend.models import DepthPlan, Longevity, MaintenanceDue, Timeline


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months, kept at the month's last day when shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def window_dates(
    last_earliest: date, last_latest: date, min_months: int, interval_months: int
) -> tuple[date, date] | None:
    """(opens, closes): ``min_months`` after the last session's earliest day to the
    advised interval after its latest; None without an interval or past year 9999."""
    if interval_months <= 0:
        return None
    try:
        begin = add_months(last_earliest, min(min_months, interval_months))
        end = add_months(last_latest, interval_months)
    except ValueError:
        return None
    return begin, max(begin, end)


def due_window(
    timeline: Timeline | None, longevity: Longevity, depths: list[DepthPlan]
) -> MaintenanceDue | None:
    """The window for this plan and interval, or None without a dated plan or interval."""
    if timeline is None or not timeline.sessions:
        return None
    last = timeline.sessions[-1]
    low, high = longevity.maintenance_min_months, longevity.interval_months
    window = window_dates(last.earliest, last.latest, low, high)
    if window is None:
        return None
    treated = [d.concern_label for d in depths if d.status == "recommended"]
    return MaintenanceDue(
        from_date=window[0],
        to_date=window[1],
        sessions=timeline.planned,
        concerns=list(dict.fromkeys(treated)),
        months_low=min(low, high),
        months_high=high,
    )


def effective_due(
    stored: MaintenanceDue | None,
    decision: str,
    timeline: Timeline | None,
    longevity: Longevity,
    depths: list[DepthPlan],
) -> MaintenanceDue | None:
    """The stored window; for a report saved before windows were stored, the same
    computation from its own plan (a clinic's older reports still come up for recall)."""
    if stored is not None or decision != "go_ahead":
        return stored
    return due_window(timeline, longevity, depths)


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _in_sentence(label: str) -> str:
    """ "Acne scars" -> "acne scars"; an initialism ("UV damage") is kept."""
    return label[:1].lower() + label[1:] if label[1:2].islower() else label


def series_words(due: MaintenanceDue) -> str:
    """ "after a 4-session series for acne scars": what the top-up keeps up."""
    concerns = [_in_sentence(c) for c in due.concerns]
    treated = f" for {_listed(concerns)}" if concerns else ""
    return f"after a {due.sessions}-session series{treated}"
