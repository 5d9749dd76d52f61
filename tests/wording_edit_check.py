"""Prove that a clinic's wording edit breaks no test but the pictures.

Copies this checkout (tracked and untracked files, not .venv or .git) to a
scratch folder, appends " (edited)" to every prompt, label, why, intro, title
and description in the scratch copy's questions/, sets its version to 9.9.9,
and runs pytest there. The copy is a real checkout: nothing in the tests knows
it is being checked.

Usage (from the repository root):

    .venv/bin/python tests/wording_edit_check.py [PYTEST ARGS...]

With no arguments it runs the whole suite except the snapshot pictures and the
bundled bank's clinical-content tests (test_rules.py, test_samples.py), which
quote the bank on purpose. Any arguments replace that file selection, e.g.
``tests/test_cli.py -n0``. Exit code: pytest's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUFFIX = " (edited)"
EDITED_VERSION = "9.9.9"
WORDING_FIELDS = ("prompt", "label", "why", "intro", "title", "description")
# A basic TOML string (the bank uses no literal or multi-line strings) after one of the fields.
WORDING = re.compile(
    r"(?P<head>\b(?:" + "|".join(WORDING_FIELDS) + r')\s*=\s*")(?P<text>(?:[^"\\]|\\.)*)"'
)
VERSION = re.compile(r'^(version\s*=\s*")[^"]*"', re.MULTILINE)
# Tests that check the bundled bank as clinical content or as pictures: allowed to fail.
CONTENT_TESTS = (
    "tests/test_snapshots.py",
    "tests/test_rules.py",
    "tests/test_samples.py",
    "tests/test_golden_documents.py",  # the sample documents as people read them
)


def checkout_files(root: Path) -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [name for name in listing.split("\0") if name and (root / name).is_file()]


def copy_checkout(root: Path, target: Path) -> None:
    for name in checkout_files(root):
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, destination)


def edit_wording(text: str) -> str:
    edited = WORDING.sub(lambda m: f'{m["head"]}{m["text"]}{SUFFIX}"', text)
    return VERSION.sub(rf'\g<1>{EDITED_VERSION}"', edited)


def edit_bank(questions: Path) -> int:
    """Edit every TOML file under ``questions``; returns how many strings changed."""
    changed = 0
    for path in sorted(questions.rglob("*.toml")):
        text = path.read_text(encoding="utf-8")
        changed += len(WORDING.findall(text))
        path.write_text(edit_wording(text), encoding="utf-8")
    return changed


def default_selection() -> list[str]:
    return ["tests", *(f"--ignore={name}" for name in CONTENT_TESTS)]


def run_pytest(scratch: Path, args: list[str]) -> int:
    # The scratch copy's package must be the one imported, so the bundled bank is the edited one.
    env = {**os.environ, "PYTHONPATH": str(scratch)}
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args]
    return subprocess.run(command, cwd=scratch, env=env).returncode


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="intake-wording-edit-") as scratch_name:
        scratch = Path(scratch_name)
        copy_checkout(ROOT, scratch)
        changed = edit_bank(scratch / "questions")
        print(f"edited {changed} strings and the version in {scratch / 'questions'}", flush=True)
        return run_pytest(scratch, argv or default_selection())


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
