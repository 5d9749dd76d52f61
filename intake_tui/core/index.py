"""A small index of report summaries, so lists open fast with years of reports.

The session files are the record; the index is derived from them and can always
be rebuilt. Each entry is trusted only while its file's size and modification
time match; anything new, changed or unreadable is read again. The index is the
one file several terminals share, so it is updated under a lock, and written
atomically like every other file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from intake_tui.core.errors import SessionFileError
from intake_tui.core.files import StoreError, write_atomic

INDEX_FILE = "index.json"
LOCK_FILE = "index.lock"
INDEX_VERSION = 1
SESSION_GLOB = "intake-*.toml"


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _load(folder: Path) -> dict[str, list[Any]]:
    try:
        data = json.loads((folder / INDEX_FILE).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != INDEX_VERSION:
        return {}
    entries = data.get("entries")
    return entries if isinstance(entries, dict) else {}


def _summary_row(path: Path) -> list[Any]:
    from intake_tui.core.report.toml_io import read_report  # pydantic: only when needed

    report = read_report(path)
    reference = report.answers.get("client_reference", "")
    return [
        report.session_id,
        report.status,
        report.updated_at.isoformat(),
        reference if isinstance(reference, str) else "",
        report.recommendation.gate.decision if report.recommendation else "",
        report.mode,
    ]


def scan(folder: Path) -> tuple[list[tuple[str, list[Any]]], list[tuple[Path, str]]]:
    """(file name, summary row) for every readable session, and the unreadable ones."""
    if not folder.is_dir():
        return [], []
    known = _load(folder)
    fresh: dict[str, list[Any]] = {}
    rows: list[tuple[str, list[Any]]] = []
    unreadable: list[tuple[Path, str]] = []
    changed = False
    with os.scandir(folder) as entries:
        sessions = [e for e in entries if e.name.startswith("intake-") and e.name.endswith(".toml")]
    for entry in sessions:
        stat = entry.stat()
        stamp = [stat.st_mtime_ns, stat.st_size]
        cached = known.get(entry.name)
        if isinstance(cached, list) and cached[:2] == stamp and len(cached) == 8:
            row = cached[2:]
        else:
            try:
                row = _summary_row(folder / entry.name)
            except SessionFileError as error:
                unreadable.append((folder / entry.name, str(error)))
                continue
            changed = True
        fresh[entry.name] = stamp + row
        rows.append((entry.name, row))
    if changed or len(fresh) != len(known):
        text = json.dumps({"version": INDEX_VERSION, "entries": fresh}, separators=(",", ":"))
        # The index is a cache: failing to write it only means reading files again.
        with contextlib.suppress(OSError, StoreError), _locked(folder):
            write_atomic(folder / INDEX_FILE, text)
    return rows, unreadable
