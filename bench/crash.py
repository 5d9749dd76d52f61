"""Kill a saving process at random moments and check nothing saved was damaged.

    python -m bench.crash [ITERATIONS]     # default 250

The test suite runs the same trials with fewer iterations (tests/test_crash_kills.py).
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from intake_tui.core.files import TEMP_PREFIX
from intake_tui.core.index import SESSION_GLOB
from intake_tui.core.report.toml_io import read_report

ROOT = Path(__file__).resolve().parents[1]
NUMBERS_PER_TRIAL = 1_000_000


@dataclass
class KillSummary:
    kills: int = 0
    confirmed_saves: int = 0
    problems: list[str] = field(default_factory=list)
    leftover_temp_files: int = 0


def _trial(folder: Path, trial: int, rng: random.Random, summary: KillSummary) -> None:
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.save_child",
            "loop",
            str(folder),
            str(trial * NUMBERS_PER_TRIAL),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(rng.uniform(0.2, 0.6))  # start-up takes ~0.3 s: some kills land before any save
    child.send_signal(signal.SIGKILL)
    output, _ = child.communicate()
    summary.kills += 1
    complete = [line.split() for line in output.splitlines(keepends=True) if line.endswith("\n")]
    last_draft = -1
    for words in complete:
        if words[0] == "saved":
            summary.confirmed_saves += 1
            _check(folder / f"intake-{words[1]}.toml", int(words[2]), summary)
        elif words[0] == "draft":
            last_draft = int(words[1])
    draft = folder / "intake-dddddddddddddddd.toml"
    if last_draft >= 0:
        _check(draft, None, summary, at_least=last_draft)


def _check(path: Path, number: int | None, summary: KillSummary, at_least: int = 0) -> None:
    try:
        report = read_report(path)
    except Exception as error:  # any failure here is a finding, not a crash of the harness
        summary.problems.append(f"{path.name}: {error}")
        return
    saved_number = int(str(report.answers.get("client_reference", "save -1")).split()[1])
    if number is not None and saved_number != number:
        summary.problems.append(f"{path.name}: holds save {saved_number}, expected {number}")
    if saved_number < at_least:
        summary.problems.append(f"{path.name}: draft went back from {at_least} to {saved_number}")


def run_kill_trials(folder: Path, iterations: int, seed: int = 1) -> KillSummary:
    rng = random.Random(seed)
    summary = KillSummary()
    for trial in range(iterations):
        _trial(folder, trial, rng, summary)
    for path in folder.glob(SESSION_GLOB):
        _check(path, None, summary)
    summary.leftover_temp_files = len(list(folder.glob(f"{TEMP_PREFIX}*")))
    return summary


def main(argv: list[str]) -> int:
    iterations = int(argv[0]) if argv else 250
    with tempfile.TemporaryDirectory() as scratch:
        summary = run_kill_trials(Path(scratch), iterations)
    print(
        f"{summary.kills} kills, {summary.confirmed_saves} confirmed saves, "
        f"{summary.leftover_temp_files} temp files left for the sweep, "
        f"{len(summary.problems)} problems"
    )
    for problem in summary.problems:
        print(f"  {problem}")
    return 1 if summary.problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
