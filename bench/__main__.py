"""Measure intake-tui against its floors, in paired runs, with the data a clinic has.

    python -m bench                 # full run: 5 paired runs (15 for whole-process timings)
    python -m bench --runs 9        # more runs, a tighter spread
    python -m bench --quick         # CI: one run each (whole process: 3), small data
    python -m bench --smoke         # the test suite's: quick, one run of everything, a short walk
    python -m bench --json          # the same figures, and the references, as JSON
    python -m bench --write-results # also write bench/RESULTS.md

Each run measures our program and its floor back to back, the order alternating run
by run (bench/paired.py); a figure is the median of the runs' ratios (ours / floor)
with their spread (min-max) and the number of runs. Start-up and memory are measured
with 0, 10,000 and 100,000 saved reports, the index warm (written after the folder's
last change) and stale (the folder changed since, as right after a save).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

from bench.folders import data_home, linked_copy, make_stale, warm_index
from bench.paired import Paired, alternate_all, median, p95, paired, quartiles
from bench.terminal import seconds_to_marker, seconds_to_screens

ROOT = Path(__file__).resolve().parents[1]


def cache_for(checkout: Path) -> Path:
    """The generated data sets of one checkout: a bench in another checkout never
    deletes them under this one's run (in the temp folder: a test run keeps its own)."""
    digest = hashlib.sha256(str(checkout.resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"intake-tui-bench-{digest}"


CACHE = cache_for(ROOT)
PY = sys.executable
WELCOME = b"Browse saved reports"
FIRST_QUESTION = b"Question 1 of"  # the question screen's progress line


@dataclass
class Figure:
    """One row: ours against its floor over paired runs (or against an absolute limit,
    then ``floor`` is the limit and each run's ratio is its value over the limit)."""

    name: str
    ours: float  # the median of our runs
    floor: float  # the median of the floor's runs, or the absolute limit
    unit: str
    ratios: list[float]  # one per run
    limit: float | None  # met when the median ratio is at most this; None: measured only
    target: str
    moonshot: str = ""
    detail: str = ""
    holds: bool = True  # what the figure requires besides speed (due: the exact list)

    @property
    def ratio(self) -> float:
        return median(self.ratios)

    @property
    def met(self) -> bool | None:
        return None if self.limit is None else self.holds and self.ratio <= self.limit

    @property
    def runs(self) -> int:
        return len(self.ratios)

    def as_json(self) -> dict[str, object]:
        low, high = min(self.ratios), max(self.ratios)
        first, third = quartiles(self.ratios)
        extra = {"ratio": self.ratio, "met": self.met, "runs": self.runs}
        return asdict(self) | extra | {"spread": [low, high], "iqr": [first, third]}


def against_floor(
    name: str,
    runs: Paired,
    unit: str,
    limit: float | None,
    moonshot: float | None = None,
    detail: str = "",
) -> Figure:
    return Figure(
        name,
        median(runs.ours),
        median(runs.floor),
        unit,
        runs.ratios,
        limit,
        "measured" if limit is None else f"<= {limit:g}x floor",
        "" if moonshot is None else f"<= {moonshot:g}x",
        detail,
    )


def against_limit(
    name: str,
    values: list[float],
    limit: float,
    unit: str,
    moonshot: float | None = None,
    detail: str = "",
) -> Figure:
    shown = _shown(limit, unit).replace(".0 ", " ")
    return Figure(
        name,
        median(values),
        limit,
        unit,
        [value / limit for value in values],
        1.0,
        f"<= {shown}",
        "" if moonshot is None else "<= " + _shown(moonshot, unit).replace(".0 ", " "),
        detail,
    )


@dataclass
class Reference:
    """Not a target: what a floor leaves out, measured against it in the same runs."""

    name: str
    value: float
    floor: float
    unit: str
    explains: str
    ratios: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return median(self.ratios) if self.ratios else self.value / self.floor

    @classmethod
    def paired(cls, name: str, runs: Paired, unit: str, explains: str) -> Reference:
        return cls(name, median(runs.ours), median(runs.floor), unit, explains, runs.ratios)


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def cpu_and_wall(command: list[str]) -> tuple[float, float]:
    """(CPU seconds of the process and every process it waited for, wall seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = timed(command)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


# --- the data ------------------------------------------------------------------------------


def generated(count: int) -> Path:
    """This checkout's cached folder of ``count`` reports (bench/datasets.py: 100,000
    are cloned from the 10,000 generated ones)."""
    from bench.datasets import reports_folder

    return reports_folder(count)


def scratch_folder() -> Path:
    """A new folder beside the cached data (hard links need the same file system)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="scratch-", dir=CACHE))


# --- start-up and first use ------------------------------------------------------------------


def floor_first_paint() -> float:
    return seconds_to_marker([PY, "-m", "bench.floors", "minimal"], b"floor-ready")


def startup_empty(runs: int, references: list[Reference]) -> Figure:
    # The plain `intake`, as the front desk types it; only the user data folder
    # (where platformdirs puts the reports) is a temporary one.
    home, env = data_home(None)
    ours, floor, widgets = alternate_all(
        [
            lambda: seconds_to_marker([PY, "-m", "intake_tui"], WELCOME, extra_env=env),
            floor_first_paint,
            lambda: seconds_to_marker([PY, "-m", "bench.floors", "welcome-widgets"], WELCOME),
        ],
        runs,
    )
    shutil.rmtree(home, ignore_errors=True)
    name = "a bare app with the welcome screen's widgets (pty)"
    references.append(Reference.paired(name, Paired(widgets, floor), "s", "start-up"))
    return against_floor("start-up, no reports (pty 120x40)", Paired(ours, floor), "s", 1.2)


# Issue 18's target is for 10,000 reports with a stale index; a warm index is never
# slower, so the same target holds for it. Larger folders are measured, not targeted.
STARTUP_LIMIT, STARTUP_MOONSHOT = 1.25, 1.1


def startup_with_reports(runs: int, count: int, state: str, targeted: bool) -> Figure:
    """Start-up with ``count`` saved reports, the index ``state`` ("warm" or "stale")."""
    folder = generated(count)
    warm_index(folder)  # an index exists in both states; the first time this reads every report
    prepare = warm_index if state == "warm" else make_stale
    home, env = data_home(folder)

    def ours() -> float:
        prepare(folder)  # not timed
        return seconds_to_marker([PY, "-m", "intake_tui"], WELCOME, extra_env=env)

    runs_taken = paired(ours, floor_first_paint, runs)
    shutil.rmtree(home, ignore_errors=True)
    return against_floor(
        f"start-up, {count:,} reports, {state} index",
        runs_taken,
        "s",
        STARTUP_LIMIT if targeted else None,
        STARTUP_MOONSHOT if targeted else None,
    )


def first_question(runs: int, references: list[Reference]) -> Figure:
    """From start to the first question, `n` pressed the moment the welcome screen shows;
    against the bare app's first paint."""

    def ours() -> float:
        home, env = data_home(None)  # a new intake saves a draft: a fresh folder each run
        try:
            return seconds_to_screens(
                [PY, "-m", "intake_tui"], [(WELCOME, b"n")], FIRST_QUESTION, extra_env=env
            )
        finally:
            shutil.rmtree(home, ignore_errors=True)

    def reference() -> float:
        command = [PY, "-m", "bench.floors", "question-widgets"]
        return seconds_to_screens(command, [(WELCOME, b"n")], FIRST_QUESTION)

    ours_runs, floor_runs, reference_runs = alternate_all(
        [ours, floor_first_paint, reference], runs
    )
    name = "a bare app: on n, one pydantic model and the question screen's widgets (pty)"
    references.append(
        Reference.paired(name, Paired(reference_runs, floor_runs), "s", "first question")
    )
    return against_floor(
        "first paint -> first question after n (pty)",
        Paired(ours_runs, floor_runs),
        "s",
        1.5,
        1.2,
    )


# --- answering -------------------------------------------------------------------------------


def answer_to_next(
    runs: int, references: list[Reference], answers: int | None = None
) -> list[Figure]:
    """Per run, one walk of ours, of the floor (a bare app mounting the same answer
    widgets) and of the reference (the floor with all of the question screen)."""
    from bench.inprocess import (
        answer_to_next_floor,
        answer_to_next_ours,
        answer_to_next_screen_reference,
    )
    from intake_tui.core.bank.models import Question
    from intake_tui.core.bundle import load_bundle

    bundle = load_bundle()
    questions: list[Question] = []  # the walk's, from our first walk (run 0 starts with ours)
    all_ours: list[float] = []
    p95s: list[float] = []

    def ours() -> float:
        samples, visited = answer_to_next_ours(bundle, answers)
        questions[:] = visited
        all_ours.extend(samples)
        p95s.append(p95(samples))
        return median(samples)

    ours_runs, floor_runs, screen_runs = alternate_all(
        [
            ours,
            lambda: median(answer_to_next_floor(questions)),
            lambda: median(answer_to_next_screen_reference(questions)),
        ],
        runs,
    )
    references.append(
        Reference.paired(
            "the floor showing all of the question screen (median)",
            Paired(screen_runs, floor_runs),
            "s",
            "answer -> next question",
        )
    )
    detail = f"{len(all_ours)} answers in {runs} walks"
    return [
        against_floor(
            "answer -> next question, median",
            Paired(ours_runs, floor_runs),
            "s",
            1.5,
            1.1,
            detail,
        ),
        against_limit(
            "answer -> next question, p95 (of each walk)", p95s, 0.025, "s", 0.016, detail
        ),
    ]


# --- memory ----------------------------------------------------------------------------------


def peak_kib(*module_and_args: str) -> int:
    """The last number a measuring child process prints: its peak RSS in KiB."""
    return int(
        subprocess.run(
            [PY, "-m", *module_and_args], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.split()[-1]
    )


def walk_peak_mib(count: int, answers: int | None) -> float:
    """Peak RSS of a walk in a data folder of ``count`` reports (a copy of its own: the
    walk saves; the copy is new, so its index is stale, as right after a save)."""
    steps = "all" if answers is None else str(answers)
    if count == 0:
        return peak_kib("bench.walk_rss", steps) / 1024
    scratch = scratch_folder()
    try:
        folder = linked_copy(generated(count), scratch / "sessions")
        return peak_kib("bench.walk_rss", steps, str(folder)) / 1024
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def floor_peak_mib() -> float:
    return peak_kib("bench.floors", "minimal-rss") / 1024


def memory(
    runs: int, counts: list[tuple[int, bool]], references: list[Reference], answers: int | None
) -> list[Figure]:
    """Peak RSS after a walk with each (count, targeted) of ``counts`` reports saved."""
    figures = []
    for count, targeted in counts:
        name = f"peak RSS after a walk, {count:,} reports"
        if count == 0:
            ours, floor, one_model = alternate_all(
                [
                    lambda: walk_peak_mib(0, answers),
                    floor_peak_mib,
                    lambda: peak_kib("bench.floors", "minimal-rss", "--one-model") / 1024,
                ],
                runs,
            )
            name_of_reference = "the floor plus one pydantic model"
            references.append(
                Reference.paired(name_of_reference, Paired(one_model, floor), "MiB", "peak RSS")
            )
            runs_taken = Paired(ours, floor)
        else:
            runs_taken = paired(partial(walk_peak_mib, count, answers), floor_peak_mib, runs)
        limit, moonshot = (1.6, 1.25) if targeted else (None, None)
        figures.append(against_floor(name, runs_taken, "MiB", limit, moonshot))
    return figures


# --- headless commands -----------------------------------------------------------------------


REPORT_ANSWERS = ROOT / "sample_sessions" / "01-go-ahead.answers.toml"


def report_commands(out: Path) -> tuple[list[str], list[str]]:
    """`intake report` and its floor, both reading the same answers file."""
    ours = [PY, "-m", "intake_tui", "report", str(REPORT_ANSWERS), "-o", str(out / "ours.toml")]
    floor = [PY, "-m", "bench.floors", "report", str(REPORT_ANSWERS), str(out / "floor.toml")]
    return ours, floor


def headless_report(runs: int, references: list[Reference]) -> Figure:
    """`intake report` on an answers file; the floor reads the same answers file (0.9 KB)
    with pydantic and tomli-w imported and writes it back as TOML."""
    out = Path(tempfile.mkdtemp(prefix="intake-bench-"))
    ours_command, floor_command = report_commands(out)
    ours, floor, one_model = alternate_all(
        [
            lambda: timed(ours_command),
            lambda: timed(floor_command),
            lambda: timed([*floor_command, "--one-model"]),
        ],
        runs,
    )
    shutil.rmtree(out, ignore_errors=True)
    name = "the floor, validating through one pydantic model"
    references.append(Reference.paired(name, Paired(one_model, floor), "s", "headless report"))
    return against_floor("intake report (whole process)", Paired(ours, floor), "s", 2.0, 1.3)


def rescore_pool_size(count: int) -> int:
    """The number of processes `intake rescore` uses for ``count`` reports
    (core/rescore.py rescore_folder): its floor parses over as many."""
    from intake_tui.core.rescore import PARALLEL_FROM

    pool = min(os.cpu_count() or 1, 4)
    return pool if count >= PARALLEL_FROM and pool >= 2 else 1


def rescore(runs: int, count: int) -> Figure:
    """CPU of `intake rescore` against tomllib over the same files and pool."""
    folder = generated(count)
    pool = rescore_pool_size(count)
    walls: tuple[list[float], list[float]] = ([], [])

    def cpu_of(command: list[str], walls_of: list[float]) -> float:
        cpu, wall = cpu_and_wall(command)
        walls_of.append(wall)
        return cpu

    runs_taken = paired(
        lambda: cpu_of([PY, "-m", "intake_tui", "rescore", str(folder)], walls[0]),
        lambda: cpu_of(
            [PY, "-m", "bench.floors", "parse", str(folder), "--pool", str(pool)], walls[1]
        ),
        runs,
    )
    wall_ratio = median(Paired(*walls).ratios)
    detail = f"{pool} process(es) each; wall {wall_ratio:.2f}x"
    return against_floor(
        f"intake rescore ({count:,} reports), CPU", runs_taken, "s", 1.2, 0.5, detail
    )


def csv_export(runs: int, count: int) -> Figure:
    """`intake export DIR --csv` against tomllib parsing the same files (issue 13)."""
    folder = generated(count)
    out = Path(tempfile.mkdtemp(prefix="intake-bench-csv-")) / "reports.csv"
    export = [PY, "-m", "intake_tui", "export", str(folder), "--csv", "-o", str(out), "--force"]
    runs_taken = paired(
        lambda: timed(export),
        lambda: timed([PY, "-m", "bench.floors", "parse", str(folder)]),
        runs,
    )
    shutil.rmtree(out.parent, ignore_errors=True)
    return against_floor(f"CSV export ({count:,} reports)", runs_taken, "s", 2.0)


def due_recall(runs: int, count: int) -> Figure:
    """`intake due` over a folder of reports with known due windows (issue 14): warm
    index, as between saves; it must list exactly the due ones, in <= 1 s."""
    from bench.datasets import due_folder
    from bench.due_folder import AS_OF

    folder, expected = due_folder(count)
    warm_index(folder)
    command = [PY, "-m", "intake_tui", "due", "--data-dir", str(folder), "--as-of", str(AS_OF)]
    listed = subprocess.run(
        [*command, "--csv"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.splitlines()[1:]
    exact = sorted(line.split(",")[3] for line in listed) == sorted(expected)
    values = [timed(command) for _ in range(runs)]
    detail = f"{len(expected):,} due; listed exactly those: {'yes' if exact else 'NO'}"
    figure = against_limit(f"intake due ({count:,} reports)", values, 1.0, "s", detail=detail)
    figure.holds = exact
    return figure


# --- the saved-reports list ------------------------------------------------------------------


def reports_list(runs: int, count: int) -> list[Figure]:
    """Opening the list of ``count`` reports against opening one of 10 (both in-process,
    the same app), with the index warm and stale; and a filter key."""
    from bench.inprocess import reports_list as open_list
    from intake_tui.core.bundle import load_bundle

    bundle = load_bundle()
    many = generated(count)
    few = CACHE / "reports-10"
    if len(list(few.glob("intake-*.toml"))) != 10:
        shutil.rmtree(few, ignore_errors=True)
        few.mkdir(parents=True)
        for path in sorted(many.glob("intake-*.toml"))[:10]:
            shutil.copy2(path, few / path.name)
    warm_index(many)
    filtering: list[float] = []

    def opened(folder: Path, prepare: Callable[[Path], None], keys: list[float] | None) -> float:
        prepare(folder)  # not timed
        seconds, filter_keys, _all_read = open_list(bundle, folder)
        if keys is not None:
            keys.append(median(filter_keys))
        return seconds

    warm = paired(
        lambda: opened(many, warm_index, filtering), lambda: opened(few, warm_index, None), runs
    )
    stale = paired(
        lambda: opened(many, make_stale, None), lambda: opened(few, make_stale, None), runs
    )
    return [
        against_floor(f"saved-reports list, {count:,} vs 10, warm index", warm, "s", 1.5),
        against_floor(f"saved-reports list, {count:,} vs 10, stale index", stale, "s", 1.5),
        against_limit(f"filter key -> list updated ({count:,}), median", filtering, 0.050, "s"),
    ]


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


@dataclass(frozen=True)
class Plan:
    runs: int  # paired runs per figure
    whole_process_runs: int  # for the sub-second whole-process timings
    reports: int  # the clinic's folder ("10,000")
    large: int  # years more ("100,000"); 0 leaves those rows out
    answers: int | None  # answers per walk; None: the whole walk


def plan_for(quick: bool, smoke: bool, runs: int | None, reports: int, large: int) -> Plan:
    small = quick or smoke
    taken = runs or (1 if small else 5)
    # Whole-process figures take a fraction of a second and this class of machine has
    # bursts of noise: three times the runs (a smoke run only checks each is measured).
    return Plan(
        runs=taken,
        whole_process_runs=taken if smoke else 3 * taken,
        reports=100 if small else reports,
        large=(150 if small else large) if large else 0,
        answers=SMOKE_ANSWERS if smoke else None,
    )


def run(plan: Plan) -> tuple[list[Figure], list[Reference]]:
    precompile()
    references: list[Reference] = []
    figures: list[Figure] = []

    def measured(*new: Figure) -> None:
        """Keep the figures and say so on stderr: a full run takes half an hour."""
        figures.extend(new)
        for figure in new:
            print(f"{figure.name}: {figure.ratio:.2f}x", file=sys.stderr, flush=True)

    quick_runs = plan.whole_process_runs
    sizes = [(plan.reports, True)] + ([(plan.large, False)] if plan.large else [])
    measured(startup_empty(quick_runs, references))
    for count, targeted in sizes:
        for state in ("warm", "stale"):
            measured(startup_with_reports(quick_runs, count, state, targeted))
    measured(first_question(quick_runs, references))
    measured(*answer_to_next(plan.runs, references, plan.answers))
    measured(*memory(plan.runs, [(0, False), *sizes], references, plan.answers))
    measured(headless_report(quick_runs, references))
    measured(rescore(plan.runs, plan.reports))
    measured(csv_export(plan.runs, plan.reports))
    for count, _targeted in sizes:
        measured(due_recall(plan.runs, count))
        measured(*reports_list(plan.runs, count))
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


def _spread(ratios: list[float]) -> str:
    return f"{min(ratios):.2f}-{max(ratios):.2f}x"


MET_WORDS = {True: "yes", False: "NO", None: "-"}


def table(figures: list[Figure]) -> str:
    rows = [
        [
            f.name,
            _shown(f.ours, f.unit),
            _shown(f.floor, f.unit),
            f"{f.ratio:.2f}x",
            _spread(f.ratios),
            str(f.runs),
            f.target,
            f.moonshot or "-",
            MET_WORDS[f.met],
            f.detail,
        ]
        for f in figures
    ]
    heading = ["figure", "ours", "floor", "ratio", "spread", "runs", "target", "moonshot"]
    return markdown_table([*heading, "met", "detail"], rows, 5)


def reference_table(references: list[Reference]) -> str:
    rows = [
        [
            r.name,
            _shown(r.value, r.unit),
            _shown(r.floor, r.unit),
            f"{r.ratio:.2f}x",
            _spread(r.ratios) if r.ratios else "-",
            r.explains,
        ]
        for r in references
    ]
    heading = ["reference (what the floor leaves out)", "value", "floor", "ratio", "spread"]
    return markdown_table([*heading, "for"], rows, 4)


def machine() -> str:
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor() or "unknown CPU"
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
        help="one run each (3 for whole-process timings), 100 and 150 reports (for CI)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        help="paired runs per figure (default 5, quick 1; whole-process timings take 3x)",
    )
    parser.add_argument(
        "--reports", type=int, default=10_000, help="the clinic's folder (default 10,000)"
    )
    parser.add_argument(
        "--large",
        type=int,
        default=100_000,
        help="the larger folder for start-up and memory (default 100,000; 0: leave out)",
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
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    plan = plan_for(args.quick, args.smoke, args.runs, args.reports, args.large)
    figures, references = run(plan)
    if args.json:
        print(
            json.dumps(
                {
                    "figures": [f.as_json() for f in figures],
                    "references": [asdict(r) | {"ratio": r.ratio} for r in references],
                },
                indent=2,
            )
        )
    else:
        print(table(figures) + "\n\n" + reference_table(references))
    if args.write_results:
        write_results(
            ROOT / "bench" / "RESULTS.md", results_page(figures, references, plan, args.quick)
        )
    return 0


ANALYSIS_HEADING = "## Reading the table"


def write_results(path: Path, page: str) -> None:
    """Replace the figures in RESULTS.md, keeping the hand-written analysis below them."""
    earlier = path.read_text(encoding="utf-8") if path.exists() else ""
    _, heading, analysis = earlier.partition(ANALYSIS_HEADING)
    path.write_text(page + (f"\n{heading}{analysis}" if heading else ""), encoding="utf-8")


def results_page(
    figures: list[Figure], references: list[Reference], plan: Plan, quick: bool
) -> str:
    when = time.strftime("%Y-%m-%d")
    mode = (
        "quick"
        if quick
        else (
            f"full: {plan.runs} paired runs per figure, {plan.whole_process_runs} for"
            " start-up, first use and the headless report"
        )
    )
    return (
        "# Benchmark results\n\n"
        f"`python -m bench --write-results` on {when} ({mode}).\n\n"
        f"Machine: {machine()}.\n\n"
        "Ratio: the median of the runs' paired ratios (ours / floor, measured back to back"
        " in alternating order); spread: their lowest and highest. Met: the median ratio"
        ' within the target; "-": measured, no target.\n\n'
        f"{table(figures)}\n\n"
        f"{reference_table(references)}\n"
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
