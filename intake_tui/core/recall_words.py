"""A top-up's wording ("top-up due 1-31 Mar 2027 after a 4-session series"), apart from
the recommend package so `intake due` never imports pydantic (issue 14.5)."""

from __future__ import annotations

from datetime import date

from intake_tui.core.clock import month_words


def days_words(begin: date, end: date) -> str:
    """ "1-31 Mar 2027", "1 Mar-15 Apr 2027", "1 Dec 2026-15 Jan 2027" or "1 Mar 2027"."""
    last = f"{end.day} {month_words(end.month)} {end.year}"
    if begin == end:
        return last
    if (begin.year, begin.month) == (end.year, end.month):
        return f"{begin.day}\N{EN DASH}{last}"
    first = f"{begin.day} {month_words(begin.month)}"
    first += "" if begin.year == end.year else f" {begin.year}"
    return f"{first}\N{EN DASH}{last}"


def reason_words(begin: date, end: date, series: str) -> str:
    """ "top-up due 1-31 Mar 2027 after a 4-session series for acne scars"."""
    return f"top-up due {days_words(begin, end)} {series}".rstrip()
