"""The bench's data sets, per checkout: `<checkout>/.bench-cache/` (gitignored).

A fixed folder shared by every checkout on the machine let one bench delete the data
under another's run (issue 18). Here each checkout has its own, and a folder is
written beside its final name and renamed into place, so a half-written set is never
taken for a whole one.

Generating a report walks the bank and recommends (~30 ms each): 10,000 take minutes,
100,000 would take an hour. So 10,000 are generated once (bench.generate) and larger
sets are clones of them: each clone a valid report with a new session id, saved a
whole number of weeks earlier (its `today` too), so the set reads like years of a
clinic's reports.

python -m bench.datasets COUNT   # make (or find) the set; prints its folder
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from intake_tui.core.index_db import index_path
from intake_tui.core.store import session_file_name

ROOT = Path(__file__).resolve().parents[1]
CACHE_ENV = "INTAKE_BENCH_CACHE"  # the test suite's own folder instead
CACHE = Path(os.environ.get(CACHE_ENV) or ROOT / ".bench-cache")
GENERATED = 10_000  # the most generated from the bank; more are clones
CLONE_SHIFT = timedelta(weeks=40)  # each round of clones is saved this much earlier
_SESSION_ID = re.compile(r'^session_id = "([0-9a-f]{16})"$', re.MULTILINE)
_SAVED_AT = re.compile(r"^(created_at|updated_at) = (\S+ \S+)$", re.MULTILINE)
_TODAY = re.compile(r'^today = "(\d{4}-\d\d-\d\d)"$', re.MULTILINE)


def reports_folder(count: int) -> Path:
    """A folder of ``count`` valid reports in this checkout's cache, made if missing."""
    folder = CACHE / f"reports-{count}"
    if not _complete(folder, count):
        if count <= GENERATED:
            _made_atomically(folder, lambda scratch: _generate(scratch, count))
        else:
            source = reports_folder(GENERATED)
            _made_atomically(folder, lambda scratch: clone(source, scratch, count))
    if count > GENERATED and not index_path(folder).exists():
        index_clones(reports_folder(GENERATED), folder, count)
    return folder


def due_folder(count: int) -> tuple[Path, dict[str, str]]:
    """A folder of ``count`` reports with known due windows (bench.due_folder) and the
    session id and state of every one due on its AS_OF, made if missing."""
    import json

    from bench.due_folder import bundled_templates, write_due_folder

    folder = CACHE / f"due-{count}"
    expected_file = CACHE / f"due-{count}.expected.json"
    if _complete(folder, count) and expected_file.exists():
        return folder, json.loads(expected_file.read_text(encoding="utf-8"))
    expected: dict[str, str] = {}

    def fill(scratch: Path) -> None:
        expected.update(write_due_folder(scratch, bundled_templates(), count))

    _made_atomically(folder, fill)
    expected_file.write_text(json.dumps(expected), encoding="utf-8")
    if count > GENERATED:
        index_due_folder(folder)
    return folder, expected


_UPDATED_AT = re.compile(r"^updated_at = (\S+ \S+)$", re.MULTILINE)
_DUE_WINDOW = re.compile(
    r"^\[recommendation\.maintenance_due\]\nfrom_date = (\S+)\nto_date = (\S+)", re.MULTILINE
)


def index_due_folder(folder: Path) -> None:
    """Bench set-up only, like index_clones: each file bench.due_folder writes is one
    of two templates with its id, time, client reference and due window replaced, so
    its row is the template's (read from a real file) with those replaced: seconds
    instead of reading 100,000 reports. tests/test_bench_datasets.py checks it."""
    import tempfile

    from bench.due_folder import TEMPLATE_ID, bundled_templates
    from intake_tui.core.index import summary_row

    reference = _reference_question()
    made = bundled_templates()
    template_rows: dict[bool, list[str]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for with_window, text in ((True, made.go_ahead), (False, made.on_hold)):
            path = Path(scratch) / session_file_name(TEMPLATE_ID)
            path.write_text(text, encoding="utf-8")
            template_rows[with_window] = summary_row(path, reference)
    answer = re.compile(rf'^{re.escape(reference or "client_reference")} = "(.*)"$', re.MULTILINE)
    rows: list[list[object]] = []
    for path in sorted(folder.glob("intake-*.toml")):
        text = path.read_text(encoding="utf-8")
        window = _DUE_WINDOW.search(text)
        row = list(template_rows[window is not None])
        row[0] = path.name.removeprefix("intake-").removesuffix(".toml")
        updated = _UPDATED_AT.search(text)
        referenced = answer.search(text)
        assert updated is not None and referenced is not None, path
        row[2] = datetime.fromisoformat(updated[1]).isoformat()
        row[3] = referenced[1]
        if window is not None:
            row[6], row[7] = window[1], window[2]
        stamp = os.lstat(path)
        rows.append([path.name, stamp.st_mtime_ns, stamp.st_size, *row])
    _write_index(folder, rows, reference)


def _reference_question() -> str | None:
    from intake_tui.core.bank.header import read_header
    from intake_tui.core.resources import bundled_questions_dir

    return read_header(bundled_questions_dir()).reference_question


def _write_index(folder: Path, rows: list[list[object]], reference: str | None) -> None:
    """The rows as the folder's whole index; the next listing checks every file's stamp."""
    from intake_tui.core import index_db

    conn = index_db.connect(folder)
    with contextlib.closing(conn), index_db.writing(conn):
        conn.execute("DELETE FROM reports")
        index_db.upsert(conn, rows)
        index_db.set_meta(
            conn, folder_mtime_ns=-1, reference_question=reference or "", vouched_by="scan"
        )


def _complete(folder: Path, count: int) -> bool:
    try:
        return sum(1 for _ in folder.glob("intake-*.toml")) == count
    except OSError:
        return False


def _made_atomically(folder: Path, fill: Callable[[Path], None]) -> None:
    """Fill a scratch folder beside ``folder``, then rename it into place."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = folder.with_name(f".{folder.name}.{os.getpid()}")
    shutil.rmtree(scratch, ignore_errors=True)
    fill(scratch)
    shutil.rmtree(folder, ignore_errors=True)
    scratch.rename(folder)


def _generate(folder: Path, count: int) -> None:
    from bench.generate import generate

    generate(folder, count)


def clone(source: Path, folder: Path, count: int) -> None:
    """``count`` reports in ``folder``: the source's own first, then rounds of clones."""
    folder.mkdir(parents=True, mode=0o700, exist_ok=True)
    originals = sorted(source.glob("intake-*.toml"))
    for number in range(count):
        round_, original = divmod(number, len(originals))
        text = originals[original].read_text(encoding="utf-8")
        session_id, cloned = cloned_report(text, round_)
        (folder / session_file_name(session_id)).write_text(cloned, encoding="utf-8")


def cloned_report(text: str, round_: int) -> tuple[str, str]:
    """(the new session id, the report text) of round ``round_``'s clone of a report;
    round 0 is the report itself."""
    found = _SESSION_ID.search(text)
    if found is None:
        raise ValueError("not a session report: no session_id line")
    if round_ == 0:
        return found[1], text
    digest = clone_id(found[1], round_)
    shift = CLONE_SHIFT * round_
    text = text.replace(found[0], f'session_id = "{digest}"', 1)
    text = _SAVED_AT.sub(lambda m: f"{m[1]} = {_earlier(m[2], shift)}", text)
    text = _TODAY.sub(lambda m: f'today = "{_earlier(m[1], shift)}"', text, count=1)
    return digest, text


def clone_id(session_id: str, round_: int) -> str:
    return hashlib.blake2b(f"{session_id}/{round_}".encode(), digest_size=8).hexdigest()


def index_clones(source: Path, folder: Path, count: int) -> None:
    """Bench set-up only: the clones' index rows derived from their originals' (read
    from the files), as reading the clones would give them: the new id, file name and
    time. Reading 90,000 more reports takes most of an hour on a busy 2-core machine;
    tests/test_bench_datasets.py checks the rows equal those read from the files."""
    from intake_tui.core.index import open_index

    reference = _reference_question()
    opened = open_index(source, reference)
    assert opened is not None
    with contextlib.closing(opened):
        by_name = dict(opened.rows())
    originals = sorted(p.name for p in source.glob("intake-*.toml"))
    rows: list[list[object]] = []
    for number in range(count):
        round_, original = divmod(number, len(originals))
        row = list(by_name[originals[original]])
        if round_:
            row[0] = clone_id(row[0], round_)
            row[2] = _earlier(row[2], CLONE_SHIFT * round_)
        name = session_file_name(row[0])
        stamp = os.lstat(folder / name)
        rows.append([name, stamp.st_mtime_ns, stamp.st_size, *row])
    _write_index(folder, rows, reference)


def _earlier(stamp: str, shift: timedelta) -> str:
    """A TOML date or date-time, ``shift`` earlier, written the same way."""
    if len(stamp) == 10:
        return (datetime.fromisoformat(stamp) - shift).date().isoformat()
    sep = "T" if "T" in stamp else " "  # the index's form, or the report's
    return (datetime.fromisoformat(stamp) - shift).isoformat(sep=sep)


if __name__ == "__main__":
    print(reports_folder(int(sys.argv[1])))
