"""Local time: the clinic's time zone, "today", and times as a person reads them.

Times are stored with their UTC offset (``2026-11-26T09:30:00-05:00``) and shown
in the clinic's zone: the one named in settings.toml (``time_zone``), or, without
one, the machine's. ``None`` stands for the machine's zone throughout, because
``datetime.astimezone(None)`` applies the machine's own daylight-saving rules to
each moment (a fixed offset taken today would be an hour off for summer times).

Stdlib only, and zoneinfo only when a zone is named: the app imports this
before its first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from intake_tui.core.i18n import ENGLISH, current_language
from intake_tui.core.resources import SETTINGS_FILE

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class UnknownTimeZone(ValueError):
    """A time zone name the time zone database does not know."""


def zone_named(name: str) -> ZoneInfo:
    """The IANA zone ``name`` (e.g. America/Chicago); raise UnknownTimeZone if unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # ~2 ms: only when a zone is set

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownTimeZone(
            f"unknown time zone '{name}' (use a name like America/Chicago or Europe/Berlin)"
        ) from None


def in_zone(moment: datetime, zone: tzinfo | None) -> datetime:
    """``moment`` in ``zone`` (None: the machine's). Naive moments are old UTC times."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone)


def now_in(zone: tzinfo | None) -> datetime:
    """The current moment in ``zone`` (None: the machine's), with its offset."""
    return datetime.now(UTC).astimezone(zone)


def machine_now() -> datetime:
    """The app's default clock: now, in the machine's local time."""
    return now_in(None)


def zoned(clock: Clock, zone: tzinfo) -> Clock:
    """``clock`` read in ``zone``: the clinic's zone wins over the machine's."""

    def read() -> datetime:
        return in_zone(clock(), zone)

    return read


def shown(moment: datetime, zone: tzinfo | None) -> str:
    """'2026-11-26 09:30' in the clinic's zone: how lists and reports show a time."""
    return in_zone(moment, zone).isoformat(" ", "minutes")[:16]  # 3x faster than strftime


def shown_iso(text: str, zone: tzinfo | None) -> str:
    """A stored ISO time (with or without offset) as ``shown``; odd text as it is."""
    try:
        return shown(datetime.fromisoformat(text), zone)
    except ValueError:
        return text[:16].replace("T", " ")


def sortable_utc(moment: datetime) -> str:
    """A stored time as UTC ISO text: lists sort such texts in time order, whatever
    offset each was saved with."""
    return in_zone(moment, UTC).isoformat()


def day_words(day: date, *, weekday: bool = True) -> str:
    """'Mon 30 Nov 2026' in English whatever the machine's locale; in another active
    language as Babel writes it there ('lun 30 nov 2026')."""
    language = current_language()
    if language != ENGLISH:
        from intake_tui.core.i18n.formats import day_words as localised

        return localised(day, language, weekday=weekday)
    words = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {words}" if weekday else words


def moment_words(moment: datetime, zone: tzinfo | None) -> str:
    """A time for a person to read in a document: ``shown`` in English (as always, and
    as stored values stay); in another language its day as that language writes it
    ('26 nov 2026 09:30')."""
    if current_language() == ENGLISH:
        return shown(moment, zone)
    local = in_zone(moment, zone)
    return f"{day_words(local.date(), weekday=False)} {local:%H:%M}"


def date_words(moment: datetime, zone: tzinfo | None) -> str:
    """``moment_words`` without the time of day."""
    if current_language() == ENGLISH:
        return shown(moment, zone)[:10]
    return day_words(in_zone(moment, zone).date(), weekday=False)


def month_words(month: int) -> str:
    """A month's short name in the active language: 'Dec', 'dic'."""
    language = current_language()
    if language != ENGLISH:
        from intake_tui.core.i18n.formats import month_abbreviation

        return month_abbreviation(month, language)
    return MONTHS[month - 1]


def settings_zone(questions_root: Path) -> ZoneInfo | None:
    """The ``time_zone`` of a questions folder's settings.toml, read cheaply before the
    full load (which names any problem with it); None: none set, or not usable."""
    from intake_tui.core.tomlfile import read_toml_quietly

    data = read_toml_quietly(questions_root / SETTINGS_FILE)
    if data is None:
        return None
    name = data.get("time_zone")
    if not isinstance(name, str) or not name:
        return None
    try:
        return zone_named(name)
    except UnknownTimeZone:
        return None
