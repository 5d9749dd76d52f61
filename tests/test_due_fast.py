"""`intake due` at 100,000 reports (issue 14 point 5): the index picks, checks and orders
the due rows in one query, and the command imports no pydantic; what it prints is
exactly what due_list over every report says (tests/test_index_scale.py). On the fixture bank."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bench.due_folder import AS_OF, templates, write_due_folder
from intake_tui.core import index_db
from intake_tui.core.bank.header import read_header
from intake_tui.core.index_db import TamperedIndex, index_path
from intake_tui.core.recall import find_due
from intake_tui.core.store import SessionStore
from tests.index_support import tamper
from tests.support import FIXTURE_BANK, fixture_answers, fixture_bundle
from tests.test_import_hygiene import run_and_list_modules
from tests.test_index_scale import recall_row


@pytest.mark.parametrize("as_csv", [False, True])
def test_intake_due_imports_no_pydantic(tmp_path: Path, as_csv: bool) -> None:
    """pydantic alone took a fifth of a second of the command's second (issue 14.5)."""
    made = templates(fixture_bundle(), fixture_answers(), {**fixture_answers(), "keloid": "yes"})
    write_due_folder(tmp_path, made, 30)
    # Indexed as the bench's folders are (reading changed reports is pydantic's job).
    SessionStore(tmp_path, read_header(FIXTURE_BANK).reference_question).listing()
    args = ["--questions", str(FIXTURE_BANK), "due", "--data-dir", str(tmp_path)]
    args += ["--as-of", AS_OF.isoformat(), *(["--csv"] if as_csv else [])]
    code = (
        "import contextlib, io\n"
        "from intake_tui.cli.main import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    assert main({args!r}) == 0\n"
        "assert len(out.getvalue().splitlines()) > 1\n"
    )
    loaded = run_and_list_modules(code)
    assert "intake_tui.core.recall" in loaded
    assert "pydantic" not in loaded


def with_field(position: int, value: object, name: str = f"intake-{1:016x}.toml") -> Any:
    row = recall_row(1, "2027-06-01", "A")
    if position >= 0:
        row[position] = value
    return name, row


@pytest.mark.parametrize(
    ("name", "row"),
    [
        with_field(2, f"{2:016x}"),  # a session id that is not the file's
        with_field(-1, None, name="intake-000000000000000G.toml"),
        with_field(4, "yesterday"),
        with_field(4, "2026-01-01T09:00:00.+00:00"),
        with_field(4, "2026-01-01T09:00:00+01:00"),
        with_field(6, "maybe"),
        with_field(7, "robot"),
        with_field(5, b"A"),  # a blob where text belongs
        with_field(10, b"after"),
        with_field(11, b"c1"),
    ],
)
def test_a_tampered_due_row_has_the_index_rebuilt_as_checked_rows_would(
    tmp_path: Path, name: str, row: list[Any]
) -> None:
    """The query's own check (SQL) refuses what checked_rows refuses; rebuilt from the
    files (none here), nothing is due."""
    SessionStore(tmp_path).listing()
    tamper(tmp_path, {name: row})
    conn = sqlite3.connect(index_path(tmp_path))
    with contextlib.closing(conn), pytest.raises(TamperedIndex):
        index_db.select(conn)
    assert find_due(SessionStore(tmp_path), AS_OF, 30).lines == []


@pytest.mark.parametrize(
    "row", [with_field(-1, None)[1], with_field(4, "2026-01-01T09:00:00.123456+00:00")[1]]
)
def test_a_sound_due_row_is_listed_from_the_index(tmp_path: Path, row: list[Any]) -> None:
    SessionStore(tmp_path).listing()
    tamper(tmp_path, {f"intake-{1:016x}.toml": row})
    [line] = find_due(SessionStore(tmp_path), AS_OF, 30).lines
    assert (line.state, line.session_id, line.client_reference) == ("overdue", f"{1:016x}", "A")
