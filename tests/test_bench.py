"""The benchmark keeps working (quick mode, small data). Times are never asserted:
speed is checked by `python -m bench`, not by tests that could flake on a busy machine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIGURES = {
    "start-up (pty 120x40)",
    "answer -> next question, median",
    "answer -> next question, p95",
    "batch re-score (100 reports)",
    "saved-reports list, 100 vs 10",
    "filter key -> list updated (100)",
    "peak RSS after a full walk",
    "headless report (whole process)",
}


def test_quick_benchmark_measures_every_figure_against_its_floor() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout)
    assert {f["name"] for f in figures} == FIGURES
    for figure in figures:
        assert figure["ours"] > 0 and figure["floor"] > 0, figure
        assert figure["ratio"] == figure["ours"] / figure["floor"]
        assert isinstance(figure["met"], bool)
