"""Client identifiers: which a clinic may choose, what a valid value looks like, and
how they are compared when finding a client. No imports beyond the standard library
safe_text and i18n (no Babel): the settings model checks ``client_identifiers`` with this."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date

from intake_tui.core.i18n import N_, _
from intake_tui.core.safe_text import has_control_characters, shown

MAX_IDENTIFIER_CHARS = 80
# The identifiers a clinic may choose, each with what a valid value looks like.
IDENTIFIER_LABELS = {
    "reference": N_("Client reference"),
    "name": N_("Name"),
    "initials": N_("Initials"),
    "date_of_birth": N_("Date of birth (YYYY-MM-DD)"),
    "birth_year": N_("Year of birth"),
}
DEFAULT_IDENTIFIERS = ("reference", "date_of_birth")
_INITIALS = re.compile(r"[^\W\d_]{1,4}")
_YEAR = re.compile(r"\d{4}")


def identifier_label(name: str) -> str:
    """The identifier's label in the active language, as the new-client dialog shows it."""
    return _(IDENTIFIER_LABELS[name])


def identifiers_problem(names: Sequence[str]) -> str | None:
    """Why a settings ``client_identifiers`` list is not usable, or None."""
    if not names:
        return "client_identifiers names at least one identifier"
    unknown = [n for n in names if n not in IDENTIFIER_LABELS]
    if unknown:
        known = ", ".join(IDENTIFIER_LABELS)
        return f"client_identifiers: unknown identifier {shown(unknown[0])} (known: {known})"
    if len(set(names)) != len(names):
        return "client_identifiers names an identifier twice"
    return None


def value_problem(name: str, value: str, today: date | None = None) -> str | None:
    """Why ``value`` cannot be the identifier ``name`` (empty is allowed: not known)."""
    if not value:
        return None
    if len(value) > MAX_IDENTIFIER_CHARS:
        return _("{label} is longer than {limit} characters").format(
            label=identifier_label(name), limit=MAX_IDENTIFIER_CHARS
        )
    if has_control_characters(value) or any(c in value for c in "\t\n\r"):
        return _("{label} holds a control character").format(label=identifier_label(name))
    if name == "initials" and not _INITIALS.fullmatch(value):
        return _("Initials are 1 to 4 letters")
    if name == "birth_year" and not _year_ok(value, today):
        return _("Year of birth is four digits, e.g. 1984, and not in the future")
    if name == "date_of_birth" and not _birth_date_ok(value, today):
        return _("Date of birth is a past date written YYYY-MM-DD, e.g. 1984-03-07")
    return None


def _year_ok(value: str, today: date | None) -> bool:
    latest = (today or date.today()).year
    return _YEAR.fullmatch(value) is not None and 1900 <= int(value) <= latest


def _birth_date_ok(value: str, today: date | None) -> bool:
    try:
        born = date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10 and date(1900, 1, 1) <= born <= (today or date.today())


def normalised(text: str) -> str:
    """Text as compared when finding: case, accents' forms, spaces and punctuation do
    not count ("K. Mensah" -> "k mensah", "#1042" -> "1042")."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = re.sub(r"[\W_]+", " ", folded)
    return " ".join(words.split())


def squeezed(text: str) -> str:
    """As ``normalised``, without the spaces: "K.Mensah" finds "K. Mensah"."""
    return normalised(text).replace(" ", "")
