"""Find and sort saved reports: the filter language, over index rows only (no report is read).

A filter is words, all of which a report must match (AND). ``field:value`` looks in
one field, a plain word in all of them; ``field:"two words"`` keeps its spaces.
A value matches the start of a word in the field, ignoring case and punctuation
(``ab`` finds staff "AB" but not "Fab", ``1042`` finds "#1042", ``11-26`` the 26th
of November), where a coded field holds each code with its label: ``concern:acne``
finds "acne_scars Acne scars", ``gate:not_now`` and ``gate:"not now"`` the "Not
now" gate.
A word naming no field (``foo:bar``) is a plain word. The due views (``due:soon``,
``due:overdue``) are picked out before this (core/recall.py); ``due:2027-03``
looks in the due window's days.

Textual-free: the saved-reports screen builds one ``SearchTable`` per listing and
narrows it on every keystroke; sorting uses the same index rows.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Literal

from intake_tui.core.clock import shown_iso
from intake_tui.core.i18n import N_, _
from intake_tui.core.report.models import STATUS_WORDS
from intake_tui.core.store import ReportSummary

Field = Literal[
    "date", "status", "gate", "client", "staff", "concern", "area", "setting", "override", "due"
]
FIELDS: tuple[Field, ...] = (
    "date", "status", "gate", "client", "staff", "concern", "area", "setting", "override", "due"
)  # fmt: skip
# The names a filter word may use for each field.
FIELD_NAMES: dict[str, Field] = {
    **{name: name for name in FIELDS},
    "result": "gate",
    "decision": "gate",
    "ref": "client",
    "reference": "client",
    "concerns": "concern",
    "areas": "area",
}
_ANY = "any"
_WORD = re.compile(r'(?:([A-Za-z_]+):)?(?:"([^"]*)"?|(\S*))')
# ASCII punctuation separates words (the codes' underscores too); str.translate is
# several times faster than a regular expression over 10,000 rows.
_SEPARATORS = str.maketrans(dict.fromkeys(string.punctuation, " "))


def words_of(text: str) -> str:
    """Lower-case words, each after one space: ``" k mensah"``; a value is found in a
    field when its own words_of is in the field's (so only at the start of a word)."""
    return " " + " ".join(text.lower().translate(_SEPARATORS).split())


@dataclass(frozen=True)
class Term:
    """One filter word: the field it looks in (None: every field) and its lower-case value."""

    field: Field | None
    value: str


def parse_filter(typed: str) -> list[Term]:
    """The terms of a typed filter, each value as words_of; empty values (``staff:``,
    ``--``) would match everything, so are dropped."""
    terms: list[Term] = []
    for match in _WORD.finditer(typed):
        name, quoted, bare = match.group(1), match.group(2), match.group(3)
        value = quoted if quoted is not None else bare or ""
        field = FIELD_NAMES.get(name.lower()) if name else None
        if name and field is None:  # not a field: the whole word, colon and all
            value = f"{name}:{value}"
        if (words := words_of(value)) != " ":
            terms.append(Term(field, words))
    return terms


def search_fields(
    summary: ReportSummary,
    decision_titles: Mapping[str, str],
    *,
    zone: tzinfo | None = None,
    hide_reference: bool = False,
) -> dict[str, str]:
    """Each field's text for one report as it is, and "any": all of them as words_of
    (the fields' own words are made when a filter first names the field: building
    this for 10,000 reports is then a third as long).

    Hidden references (locked, self-assessment) are neither shown nor found."""
    client = "" if hide_reference else f"{summary.client_reference} {summary.client_id}"
    overridden = bool(summary.override)
    fields: dict[str, str] = {
        "date": shown_iso(summary.updated_at, zone),
        "status": f"{summary.status} {_status_words(summary.status)}",
        "gate": f"{summary.decision} {decision_titles.get(summary.decision, '')}",
        "client": client,
        "staff": summary.staff,
        "concern": summary.concerns,  # codes with labels: "acne_scars Acne scars"
        "area": summary.areas,
        "setting": summary.setting,
        "override": "yes override overridden" if overridden else "no",
        "due": f"{summary.due_from} {summary.due_to} {summary.due_series}",
    }
    # A plain "no" is not a search for every report without an override.
    plain = [text for name, text in fields.items() if name != "override" or overridden]
    fields[_ANY] = words_of(" ".join(plain))
    return fields


class SearchTable:
    """Every report's searchable fields in columns, narrowed term by term over row
    numbers: a plain scan per term is several times faster than a test per row."""

    def __init__(self, rows: Iterable[Mapping[str, str]]) -> None:
        listed = list(rows)
        self.size = len(listed)
        self._as_is: dict[str, list[str]] = {n: [row[n] for row in listed] for n in FIELDS}
        # Each column as words_of: "any" at once, a field's the first time it is asked for.
        self._words: dict[str, list[str]] = {_ANY: [row[_ANY] for row in listed]}

    def column(self, name: str) -> list[str]:
        if name not in self._words:
            self._words[name] = [words_of(text) for text in self._as_is[name]]
        return self._words[name]

    def permuted(self, order: Sequence[int]) -> SearchTable:
        """The same rows in ``order`` (the list re-sorted): no text is built again."""
        table = SearchTable([])
        table.size = len(order)
        table._as_is = {name: [column[n] for n in order] for name, column in self._as_is.items()}
        table._words = {name: [column[n] for n in order] for name, column in self._words.items()}
        return table

    def matching(self, terms: Sequence[Term], within: Sequence[int] | None = None) -> list[int]:
        """The row numbers matching every term, in table order; only among ``within``
        when given (the matches of a filter this one narrows: see narrows)."""
        numbers: Sequence[int] = range(self.size) if within is None else within
        for term in terms:
            column = self.column(term.field or _ANY)
            value = term.value
            numbers = [n for n in numbers if value in column[n]]
        return list(numbers)


def narrows(earlier: Sequence[Term], later: Sequence[Term]) -> bool:
    """Whether every report ``later`` finds is one ``earlier`` found: the same terms,
    the last perhaps typed further, perhaps one more. A value found at the start of a
    word has each of its prefixes found there too, so typing on searches only the
    last matches (100,000 rows, then a few thousand)."""
    if not earlier or len(later) not in (len(earlier), len(earlier) + 1):
        return False
    *same, last = earlier
    grown = later[len(same)]
    return list(later[: len(same)]) == same and (
        grown.field == last.field and grown.value.startswith(last.value)
    )


# --- sorting -------------------------------------------------------------------------------

SortColumn = Literal["date", "status", "result", "staff", "due", "client"]
SORT_COLUMNS: tuple[SortColumn, ...] = ("date", "status", "result", "staff", "due", "client")
COLUMN_TITLES: dict[SortColumn, str] = {  # worded by the screen (_)
    "date": N_("Date"),
    "status": N_("Status"),
    "result": N_("Result"),
    "staff": N_("Staff"),
    "due": N_("Due"),
    "client": N_("Client"),
}
_SORT_KEYS: dict[SortColumn, Callable[[ReportSummary], str]] = {
    "date": lambda r: r.updated_at,  # UTC ISO text: sorts in time order
    "status": lambda r: r.status,
    "result": lambda r: f"{r.decision} {r.override}",
    "staff": lambda r: r.staff.casefold(),
    "due": lambda r: r.due_from,
    "client": lambda r: r.client_reference.casefold(),
}


@dataclass(frozen=True)
class SortOrder:
    column: SortColumn = "date"
    descending: bool = True  # newest first, as the list opens

    def next_column(self) -> SortOrder:
        """The next column, newest or largest first for the date, A to Z for the rest."""
        column = SORT_COLUMNS[(SORT_COLUMNS.index(self.column) + 1) % len(SORT_COLUMNS)]
        return SortOrder(column, descending=column == "date")

    def reversed(self) -> SortOrder:
        return SortOrder(self.column, not self.descending)

    @property
    def arrow(self) -> str:
        return "▼" if self.descending else "▲"


def sort_order(reports: Sequence[ReportSummary], order: SortOrder) -> list[int]:
    """The reports' positions in ``order``; ties broken by date then id, so the order is
    stable whichever way round. Empty values (no due window) go last either way."""
    key = _SORT_KEYS[order.column]

    def ranked(n: int) -> tuple[str, str, str]:
        report = reports[n]
        return (key(report), report.updated_at, report.session_id)

    filled = [n for n in range(len(reports)) if key(reports[n])]
    empty = [n for n in range(len(reports)) if not key(reports[n])]
    filled.sort(key=ranked, reverse=order.descending)
    empty.sort(key=ranked, reverse=True)
    return filled + empty


def _status_words(status: str) -> str:
    """A status as found by typing: its English words and, in another language, its own."""
    english = STATUS_WORDS.get(status, "")
    worded = _(english) if english else ""
    return english if worded == english else f"{english} {worded}"
