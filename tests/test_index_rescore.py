"""The report index (fast lists) and batch re-scoring against changed rules, on the fixture bank."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from intake_tui.cli.main import main
from intake_tui.core import index_db
from intake_tui.core import rescore as rescore_module
from intake_tui.core.bundle import load_bundle
from intake_tui.core.index_db import SCHEMA_VERSION, index_path
from intake_tui.core.report.build import build_report
from intake_tui.core.rescore import rescore_folder
from intake_tui.core.store import SessionStore, save_report
from tests.index_support import index_rows, index_version
from tests.support import copy_bank, fixture_answers, fixture_bundle

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def save(folder: Path, number: int, status: str = "completed", **changes: object) -> Path:
    answers = {**fixture_answers(), **changes}
    session_id = f"{number:016x}"
    report = build_report(fixture_bundle(), answers, status=status, now=NOW, session_id=session_id)  # type: ignore[arg-type]
    return save_report(folder, report)


def test_listing_builds_a_private_index_and_then_trusts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save(tmp_path, 1)
    save(tmp_path, 2, "in_progress")
    first = SessionStore(tmp_path).listing()
    index = index_path(tmp_path)
    assert index.stat().st_mode & 0o777 == 0o600
    assert len(index_rows(tmp_path)) == 2

    def must_not_read(path: Path) -> None:
        raise AssertionError(f"{path.name} was read although the index is current")

    monkeypatch.setattr("intake_tui.core.report.toml_io.read_report", must_not_read)
    again = SessionStore(tmp_path).listing()
    assert [(r.session_id, r.status, r.decision) for r in again.reports] == [
        (r.session_id, r.status, r.decision) for r in first.reports
    ]


def test_a_changed_or_removed_file_is_noticed(tmp_path: Path) -> None:
    draft = save(tmp_path, 1, "in_progress")
    SessionStore(tmp_path).listing()
    save(tmp_path, 1, "completed", age=50)  # the draft is completed: same file, new content
    other = save(tmp_path, 2)
    listing = SessionStore(tmp_path).listing()
    assert {(r.session_id, r.status) for r in listing.reports} == {
        (f"{1:016x}", "completed"),
        (f"{2:016x}", "completed"),
    }
    other.unlink()
    assert [r.path for r in SessionStore(tmp_path).listing().reports] == [draft]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda path: path.write_text("{not an index", encoding="utf-8"),
        lambda path: path.write_bytes(path.read_bytes()[:4096] + b"\xff" * 8192),  # torn pages
        lambda path: (path.unlink(), path.symlink_to("/dev/zero")),
    ],
    ids=["not-sqlite", "torn", "a-link"],
)
def test_a_corrupt_index_is_named_in_one_line_and_rebuilt(
    tmp_path: Path, spoil: Callable[[Path], object]
) -> None:
    save(tmp_path, 1)
    SessionStore(tmp_path).listing()
    spoil(index_path(tmp_path))
    listing = SessionStore(tmp_path).listing()
    assert len(listing.reports) == 1
    assert listing.index_note.endswith("rebuilt from the report files")
    assert "\n" not in listing.index_note
    assert not index_path(tmp_path).is_symlink()
    assert index_version(tmp_path) == SCHEMA_VERSION
    assert index_path(tmp_path).stat().st_mode & 0o777 == 0o600
    assert SessionStore(tmp_path).listing().index_note == ""  # once


def test_another_programs_sqlite_file_is_replaced_not_read(tmp_path: Path) -> None:
    import sqlite3

    save(tmp_path, 1)
    SessionStore(tmp_path).listing()
    index_path(tmp_path).unlink()
    with contextlib.closing(sqlite3.connect(index_path(tmp_path))) as foreign:
        foreign.execute("CREATE TABLE reports (name TEXT)")
        foreign.commit()
    listing = SessionStore(tmp_path).listing()
    assert [r.session_id for r in listing.reports] == [f"{1:016x}"]
    assert "not a usable index" in listing.index_note


def test_rescore_finds_nothing_to_change_with_the_same_rules(tmp_path: Path) -> None:
    for number, changes in enumerate(
        [{}, {"keloid": "yes"}, {"smoking": "current", "smoking_amount": "over_10"}]
    ):
        save(tmp_path, number, **changes)
    save(tmp_path, 9, "in_progress")
    (tmp_path / "intake-00000000000000ee.toml").write_text("not toml [", encoding="utf-8")
    summary = rescore_folder(fixture_bundle(), tmp_path)
    assert (summary.total, summary.compared, summary.drafts) == (5, 3, 1)
    assert summary.changed == []
    assert [o.path.name for o in summary.unreadable] == ["intake-00000000000000ee.toml"]


def changed_rules(tmp_path: Path) -> Path:
    """A protocol edit: cheeks capped at 0.5 mm instead of 1.0 mm."""
    root = copy_bank(tmp_path / "bank")
    depth = root / "protocol/depth.toml"
    text = depth.read_text(encoding="utf-8")
    cheeks = text.index('area = "cheeks"')
    depth.write_text(
        text[:cheeks] + text[cheeks:].replace("max_mm = 1.0", "max_mm = 0.5", 1), encoding="utf-8"
    )
    return root


def test_rescore_names_the_reports_and_outputs_a_protocol_edit_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    save(folder, 1, treatment_areas=["cheeks"])
    save(folder, 2, treatment_areas=["forehead"])
    bundle = load_bundle(changed_rules(tmp_path))
    summary = rescore_folder(bundle, folder)
    assert [(o.session_id, o.changed) for o in summary.changed] == [
        (f"{1:016x}", ("depth", "longevity"))
    ]
    monkeypatch.setattr(rescore_module, "PARALLEL_FROM", 1)
    parallel = rescore_folder(bundle, folder, workers=2)
    assert [(o.session_id, o.changed) for o in parallel.changed] == [
        (f"{1:016x}", ("depth", "longevity"))
    ]


def test_rescore_command_prints_a_summary_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    path = save(folder, 1, treatment_areas=["cheeks"])
    before = path.read_bytes()
    assert main(["--questions", str(changed_rules(tmp_path)), "rescore", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"1 report file(s) in {folder}: 1 compared, 0 draft(s) skipped, 0 unreadable.",
        "1 would change with the current questions and rules.",
        f"  (no client reference) · 2026-11-26 09:00 · {1:016x}",
        "    Fixture cheeks cap (Fixture fine lines): 1.0 mm → 0.25-0.5 mm",
        "    Outlook: Typical → Shorter than typical",
        "    Top-ups: every 9 months → every 8 months",
        "    Longevity factor: Fixture: 1.0 mm deep. → none",
    ]
    assert path.read_bytes() == before
    assert main(["rescore", str(tmp_path / "missing")]) == 1


def test_an_unchanged_folder_needs_no_file_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    save(tmp_path, 1)
    settled = time.time_ns() - 10_000_000_000
    os.utime(tmp_path, ns=(settled, settled))  # as if the last save was 10 s ago
    SessionStore(tmp_path).listing()
    os.utime(tmp_path, ns=(settled, settled))  # creating .index/ touched it once

    SessionStore(tmp_path).listing()

    def no_scandir(path: object) -> None:
        raise AssertionError("the folder was scanned although it had not changed")

    monkeypatch.setattr("intake_tui.core.index.os.scandir", no_scandir)
    assert [r.session_id for r in SessionStore(tmp_path).listing().reports] == [f"{1:016x}"]
    monkeypatch.undo()
    save(tmp_path, 2)  # a save renames into the folder: the next listing sees it
    assert len(SessionStore(tmp_path).listing().reports) == 2


def _settle(folder: Path) -> None:
    import time

    settled = time.time_ns() - 10_000_000_000
    os.utime(folder, ns=(settled, settled))  # as if the last save was 10 s ago


def _just_saved(folder: Path) -> None:
    import time

    ahead = time.time_ns() + 600_000_000_000
    os.utime(folder, ns=(ahead, ahead))  # "just saved" for the whole test, however slow


def test_one_store_reuses_its_listing_only_while_the_folder_is_settled_and_unchanged(
    tmp_path: Path,
) -> None:
    save(tmp_path, 1)
    _just_saved(tmp_path)
    store = SessionStore(tmp_path)
    fresh = store.listing()  # the folder changed just now: not trusted yet
    assert store.listing() is not fresh
    _settle(tmp_path)
    settled = store.listing()
    assert store.listing() is settled  # read once, then reused

    save(tmp_path, 2)
    after_save = store.listing()  # the save renamed a file into the folder
    assert {r.session_id for r in after_save.reports} == {f"{1:016x}", f"{2:016x}"}


def test_a_listing_with_unreadable_files_is_never_reused(tmp_path: Path) -> None:
    save(tmp_path, 1)
    (tmp_path / "intake-broken.toml").write_text("not = [toml", encoding="utf-8")
    _settle(tmp_path)
    store = SessionStore(tmp_path)
    first = store.listing()
    assert [path.name for path, _ in first.unreadable] == ["intake-broken.toml"]
    assert store.listing() is not first


def test_the_index_is_written_only_when_what_it_says_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[int] = []
    real_writing = index_db.writing

    def counting_writing(conn: object) -> object:
        writes.append(1)
        return real_writing(conn)  # type: ignore[arg-type]

    save(tmp_path, 1)
    SessionStore(tmp_path).listing()
    assert len(index_rows(tmp_path)) == 1
    monkeypatch.setattr(index_db, "writing", counting_writing)
    _just_saved(tmp_path)  # not yet trusted
    SessionStore(tmp_path).listing()  # the same files: the index already says all this
    assert writes == []
