"""Regenerate every sample report from the answers file beside it.

    python sample_sessions/regenerate.py            # rewrite the reports
    python sample_sessions/regenerate.py --check    # exit 1 if any report drifted

Reports are made by `intake report` itself with a fixed clock and a session id
derived from the file name, so a rerun reproduces them byte for byte.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

from intake_tui.cli.main import main as intake

HERE = Path(__file__).resolve().parent
FIXED_NOW = "2026-11-26T09:00:00+00:00"
SUFFIX = ".answers.toml"


def report_path(answers: Path) -> Path:
    return answers.with_name(answers.name.removesuffix(SUFFIX) + ".report.toml")


def session_id_for(answers: Path) -> str:
    return hashlib.sha256(answers.name.encode()).hexdigest()[:16]


def generate(answers: Path, output: Path) -> None:
    code = intake(
        [
            "report",
            str(answers),
            "-o",
            str(output),
            "--now",
            FIXED_NOW,
            "--session-id",
            session_id_for(answers),
        ]
    )
    if code != 0:
        raise SystemExit(f"intake report failed for {answers.name}")


def main(argv: list[str]) -> int:
    check = "--check" in argv
    drifted = []
    for answers in sorted(HERE.glob(f"*{SUFFIX}")):
        target = report_path(answers)
        if not check:
            generate(answers, target)
            continue
        with tempfile.TemporaryDirectory() as scratch:
            fresh = Path(scratch) / target.name
            generate(answers, fresh)
            if not target.exists() or fresh.read_bytes() != target.read_bytes():
                drifted.append(target.name)
    for name in drifted:
        print(f"drifted: {name}", file=sys.stderr)
    return 1 if drifted else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
