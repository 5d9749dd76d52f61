"""The index at clinic scale (issue 14.5, issue 18): the app's saves update it row by row,
other programs' files are still found, and the first frame never waits for the listing.

Fixture bank only; waits end on conditions.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from intake_tui.app.screens.reports import ReportsScreen, SearchTable
from intake_tui.app.screens.welcome import WelcomeScreen
from intake_tui.core import index as index_module
from intake_tui.core.index_db import INDEX_DIR, index_path
from intake_tui.core.report.build import build_report
from intake_tui.core.store import SessionStore, save_report
from tests.index_support import index_rows
from tests.support import fixture_answers, fixture_bundle
from tests.test_folder_safety import fixture_app
from tests.waiting import HANG_GUARD_SECONDS, wait_until

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def report(number: int, status: str = "completed", minutes: int = 0):  # type: ignore[no-untyped-def]
    return build_report(
        fixture_bundle(),
        fixture_answers(),
        status=status,  # type: ignore[arg-type]
        now=NOW + timedelta(minutes=minutes),
        session_id=f"{number:016x}",
    )


def settle(folder: Path) -> None:
    settled = time.time_ns() - 10_000_000_000
    os.utime(folder, ns=(settled, settled))  # as if the last save was 10 s ago


def vouched_index(folder: Path, count: int) -> None:
    """``count`` reports, indexed, the index vouching for the settled folder."""
    for number in range(1, count + 1):
        save_report(folder, report(number))
    settle(folder)
    SessionStore(folder).listing()
    settle(folder)  # creating .index/ touched the folder once
    SessionStore(folder).listing()


def no_report_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_read(path: Path) -> None:
        raise AssertionError(f"{path.name} was read although the app saved it itself")

    monkeypatch.setattr("intake_tui.core.report.toml_io.read_report", must_not_read)


# --- 2. the app's own saves: one row, no re-read -------------------------------------------
def test_a_save_by_the_app_updates_its_row_so_the_next_listing_reads_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vouched_index(tmp_path, 3)
    store = SessionStore(tmp_path)
    path = store.save(report(9, "in_progress", minutes=5))
    assert path.name in index_rows(tmp_path)
    no_report_read(monkeypatch)
    listing = SessionStore(tmp_path).listing()  # another terminal, or the next start
    assert [r.session_id for r in listing.drafts] == [f"{9:016x}"]
    assert len(listing.reports) == 4


def test_a_draft_saved_again_keeps_one_row_with_its_new_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vouched_index(tmp_path, 1)
    store = SessionStore(tmp_path)
    store.save(report(9, "in_progress"))
    store.save(report(9, "completed", minutes=1))
    no_report_read(monkeypatch)
    statuses = {r.session_id: r.status for r in SessionStore(tmp_path).listing().reports}
    assert statuses == {f"{1:016x}": "completed", f"{9:016x}": "completed"}


def test_a_file_another_program_copies_in_is_found_even_in_the_same_tick(
    tmp_path: Path,
) -> None:
    """The index vouches for the folder's time after the app's save; a file another
    program put there within the same clock tick is found by the count."""
    vouched_index(tmp_path, 2)
    SessionStore(tmp_path).save(report(9))
    vouched = tmp_path.stat().st_mtime_ns
    save_report(tmp_path, report(10))  # not through the store: another program
    os.utime(tmp_path, ns=(vouched, vouched))  # the same tick as the app's save
    listed = {r.session_id for r in SessionStore(tmp_path).listing().reports}
    assert f"{10:016x}" in listed


def test_a_file_another_program_rewrote_is_read_again(tmp_path: Path) -> None:
    vouched_index(tmp_path, 2)
    SessionStore(tmp_path).save(report(9))
    save_report(tmp_path, report(1, "amended", minutes=3))  # rewritten elsewhere
    statuses = {r.session_id: r.status for r in SessionStore(tmp_path).listing().reports}
    assert statuses[f"{1:016x}"] == "amended"


def test_the_index_is_private_and_uses_a_rollback_journal(tmp_path: Path) -> None:
    import sqlite3

    vouched_index(tmp_path, 1)
    SessionStore(tmp_path).save(report(9))
    assert (tmp_path / INDEX_DIR).stat().st_mode & 0o777 == 0o700
    assert index_path(tmp_path).stat().st_mode & 0o777 == 0o600
    with sqlite3.connect(index_path(tmp_path)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # never WAL
    assert sorted(p.name for p in (tmp_path / INDEX_DIR).iterdir()) == [index_path(tmp_path).name]


def test_the_drafts_query_lists_only_drafts_newest_first(tmp_path: Path) -> None:
    for number, minutes in [(1, 0), (2, 30), (3, 10)]:
        save_report(tmp_path, report(number, "in_progress", minutes))
    save_report(tmp_path, report(4, "completed", 60))
    drafts = SessionStore(tmp_path).drafts()
    assert [r.session_id for r in drafts.reports] == [f"{n:016x}" for n in (2, 3, 1)]


# --- 3. start-up: the first frame before the listing ---------------------------------------
def hold_the_folder_scan(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The listing's scan of the data folder waits until the test sets the event (a
    folder of 100,000 reports on a slow disk, on a machine of any speed)."""
    release = threading.Event()
    real_names = index_module.session_names

    def held(folder: Path) -> list[str]:
        release.wait(HANG_GUARD_SECONDS)
        return real_names(folder)

    monkeypatch.setattr(index_module, "session_names", held)
    return release


@contextlib.asynccontextmanager
async def app_with_the_scan_held(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Pilot[None], threading.Event]]:
    """The app on ``folder``, started while the folder scan waits for the event."""
    release = hold_the_folder_scan(monkeypatch)
    app = fixture_app(tmp_path, data_dir=folder)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            yield pilot, release
    finally:
        release.set()


async def list_opened(pilot: Pilot[None]) -> ReportsScreen:
    await pilot.press("b")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReportsScreen), "the list")
    screen = pilot.app.screen
    assert isinstance(screen, ReportsScreen)
    return screen


async def test_the_welcome_screen_paints_before_the_listing_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sessions"
    save_report(folder, report(1, "in_progress"))
    async with app_with_the_scan_held(tmp_path, folder, monkeypatch) as (pilot, release):
        screen = pilot.app.screen
        assert isinstance(screen, WelcomeScreen)  # painted while the scan waits
        drafts = screen.query_one("#drafts", OptionList)
        assert "Reading the data folder" in str(drafts.get_option_at_index(0).prompt)
        release.set()
        await wait_until(pilot, lambda: screen.drafts_shown, "the drafts, once read")
        assert drafts.option_count == 1
        assert drafts.get_option_at_index(0).id == str(folder / "intake-0000000000000001.toml")


async def test_a_broken_index_is_named_in_one_line_after_the_first_paint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sessions"
    save_report(folder, report(1, "in_progress"))
    SessionStore(folder).listing()
    index_path(folder).write_bytes(b"not an index at all")
    async with app_with_the_scan_held(tmp_path, folder, monkeypatch) as (pilot, release):
        screen = pilot.app.screen
        assert isinstance(screen, WelcomeScreen) and not screen.drafts_shown
        release.set()
        await wait_until(pilot, lambda: screen.drafts_shown, "the drafts, once read")
        notice = str(screen.query_one("#unreadable", Static).render())
        assert notice.endswith("rebuilt from the report files") and "\n" not in notice
        assert screen.query_one("#drafts", OptionList).option_count == 1


async def test_a_drafts_read_that_fails_is_named_not_left_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unexpected error in the reading thread: one sentence on the welcome screen,
    not "Reading the data folder…" for good (and no traceback)."""
    folder = tmp_path / "sessions"
    save_report(folder, report(1, "in_progress"))

    def broken(self: SessionStore) -> None:
        raise RuntimeError("answers must not appear: 42")

    monkeypatch.setattr(SessionStore, "drafts", broken)
    app = fixture_app(tmp_path, data_dir=folder)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, WelcomeScreen)
        await wait_until(pilot, lambda: screen.drafts_shown, "the failed read, shown")
        notice = str(screen.query_one("#unreadable", Static).render())
        assert notice.startswith("The data folder could not be read (RuntimeError)")
        assert "42" not in notice
        assert pilot.app._exception is None


async def test_the_list_opens_with_the_indexed_page_then_every_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest page comes from the index at once; a report another program saved
    meanwhile appears when the listing (in a thread) has checked the files."""
    folder = tmp_path / "sessions"
    vouched_index(folder, 3)
    save_report(folder, report(7, minutes=9))  # another program, after the index
    async with app_with_the_scan_held(tmp_path, folder, monkeypatch) as (pilot, release):
        screen = await list_opened(pilot)
        assert not screen.loaded
        rows = screen.query_one("#reports", OptionList)
        assert rows.option_count == 3
        assert "reading them all" in str(screen.query_one("#reports-status", Static).render())
        release.set()
        await wait_until(pilot, lambda: screen.loaded, "every report")
        assert rows.option_count == 4
        assert rows.get_option_at_index(0).id == str(folder / "intake-0000000000000007.toml")


async def test_typing_before_every_report_is_read_filters_when_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sessions"
    vouched_index(folder, 2)
    save_report(folder, report(7, "amended", minutes=9))
    async with app_with_the_scan_held(tmp_path, folder, monkeypatch) as (pilot, release):
        screen = await list_opened(pilot)
        await pilot.press(*"status:amended")
        release.set()
        await wait_until(pilot, lambda: screen.loaded, "every report")
        rows = screen.query_one("#reports", OptionList)
        assert [rows.get_option_at_index(i).id for i in range(rows.option_count)] == [
            str(folder / "intake-0000000000000007.toml")
        ]


async def test_a_listing_read_that_ends_after_the_list_was_closed_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """b then Esc before the reading thread is done: its result may come back to a
    screen whose widgets are gone (a crash with NoMatches once, in CI's key-burst
    test). The thread's timing is not the test's to choose, so the result is handed
    over directly, in the turn when the widgets are gone but the screen is attached."""
    folder = tmp_path / "sessions"
    vouched_index(folder, 2)
    async with app_with_the_scan_held(tmp_path, folder, monkeypatch) as (pilot, release):
        screen = await list_opened(pilot)
        release.set()
        listing = pilot.app.store.listing()
        pilot.app.pop_screen()  # what Esc does, without waiting for it to finish
        # Each turn of the event loop, until Textual has removed the widgets: the
        # moment a thread's result once arrived, the popped screen still attached.
        for _turn in range(10_000):
            if not screen.query("#reports-status"):
                break
            await asyncio.sleep(0)
        assert screen.is_attached and not screen.query("#reports-status")
        screen._listing_read(listing, listing.finished, SearchTable([]), screen.sort)
        assert isinstance(pilot.app.screen, WelcomeScreen) and not screen.loaded


# --- 4. clients through the index ----------------------------------------------------------
CLIENT_NAMES = ("reference",)


def clients(folder: Path, count: int) -> list[str]:
    from intake_tui.core.clients import ClientBook

    book = ClientBook(folder)
    return [
        book.create({"reference": f"Client {n}"}, names=CLIENT_NAMES, at=NOW).client_id
        for n in range(count)
    ]


def test_the_clients_are_read_from_the_index_not_from_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intake_tui.core import clients as clients_module
    from intake_tui.core.clients import ClientBook

    made = clients(tmp_path, 3)
    first = ClientBook(tmp_path).listing()

    def must_not_read(path: Path) -> None:
        raise AssertionError(f"{path.name} was read although the index holds it")

    monkeypatch.setattr(clients_module, "read_client", must_not_read)
    again = ClientBook(tmp_path).listing()
    assert sorted(c.client_id for c in again.clients) == sorted(made)
    assert again.clients == first.clients


def test_a_client_file_changed_elsewhere_or_a_tampered_row_is_read_from_the_file(
    tmp_path: Path,
) -> None:
    import sqlite3

    from intake_tui.core.clients import ClientBook

    [client_id] = clients(tmp_path, 1)
    book = ClientBook(tmp_path)
    book.listing()
    book.attach(client_id, "00000000000000aa", at=NOW)  # the file changes
    assert book.listing().clients[0].session_ids == ("00000000000000aa",)
    with sqlite3.connect(index_path(tmp_path)) as conn:
        conn.execute("UPDATE clients SET record = json_set(record, '$.client_id', 'x\x1b]0;')")
    assert [c.client_id for c in book.listing().clients] == [client_id]


def test_an_erased_client_leaves_no_row(tmp_path: Path) -> None:
    from intake_tui.core.clients import ClientBook

    gone, kept = clients(tmp_path, 2)
    book = ClientBook(tmp_path)
    book.listing()
    book.remove(gone)
    assert gone.encode() not in index_path(tmp_path).read_bytes()
    assert [c.client_id for c in book.listing().clients] == [kept]


def test_a_clients_history_is_a_query_not_the_whole_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intake_tui.core.clients import ClientBook

    [client_id] = clients(tmp_path, 1)
    book, store = ClientBook(tmp_path), SessionStore(tmp_path)
    for number in (1, 2, 3):
        store.save(report(number, minutes=number))
    for number in (1, 3):
        book.attach(client_id, f"{number:016x}", at=NOW)

    def no_listing(self: SessionStore) -> None:
        raise AssertionError("a client's page read every report")

    monkeypatch.setattr(SessionStore, "listing", no_listing)
    assert [s.session_id for s in book.history(client_id, store)] == [
        f"{3:016x}",
        f"{1:016x}",
    ]


# --- intake due: the index picks the candidates ---------------------------------------------
def recall_row(number: int, opens: str, reference: str, **fields: object) -> list[object]:
    """An index row (stamp and summary) with a due window opening on ``opens``."""
    minute = int(str(fields.get("minute", 0)))
    closes = opens if not opens[:1].isdigit() else opens[:8] + "28"
    return [
        0, 0, f"{number:016x}", fields.get("status", "completed"),
        f"2026-01-01T09:{minute:02d}:00+00:00", reference, "go_ahead" if opens else "not_now",
        "front_desk", opens, closes if opens else "", "after a series" if opens else "",
        fields.get("client_id", ""), "", "", "", "", "",
    ]  # fmt: skip


RECALL_CASES = [
    [recall_row(1, "2027-06-01", "A")],
    [recall_row(1, "2027-07-01", "A"), recall_row(2, "2027-07-02", "B")],
    [recall_row(1, "2027-01-01", "K. Mensah"), recall_row(2, "", "k.  mensah", minute=5)],
    [recall_row(1, "2027-01-01", "A"), recall_row(2, "2027-06-20", "a", minute=5)],
    [recall_row(1, "2027-01-01", ""), recall_row(2, "", "", minute=5)],
    [
        recall_row(1, "2027-01-01", "#1042", client_id="c1"),
        recall_row(2, "", "Ms K", client_id="c1", minute=5),
    ],
    [recall_row(1, "2027-01-01", "A"), recall_row(2, "", "A", status="in_progress", minute=5)],
    [recall_row(1, "2027-01-01", "A", status="amended"), recall_row(2, "soon", "B")],
    [recall_row(1, "2027-01-01", "K.\x1b]0;x\x07"), recall_row(2, "", "k.\x1b]0;X\x07", minute=5)],
]


@pytest.mark.parametrize("rows", RECALL_CASES)
def test_the_index_picks_the_same_due_clients_as_every_report_would(
    tmp_path: Path, rows: list[list[object]]
) -> None:
    from intake_tui.core.recall import DueLine, due_list, find_due
    from tests.index_support import tamper

    as_of = datetime(2027, 6, 1).date()
    store = SessionStore(tmp_path)
    store.listing()  # an empty folder's index
    tamper(tmp_path, {f"intake-{row[2]}.toml": row for row in rows})
    listed = SessionStore(tmp_path).listing().reports
    assert len(listed) == len(rows)
    every = [
        DueLine(d.state, d.from_date, d.to_date, d.report.session_id, d.report.client_reference,
                d.reason)
        for d in due_list(listed, as_of, 30)
    ]  # fmt: skip
    assert find_due(SessionStore(tmp_path), as_of, 30).lines == every


def test_text_kept_as_it_is_is_exactly_what_printable_keeps() -> None:
    """store.shown_text's fast path: str.isprintable() holds only for text printable() keeps."""
    import sys

    from intake_tui.core.safe_text import printable
    from intake_tui.core.store import shown_text

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isprintable():
            assert printable(char, keep_newlines=False) == char, hex(code)
    assert shown_text("K.\x1b]0;x\x07 \u202e\n") == printable(
        "K.\x1b]0;x\x07 \u202e\n", keep_newlines=False
    )
