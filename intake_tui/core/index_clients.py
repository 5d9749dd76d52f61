"""Client records through the index: the Clients screen reads one table, not every file.

Each client file's row holds its record as JSON beside the file's size and time; a
row is used only while they match, and is checked as strictly as the file itself
(clients.checked_client): a row no client file could give, and the table is read again
from the files. Without a usable index the files are read as before.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from intake_tui.core import index_db
from intake_tui.core.errors import IntakeError

# A client record (core/clients.py, which calls this module: it is not imported here).
Client = TypeVar("Client")


@dataclass(frozen=True)
class ClientFiles(Generic[Client]):
    """How core/clients.py reads a client file, checks a record and gives a client's
    (an IntakeError from any of them: not a client)."""

    read: Callable[[Path], Client]
    checked: Callable[[dict[str, Any], Path], Client]
    record: Callable[[Client], dict[str, Any]]


def indexed_clients(
    folder: Path, directory: Path, names: list[str], files: ClientFiles[Client]
) -> tuple[list[Client], list[str]]:
    """Every readable client among ``names`` (files in ``directory``), and a sentence
    for each that is not."""
    try:
        conn = index_db.connect(folder)
    except (index_db.UnusableIndex, index_db.IndexBusy, OSError):
        return _from_files(directory, names, files.read)
    with contextlib.closing(conn):
        try:
            return _synced(conn, directory, names, files)
        except index_db.TamperedIndex:
            with contextlib.suppress(index_db.IndexBusy, sqlite3.Error):
                with index_db.writing(conn):
                    conn.execute("DELETE FROM clients")  # read again from the files
                return _synced(conn, directory, names, files)
        except (index_db.IndexBusy, sqlite3.Error, IntakeError):
            pass
    return _from_files(directory, names, files.read)


def forget_client(folder: Path, file_name: str) -> None:
    """Drop an erased client's row at once (it holds their identifiers); an index that
    cannot be updated is removed: it is a cache."""
    if not index_db.index_path(folder).exists():
        return
    try:
        conn = index_db.connect(folder)
        with contextlib.closing(conn), index_db.writing(conn):
            conn.execute("DELETE FROM clients WHERE name = ?", (file_name,))
    except (index_db.UnusableIndex, index_db.IndexBusy, sqlite3.Error, OSError):
        with contextlib.suppress(OSError):
            index_db.remove(folder)


def _from_files(
    directory: Path, names: list[str], read: Callable[[Path], Client]
) -> tuple[list[Client], list[str]]:
    clients: list[Client] = []
    unreadable: list[str] = []
    for name in names:
        try:
            clients.append(read(directory / name))
        except IntakeError as error:
            unreadable.append(str(error))
    return clients, unreadable


def _synced(
    conn: sqlite3.Connection, directory: Path, names: list[str], files: ClientFiles[Client]
) -> tuple[list[Client], list[str]]:
    known = {
        name: (mtime, size, record)
        for name, mtime, size, record in conn.execute(
            "SELECT name, mtime_ns, size, record FROM clients"
        )
    }
    clients: list[Client] = []
    unreadable: list[str] = []
    fresh: list[tuple[str, int, int, str]] = []
    for name in names:
        path = directory / name
        try:
            stamp = os.lstat(path)
        except OSError:
            continue  # removed since the folder was read
        row = known.get(name)
        if row is not None and row[:2] == (stamp.st_mtime_ns, stamp.st_size):
            clients.append(_from_row(row[2], path, files.checked))
            continue
        try:
            client = files.read(path)
        except IntakeError as error:
            unreadable.append(str(error))
            continue
        clients.append(client)
        fresh.append((name, stamp.st_mtime_ns, stamp.st_size, _json(files.record(client))))
    gone = known.keys() - set(names)
    if fresh or gone:
        with index_db.writing(conn):
            conn.executemany(
                "INSERT INTO clients (name, mtime_ns, size, record) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET mtime_ns = excluded.mtime_ns, "
                "size = excluded.size, record = excluded.record",
                fresh,
            )
            conn.executemany("DELETE FROM clients WHERE name = ?", ((n,) for n in gone))
    return clients, unreadable


def _json(record: dict[str, Any]) -> str:
    """A record as stored: its times as ISO text (read back by _from_row)."""
    stored = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in record.items()}
    return json.dumps(stored, separators=(",", ":"))


def _from_row(
    record: object, path: Path, checked: Callable[[dict[str, Any], Path], Client]
) -> Client:
    """A row's client, checked like a file's (TamperedIndex if no file could give it)."""
    try:
        data = json.loads(record) if isinstance(record, str) else None
        if not isinstance(data, dict):
            raise ValueError("not a record")
        for key in ("created_at", "updated_at"):
            data[key] = datetime.fromisoformat(data[key])
        return checked(data, path)
    except (ValueError, TypeError, KeyError, RecursionError, IntakeError):
        raise index_db.TamperedIndex("a client row no client file gives") from None
