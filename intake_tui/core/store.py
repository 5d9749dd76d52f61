"""The data folder: one session file per intake, named by its random id."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from intake_tui.core import audit
from intake_tui.core.errors import IntakeError
from intake_tui.core.files import (
    TEMP_PREFIX,
    StoreError,
    ensure_private_dir,
    remove_file,
    write_atomic,
)
from intake_tui.core.index import (
    SESSION_PREFIX,
    SESSION_SUFFIX,
    FolderError,
    folder_stamp,
    forget,
    no_gc_pauses,
    open_index,
    record_save,
    settled_stamp,
    summary_row,
)
from intake_tui.core.index_db import TamperedIndex
from intake_tui.core.revision import LOCK_DIR, revision_of, revision_on_disk, save_lock
from intake_tui.core.safe_text import printable

if TYPE_CHECKING:  # the report models pull in pydantic: not needed to list files
    from intake_tui.core.lease import Lease, LeaseHolder
    from intake_tui.core.report.models import SessionReport

SESSION_ID = re.compile(r"[0-9a-f]{16}")


def session_file_name(session_id: str) -> str:
    return f"{SESSION_PREFIX}{session_id}{SESSION_SUFFIX}"


def session_id_of(path: Path) -> str:
    """The session id a session file is named by."""
    return path.name.removeprefix(SESSION_PREFIX).removesuffix(SESSION_SUFFIX)


def save_report(folder: Path, report: SessionReport) -> Path:
    """Write a session into ``folder`` (created private if missing), unchecked; return
    its path. The app saves through ``SessionStore.save``, which checks the revision."""
    return _write_report(folder, report)[0]


def _write_report(folder: Path, report: SessionReport) -> tuple[Path, str]:
    """Write a session; its path and the revision written."""
    from intake_tui.core.report.toml_io import dumps_report

    ensure_private_dir(folder)
    path = folder / session_file_name(report.session_id)
    text = dumps_report(report)
    write_atomic(path, text)
    return path, revision_of(text.encode("utf-8"))


class DraftTakenOver(StoreError):
    """Another terminal took this draft over: this terminal may no longer save it."""


STALE_TEMP_SECONDS = 600
DATA_DIR_ENV = "INTAKE_DATA_DIR"


def default_data_dir() -> Path:
    """``$INTAKE_DATA_DIR``, else the user data directory (platformdirs)."""
    configured = os.environ.get(DATA_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("intake-tui", appauthor=False)) / "sessions"


class ReportSummary(NamedTuple):
    """What the lists show about a saved session, without any answer but the reference.

    A NamedTuple of strings: the lists build (and compare) thousands of these, and
    only the rows shown need a Path.
    """

    session_id: str
    folder: str
    file_name: str
    status: str
    updated_at: str  # ISO 8601; all saves use UTC, so the text sorts in time order
    client_reference: str
    decision: str
    mode: str
    # The maintenance due window (ISO days; "" without one) and the series it follows.
    due_from: str = ""
    due_to: str = ""
    due_series: str = ""
    client_id: str = ""
    # What the saved-reports filter finds besides (core/find.py); see index.summary_row.
    staff: str = ""
    concerns: str = ""  # "acne_scars Acne scars; fine_lines Fine lines"
    areas: str = ""
    setting: str = ""
    override: str = ""  # "yes" when a front-desk override passed the gate

    @property
    def path(self) -> Path:
        return Path(self.folder, self.file_name)

    @property
    def is_draft(self) -> bool:
        return self.status == "in_progress"

    def description(
        self,
        decision_titles: Mapping[str, str],
        *,
        zone: tzinfo | None = None,
        hide_reference: bool = False,
    ) -> str:
        """One line naming a session for a person: when (in ``zone``; None: the
        machine's), status, result and, unless hidden, the client reference."""
        from intake_tui.core.clock import shown_iso
        from intake_tui.core.i18n import _
        from intake_tui.core.report.models import STATUS_WORDS

        status = _(STATUS_WORDS.get(self.status, self.status))
        result = decision_titles.get(self.decision, self.decision) or _("no result yet")
        parts = [shown_iso(self.updated_at, zone), status, result]
        if not hide_reference:
            parts.append(self.client_reference or _("no client reference"))
        return " · ".join(parts)


def summary_of(name: str, folder: str, row: Sequence[Any]) -> ReportSummary:
    """A list row from an index row (index.scan's order). Its text (the client
    reference, staff, labels, the due series) is made printable here, once: it comes
    from a file, and every list, dialog and command shows it (an escape sequence in a
    reference once retitled the terminal)."""
    # One positional build: the lists make 10,000 of these. Coded fields were checked
    # when the index was read (index._all_valid) or come from a validated report.
    return ReportSummary(
        row[0],
        folder,
        name,
        row[1],
        row[2],
        shown_text(row[3]),
        row[4],
        row[5],
        row[6],
        row[7],
        shown_text(row[8]),  # the due series: labels from the file, as hostile as a reference
        shown_text(row[9]),
        shown_text(row[10]),
        shown_text(row[11]),
        shown_text(row[12]),
        shown_text(row[13]),
        row[14],
    )


def shown_text(text: str) -> str:
    """A field from a file as the lists show it (see summary_of)."""
    # str.isprintable() (C) is False for every character printable() escapes (control,
    # format, surrogate, private use, line and paragraph separators): most text is
    # kept as it is ~50 times faster than by looking at each character's category.
    return text if text.isprintable() else printable(text, keep_newlines=False)


def _temp_files(folder: Path) -> list[Path]:
    """The temp files in ``folder`` (none if it cannot be read: the listing says so).
    A prefix test, not a glob: a third of the time over 100,000 reports."""
    try:
        with os.scandir(folder) as entries:
            return [Path(e.path) for e in entries if e.name.startswith(TEMP_PREFIX)]
    except OSError:
        return []


@dataclass(frozen=True)
class Listing:
    reports: list[ReportSummary]
    unreadable: list[tuple[Path, str]]
    folder_problem: str = ""  # one sentence when the data folder itself cannot be listed
    index_note: str = ""  # one line when the index file could not be used (index.py)

    @cached_property  # a listing is reused while the folder is unchanged
    def drafts(self) -> list[ReportSummary]:
        return [r for r in self.reports if r.status == "in_progress"]

    @cached_property
    def finished(self) -> list[ReportSummary]:
        return [r for r in self.reports if r.status != "in_progress"]

    def notice(self) -> str:
        """What the start shows about this listing: the folder's problem, or the files
        skipped as unreadable (three named); "" when all is well."""
        if self.folder_problem:
            return self.folder_problem
        if self.index_note:
            return self.index_note
        if not self.unreadable:
            return ""
        from intake_tui.core.i18n import _
        from intake_tui.core.safe_text import shown

        names = ", ".join(shown(path.name) for path, _problem in self.unreadable[:3])
        more = "…" if len(self.unreadable) > 3 else ""
        return _("{count} file(s) could not be read and are skipped: {names}").format(
            count=len(self.unreadable), names=f"{names}{more}"
        )


class SessionStore:
    """One folder of session files, one file per session, named by its random id.

    ``reference_question`` is the bank's question with the client-reference role
    (BankHeader.reference_question): the lists show its answer.
    """

    def __init__(self, folder: Path, reference_question: str | None = None) -> None:
        self.folder = folder
        self.reference_question = reference_question
        self._last_listing: tuple[int, Listing] | None = None
        # Session id -> the revision of its file this terminal last read or wrote.
        self._seen: dict[str, str] = {}
        # Drafts this terminal holds open (one writer per draft: core/lease.py).
        self._leases: dict[str, Lease] = {}

    def save(self, report: SessionReport) -> Path:
        """Save a session without overwriting answers this terminal has not seen; its path.

        Under the folder's save lock: refuse (DraftTakenOver) if this terminal held
        the draft and another has taken it over; if the file on disk is not the
        revision last read or written here, keep it and write this version as a new
        draft under a new id, which takes over the hold (the path returned names it)."""
        ensure_private_dir(self.folder)
        with save_lock(self.folder):
            lease = self._leases.get(report.session_id)
            if lease is not None and not lease.held():
                del self._leases[report.session_id]
                raise DraftTakenOver(
                    f"{session_file_name(report.session_id)}: this draft was taken over "
                    "in another terminal, so this change was not saved here"
                )
            on_disk = revision_on_disk(self.path_for(report.session_id))
            forked_from = ""
            if on_disk is not None and on_disk != self._seen.get(report.session_id):
                forked_from = report.session_id
                report = report.model_copy(update={"session_id": self._unused_id()})
            folder_before = folder_stamp(self.folder)
            path, revision = _write_report(self.folder, report)
            # Its row at once, so the next listing need not read it (issue 18).
            record_save(self.folder, path, report, self.reference_question, folder_before)
        self._seen[report.session_id] = revision
        if forked_from:  # the hold moves to the new draft; the old one is the other's
            self.release(forked_from)
            with contextlib.suppress(StoreError):  # saved already: a missing hold is no failure
                self.hold(report.session_id, force=True)
        return path

    # --- one writer per draft ------------------------------------------------------
    def hold(self, session_id: str, *, force: bool = False) -> LeaseHolder | None:
        """Hold ``session_id`` open for this terminal; the live holder instead when
        another terminal has it (unless ``force``: take it over)."""
        from intake_tui.core.lease import LeaseHolder, take

        got = take(self.folder, session_id, force=force)
        if isinstance(got, LeaseHolder):
            return got
        self._leases[session_id] = got
        return None

    def holds(self, session_id: str) -> bool:
        """Whether this terminal still holds ``session_id`` (not taken over)."""
        lease = self._leases.get(session_id)
        return lease is not None and lease.held()

    def release(self, session_id: str | None = None) -> None:
        """Let go of one held draft, or of all; a draft taken over is left alone."""
        chosen = list(self._leases) if session_id is None else [session_id]
        for key in chosen:
            lease = self._leases.pop(key, None)
            if lease is not None:
                lease.release()

    def renew_holds(self) -> None:
        """The heartbeat: tell other terminals the drafts held here are still open."""
        for lease in list(self._leases.values()):
            lease.renew()

    def _unused_id(self) -> str:
        from intake_tui.core.report.build import new_session_id

        while (fresh := new_session_id()) and self.path_for(fresh).exists():
            continue
        return fresh

    def path_for(self, session_id: str) -> Path:
        return self.folder / session_file_name(session_id)

    def load(self, path: Path) -> SessionReport:
        """Read a session and remember which revision of its file this terminal saw."""
        from intake_tui.core.report.toml_io import read_report

        for _attempt in range(3):  # a save landing mid-read changes the revision: read again
            before = revision_on_disk(path)
            report = read_report(path)
            if before is not None and before == revision_on_disk(path):
                self._seen[report.session_id] = before
                return report
        return report  # unseen: a save of it will be kept as a new draft, never lost

    def resolve(self, target: str) -> Path:
        """The session file a session id or a path names; IntakeError unless it is a
        session file inside this folder (nothing elsewhere is ever deleted)."""
        if SESSION_ID.fullmatch(target):
            path = self.path_for(target)
        else:
            path = Path(target).expanduser()
            if not path.is_absolute() and path.parent == Path():
                path = self.folder / path  # a bare file name, as the lists show it
        inside = path.resolve().parent == self.folder.resolve()
        if not inside or not path.name.startswith(SESSION_PREFIX) or path.suffix != SESSION_SUFFIX:
            raise IntakeError(f"{target}: not a session file in the data folder {self.folder}")
        if not path.is_file():
            raise IntakeError(f"{target}: no such session in {self.folder}")
        return path

    def summary(self, path: Path) -> ReportSummary:
        """What the lists show about one session file (SessionFileError if unreadable)."""
        return summary_of(path.name, str(path.parent), summary_row(path, self.reference_question))

    def delete(
        self, path: Path, *, at: datetime, staff_initials: str = "", mode: str = ""
    ) -> ReportSummary:
        """Delete one session for good, drop it from the index and audit-log it (no answers).

        The app and ``intake delete`` both come here. The audit line is written first:
        a deletion the log cannot record is refused (StoreError), so nothing is ever
        deleted unrecorded, nor reported as failed after it happened. Returns what was
        deleted."""
        summary = self.summary(self.resolve(str(path)))
        audit.record(
            self.folder,
            "draft_discarded" if summary.is_draft else "report_deleted",
            at=at,
            session_id=summary.session_id,
            staff_initials=staff_initials,
            mode=mode,
        )
        remove_file(summary.path)
        forget(self.folder, summary.file_name)
        self._last_listing = None
        return summary

    def sweep_stale_temp_files(self, now: float | None = None) -> int:
        """Remove temp files a killed save left behind (old enough to be nobody's),
        lease writes in the lock folder included."""
        moment = time.time() if now is None else now
        removed = 0
        for temp in [*_temp_files(self.folder), *_temp_files(self.folder / LOCK_DIR)]:
            with contextlib.suppress(OSError):
                if moment - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                    temp.unlink()
                    removed += 1
        return removed

    def listing(self) -> Listing:
        """Every readable session, newest first, and the files that could not be read.

        The last listing is reused while the folder is settled (no save in the last
        two seconds) and unchanged, the test that lets the index skip the files:
        the welcome screen and the saved reports list then share one read of
        10,000 entries.
        """
        stamp = settled_stamp(self.folder)
        if stamp is not None and self._last_listing is not None:
            last_stamp, last = self._last_listing
            if last_stamp == stamp:
                return last
        listing = self._read_listing()
        # Unreadable files are read (and named) again every time, as by the index.
        reused = stamp is not None and not listing.unreadable and not listing.folder_problem
        self._last_listing = (stamp, listing) if reused and stamp is not None else None
        return listing

    def _read_listing(self) -> Listing:
        return self._listed(sync=True, tail="ORDER BY updated_at DESC, name DESC")

    def drafts(self) -> Listing:
        """The unfinished intakes, newest first (the welcome screen's list), with the
        files that could not be read: what start-up needs, not every report."""
        return self._listed(
            sync=True, where="status = 'in_progress'", tail="ORDER BY updated_at DESC, name DESC"
        )

    def sessions(self, session_ids: Collection[str]) -> list[ReportSummary]:
        """The listed sessions among ``session_ids``, newest first (one client's history:
        a query of the index, not the whole listing)."""
        wanted = sorted({s for s in session_ids if SESSION_ID.fullmatch(s)})
        if not wanted:
            return []
        marks = ", ".join("?" * len(wanted))
        where = f"session_id IN ({marks})"
        listing = self._listed(
            sync=True, where=where, params=wanted, tail="ORDER BY updated_at DESC, name DESC"
        )
        return listing.reports

    def chosen(
        self,
        where: str,
        params: Sequence[str],
        functions: Mapping[str, Callable[[str, str, str], str]] | None = None,
    ) -> Listing:
        """The reports an SQL condition over the index's columns picks (index_db.COLUMNS;
        ``functions`` of three columns may be called in it), with the folder synced:
        recall.candidates' query."""
        return self._listed(sync=True, where=where, params=params, functions=functions)

    def first_page(self, size: int) -> list[ReportSummary]:
        """The newest ``size`` finished reports as the index says now: not synced with
        the files, nor counted (the full listing follows in a worker)."""
        try:
            opened = open_index(self.folder, self.reference_question, sync=False)
        except FolderError:
            return []
        if opened is None:
            return []
        with contextlib.closing(opened):
            try:
                rows = opened.rows(
                    "status != 'in_progress'",
                    (size,),
                    "ORDER BY updated_at DESC, name DESC LIMIT ?",  # index_db's reports_by_time
                    repair=False,
                )
            except (TamperedIndex, sqlite3.Error):
                return []  # the full listing (in a thread) rebuilds it
        folder = str(self.folder)
        return [summary_of(name, folder, row) for name, row in rows]

    def _listed(
        self,
        *,
        sync: bool,
        where: str = "",
        params: Sequence[str] = (),
        tail: str = "",
        functions: Mapping[str, Callable[[str, str, str], str]] | None = None,
    ) -> Listing:
        try:
            # Not without the collector: reading thousands of changed reports makes
            # cycles (pydantic) that must be freed as it goes (100,000 took 24 GB).
            opened = open_index(self.folder, self.reference_question, sync=sync)
        except FolderError as error:
            return Listing([], [], folder_problem=str(error))
        if opened is None:  # no data folder yet: nothing saved
            return Listing([], [])
        with contextlib.closing(opened):
            for name, function in (functions or {}).items():
                opened.conn.create_function(name, 3, function, deterministic=True)
            rows = opened.rows(where, params, tail)
        folder = str(self.folder)
        with no_gc_pauses():  # thousands of rows: see index.no_gc_pauses
            # Positional: ~30% faster than keywords over 10,000 rows (index_db.COLUMNS' order).
            reports = [summary_of(name, folder, row) for name, row in rows]
        return Listing(reports, opened.unreadable, index_note=opened.note)
