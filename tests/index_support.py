"""Reaching into the SQLite index as a hand editor, an older version or another program would."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from intake_tui.core.index_db import COLUMNS, index_path


def raw_index(folder: Path) -> contextlib.closing[sqlite3.Connection]:
    return contextlib.closing(sqlite3.connect(index_path(folder), isolation_level=None))


def older_index(folder: Path) -> None:
    """The index as an older version left it: its schema number says so."""
    with raw_index(folder) as conn:
        conn.execute("PRAGMA user_version = 4")


def index_version(folder: Path) -> int:
    with raw_index(folder) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def index_rows(folder: Path) -> dict[str, list[Any]]:
    """Each row by file name: [mtime_ns, size, *summary row]."""
    with raw_index(folder) as conn:
        rows = conn.execute(f"SELECT name, mtime_ns, size, {', '.join(COLUMNS)} FROM reports")
        return {row[0]: list(row[1:]) for row in rows}


def tamper(folder: Path, rows: dict[str, list[Any]]) -> None:
    """Put ``rows`` in the index and make it vouch for the folder as it is now."""
    with raw_index(folder) as conn:
        for name, row in rows.items():
            conn.execute("DELETE FROM reports WHERE name = ?", (name,))
            conn.execute(
                f"INSERT INTO reports VALUES ({', '.join('?' * (len(row) + 1))})", [name, *row]
            )
        conn.execute(
            "UPDATE meta SET value = ? WHERE key = 'folder_mtime_ns'",
            (folder.stat().st_mtime_ns,),  # "nothing changed: trust me"
        )
        conn.execute("UPDATE meta SET value = 'scan' WHERE key = 'vouched_by'")
