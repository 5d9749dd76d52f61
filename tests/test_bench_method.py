"""How the bench measures (issue 18): paired ratios with their spread, floors doing the
same work as ours, data folders in the states a clinic meets, first use typed as a
person types. No time is asserted: only what is measured, and against what."""

from __future__ import annotations

import os
import statistics
import sys
import tomllib
from pathlib import Path

import pytest

from bench.__main__ import (
    REPORT_ANSWERS,
    Figure,
    against_floor,
    against_limit,
    cache_for,
    report_commands,
    rescore_pool_size,
)
from bench.folders import linked_copy, make_stale, store_of, warm_index
from bench.paired import Paired, alternate_all
from bench.save_child import session
from bench.terminal import seconds_to_screens
from intake_tui.core.index import index_path
from intake_tui.core.report.build import questionnaire_ref
from intake_tui.core.store import save_report
from tests.support import bundled


def test_runs_alternate_which_program_goes_first() -> None:
    calls: list[str] = []

    def measure(name: str) -> float:
        calls.append(name)
        return 1.0

    alternate_all([lambda: measure("ours"), lambda: measure("floor")], 4)
    assert calls == ["ours", "floor", "floor", "ours", "ours", "floor", "floor", "ours"]


def test_a_figure_is_the_median_of_paired_ratios_not_a_ratio_of_medians() -> None:
    runs = Paired(ours=[1.0, 10.0, 3.0], floor=[1.0, 2.0, 6.0])  # ratios 1, 5, 0.5
    figure = against_floor("x", runs, "s", limit=1.2)
    assert figure.ratio == 1.0  # the ratio of the medians would be 1.5
    assert figure.as_json()["spread"] == [0.5, 5.0]
    assert figure.runs == 3 and figure.met is True


def test_a_row_without_a_target_is_measured_not_met_or_missed() -> None:
    figure = against_floor("x", Paired([2.0], [1.0]), "s", limit=None)
    assert figure.met is None and figure.target == "measured"


def test_an_absolute_limit_is_met_by_the_median_run() -> None:
    figure = against_limit("p95", [0.020, 0.030, 0.024], 0.025, "s", moonshot=0.016)
    assert figure.met is True and figure.floor == 0.025
    assert (figure.target, figure.moonshot) == ("<= 25 ms", "<= 16 ms")
    missed = Figure("due", 0.5, 1.0, "s", [0.5], 1.0, "<= 1 s", holds=False)
    assert missed.met is False  # fast, but it listed the wrong clients


def test_each_checkout_has_its_own_data_sets(tmp_path: Path) -> None:
    assert cache_for(tmp_path / "one") != cache_for(tmp_path / "two")
    assert cache_for(tmp_path / "one") == cache_for(tmp_path / "one")


def test_the_report_floor_reads_the_same_answers_file_as_ours(tmp_path: Path) -> None:
    ours, floor = report_commands(tmp_path)
    assert str(REPORT_ANSWERS) in ours and str(REPORT_ANSWERS) in floor
    assert REPORT_ANSWERS.name.endswith(".answers.toml")
    assert "recommendation" not in tomllib.loads(REPORT_ANSWERS.read_text(encoding="utf-8"))


def test_the_rescore_floor_uses_as_many_processes_as_rescore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intake_tui.core import rescore

    pools: list[int] = []

    class Recorded(Exception):
        pass

    def recording_pool(size: int, **_: object) -> None:
        pools.append(size)
        raise Recorded

    for count in (rescore.PARALLEL_FROM - 1, rescore.PARALLEL_FROM, 10_000):
        names = [f"intake-{number:016x}.toml" for number in range(count)]
        monkeypatch.setattr(rescore, "session_names", lambda _folder, n=names: n)
        monkeypatch.setattr(rescore, "rescore_file", lambda _bundle, _path: Recorded())
        monkeypatch.setattr(rescore, "_collect", lambda *_: None)
        monkeypatch.setattr(rescore, "ProcessPoolExecutor", recording_pool)
        used = 1
        try:
            rescore.rescore_folder(bundled(), tmp_path)
        except Recorded:
            used = pools[-1]
        assert rescore_pool_size(count) == used


def _saved_folder(folder: Path, count: int) -> Path:
    ref = questionnaire_ref(bundled())
    for number in range(count):
        save_report(folder, session(ref, f"{number:016x}", number, "completed"))
    return folder


def _index_written_at(folder: Path) -> int:
    return index_path(folder).stat().st_mtime_ns


def test_a_warm_index_is_used_as_is_and_a_stale_one_checked_again(tmp_path: Path) -> None:
    folder = _saved_folder(tmp_path / "sessions", 3)
    warm_index(folder)
    written = _index_written_at(folder)
    listed = store_of(folder).listing()
    assert len(listed.finished) == 3
    assert _index_written_at(folder) == written  # warm: nothing to check, nothing written
    make_stale(folder)
    store_of(folder).listing()
    assert _index_written_at(folder) != written  # stale: every file checked, index rewritten


def test_a_linked_copy_takes_saves_without_changing_the_data_set(tmp_path: Path) -> None:
    source = _saved_folder(tmp_path / "sessions", 2)
    warm_index(source)
    copy = linked_copy(source, tmp_path / "copy" / "sessions")
    assert index_path(copy).is_file()
    save_report(copy, session(questionnaire_ref(bundled()), "f" * 16, 9, "completed"))
    assert len(list(source.glob("intake-*.toml"))) == 2
    assert len(list(copy.glob("intake-*.toml"))) == 3


READS_ONE_KEY = """
import sys, tty
tty.setraw(0)
print("ready", flush=True)
key = sys.stdin.read(1)
print("got " + key, flush=True)
sys.stdin.read()
"""


def test_first_use_types_the_key_when_the_screen_shows_and_waits_for_the_next(
    tmp_path: Path,
) -> None:
    seconds = seconds_to_screens(
        [sys.executable, "-c", READS_ONE_KEY],
        [(b"ready", b"n")],
        b"got n",
        extra_env={"HOME": str(tmp_path), "PATH": os.environ.get("PATH", "")},
    )
    assert seconds > 0


def test_paired_ratios_are_ours_over_the_floor_run_by_run() -> None:
    runs = Paired([2.0, 3.0], [1.0, 2.0])
    assert runs.ratios == [2.0, 1.5]
    assert statistics.median(runs.ratios) == 1.75
