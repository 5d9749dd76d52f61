"""Recall: which clients to contact for a top-up, from the index alone (no report is parsed).

Each client's latest completed or amended report decides: a later intake supersedes
an earlier one's due window (the client came back), and a latest report without a
window (on hold, nothing planned) means nobody is due. A client is the report's
client id where it has one (the client record), else its client reference compared
without case or extra spaces ("K. Mensah" and "k.  mensah" are one client, "#1042"
another), else the report alone. Overdue: the window has opened (as of the day
asked); due soon: it opens within the days asked.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Literal, NamedTuple

from intake_tui.core import index_db
from intake_tui.core.i18n import N_, _
from intake_tui.core.index import FolderError, open_index
from intake_tui.core.index_db import RECALLED_STATUSES
from intake_tui.core.recall_words import reason_words
from intake_tui.core.store import ReportSummary, SessionStore, shown_text

DueState = Literal["overdue", "due_soon"]
DUE_STATES: tuple[DueState, ...] = ("overdue", "due_soon")
# English, as `intake due` prints them; state_words gives them in the language spoken.
STATE_WORDS: dict[DueState, str] = {"overdue": N_("overdue"), "due_soon": N_("due soon")}
DEFAULT_WITHIN_DAYS = 30


@dataclass(frozen=True)
class Due:
    state: DueState
    report: ReportSummary
    from_date: date
    to_date: date

    @property
    def reason(self) -> str:
        """ "top-up due 1-31 Mar 2027 after a 4-session series for acne scars"."""
        return reason_words(self.from_date, self.to_date, self.report.due_series)


def client_key(report: ReportSummary) -> str:
    """Who a report is about, for superseding: client id, reference, or the report itself."""
    return client_key_of(report.client_id, report.client_reference, report.session_id)


def client_key_of(client_id: str, client_reference: str, session_id: str) -> str:
    """client_key from the fields themselves (the index calls it on each row)."""
    if client_id:
        return f"id:{client_id}"
    if reference := " ".join(client_reference.casefold().split()):
        return f"ref:{reference}"
    return f"session:{session_id}"


class DueLine(NamedTuple):
    """One client to contact, as `intake due` prints it (text already made printable);
    a tuple: 50,000 of them are made in a blink."""

    state: DueState
    from_date: date
    to_date: date
    session_id: str
    client_reference: str
    reason: str


@dataclass(frozen=True)
class DueFound:
    lines: list[DueLine]
    unreadable: list[tuple[Path, str]]
    folder_problem: str = ""  # one sentence when the data folder itself cannot be listed


def find_due(store: SessionStore, as_of: date, within_days: int = DEFAULT_WITHIN_DAYS) -> DueFound:
    """due_list over every report in the folder, chosen and ordered by the index itself
    (100,000 reports: one query, no report summaries)."""
    try:
        opened = open_index(store.folder, store.reference_question)
    except FolderError as error:
        return DueFound([], [], folder_problem=str(error))
    if opened is None:  # no data folder yet: nothing saved
        return DueFound([], [])
    last_day = horizon(as_of, within_days).isoformat()
    with contextlib.closing(opened):
        rows = opened.read(lambda conn: index_db.due_rows(conn, last_day, _recall_key))
    return DueFound(_due_lines(rows, as_of, within_days), opened.unreadable)


def _recall_key(client_id: str, client_reference: str, session_id: str) -> str:
    return client_key_of(client_id, shown_text(client_reference), session_id)


def _due_lines(rows: list[index_db.DueRow], as_of: date, within_days: int) -> list[DueLine]:
    # Windows and series repeat (100,000 reports: a few hundred pairs): each is worked
    # out once; the index orders the rows by the dates' text, their order as dates.
    known: dict[tuple[str, str, str], _Window | None] = {}
    lines: list[DueLine] = []
    for _bad, session_id, reference, due_from, due_to, series in rows:
        if (window_key := (due_from, due_to, series)) not in known:
            known[window_key] = _window_of(due_from, due_to, series, as_of, within_days)
        if window := known[window_key]:
            lines.append(DueLine(*window.shown, session_id, shown_text(reference), window.reason))
    if not all(w.as_written for w in known.values() if w):  # a hand-edited index's dates
        lines.sort(key=lambda d: (DUE_STATES.index(d.state), d.from_date, d.session_id))
    return lines


class _Window(NamedTuple):
    shown: tuple[DueState, date, date]
    reason: str
    as_written: bool  # the text is the date's ISO form (so the index's order is right)


def _window_of(
    due_from: str, due_to: str, series: str, as_of: date, within_days: int
) -> _Window | None:
    """_window and due_list's state and reason, from an index row's text; None when
    not due (or not a date)."""
    try:
        opens = date.fromisoformat(due_from)
        closes = max(opens, date.fromisoformat(due_to or due_from))
    except ValueError:
        return None
    state = due_state(opens, as_of, within_days)
    if state is None:
        return None
    reason = reason_words(opens, closes, shown_text(series))
    return _Window((state, opens, closes), reason, opens.isoformat() == due_from)


def horizon(as_of: date, within_days: int = DEFAULT_WITHIN_DAYS) -> date:
    """The last day a window may open on and still be due (soon)."""
    return as_of + timedelta(days=within_days)


def latest_per_client(reports: Iterable[ReportSummary]) -> list[ReportSummary]:
    """Each client's latest completed or amended report (drafts never supersede)."""
    latest: dict[str, ReportSummary] = {}
    for report in reports:
        if report.status not in RECALLED_STATUSES:
            continue
        key = client_key(report)
        known = latest.get(key)
        if known is None or (report.updated_at, report.session_id) > (
            known.updated_at,
            known.session_id,
        ):
            latest[key] = report
    return list(latest.values())


def _window(report: ReportSummary) -> tuple[date, date] | None:
    """The report's window; None without one (or a hand-edited index's non-date)."""
    if not report.due_from:
        return None
    try:
        opens = date.fromisoformat(report.due_from)
        return opens, max(opens, date.fromisoformat(report.due_to or report.due_from))
    except ValueError:
        return None


def due_state(opens: date, as_of: date, within_days: int) -> DueState | None:
    if opens <= as_of:
        return "overdue"
    return "due_soon" if opens <= horizon(as_of, within_days) else None


def due_list(
    reports: Iterable[ReportSummary], as_of: date, within_days: int = DEFAULT_WITHIN_DAYS
) -> list[Due]:
    """Who to contact: overdue first, then due soon, each by the day its window opens."""
    found: list[Due] = []
    for report in latest_per_client(reports):
        window = _window(report)
        if window is None:
            continue
        state = due_state(window[0], as_of, within_days)
        if state is not None:
            found.append(Due(state, report, *window))
    found.sort(key=lambda d: (DUE_STATES.index(d.state), d.from_date, d.report.session_id))
    return found


def next_top_up(
    history: Iterable[ReportSummary], as_of: date, within_days: int = DEFAULT_WITHIN_DAYS
) -> str:
    """What a client's page says about their next top-up, from their latest completed
    or amended intake: the window, the series it follows and whether it is due yet."""
    latest = max(
        (r for r in history if r.status in RECALLED_STATUSES),
        key=lambda r: (r.updated_at, r.session_id),
        default=None,
    )
    if latest is None:
        return _("No completed intake yet, so no top-up is planned.")
    window = _window(latest)
    if window is None:
        return _("No top-up planned: the latest intake has no dated plan.")
    state = due_state(window[0], as_of, within_days)
    when = state_words(state) if state is not None else _("not due yet")
    return _("Next: {reason} ({when}).").format(
        reason=reason_words(*window, latest.due_series), when=when
    )


def state_words(state: DueState) -> str:
    """A due state as a person reads it, in the language spoken (STATE_WORDS: English,
    for `intake due`'s output)."""
    return _(STATE_WORDS[state])
