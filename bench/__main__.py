"""Measure intake-tui against its floors in one run.

    python -m bench                 # full run: median of 5+, 10,000 reports
    python -m bench --quick         # CI: one run each (start-up, headless: 3), small data
    python -m bench --smoke         # the test suite's: quick, one run of everything, a short walk
    python -m bench --json          # the same figures, and the references, as JSON
    python -m bench --write-results # also write bench/RESULTS.md

Each figure alternates our program and its floor, run by run, so both see the
same machine state. Ratios are ours / floor.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import store_scale
from bench.terminal import seconds_to_marker

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "intake-tui-bench"
PY = sys.executable


@dataclass
class Figure:
    name: str
    ours: float
    floor: float
    unit: str
    target: str
    met: bool
    detail: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.floor if self.floor else float("inf")


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


@dataclass
class Reference:
    """Not a target: what a floor leaves out, measured against it in the same run."""

    name: str
    value: float
    floor: float
    unit: str
    explains: str

    @property
    def ratio(self) -> float:
        return self.value / self.floor if self.floor else float("inf")


def alternate_all(measures: list[Callable[[], float]], runs: int) -> list[list[float]]:
    """Run each measure once per round, round after round, so all see the same machine."""
    samples: list[list[float]] = [[] for _ in measures]
    for _ in range(runs):
        for measure, taken in zip(measures, samples, strict=True):
            taken.append(measure())
    return samples


def medians_with_reference(
    measures: list[Callable[[], float]], runs: int
) -> tuple[float, float, float]:
    """Medians of ours, the floor and a reference, measured in alternation."""
    ours, floor, reference = alternate_all(measures, runs)
    return median(ours), median(floor), median(reference)


def alternate(
    ours: Callable[[], float], floor: Callable[[], float], runs: int
) -> tuple[list[float], list[float]]:
    mine, theirs = alternate_all([ours, floor], runs)
    return mine, theirs


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


# --- the figures --------------------------------------------------------------------------


def startup(runs: int, references: list[Reference]) -> Figure:
    # The plain `intake`, as the front desk types it; only the user data folder
    # (where platformdirs puts the reports) is a temporary one.
    data_home = Path(tempfile.mkdtemp(prefix="intake-bench-"))
    plain_start = {"XDG_DATA_HOME": str(data_home), "INTAKE_DATA_DIR": ""}
    welcome = b"Browse saved reports"
    o, f, widgets = medians_with_reference(
        [
            lambda: seconds_to_marker([PY, "-m", "intake_tui"], welcome, extra_env=plain_start),
            lambda: seconds_to_marker([PY, "-m", "bench.floors", "minimal"], b"floor-ready"),
            lambda: seconds_to_marker([PY, "-m", "bench.floors", "welcome-widgets"], welcome),
        ],
        runs,
    )
    shutil.rmtree(data_home, ignore_errors=True)
    name = "a bare app with the welcome screen's widgets (pty)"
    references.append(Reference(name, widgets, f, "s", "start-up"))
    return Figure("start-up (pty 120x40)", o, f, "s", "<= 1.2x floor", o <= 1.2 * f)


def answer_to_next(
    runs: int, references: list[Reference], answers: int | None = None
) -> list[Figure]:
    from bench.inprocess import (
        answer_to_next_floor,
        answer_to_next_ours,
        answer_to_next_screen_reference,
    )
    from intake_tui.core.bundle import load_bundle

    bundle = load_bundle()
    ours: list[float] = []
    floor: list[float] = []
    screen: list[float] = []
    for _ in range(runs):
        samples, questions = answer_to_next_ours(bundle, answers)
        ours += samples
        floor += answer_to_next_floor(questions)
        screen += answer_to_next_screen_reference(questions)
    o, f = median(ours), median(floor)
    references.append(
        Reference(
            "the floor showing all of the question screen (median)",
            median(screen),
            f,
            "s",
            "answer -> next question",
        )
    )
    detail = f"{len(ours)} answers"
    return [
        Figure("answer -> next question, median", o, f, "s", "<= 1.5x floor", o <= 1.5 * f, detail),
        Figure(
            "answer -> next question, p95",
            p95(ours),
            p95(floor),
            "s",
            "<= 50 ms",
            p95(ours) <= 0.050,
            detail,
        ),
    ]


def generated(count: int) -> Path:
    """A cached folder of `count` generated reports (generating 10,000 takes minutes)."""
    from bench.datasets import reports_folder

    return reports_folder(count)  # this checkout's own (issue 18)


def settle(folder: Path) -> None:
    """Date the folder's last change a minute back, like a data folder between saves."""
    import os

    past = time.time_ns() - 60_000_000_000
    os.utime(folder, ns=(past, past))


def rescore(runs: int, count: int) -> Figure:
    folder = generated(count)
    ours, floor = alternate(
        lambda: timed([PY, "-m", "intake_tui", "rescore", str(folder)]),
        lambda: timed([PY, "-m", "bench.floors", "parse", str(folder)]),
        runs,
    )
    o, f = median(ours), median(floor)
    return Figure(f"batch re-score ({count:,} reports)", o, f, "s", "<= 2x floor", o <= 2 * f)


def csv_export(runs: int, count: int) -> Figure:
    """`intake export DIR --csv` against tomllib parsing the same files (issue 13)."""
    folder = generated(count)
    out = Path(tempfile.mkdtemp(prefix="intake-bench-csv-")) / "reports.csv"
    export = [PY, "-m", "intake_tui", "export", str(folder), "--csv", "-o", str(out), "--force"]
    ours, floor = alternate(
        lambda: timed(export),
        lambda: timed([PY, "-m", "bench.floors", "parse", str(folder)]),
        runs,
    )
    shutil.rmtree(out.parent, ignore_errors=True)
    o, f = median(ours), median(floor)
    return Figure(f"CSV export ({count:,} reports)", o, f, "s", "< 2x floor", o < 2 * f)


def due_recall(runs: int, count: int) -> Figure:
    """`intake due` over a folder of reports with known due windows (issue 14): warm
    index, as between saves; it must list exactly the due ones, in <= 1 s."""
    from bench.due_folder import AS_OF, bundled_templates, write_due_folder
    from intake_tui.core.bank.header import read_header
    from intake_tui.core.resources import bundled_questions_dir
    from intake_tui.core.store import SessionStore

    folder = CACHE / f"due-{count}"
    shutil.rmtree(folder, ignore_errors=True)  # ~1 s for 10,000; the index build dominates
    expected = write_due_folder(folder, bundled_templates(), count)
    SessionStore(folder, read_header(bundled_questions_dir()).reference_question).listing()
    settle(folder)
    command = [PY, "-m", "intake_tui", "due", "--data-dir", str(folder), "--as-of", str(AS_OF)]
    listed = subprocess.run(
        [*command, "--csv"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.splitlines()[1:]
    exact = sorted(line.split(",")[3] for line in listed) == sorted(expected)
    ours = median([timed(command) for _ in range(runs)])
    detail = f"{len(expected):,} due; listed exactly those: {'yes' if exact else 'NO'}"
    return Figure(
        f"intake due ({count:,} reports)",
        ours,
        1.0,
        "s",
        "<= 1 s, exact",
        ours <= 1.0 and exact,
        detail,
    )


def reports_list(runs: int, count: int) -> list[Figure]:
    from bench.inprocess import reports_list as open_list
    from intake_tui.core.bank.header import read_header
    from intake_tui.core.bundle import load_bundle
    from intake_tui.core.resources import bundled_questions_dir
    from intake_tui.core.store import SessionStore

    bundle = load_bundle()
    many = generated(count)
    few = CACHE / "reports-10"
    if len(list(few.glob("intake-*.toml"))) != 10:
        shutil.rmtree(few, ignore_errors=True)
        few.mkdir(parents=True)
        for path in sorted(many.glob("intake-*.toml"))[:10]:
            shutil.copy2(path, few / path.name)
    reference = read_header(bundled_questions_dir()).reference_question
    for folder in (many, few):
        settle(folder)
        # Warm the index as the app's store builds it (same reference question), as any
        # earlier run would have.
        SessionStore(folder, reference).listing()
        settle(folder)
    big: list[float] = []
    small: list[float] = []
    filtering: list[float] = []
    for _ in range(runs):
        opened, keys, _ = open_list(bundle, many)
        big.append(opened)
        filtering += keys
        small.append(open_list(bundle, few)[0])
    o, f = median(big), median(small)
    flt = median(filtering)
    return [
        Figure(f"saved-reports list, {count:,} vs 10", o, f, "s", "<= 1.5x floor", o <= 1.5 * f),
        Figure(
            f"filter key -> list updated ({count:,})",
            flt,
            0.050,
            "s",
            "median <= 50 ms",
            flt <= 0.050,
        ),
    ]


def peak_kib(*module_and_args: str) -> int:
    """The last number a measuring child process prints: its peak RSS in KiB."""
    return int(
        subprocess.run(
            [PY, "-m", *module_and_args], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.split()[-1]
    )


def memory(references: list[Reference], answers: int | None = None) -> Figure:
    ours = peak_kib("bench.walk_rss", *([] if answers is None else [str(answers)]))
    floor = peak_kib("bench.floors", "minimal-rss")
    references.append(
        Reference(
            "the floor plus one pydantic model",
            peak_kib("bench.floors", "minimal-rss", "--one-model") / 1024,
            floor / 1024,
            "MiB",
            "peak RSS",
        )
    )
    return Figure(
        "peak RSS after a full walk",
        ours / 1024,
        floor / 1024,
        "MiB",
        "<= 1.25x floor",
        ours <= 1.25 * floor,
    )


def headless_report(runs: int, references: list[Reference]) -> Figure:
    answers = ROOT / "sample_sessions" / "01-go-ahead.answers.toml"
    report = ROOT / "sample_sessions" / "01-go-ahead.report.toml"
    out = Path(tempfile.mkdtemp(prefix="intake-bench-"))
    floor_command = [PY, "-m", "bench.floors", "report", str(report), str(out / "floor.toml")]
    o, f, one_model = medians_with_reference(
        [
            lambda: timed(
                [PY, "-m", "intake_tui", "report", str(answers), "-o", str(out / "ours.toml")]
            ),
            lambda: timed(floor_command),
            lambda: timed([*floor_command, "--one-model"]),
        ],
        runs,
    )
    shutil.rmtree(out, ignore_errors=True)
    name = "the floor, validating through one pydantic model"
    references.append(Reference(name, one_model, f, "s", "headless report"))
    return Figure("headless report (whole process)", o, f, "s", "<= 2x floor", o <= 2 * f)


# --- running and reporting -----------------------------------------------------------------


def precompile() -> None:
    """Write bytecode for our packages, as `pip install` does.

    With PYTHONDONTWRITEBYTECODE set (as on CI machines), a source checkout would
    otherwise recompile every module on every start while the floors load the
    installed, precompiled Textual and pydantic: ~40 ms of difference that no
    installed copy of the program pays.
    """
    import compileall

    for package in ("intake_tui", "bench"):
        compileall.compile_dir(ROOT / package, quiet=1)


# A smoke run (the test suite's) walks to the first questions only, for the answer
# latency and the peak RSS: the same code, a fifth of the walks.
SMOKE_ANSWERS = 6


def run(quick: bool, runs: int, smoke: bool = False) -> tuple[list[Figure], list[Reference]]:
    count = 100 if quick or smoke else 10_000
    precompile()
    references: list[Reference] = []
    # Whole-process figures take a fraction of a second and this class of machine
    # has bursts of noise: three times the runs keeps their medians steady (a
    # smoke run only checks that each figure is measured: one run).
    whole_process_runs = runs if smoke else 3 * runs
    figures = [startup(whole_process_runs, references)]
    figures += answer_to_next(runs, references, SMOKE_ANSWERS if smoke else None)
    figures.append(rescore(runs, count))
    figures.append(csv_export(runs, count))
    figures += [Figure(**asdict(f)) for f in store_scale.figures(runs, quick or smoke)]
    figures.append(memory(references, SMOKE_ANSWERS if smoke else None))
    figures.append(headless_report(whole_process_runs, references))
    return figures, references


def _shown(value: float, unit: str) -> str:
    scale, shown_unit = (1000, "ms") if unit == "s" else (1, unit)
    return f"{value * scale:,.1f} {shown_unit}"


def markdown_table(heading: list[str], rows: list[list[str]], numbers: int) -> str:
    """A Markdown table; the ``numbers`` columns after the first are right-aligned."""
    align = ["---"] + ["---:"] * numbers + ["---"] * (len(heading) - 1 - numbers)
    lines = ["| " + " | ".join(heading) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def table(figures: list[Figure]) -> str:
    rows = [
        [
            f.name,
            _shown(f.ours, f.unit),
            _shown(f.floor, f.unit),
            f"{f.ratio:.2f}x",
            f.target,
            "yes" if f.met else "NO",
        ]
        for f in figures
    ]
    return markdown_table(["figure", "ours", "floor", "ratio", "target", "met"], rows, 3)


def reference_table(references: list[Reference]) -> str:
    rows = [
        [r.name, _shown(r.value, r.unit), _shown(r.floor, r.unit), f"{r.ratio:.2f}x", r.explains]
        for r in references
    ]
    heading = ["reference (what the floor leaves out)", "value", "floor", "ratio", "for"]
    return markdown_table(heading, rows, 3)


def machine() -> str:
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor() or "unknown CPU"
    import os

    import textual

    memory_kib = (
        next(
            (
                int(line.split()[1])
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            ),
            0,
        )
        if Path("/proc/meminfo").exists()
        else 0
    )
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory_kib / 1024 / 1024:.0f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"Textual {textual.__version__}"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one run each (3 for start-up and headless), 100 reports (for CI)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        help="runs per figure (default 5, quick 1; start-up and headless report take 3x)",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="quick, one run of everything, the answer latency over the first questions"
        " only (the test suite's check that every figure is measured; not a measurement)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--write-results", action="store_true", help="write bench/RESULTS.md")
    args = parser.parse_args(argv)
    if args.smoke and args.write_results:
        parser.error("a --smoke run measures too little to write as results")
    runs = args.runs or (1 if args.quick or args.smoke else 5)
    figures, references = run(args.quick, runs, args.smoke)
    if args.json:
        print(
            json.dumps(
                {
                    "figures": [asdict(f) | {"ratio": f.ratio} for f in figures],
                    "references": [asdict(r) | {"ratio": r.ratio} for r in references],
                },
                indent=2,
            )
        )
    else:
        print(table(figures) + "\n\n" + reference_table(references))
    if args.write_results:
        write_results(
            ROOT / "bench" / "RESULTS.md", results_page(figures, references, runs, args.quick)
        )
    return 0


ANALYSIS_HEADING = "## Reading the table"


def write_results(path: Path, page: str) -> None:
    """Replace the figures in RESULTS.md, keeping the hand-written analysis below them."""
    earlier = path.read_text(encoding="utf-8") if path.exists() else ""
    _, heading, analysis = earlier.partition(ANALYSIS_HEADING)
    path.write_text(page + (f"\n{heading}{analysis}" if heading else ""), encoding="utf-8")


def results_page(figures: list[Figure], references: list[Reference], runs: int, quick: bool) -> str:
    when = time.strftime("%Y-%m-%d")
    mode = (
        "quick"
        if quick
        else (
            f"full, median of {runs} alternating runs; {3 * runs} for start-up and the"
            " headless report"
        )
    )
    return (
        "# Benchmark results\n\n"
        f"`python -m bench --write-results` on {when} ({mode}).\n\n"
        f"Machine: {machine()}.\n\n"
        f"{table(figures)}\n\n"
        f"{reference_table(references)}\n"
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
