"""The bench's data sets: per checkout, and clones that are valid reports whose derived
index rows are exactly what reading the files gives (issue 18, point 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import datasets
from intake_tui.core.bank.header import read_header
from intake_tui.core.report.toml_io import read_report
from intake_tui.core.resources import bundled_questions_dir
from intake_tui.core.store import SessionStore, session_id_of


def test_clones_are_valid_reports_and_their_derived_index_is_what_the_files_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(datasets, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(datasets, "GENERATED", 4)  # 4 generated, 6 more cloned
    folder = datasets.reports_folder(10)
    files = sorted(folder.glob("intake-*.toml"))
    assert len(files) == 10
    assert all(read_report(path).session_id == session_id_of(path) for path in files)
    reference = read_header(bundled_questions_dir()).reference_question
    derived = SessionStore(folder, reference).listing()
    assert derived.index_note == "" and derived.unreadable == []
    for name in ("index.sqlite3",):
        (folder / ".index" / name).unlink()
    read = SessionStore(folder, reference).listing()
    assert sorted(derived.reports) == sorted(read.reports)
    assert len({r.updated_at for r in read.reports}) > 4  # clones are saved earlier


def test_a_large_due_folders_derived_index_is_what_the_files_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(datasets, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(datasets, "GENERATED", 10)  # derived above this size
    folder, expected = datasets.due_folder(40)
    reference = read_header(bundled_questions_dir()).reference_question
    derived = SessionStore(folder, reference).listing()
    assert derived.unreadable == [] and len(derived.reports) == 40
    (folder / ".index" / "index.sqlite3").unlink()
    read = SessionStore(folder, reference).listing()
    assert sorted(derived.reports) == sorted(read.reports)
    assert expected  # some are due
