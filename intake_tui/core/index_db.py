"""The index file itself: one SQLite database in `.index/`, a cache of report summaries.

stdlib `sqlite3`, rollback journal (journal_mode=DELETE, never WAL: WAL needs shared
memory that a network share does not give), no fsync (synchronous=OFF: it is a cache;
a file spoiled by a crash is found unusable and rebuilt from the reports). The file is
created 0600 inside the 0700 `.index/`, never through a link. Its schema is named by
``PRAGMA application_id`` and ``user_version``: any other file at that path (foreign,
an older schema, not a database at all) is replaced by a fresh one, and the caller
says so in one line.

Nothing read from it is trusted: every row is checked (`checked_rows`) the way the
report models would check it, and one bad row has the whole index rebuilt.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

INDEX_DIR = ".index"
INDEX_FILE = "index.sqlite3"
OLD_INDEX_FILES = ("index.json", "index.lock")  # before the SQLite index: removed, not read
APPLICATION_ID = 0x696E746B  # "intk"
SCHEMA_VERSION = 5  # 4 was the JSON index's last version
BUSY_SECONDS = 0.5  # another terminal's commit takes milliseconds; longer: held elsewhere
SESSION_PREFIX, SESSION_SUFFIX = "intake-", ".toml"  # store.session_file_name
SESSION_FILE = re.compile(rf"{SESSION_PREFIX}[0-9a-f]{{16}}{re.escape(SESSION_SUFFIX)}")
# Never follow a planted link, never block opening a pipe (it is refused after the open).
SAFE_OPEN = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC

# A row's columns after the file name and its stamp, in summary_row's order.
COLUMNS = (
    "session_id",
    "status",
    "updated_at",
    "client_reference",
    "decision",
    "mode",
    "due_from",
    "due_to",
    "due_series",
    "client_id",
    "staff",
    "concerns",
    "areas",
    "setting",
    "override",
)
_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value);
CREATE TABLE reports (
    name TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL,
    {", ".join(f"{column} TEXT NOT NULL" for column in COLUMNS)}
);
CREATE INDEX reports_by_status ON reports (status, updated_at);
CREATE INDEX reports_by_time ON reports (updated_at, name);
CREATE TABLE clients (
    name TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL, record TEXT NOT NULL
);
PRAGMA application_id = {APPLICATION_ID};
PRAGMA user_version = {SCHEMA_VERSION};
"""


class UnusableIndex(Exception):
    """The file at the index path is not this program's index (or cannot be opened)."""


class IndexBusy(Exception):
    """Another process holds the index (a long write, a suspended terminal)."""


class TamperedIndex(Exception):
    """A row no report could have produced: the index is rebuilt from the files."""


def index_path(folder: Path) -> Path:
    return folder / INDEX_DIR / INDEX_FILE


def connect(folder: Path) -> sqlite3.Connection:
    """The folder's index, created if missing; UnusableIndex if what is there is not one."""
    index_dir = folder / INDEX_DIR
    index_dir.mkdir(mode=0o700, exist_ok=True)
    for old in OLD_INDEX_FILES:  # it held client references: a cache nobody reads now
        with contextlib.suppress(OSError):
            (index_dir / old).unlink()
    path = index_path(folder)
    _create_private(path)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None)
    except sqlite3.Error as error:
        raise UnusableIndex(str(error)) from None
    try:
        _prepare(conn)
    except sqlite3.OperationalError as error:
        conn.close()
        if _is_busy(error):
            raise IndexBusy(str(error)) from None
        raise UnusableIndex(str(error)) from None
    except (sqlite3.Error, UnusableIndex) as error:
        conn.close()
        raise UnusableIndex(str(error)) from None
    return conn


def in_memory() -> sqlite3.Connection:
    """An index that is never written to disk: when the file cannot be used."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.executescript(_SCHEMA)
    return conn


def _create_private(path: Path) -> None:
    """The file exists, 0600 and a regular file, before SQLite opens it (it would
    create it with the process's umask and follow a link)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | SAFE_OPEN, 0o600)
    except OSError as error:
        raise UnusableIndex(error.strerror or str(error)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnusableIndex("not a regular file")
    finally:
        os.close(fd)


def _prepare(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = OFF")
    # A deleted row (an erased client's reference) is overwritten, not left in a free page.
    conn.execute("PRAGMA secure_delete = ON")
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if application_id == APPLICATION_ID and version == SCHEMA_VERSION:
        return
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if application_id or version or tables:
        raise UnusableIndex("another program's or an older version's file")
    conn.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} COMMIT;")


def _is_busy(error: sqlite3.Error) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def remove(folder: Path) -> None:
    """Delete the index file (and a journal a crash left): it is rebuilt from the files."""
    for name in (INDEX_FILE, f"{INDEX_FILE}-journal"):
        with contextlib.suppress(FileNotFoundError):
            (folder / INDEX_DIR / name).unlink()


@contextlib.contextmanager
def writing(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction; IndexBusy if another process holds the index too long."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if _is_busy(error):
            raise IndexBusy(str(error)) from None
        raise
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# --- meta -------------------------------------------------------------------------------
def meta(conn: sqlite3.Connection) -> dict[str, Any]:
    return dict(conn.execute("SELECT key, value FROM meta").fetchall())


def set_meta(conn: sqlite3.Connection, **values: object) -> None:
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        values.items(),
    )


# --- rows -------------------------------------------------------------------------------
_UPSERT = (
    f"INSERT INTO reports (name, mtime_ns, size, {', '.join(COLUMNS)}) "
    f"VALUES ({', '.join('?' * (len(COLUMNS) + 3))}) "
    f"ON CONFLICT (name) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in ("mtime_ns", "size", *COLUMNS))
)


def upsert(conn: sqlite3.Connection, rows: Iterable[Sequence[Any]]) -> None:
    """(name, mtime_ns, size, *summary_row) per report."""
    conn.executemany(_UPSERT, rows)


def delete(conn: sqlite3.Connection, names: Iterable[str]) -> None:
    conn.executemany("DELETE FROM reports WHERE name = ?", ((name,) for name in names))


def stamps(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """Each indexed file's (mtime_ns, size) as it was read."""
    rows = conn.execute("SELECT name, mtime_ns, size FROM reports").fetchall()
    return {name: (mtime, size) for name, mtime, size in rows}


def select(
    conn: sqlite3.Connection, where: str = "", params: Sequence[object] = (), tail: str = ""
) -> list[tuple[str, list[str]]]:
    """(file name, summary row) of the rows ``where`` picks, checked (TamperedIndex)."""
    sql = f"SELECT name, {', '.join(COLUMNS)} FROM reports"
    if where:
        sql += f" WHERE {where}"
    return checked_rows(conn.execute(f"{sql} {tail}", params).fetchall())


# What a row's coded fields may hold, as the report models allow (anything else: a
# tampered or foreign index, rebuilt from the files, whose models validate them).
STATUSES = frozenset({"in_progress", "completed", "amended"})
DECISIONS = frozenset({"", "go_ahead", "nothing_planned", "physician_first", "not_now"})
MODES = frozenset({"self", "front_desk"})
_ID_START, _ID_END = len(SESSION_PREFIX), -len(SESSION_SUFFIX)
_UTC_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00")
_ROW_TYPES = [str] * (len(COLUMNS) + 1)


def checked_rows(rows: list[tuple[Any, ...]]) -> list[tuple[str, list[str]]]:
    """Every row a session file's name with text fields, its session id the file
    name's and its coded fields ones the models allow (100,000 in ~0.1 s)."""
    name_ok, time_ok = SESSION_FILE.fullmatch, _UTC_TIME.fullmatch
    checked: list[tuple[str, list[str]]] = []
    for row in rows:
        # type() not isinstance(): a str subclass cannot come from sqlite3 anyway
        if list(map(type, row)) != _ROW_TYPES:
            raise TamperedIndex("a field of the wrong type")
        name = row[0]
        if name_ok(name) is None or row[1] != name[_ID_START:_ID_END]:
            raise TamperedIndex("a row that names no session file")
        if row[2] not in STATUSES or row[5] not in DECISIONS or row[6] not in MODES:
            raise TamperedIndex("a coded field no report holds")
        if time_ok(row[3]) is None:
            raise TamperedIndex("a time no report holds")
        checked.append((name, list(row[1:])))
    return checked


# --- intake due ---------------------------------------------------------------------------
def _quoted(values: Iterable[str]) -> str:
    return ", ".join(f"'{value}'" for value in sorted(values))


_DIGIT = "[0-9]"
# checked_rows' checks as SQL over the columns `intake due` reads, so its 50,000 rows are
# checked without a Python loop (stricter only in taking ASCII digits alone, as reports
# write them).
_DUE_COLUMNS = COLUMNS[: COLUMNS.index("client_id") + 1]  # not the lists' search fields
_VALID_DUE_ROW = " AND ".join(
    [
        *(f"typeof({column}) = 'text'" for column in ("name", *_DUE_COLUMNS)),
        f"name GLOB '{SESSION_PREFIX}{'[0-9a-f]' * 16}{SESSION_SUFFIX}'",
        f"session_id = substr(name, {_ID_START + 1}, 16)",
        f"status IN ({_quoted(STATUSES)})",
        f"decision IN ({_quoted(DECISIONS)})",
        f"mode IN ({_quoted(MODES)})",
        f"updated_at GLOB '{_DIGIT * 4}-{_DIGIT * 2}-{_DIGIT * 2}T"
        f"{_DIGIT * 2}:{_DIGIT * 2}:{_DIGIT * 2}*+00:00'",
        # nothing between the seconds and the zone, or a dot and one digit or more
        "(length(updated_at) = 25 OR (substr(updated_at, 20, 1) = '.'"
        " AND length(updated_at) > 26"
        " AND substr(updated_at, 21, length(updated_at) - 26) NOT GLOB '*[^0-9]*'))",
    ]
)
RECALLED_STATUSES = frozenset({"completed", "amended"})
# Each client's latest completed or amended report (``recall_key`` names the client)
# whose window opens by the day given, in the order `intake due` prints them. The
# window runs over narrow rows (rowid and sort keys); only the chosen rows are read
# whole. A bad row sorts first, so one look at the first row checks them all.
_DUE_QUERY = f"""
SELECT NOT ({_VALID_DUE_ROW}) AS bad,
    session_id, client_reference, due_from, due_to, due_series
FROM reports WHERE rowid IN (
    SELECT id FROM (
        SELECT rowid AS id, due_from, row_number() OVER (
            PARTITION BY recall_key(client_id, client_reference, session_id)
            ORDER BY updated_at DESC, session_id DESC
        ) AS newest
        FROM reports WHERE status IN ({_quoted(RECALLED_STATUSES)})
    )
    WHERE newest = 1 AND due_from != '' AND due_from <= ?
)
ORDER BY bad DESC, due_from, session_id
"""
DueRow = tuple[int, str, str, str, str, str]  # bad (0), session id, reference, from, to, series


def due_rows(
    conn: sqlite3.Connection, last_day: str, recall_key: Callable[[str, str, str], str]
) -> list[DueRow]:
    """The rows `intake due` considers (see _DUE_QUERY), checked (TamperedIndex)."""
    conn.create_function("recall_key", 3, recall_key, deterministic=True)
    rows: list[DueRow] = conn.execute(_DUE_QUERY, (last_day,)).fetchall()
    if rows and rows[0][0]:
        raise TamperedIndex("a row no report could have produced")
    return rows
