"""The store at clinic scale (issues 14.5 and 18): the saved-reports list, a filter
keystroke, `intake due` and start-up, with 10,000 and 100,000 reports.

Each list figure alternates the big folder and a 10-report one, run by run, in one
process (bench.inprocess); `intake due` and start-up are whole processes. The data
sets are this checkout's (bench/datasets.py); their index is built once, then kept
warm as between saves, except where a figure says "stale": there a report is
rewritten by another program just before each run, so the index must notice it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import datasets
from bench.terminal import seconds_to_marker

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
COUNTS = (10_000, 100_000)
SMOKE_COUNTS = (100,)
FEW = 10


@dataclass
class ScaleFigure:
    """Bench's Figure's fields (bench/__main__.py turns each into one)."""

    name: str
    ours: float
    floor: float
    unit: str
    target: str
    met: bool
    detail: str = ""


def figures(runs: int, small: bool) -> list[ScaleFigure]:
    """Every figure, at 100 reports for a quick or smoke run."""
    found: list[ScaleFigure] = []
    for count in SMOKE_COUNTS if small else COUNTS:
        found += reports_list(runs, count)
        found.append(due_recall(runs, count))
    found.append(startup_stale(3 * runs, SMOKE_COUNTS[0] if small else COUNTS[0]))
    return found


def _reference_question() -> str | None:
    from intake_tui.core.bank.header import read_header
    from intake_tui.core.resources import bundled_questions_dir

    return read_header(bundled_questions_dir()).reference_question


def settle(folder: Path) -> None:
    """Date the folder's last change a minute back, like a data folder between saves."""
    past = time.time_ns() - 60_000_000_000
    os.utime(folder, ns=(past, past))


def warm(folder: Path) -> Path:
    """The index built (once: reading 100,000 reports takes minutes) and trusted."""
    from intake_tui.core.store import SessionStore

    settle(folder)
    SessionStore(folder, _reference_question()).listing()
    settle(folder)
    return folder


def reports_list(runs: int, count: int) -> list[ScaleFigure]:
    """`b` -> the list painted (vs 10 reports), and each filter key -> the list narrowed."""
    from bench.inprocess import reports_list as open_list
    from intake_tui.core.bundle import load_bundle

    bundle = load_bundle()
    many = warm(datasets.reports_folder(count))
    few = warm(datasets.reports_folder(FEW))
    big: list[float] = []
    small: list[float] = []
    filtering: list[float] = []
    searchable: list[float] = []
    for _ in range(runs):
        opened, keys, loaded = open_list(bundle, many)
        big.append(opened)
        filtering += keys
        searchable.append(loaded)
        small.append(open_list(bundle, few)[0])
    o, f = statistics.median(big), statistics.median(small)
    key = statistics.median(filtering)
    all_read = (
        f"every report read and searchable {statistics.median(searchable) * 1000:,.0f} ms after b"
    )
    return [
        ScaleFigure(
            f"saved-reports list, {count:,} vs {FEW}",
            o,
            f,
            "s",
            "<= 1.5x floor",
            o <= 1.5 * f,
            all_read,
        ),
        ScaleFigure(
            f"filter key -> list updated ({count:,})",
            key,
            0.050,
            "s",
            "median <= 50 ms",
            key <= 0.050,
            f"{len(filtering)} keys",
        ),
    ]


def due_recall(runs: int, count: int) -> ScaleFigure:
    """`intake due` over a folder with known due windows: exactly the due ones, <= 1 s."""
    from bench.due_folder import AS_OF

    folder, expected = datasets.due_folder(count)
    warm(folder)
    command = [PY, "-m", "intake_tui", "due", "--data-dir", str(folder), "--as-of", str(AS_OF)]
    listed = subprocess.run(
        [*command, "--csv"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.splitlines()[1:]
    exact = sorted(line.split(",")[3] for line in listed) == sorted(expected)
    ours = statistics.median([_timed(command) for _ in range(runs)])
    detail = f"{len(expected):,} due; listed exactly those: {'yes' if exact else 'NO'}"
    return ScaleFigure(
        f"intake due ({count:,} reports)",
        ours,
        1.0,
        "s",
        "<= 1 s, exact",
        ours <= 1.0 and exact,
        detail,
    )


def startup_stale(runs: int, count: int) -> ScaleFigure:
    """Start-up to the welcome screen's first paint with ``count`` reports, right after
    another program saved one (the index stale), against the bare Textual app."""
    folder = warm(datasets.reports_folder(count))
    env = {"INTAKE_DATA_DIR": str(folder)}
    welcome = b"Browse saved reports"

    def ours() -> float:
        _saved_elsewhere(folder)
        return seconds_to_marker([PY, "-m", "intake_tui"], welcome, extra_env=env)

    def floor() -> float:
        return seconds_to_marker([PY, "-m", "bench.floors", "minimal"], b"floor-ready")

    mine: list[float] = []
    bare: list[float] = []
    for _ in range(runs):
        mine.append(ours())
        bare.append(floor())
    ratios = sorted(m / b for m, b in zip(mine, bare, strict=True))
    o, f = statistics.median(mine), statistics.median(bare)
    return ScaleFigure(
        f"start-up, {count:,} reports, stale index",
        o,
        f,
        "s",
        "<= 1.25x floor",
        o <= 1.25 * f,
        f"paired ratios {ratios[0]:.2f}-{ratios[-1]:.2f}, median {statistics.median(ratios):.2f}",
    )


def _saved_elsewhere(folder: Path) -> None:
    """Rewrite one report as another program would (a new file renamed into place)."""
    victim = min(folder.glob("intake-*.toml"))
    temporary = folder / f".bench-{victim.name}"
    temporary.write_bytes(victim.read_bytes())
    os.replace(temporary, victim)


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


if __name__ == "__main__":
    for figure in figures(int(sys.argv[1]) if len(sys.argv) > 1 else 3, small=False):
        ratio = figure.ours / figure.floor
        print(
            f"{figure.name}: {figure.ours * 1000:,.1f} ms vs {figure.floor * 1000:,.1f} ms "
            f"({ratio:.2f}x, {figure.target}: {'met' if figure.met else 'NOT met'}) {figure.detail}"
        )
