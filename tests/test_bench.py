"""The benchmark keeps working (smoke mode: every figure once, small data). Times are never asserted:
speed is checked by `python -m bench`, not by tests that could flake on a busy machine."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIGURES = {
    "start-up, no reports (pty 120x40)",
    "start-up, 100 reports, warm index",
    "start-up, 100 reports, stale index",
    "start-up, 150 reports, warm index",
    "start-up, 150 reports, stale index",
    "first paint -> first question after n (pty)",
    "answer -> next question, median",
    "answer -> next question, p95 (of each walk)",
    "peak RSS after a walk, 0 reports",
    "peak RSS after a walk, 100 reports",
    "peak RSS after a walk, 150 reports",
    "intake report (whole process)",
    "intake rescore (100 reports), CPU",
    "CSV export (100 reports)",
    "intake due (100 reports)",
    "saved-reports list, 100 vs 10, warm index",
    "saved-reports list, 100 vs 10, stale index",
    "filter key -> list updated (100), median",
    "intake due (150 reports)",
    "saved-reports list, 150 vs 10, warm index",
    "saved-reports list, 150 vs 10, stale index",
    "filter key -> list updated (150), median",
}


def test_smoke_benchmark_measures_every_figure_against_its_floor(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        # The bench caches generated reports (in the temp folder and the checkout's
        # .bench-cache): keep them in ours.
        env={**os.environ, "TMPDIR": str(tmp_path), "INTAKE_BENCH_CACHE": str(tmp_path / "sets")},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    measured = json.loads(result.stdout)
    figures = measured["figures"]
    assert {f["name"] for f in figures} == FIGURES
    for figure in figures:
        assert figure["ours"] > 0 and figure["floor"] > 0, figure
        # The median of the runs' paired ratios, with their spread and count.
        assert figure["runs"] == len(figure["ratios"]) >= 1
        assert figure["ratio"] == statistics.median(figure["ratios"])
        assert figure["spread"] == [min(figure["ratios"]), max(figure["ratios"])]
        assert figure["met"] is None if figure["limit"] is None else isinstance(figure["met"], bool)
    references = measured["references"]
    assert {r["explains"] for r in references} == {
        "start-up",
        "first question",
        "answer -> next question",
        "peak RSS",
        "headless report",
    }
    for reference in references:
        assert reference["value"] > 0 and reference["floor"] > 0, reference


def test_writing_results_replaces_the_figures_and_keeps_the_analysis(tmp_path: Path) -> None:
    from bench.__main__ import ANALYSIS_HEADING, write_results

    results = tmp_path / "RESULTS.md"
    write_results(results, "# Benchmark results\n\nold figures\n")
    assert results.read_text() == "# Benchmark results\n\nold figures\n"
    results.write_text(results.read_text() + f"\n{ANALYSIS_HEADING}\n\nWhy.\n")
    write_results(results, "# Benchmark results\n\nnew figures\n")
    assert results.read_text() == (
        f"# Benchmark results\n\nnew figures\n\n{ANALYSIS_HEADING}\n\nWhy.\n"
    )
