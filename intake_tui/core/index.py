"""An index of report summaries, so lists open fast with years of reports.

The session files are the record; the index (core/index_db.py: one SQLite file in
`.index/`) is derived from them and can always be rebuilt. Each row is trusted only
while its file's size and modification time match; anything new, changed or
unreadable is read again. Every save renames a file into the data folder, which
changes the folder's modification time, so while that time is unchanged no file
needs checking at all (a file edited in place by hand is noticed at the next save
in the folder).

The app's own saves update their row at once (`record_save`) and, when the index
was current just before, vouch for the folder's new time; such a time is trusted
only while the folder holds as many session files as the index has rows, so a file
someone else copied in is still found.

It is a cache, and treated like one: a row is used only if its name is a session
file's and every field is one a report can hold; one bad row and the index is
rebuilt from the files. A file that is not an index, or is locked by another
process for longer than a commit takes, is never a crash nor waited on: the listing
says so in one line and reads the files (into an index in memory).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from intake_tui.core import index_db
from intake_tui.core.clock import sortable_utc
from intake_tui.core.errors import IntakeError, SessionFileError
from intake_tui.core.index_db import (
    INDEX_DIR,
    SESSION_FILE,
    SESSION_PREFIX,
    SESSION_SUFFIX,
    IndexBusy,
    TamperedIndex,
    UnusableIndex,
    index_path,
)

if TYPE_CHECKING:
    from intake_tui.core.recommend.models import Recommendation
    from intake_tui.core.report.models import SessionReport

__all__ = ["INDEX_DIR", "SESSION_PREFIX", "SESSION_SUFFIX", "index_path"]

SETTLED_NS = 2_000_000_000
SESSION_GLOB = f"{SESSION_PREFIX}*{SESSION_SUFFIX}"
Read = TypeVar("Read")


class FolderError(IntakeError):
    """The data folder itself cannot be listed (not a folder, unreadable)."""


def is_session_file_name(name: str) -> bool:
    return SESSION_FILE.fullmatch(name) is not None


@dataclass
class OpenIndex:
    """A folder's index, brought up to date with its files (unless asked not to)."""

    conn: sqlite3.Connection
    folder: Path
    reference_question: str | None
    unreadable: list[tuple[Path, str]] = field(default_factory=list)
    note: str = ""  # one line when the index file could not be used

    def rows(
        self, where: str = "", params: Sequence[object] = (), tail: str = "", *, repair: bool = True
    ) -> list[tuple[str, list[str]]]:
        """(file name, summary row) of the rows ``where`` picks; a tampered index is
        rebuilt from the files first (unless not ``repair``: TamperedIndex)."""

        def select(conn: sqlite3.Connection) -> list[tuple[str, list[str]]]:
            return index_db.select(conn, where, params, tail)

        return self.read(select) if repair else select(self.conn)

    def read(self, query: Callable[[sqlite3.Connection], Read]) -> Read:
        """What ``query`` reads from the index; a tampered index (TamperedIndex, or
        pages SQLite cannot read) is rebuilt from the files first."""
        try:
            return query(self.conn)
        except (TamperedIndex, sqlite3.DatabaseError):
            self._rebuild()
            return query(self.conn)

    def _rebuild(self) -> None:
        try:
            with index_db.writing(self.conn):
                self.conn.execute("DELETE FROM reports")
                index_db.set_meta(self.conn, folder_mtime_ns=-1)
        except (IndexBusy, sqlite3.Error):
            self.conn.close()
            self.conn = index_db.in_memory()
        self.unreadable = _sync(self.conn, self.folder, self.reference_question)

    def close(self) -> None:
        self.conn.close()


def open_index(
    folder: Path, reference_question: str | None = None, *, sync: bool = True
) -> OpenIndex | None:
    """The folder's index, synced with its files unless ``sync`` is False (the rows
    then say what the last sync and saves recorded). None while the folder does not
    exist; FolderError if it cannot be listed."""
    if _folder_mtime(folder) is None:
        return None
    note = ""
    try:
        conn = index_db.connect(folder)
    except IndexBusy:
        conn, note = index_db.in_memory(), _busy_note(folder)
    except UnusableIndex as error:
        conn, note = _replaced(folder, str(error))
    opened = OpenIndex(conn, folder, reference_question, note=note)
    if not sync:
        return opened
    try:
        opened.unreadable = _sync(conn, folder, reference_question)
    except IndexBusy:
        conn.close()
        opened.conn, opened.note = index_db.in_memory(), _busy_note(folder)
        opened.unreadable = _sync(opened.conn, folder, reference_question)
    except sqlite3.DatabaseError as error:  # pages spoiled under a valid header
        conn.close()
        opened.conn, opened.note = _replaced(folder, str(error))
        try:
            opened.unreadable = _sync(opened.conn, folder, reference_question)
        except (IndexBusy, sqlite3.Error):  # replaced again meanwhile, by another reader
            opened.conn.close()
            opened.conn = index_db.in_memory()
            opened.unreadable = _sync(opened.conn, folder, reference_question)
    return opened


def _busy_note(folder: Path) -> str:
    return f"{index_path(folder)}: the index is in use by another program; read the report files"


def _replaced(folder: Path, why: str) -> tuple[sqlite3.Connection, str]:
    """A fresh index in place of an unusable file (in memory if even that fails)."""
    note = f"{index_path(folder)}: not a usable index ({why[:60]}); rebuilt from the report files"
    with contextlib.suppress(OSError):
        index_db.remove(folder)
    try:
        return index_db.connect(folder), note
    except (UnusableIndex, IndexBusy):
        return index_db.in_memory(), note


def _reference_key(reference_question: str | None) -> str:
    return reference_question or ""


def _sync(
    conn: sqlite3.Connection, folder: Path, reference_question: str | None
) -> list[tuple[Path, str]]:
    """Bring the rows up to date with the files; the files that cannot be read."""
    folder_mtime = _folder_mtime(folder)  # before scanning: a save during the scan shows next time
    if folder_mtime is None:
        return []
    info = index_db.meta(conn)
    same_question = info.get("reference_question") == _reference_key(reference_question)
    if same_question and _still_current(conn, folder, info, folder_mtime):
        return []
    known = index_db.stamps(conn) if same_question else {}
    fresh: list[list[Any]] = []
    seen: set[str] = set()
    unreadable: list[tuple[Path, str]] = []
    for name in session_names(folder):
        path = folder / name
        try:
            stat_result = os.lstat(path)
        except FileNotFoundError:
            continue  # deleted since the folder was read
        except OSError as error:
            unreadable.append((path, f"{path}: cannot be read ({error.strerror or error})"))
            continue
        if (problem := file_problem(name, stat_result.st_mode)) is not None:
            unreadable.append((path, f"{path}: {problem}"))
            continue
        stamp = (stat_result.st_mtime_ns, stat_result.st_size)
        if known.get(name) != stamp:
            try:
                fresh.append([name, *stamp, *summary_row(path, reference_question)])
            except SessionFileError as error:
                if os.path.lexists(path):  # else deleted while being read: not a bad file
                    unreadable.append((path, str(error)))
                continue
        seen.add(name)
    # Unreadable files keep the folder "changed", so they are named again next time.
    stamp_to_keep = folder_mtime if _settled(folder_mtime) and not unreadable else -1
    gone = known.keys() - seen
    unchanged = same_question and info.get("folder_mtime_ns") == stamp_to_keep
    if fresh or gone or not unchanged:  # else the index already says it all
        with index_db.writing(conn):
            if not same_question:
                conn.execute("DELETE FROM reports")
            index_db.upsert(conn, fresh)
            index_db.delete(conn, gone)
            index_db.set_meta(
                conn,
                folder_mtime_ns=stamp_to_keep,
                reference_question=_reference_key(reference_question),
                vouched_by="scan",
            )
    return sorted(unreadable)


def _still_current(
    conn: sqlite3.Connection, folder: Path, info: dict[str, Any], folder_mtime: int
) -> bool:
    """The index vouched for the folder as it is now (no file needs checking)."""
    if info.get("folder_mtime_ns") != folder_mtime:
        return False
    return info.get("vouched_by") != "save" or _counts_match(conn, folder)


def _counts_match(conn: sqlite3.Connection, folder: Path) -> bool:
    """A folder time vouched for by a save covers a file copied in during the same tick
    too: it is trusted only while the files and the rows are as many."""
    rows = conn.execute("SELECT count(*) FROM reports").fetchone()[0]
    return bool(rows == len(session_names(folder)))


def record_save(
    folder: Path,
    path: Path,
    report: SessionReport,
    reference_question: str | None,
    folder_before: int | None,
) -> None:
    """Put one saved report's row in the index (the app's own saves: no file is read
    again). If the index vouched for the folder just before this save (its time was
    ``folder_before``), it vouches for the folder's new time. Any failure only means
    the next listing checks the files: it is a cache."""
    if not index_path(folder).exists():
        return  # the first listing builds it
    try:
        conn = index_db.connect(folder)
    except (UnusableIndex, IndexBusy, OSError):
        return
    with contextlib.closing(conn), contextlib.suppress(IndexBusy, sqlite3.Error, OSError):
        stat_result = os.lstat(path)
        after = _folder_mtime(folder)
        row = summary_cells(report, reference_question)
        with index_db.writing(conn):
            info = index_db.meta(conn)
            if info.get("reference_question") != _reference_key(reference_question):
                return  # another bank's rows: the next listing re-reads them all
            index_db.upsert(conn, [[path.name, stat_result.st_mtime_ns, stat_result.st_size, *row]])
            if folder_before is not None and info.get("folder_mtime_ns") == folder_before:
                index_db.set_meta(conn, folder_mtime_ns=after, vouched_by="save")


def forget(folder: Path, file_name: str) -> None:
    """Drop a deleted session's row at once: the index must not keep its client reference.

    Without an index there is nothing to drop; one that cannot be opened or updated
    (held by another process) is removed: it is a cache. Either way the next listing
    rebuilds what is missing."""
    if not index_path(folder).exists():
        return
    try:
        conn = index_db.connect(folder)
        with contextlib.closing(conn), index_db.writing(conn):
            index_db.delete(conn, [file_name])
            index_db.set_meta(conn, folder_mtime_ns=-1)  # the folder changed: check it next time
    except (UnusableIndex, IndexBusy, sqlite3.Error, OSError):
        with contextlib.suppress(OSError):
            index_db.remove(folder)


def folder_stamp(folder: Path) -> int | None:
    """The data folder's modification time, None if it cannot be read (never raises)."""
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return None


def summary_row(path: Path, reference_question: str | None) -> list[str]:
    """The summary row of the report file at ``path`` (SessionFileError if unreadable)."""
    from intake_tui.core.report.toml_io import read_report  # pydantic: only when needed

    return summary_cells(read_report(path), reference_question)


def summary_cells(report: SessionReport, reference_question: str | None) -> list[str]:
    """What the index keeps of a report, in index_db.COLUMNS' order."""
    reference = report.answers.get(reference_question, "") if reference_question else ""
    rec = report.recommendation
    return [
        report.session_id,
        report.status,
        sortable_utc(report.updated_at),
        reference if isinstance(reference, str) else "",
        rec.gate.decision if rec else "",
        report.mode,
        *_due_cells(rec),
        # The client record's id where the report has one (a later field; older: "").
        report.client_id or "",
        *_finding_cells(report),
    ]


def _finding_cells(report: SessionReport) -> list[str]:
    """[staff, concerns, areas, setting, override] as the saved-reports filter searches
    them: codes with their labels ("acne_scars Acne scars"), so a keystroke never
    reads a file. Staff: whoever took the intake and whoever overrode its gate."""
    rec = report.recommendation
    override = report.override
    staff = [report.staff_initials, override.staff_initials if override else ""]
    concerns: dict[str, str] = {}
    areas: dict[str, str] = {}
    for plan in rec.depths if rec else []:
        concerns.setdefault(plan.concern, plan.concern_label)
        areas.setdefault(plan.area, plan.area_label)
    for skipped in rec.not_planned if rec else []:
        concerns.setdefault(skipped.concern, skipped.concern_label)
        for area in skipped.areas:
            areas.setdefault(area, "")
    cost = rec.cost if rec else None
    return [
        " ".join(dict.fromkeys(initials for initials in staff if initials)),
        _coded(concerns),
        _coded(areas),
        _coded({cost.setting: cost.setting_label} if cost else {}),
        "yes" if override else "",
    ]


def _coded(labels: dict[str, str]) -> str:
    """ "acne_scars Acne scars; cheeks Cheeks": each code with its label, searchable."""
    return "; ".join(f"{code} {label}".strip() for code, label in labels.items())


def _due_cells(rec: Recommendation | None) -> list[str]:
    """[opens, closes, the series] of the maintenance due window, or three empty strings."""
    from intake_tui.core.recommend.maintenance import effective_due, series_words

    if rec is None:
        return ["", "", ""]
    due = effective_due(
        rec.maintenance_due, rec.gate.decision, rec.timeline, rec.longevity, rec.depths
    )
    if due is None:
        return ["", "", ""]
    return [due.from_date.isoformat(), due.to_date.isoformat(), series_words(due)]


@contextlib.contextmanager
def no_gc_pauses() -> Iterator[None]:
    """Loading 10,000 rows allocates ~100k objects; without this, the collector
    repeatedly walks everything the app holds and a 45 ms load takes 150 ms."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _settled(folder_mtime_ns: int) -> bool:
    """A folder time younger than the filesystem's tick could hide a save in that tick."""
    return time.time_ns() - folder_mtime_ns > SETTLED_NS


def settled_stamp(folder: Path) -> int | None:
    """The folder's modification time when it can vouch for every file in it."""
    folder_mtime = folder_stamp(folder)
    return folder_mtime if folder_mtime is not None and _settled(folder_mtime) else None


def _folder_mtime(folder: Path) -> int | None:
    """The data folder's modification time; None if it does not exist yet."""
    try:
        folder_stat = os.stat(folder)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise FolderError(f"{folder}: the data folder cannot be read ({error.strerror})") from None
    if not stat.S_ISDIR(folder_stat.st_mode):
        raise FolderError(f"{folder}: the data folder is not a folder")
    return folder_stat.st_mtime_ns


def file_problem(name: str, mode: int) -> str | None:
    """Why an ``intake-*.toml`` entry is not read as a session file, or None if it is one."""
    if not is_session_file_name(name):
        return "not a session file name (intake-<16 hex digits>.toml)"
    if not stat.S_ISREG(mode):
        return "not a regular file (a link, pipe or device)"
    return None


def session_names(folder: Path) -> list[str]:
    """The names in ``folder`` that look like session files, ``intake-*.toml`` (FolderError
    if it cannot be read); file_problem() says which of them cannot be one."""
    try:
        with os.scandir(folder) as entries:
            return [
                entry.name
                for entry in entries
                if entry.name.startswith(SESSION_PREFIX) and entry.name.endswith(SESSION_SUFFIX)
            ]
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise FolderError(f"{folder}: the data folder cannot be read ({reason})") from None
