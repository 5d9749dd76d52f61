"""The days a date answer may fall on, counted from today, and the message outside them.

A bank sets the window on a date question (``validation = { min_days_from_today = 0,
max_days_from_today = 365, message = "..." }``); its message may name the ends as
{earliest} and {latest}, worded here: "today (Mon 30 Nov 2026)" and "30 Nov 2027".
"""

from __future__ import annotations

from datetime import date, timedelta

from intake_tui.core.bank.models import Validation
from intake_tui.core.clock import day_words
from intake_tui.core.i18n import N_, _

PLACEHOLDERS = frozenset({"earliest", "latest"})
RELATIVE_DAY_NAMES = {0: N_("today"), 1: N_("tomorrow")}


def window(rule: Validation, today: date) -> tuple[date | None, date | None]:
    """The first and last allowed day (None: that end is open)."""
    first = rule.min_days_from_today
    last = rule.max_days_from_today
    return (
        None if first is None else today + timedelta(days=first),
        None if last is None else today + timedelta(days=last),
    )


def outside_window(rule: Validation, day: date, today: date) -> str | None:
    """The rule's message, with the window's ends worded, if ``day`` falls outside it."""
    earliest, latest = window(rule, today)
    too_early = earliest is not None and day < earliest
    too_late = latest is not None and day > latest
    if not (too_early or too_late):
        return None
    ends = {
        "earliest": _end_words(earliest, rule.min_days_from_today),
        "latest": _end_words(latest, rule.max_days_from_today, weekday=False),
    }
    try:
        return rule.message.format_map(ends)
    except (KeyError, IndexError, ValueError):  # the linter names the bad placeholder
        return rule.message


def _end_words(day: date | None, days: int | None, *, weekday: bool = True) -> str:
    """'today (Mon 30 Nov 2026)', 'tomorrow (...)', or the day itself."""
    if day is None or days is None:
        return _("any day")
    name = RELATIVE_DAY_NAMES.get(days)
    return f"{_(name)} ({day_words(day)})" if name else day_words(day, weekday=weekday)


def placeholder_problem(message: str) -> str | None:
    """Why a window's message cannot be worded (for the linter), or None."""
    import string

    try:
        fields = {f for _, f, _, _ in string.Formatter().parse(message) if f is not None}
    except ValueError:
        return "its message has an unmatched { or } (write {{ or }} for a brace)"
    unknown = sorted(fields - PLACEHOLDERS)
    if unknown:
        return f"its message names {{{unknown[0]}}}; only {{earliest}} and {{latest}} exist"
    return None
