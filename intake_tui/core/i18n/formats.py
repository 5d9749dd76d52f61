"""Dates, money and decimals for a language other than English, written by Babel.

Imported only when such a language is active (core/clock.py, core/units.py and the
documents call in here lazily), so the English app never loads Babel or its locale
data. English keeps the clinic's own money_format and the program's date words.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, get_decimal_symbol


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language)


def day_words(day: date, language: str, *, weekday: bool = True) -> str:
    """'lun 7 dic 2026' (es) where English says 'Mon 7 Dec 2026'."""
    pattern = "EEE d MMM y" if weekday else "d MMM y"
    return format_date(day, pattern, locale=_locale(language))


def month_abbreviation(month: int, language: str) -> str:
    return format_date(date(2000, month, 1), "MMM", locale=_locale(language))


@cache
def _whole_currency_pattern(language: str) -> str:
    """The locale's currency pattern without decimals: prices are whole amounts."""
    pattern = _locale(language).currency_formats["standard"].pattern
    return str(pattern).split(";")[0].replace(".00", "")


def money(amount: int, currency: str, language: str) -> str:
    """'1.500 US$' (es): the locale's grouping and currency sign, no decimals."""
    return format_currency(
        amount,
        currency,
        format=_whole_currency_pattern(language),
        locale=_locale(language),
        currency_digits=False,
    )


def decimal_mark(language: str) -> str:
    return get_decimal_symbol(_locale(language))
