"""Formatting shared by every front end."""

from intake_tui.core.i18n import ENGLISH, current_language


def mm(value: float) -> str:
    """A depth in millimetres as people write it: 0.25, 0.5, 1.0, 2.25 (also the form
    data files and stored values keep, whatever the language)."""
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def for_people(number: str) -> str:
    """A number written for a person in the active language: "0,25" in Spanish; English
    (and so every stored value and data file) keeps the point."""
    language = current_language()
    if language == ENGLISH:
        return number
    from intake_tui.core.i18n.formats import decimal_mark  # Babel: other languages only

    return number.replace(".", decimal_mark(language))


def mm_words(value: float) -> str:
    """``mm`` for a person to read, in the active language."""
    return for_people(mm(value))


def mm_range(low: float, high: float) -> str:
    """A depth or range for a person to read: "0.5-1.0 mm", "0,5-1,0 mm" in Spanish."""
    return f"{mm_words(low)} mm" if low == high else f"{mm_words(low)}-{mm_words(high)} mm"


def grouped(amount: int, separator: str) -> str:
    """An amount with the clinic's thousands separator: 4400 -> "4,400" or "4 400"."""
    return f"{amount:,}".replace(",", separator)
