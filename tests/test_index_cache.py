"""The index is a cache and acts like one: validated, rebuilt when bad, never waited on.

Issue 17, point 3 (and the folder scan of point 4). Fixture bank only.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList, Static

from intake_tui.app.screens.welcome import WelcomeScreen
from intake_tui.core import index as index_module
from intake_tui.core import index_db
from intake_tui.core.index_db import index_path
from intake_tui.core.report.build import build_report
from intake_tui.core.store import SessionStore, save_report, session_file_name
from tests.index_support import index_rows, tamper
from tests.support import fixture_answers, fixture_bundle
from tests.test_folder_safety import fixture_app
from tests.waiting import wait_until

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def save(folder: Path, number: int, status: str = "completed") -> Path:
    report = build_report(
        fixture_bundle(),
        fixture_answers(),
        status=status,  # type: ignore[arg-type]
        now=NOW,
        session_id=f"{number:016x}",
    )
    return save_report(folder, report)


def listed_names(folder: Path) -> list[str]:
    return sorted(r.file_name for r in SessionStore(folder).listing().reports)


def real_entry(folder: Path) -> list[Any]:
    return next(iter(index_rows(folder).values()))


@pytest.mark.parametrize("name", ["../outside/x.toml", "/etc/passwd", "intake-nothex.toml"])
def test_an_index_row_naming_a_file_outside_the_folder_is_never_listed(
    tmp_path: Path, name: str
) -> None:
    folder = tmp_path / "sessions"
    save(folder, 1)
    SessionStore(folder).listing()
    tamper(folder, {name: real_entry(folder)})
    assert listed_names(folder) == [session_file_name(f"{1:016x}")]
    assert name not in index_rows(folder)  # the bad index was rebuilt from the files


@pytest.mark.parametrize(
    "bad",
    [
        lambda row: [*row[:4], 5, *row[5:]],  # updated_at a number: sorting crashed
        lambda row: [*row[:3], 1.5, *row[4:]],  # a status that is a number
        lambda row: [*row[:6], b"go_ahead", *row[7:]],  # bytes, not text
        lambda row: [row[0], "big", *row[2:]],  # a size that is not one
    ],
)
def test_an_index_row_with_a_wrong_type_is_rebuilt_not_a_crash(
    tmp_path: Path, bad: Callable[[list[Any]], list[Any]]
) -> None:
    folder = tmp_path / "sessions"
    save(folder, 1)
    SessionStore(folder).listing()
    tamper(folder, {session_file_name(f"{2:016x}"): bad(real_entry(folder))})
    assert listed_names(folder) == [session_file_name(f"{1:016x}")]


HOSTILE = "x\x1b]0;pwned\x07"


@pytest.mark.parametrize(
    ("field", "value"),
    [(2, HOSTILE), (3, HOSTILE), (4, HOSTILE), (6, HOSTILE), (7, HOSTILE), (2, "0" * 16)],
    ids=["session-id", "status", "updated-at", "decision", "mode", "another-id"],
)
def test_an_index_row_with_a_value_no_report_can_hold_is_rebuilt(
    tmp_path: Path, field: int, value: str
) -> None:
    """A hand-edited index cannot put an escape sequence (or another session's id) into
    a list or `intake due`: coded fields are checked against what a report may hold."""
    folder = tmp_path / "sessions"
    save(folder, 1)
    before = SessionStore(folder).listing().reports
    entry = real_entry(folder)
    entry[field] = value
    tamper(folder, {session_file_name(f"{1:016x}"): entry})
    assert SessionStore(folder).listing().reports == before


@contextlib.contextmanager
def lock_held_elsewhere(folder: Path) -> Iterator[None]:
    """Hold the index as another process writing it would (a long write, a suspended
    terminal): a listing waits at most index_db.BUSY_SECONDS, then reads the files."""
    holder = sqlite3.connect(index_path(folder), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        holder.close()


def test_a_held_index_lists_from_the_files_says_so_and_leaves_the_index(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "sessions"
    save(folder, 1)
    SessionStore(folder).listing()
    before = index_path(folder).read_bytes()
    save(folder, 2, "in_progress")  # the folder changed: the index must be updated
    with lock_held_elsewhere(folder):
        listing = SessionStore(folder).listing()
    assert sorted(r.session_id for r in listing.reports) == [f"{1:016x}", f"{2:016x}"]
    assert listing.index_note.endswith("in use by another program; read the report files")
    assert index_path(folder).read_bytes() == before  # not written while held


def test_a_deletion_with_the_index_held_drops_the_index_not_waits(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    path = save(folder, 1)
    SessionStore(folder).listing()
    with lock_held_elsewhere(folder):
        SessionStore(folder).delete(path, at=NOW)
    assert not index_path(folder).exists()  # a cache: the deleted row's reference is gone


def test_an_index_replaced_again_while_it_is_rebuilt_lists_from_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two readers find the index spoiled and both replace it: the file one of them
    opened is gone, and SQLite calls it read-only (a warning from a stress run's
    welcome thread). The listing is still whole, from an index held in memory."""
    folder = tmp_path / "sessions"
    save(folder, 1)
    save(folder, 2, "in_progress")
    real_sync = index_module._sync
    failures = iter(["attempt to write a readonly database"] * 2)

    def replaced_under_us(conn: sqlite3.Connection, *args: Any) -> Any:
        failure = next(failures, None)
        if failure is not None:
            raise sqlite3.OperationalError(failure)
        return real_sync(conn, *args)

    monkeypatch.setattr(index_module, "_sync", replaced_under_us)
    listing = SessionStore(folder).listing()
    assert sorted(r.session_id for r in listing.reports) == [f"{1:016x}", f"{2:016x}"]
    assert listing.index_note.endswith("rebuilt from the report files")


def guard_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail (rather than hang or fill memory) if the scan reads anything but a regular file."""
    real_summary_row = index_module.summary_row

    def regular_only(path: Path, reference_question: str | None) -> list[Any]:
        mode = os.lstat(path).st_mode
        assert stat.S_ISREG(mode), f"{path.name} was read though it is not a regular file"
        return real_summary_row(path, reference_question)

    monkeypatch.setattr(index_module, "summary_row", regular_only)


def test_a_pipe_or_a_link_to_a_device_in_the_folder_is_named_and_the_rest_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sessions"
    save(folder, 1)
    pipe = folder / session_file_name(f"{2:016x}")
    os.mkfifo(pipe)
    zero = folder / session_file_name(f"{3:016x}")
    zero.symlink_to("/dev/zero")
    guard_reads(monkeypatch)
    listing = SessionStore(folder).listing()
    assert [r.session_id for r in listing.reports] == [f"{1:016x}"]
    assert {path for path, _ in listing.unreadable} == {pipe, zero}
    assert all("not a regular file" in why for _, why in listing.unreadable)


def test_files_deleted_during_the_scan_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sessions"
    save(folder, 1)
    doomed = save(folder, 2)
    real_scandir = os.scandir

    def scandir_then_delete(path: Any) -> contextlib.nullcontext[list[os.DirEntry[str]]]:
        with real_scandir(path) as entries:
            seen = list(entries)
        doomed.unlink(missing_ok=True)  # a deleter in another terminal, just after the read
        return contextlib.nullcontext(seen)

    monkeypatch.setattr(os, "scandir", scandir_then_delete)
    listing = SessionStore(folder).listing()
    assert [r.session_id for r in listing.reports] == [f"{1:016x}"]
    assert listing.unreadable == []


def test_a_data_folder_that_is_a_file_is_one_sentence(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "sessions"
    not_a_folder.write_text("", encoding="utf-8")
    listing = SessionStore(not_a_folder).listing()
    assert listing.reports == []
    assert listing.folder_problem == f"{not_a_folder}: the data folder is not a folder"


def test_a_folder_that_becomes_unreadable_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sessions"
    save(folder, 1)
    store = SessionStore(folder)
    assert len(store.listing().reports) == 1
    save(folder, 2)  # changed, so the next listing reads the folder again

    def refused(path: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "scandir", refused)  # root may read anything: simulate chmod 000
    problem = store.listing().folder_problem
    assert problem == f"{folder}: the data folder cannot be read (Permission denied)"


# --- the app: the welcome screen never waits, and names a folder it cannot list ------------
async def test_the_app_starts_with_the_index_held_and_lists_the_drafts(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    save(folder, 1, "in_progress")
    SessionStore(folder).listing()
    with lock_held_elsewhere(folder):
        app = fixture_app(tmp_path, data_dir=folder)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen)
            screen = app.screen
            await wait_until(pilot, lambda: screen.drafts_shown, "the drafts")
            assert screen.query_one("#drafts", OptionList).option_count == 1


async def test_the_app_names_a_data_folder_that_is_a_file(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "sessions"
    not_a_folder.write_text("", encoding="utf-8")
    app = fixture_app(tmp_path, data_dir=not_a_folder)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        screen = app.screen
        await wait_until(pilot, lambda: screen.drafts_shown, "the drafts")
        notice = str(screen.query_one("#unreadable", Static).render())
        assert notice == f"{not_a_folder}: the data folder is not a folder"


def test_the_index_checks_coded_fields_against_the_models_own_values() -> None:
    """The index keeps its own copies (it must not import pydantic at start-up): they
    must be the models' values, or a valid index would be rebuilt for ever."""
    from typing import get_args

    from intake_tui.core.modes import Mode
    from intake_tui.core.recommend.models import Decision
    from intake_tui.core.report.models import Status

    assert set(get_args(Status)) == index_db.STATUSES
    assert {"", *get_args(Decision)} == index_db.DECISIONS
    assert set(get_args(Mode)) == index_db.MODES
