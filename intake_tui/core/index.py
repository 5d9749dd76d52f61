"""A small index of report summaries, so lists open fast with years of reports.

The session files are the record; the index is derived from them and can always
be rebuilt. Each entry is trusted only while its file's size and modification
time match; anything new, changed or unreadable is read again. Every save
renames a file into the data folder, which changes the folder's modification
time, so while that time is unchanged no file needs checking at all (a file
edited in place by hand is noticed at the next save in the folder). The index
lives in `.index/` so that writing it does not change the data folder. It is
the one file several terminals share, so it is updated under a lock, and
written atomically like every other file.

It is a cache, and treated like one: an entry is used only if its name is a
session file's (`intake-<16 hex>.toml`, so never a path outside the folder)
and every field has its type; one bad entry and the whole index is rebuilt from
the files. The lock is never waited on by a listing: held elsewhere (a backup
tool, a suspended terminal), the listing reads the files and leaves the index
as it is.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intake_tui.core.clock import sortable_utc
from intake_tui.core.errors import IntakeError, SessionFileError
from intake_tui.core.files import StoreError, write_atomic

if TYPE_CHECKING:
    from intake_tui.core.recommend.models import Recommendation
    from intake_tui.core.report.models import SessionReport

INDEX_DIR = ".index"
INDEX_FILE = "index.json"
LOCK_FILE = "index.lock"
INDEX_VERSION = 4  # 3: the maintenance due window and client id; 4: what the filter finds
SETTLED_NS = 2_000_000_000
SESSION_PREFIX, SESSION_SUFFIX = "intake-", ".toml"  # store.session_file_name
SESSION_GLOB = f"{SESSION_PREFIX}*{SESSION_SUFFIX}"
SESSION_FILE = re.compile(rf"{SESSION_PREFIX}[0-9a-f]{{16}}{re.escape(SESSION_SUFFIX)}")
MAX_INDEX_BYTES = 64 * 1024 * 1024  # 10,000 reports take ~1.5 MB
FORGET_WAIT_SECONDS = 1.0
_LOCK_POLL_SECONDS = 0.02
# Never follow a planted link, never block opening a pipe (it is refused after the open).
_SAFE_OPEN = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
# An entry: the file's mtime and size, then summary_row's fifteen strings.
_ENTRY_TYPES = [int, int, *[str] * 15]


class FolderError(IntakeError):
    """The data folder itself cannot be listed (not a folder, unreadable)."""


class IndexBusy(OSError):
    """Another process holds the index lock; the index is left alone this time."""


def is_session_file_name(name: str) -> bool:
    return SESSION_FILE.fullmatch(name) is not None


@contextlib.contextmanager
def _locked(folder: Path, wait_seconds: float) -> Iterator[None]:
    """The index lock, waited for at most ``wait_seconds`` (0: only if free); IndexBusy if not."""
    fd = os.open(folder / INDEX_DIR / LOCK_FILE, os.O_RDWR | os.O_CREAT | _SAFE_OPEN, 0o600)
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy("the index is locked by another process") from None
                time.sleep(_LOCK_POLL_SECONDS)
        yield
    finally:
        os.close(fd)


def index_path(folder: Path) -> Path:
    return folder / INDEX_DIR / INDEX_FILE


def _load(folder: Path, reference_question: str | None) -> tuple[int, dict[str, list[Any]]]:
    """(the data folder's mtime when the index was written, the entries).

    Entries hold the answer to ``reference_question``: written for another one
    (the bank's client-reference role moved), they are read again."""
    raw = _read_index_bytes(folder)
    if raw is None:
        return -1, {}
    import json  # only with an index to read: a new data folder paints without it

    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return -1, {}
    if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
        return -1, {}
    if "reference_question" not in data or data["reference_question"] != reference_question:
        return -1, {}
    entries = data.get("entries")
    folder_mtime = data.get("folder_mtime_ns")
    if not isinstance(entries, dict) or not isinstance(folder_mtime, int):
        return -1, {}
    if not _all_valid(entries):
        return -1, {}  # tampered or from a buggy writer: rebuilt from the files
    return folder_mtime, entries


# What an entry's coded fields may hold, as the report models allow (anything else: a
# tampered or foreign index, rebuilt from the files, whose models validate them).
_STATUSES = frozenset({"in_progress", "completed", "amended"})
_DECISIONS = frozenset({"", "go_ahead", "nothing_planned", "physician_first", "not_now"})
_MODES = frozenset({"self", "front_desk"})
_ID_START, _ID_END = len(SESSION_PREFIX), -len(SESSION_SUFFIX)
_UTC_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00")


def _all_valid(entries: dict[Any, Any]) -> bool:
    """Every entry a session file name with fields of the right types, its session id
    the file name's and its coded fields ones the models allow (10,000 in ~10 ms)."""
    name_ok, time_ok = SESSION_FILE.fullmatch, _UTC_TIME.fullmatch
    for name, entry in entries.items():
        # type() not isinstance(): JSON's true is not a size
        if type(entry) is not list or list(map(type, entry)) != _ENTRY_TYPES:
            return False
        if type(name) is not str or name_ok(name) is None or entry[2] != name[_ID_START:_ID_END]:
            return False
        if entry[3] not in _STATUSES or entry[6] not in _DECISIONS or entry[7] not in _MODES:
            return False
        if time_ok(entry[4]) is None:
            return False
    return True


def _read_index_bytes(folder: Path) -> bytes | None:
    """The index file's bytes, or None unless it is a regular file of sane size."""
    try:
        fd = os.open(index_path(folder), os.O_RDONLY | _SAFE_OPEN)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read(MAX_INDEX_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return raw if len(raw) <= MAX_INDEX_BYTES else None


def summary_row(path: Path, reference_question: str | None) -> list[Any]:
    from intake_tui.core.report.toml_io import read_report  # pydantic: only when needed

    report = read_report(path)
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
    """Loading 10,000 entries allocates ~100k objects; without this, the collector
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
    try:
        folder_mtime = folder.stat().st_mtime_ns
    except OSError:
        return None
    return folder_mtime if _settled(folder_mtime) else None


def scan(
    folder: Path, reference_question: str | None = None
) -> tuple[list[tuple[str, list[Any]]], list[tuple[Path, str]]]:
    """(file name, summary row) for every readable session, and the unreadable ones.

    A row's client reference is the answer to ``reference_question`` (the bank's
    question with the client-reference role), "" without one. FolderError if the
    folder itself cannot be listed; a missing folder has no sessions yet."""
    folder_mtime = _folder_mtime(folder)  # before scanning: a save during the scan shows next time
    if folder_mtime is None:
        return [], []
    indexed_mtime, known = _load(folder, reference_question)
    if indexed_mtime == folder_mtime:
        return [(name, entry[2:]) for name, entry in known.items()], []
    fresh: dict[str, list[Any]] = {}
    rows: list[tuple[str, list[Any]]] = []
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
        stamp = [stat_result.st_mtime_ns, stat_result.st_size]
        cached = known.get(name)
        if cached is not None and cached[:2] == stamp:
            row = cached[2:]
        else:
            try:
                row = summary_row(path, reference_question)
            except SessionFileError as error:
                if os.path.lexists(path):  # else deleted while being read: not a bad file
                    unreadable.append((path, str(error)))
                continue
        fresh[name] = stamp + row
        rows.append((name, row))
    # Unreadable files keep the folder "changed", so they are named again next time.
    stamp_to_keep = folder_mtime if _settled(folder_mtime) and not unreadable else -1
    if fresh != known or stamp_to_keep != indexed_mtime:  # else the index already says it
        index = {
            "version": INDEX_VERSION,
            "folder_mtime_ns": stamp_to_keep,
            "reference_question": reference_question,
            "entries": fresh,
        }
        _write(folder, index)
    return rows, unreadable


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


def forget(folder: Path, file_name: str) -> None:
    """Drop a deleted session's entry at once: the index must not keep its client reference.

    Without an index there is nothing to drop; one that cannot be read or updated
    (its lock held too long) is removed: it is a cache. Either way the next scan
    rebuilds what is missing."""
    path = index_path(folder)
    if not path.exists():
        return
    import json

    with contextlib.suppress(OSError, StoreError):
        try:
            with _locked(folder, FORGET_WAIT_SECONDS):
                data = json.loads(_read_index_bytes(folder) or b"")
                entries = data["entries"]
                entries.pop(file_name)
                data["folder_mtime_ns"] = -1  # the folder changed: check every file next time
                write_atomic(path, json.dumps(data, separators=(",", ":")))
        except KeyError:
            return  # not indexed (yet)
        except (ValueError, TypeError, AttributeError, RecursionError, OSError, StoreError):
            path.unlink()  # unreadable, locked too long (IndexBusy) or not writable


def _write(folder: Path, data: dict[str, Any]) -> None:
    """Save the index if its lock is free now; failing only means reading files again
    next time (it is a cache), so a listing never waits for another process."""
    import json

    text = json.dumps(data, separators=(",", ":"))
    with contextlib.suppress(OSError, StoreError):
        (folder / INDEX_DIR).mkdir(mode=0o700, exist_ok=True)
        with _locked(folder, wait_seconds=0):
            write_atomic(index_path(folder), text)
