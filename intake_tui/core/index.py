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
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from intake_tui.core.clock import sortable_utc
from intake_tui.core.errors import SessionFileError
from intake_tui.core.files import StoreError, write_atomic
from intake_tui.core.tomlfile import UnreadableFile, read_limited

INDEX_DIR = ".index"
INDEX_FILE = "index.json"
LOCK_FILE = "index.lock"
INDEX_VERSION = 2
MAX_INDEX_BYTES = 128 * 1024 * 1024  # a cache of ~200 bytes a report: room for 500,000
SETTLED_NS = 2_000_000_000
SESSION_PREFIX, SESSION_SUFFIX = "intake-", ".toml"  # store.session_file_name
SESSION_GLOB = f"{SESSION_PREFIX}*{SESSION_SUFFIX}"


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    fd = os.open(folder / INDEX_DIR / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def index_path(folder: Path) -> Path:
    return folder / INDEX_DIR / INDEX_FILE


def _load(folder: Path, reference_question: str | None) -> tuple[int, dict[str, list[Any]]]:
    """(the data folder's mtime when the index was written, the entries).

    Entries hold the answer to ``reference_question``: written for another one
    (the bank's client-reference role moved), they are read again."""
    try:
        raw = read_limited(index_path(folder), MAX_INDEX_BYTES)
    except UnreadableFile:
        return -1, {}  # a cache: rebuilt from the session files
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
    return folder_mtime, entries


def summary_row(path: Path, reference_question: str | None) -> list[Any]:
    from intake_tui.core.report.toml_io import read_report  # pydantic: only when needed

    report = read_report(path)
    reference = report.answers.get(reference_question, "") if reference_question else ""
    return [
        report.session_id,
        report.status,
        sortable_utc(report.updated_at),
        reference if isinstance(reference, str) else "",
        report.recommendation.gate.decision if report.recommendation else "",
        report.mode,
    ]


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
    question with the client-reference role), "" without one."""
    try:  # the folder's time before scanning: a save during the scan shows next time
        folder_mtime = folder.stat().st_mtime_ns
    except OSError:
        return [], []
    indexed_mtime, known = _load(folder, reference_question)
    if indexed_mtime == folder_mtime:
        return [(name, entry[2:]) for name, entry in known.items()], []
    fresh: dict[str, list[Any]] = {}
    rows: list[tuple[str, list[Any]]] = []
    unreadable: list[tuple[Path, str]] = []
    with os.scandir(folder) as entries:
        sessions = [
            e
            for e in entries
            if e.name.startswith(SESSION_PREFIX) and e.name.endswith(SESSION_SUFFIX)
        ]
    for entry in sessions:
        stat = entry.stat()
        stamp = [stat.st_mtime_ns, stat.st_size]
        cached = known.get(entry.name)
        if isinstance(cached, list) and cached[:2] == stamp and len(cached) == 8:
            row = cached[2:]
        else:
            try:
                row = summary_row(folder / entry.name, reference_question)
            except SessionFileError as error:
                unreadable.append((folder / entry.name, str(error)))
                continue
        fresh[entry.name] = stamp + row
        rows.append((entry.name, row))
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


def forget(folder: Path, file_name: str) -> None:
    """Drop a deleted session's entry at once: the index must not keep its client reference.

    Without an index there is nothing to drop; one that cannot be read is removed
    (it is a cache). Either way the next scan rebuilds what is missing."""
    path = index_path(folder)
    if not path.exists():
        return
    import json

    with contextlib.suppress(OSError, StoreError), _locked(folder):
        try:
            data = json.loads(read_limited(path, MAX_INDEX_BYTES))
            entries = data["entries"]
            entries.pop(file_name)
        except KeyError:
            return  # not indexed (yet)
        except (ValueError, TypeError, AttributeError, RecursionError, UnreadableFile):
            path.unlink()
            return
        data["folder_mtime_ns"] = -1  # the folder changed: check every file next time
        write_atomic(path, json.dumps(data, separators=(",", ":")))


def _write(folder: Path, data: dict[str, Any]) -> None:
    """Save the index; failing only means reading files again next time (it is a cache)."""
    import json

    text = json.dumps(data, separators=(",", ":"))
    with contextlib.suppress(OSError, StoreError):
        (folder / INDEX_DIR).mkdir(mode=0o700, exist_ok=True)
        with _locked(folder):
            write_atomic(index_path(folder), text)
