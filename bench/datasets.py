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

import hashlib
import os
import re
import shutil
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from intake_tui.core.store import session_file_name

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".bench-cache"
GENERATED = 10_000  # the most generated from the bank; more are clones
CLONE_SHIFT = timedelta(weeks=40)  # each round of clones is saved this much earlier
_SESSION_ID = re.compile(r'^session_id = "([0-9a-f]{16})"$', re.MULTILINE)
_SAVED_AT = re.compile(r"^(created_at|updated_at) = (\S+ \S+)$", re.MULTILINE)
_TODAY = re.compile(r'^today = "(\d{4}-\d\d-\d\d)"$', re.MULTILINE)


def reports_folder(count: int) -> Path:
    """A folder of ``count`` valid reports in this checkout's cache, made if missing."""
    folder = CACHE / f"reports-{count}"
    if _complete(folder, count):
        return folder
    if count <= GENERATED:
        _made_atomically(folder, lambda scratch: _generate(scratch, count))
    else:
        source = reports_folder(GENERATED)
        _made_atomically(folder, lambda scratch: clone(source, scratch, count))
    return folder


def _complete(folder: Path, count: int) -> bool:
    try:
        return sum(1 for _ in folder.glob("intake-*.toml")) == count
    except OSError:
        return False


def _made_atomically(folder: Path, fill: Callable[[Path], None]) -> None:
    """Fill a scratch folder beside ``folder``, then rename it into place."""
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
    digest = hashlib.blake2b(f"{found[1]}/{round_}".encode(), digest_size=8).hexdigest()
    shift = CLONE_SHIFT * round_
    text = text.replace(found[0], f'session_id = "{digest}"', 1)
    text = _SAVED_AT.sub(lambda m: f"{m[1]} = {_earlier(m[2], shift)}", text)
    text = _TODAY.sub(lambda m: f'today = "{_earlier(m[1], shift)}"', text, count=1)
    return digest, text


def _earlier(stamp: str, shift: timedelta) -> str:
    """A TOML date or date-time, ``shift`` earlier, written the same way."""
    if len(stamp) == 10:
        return (datetime.fromisoformat(stamp) - shift).date().isoformat()
    return (datetime.fromisoformat(stamp) - shift).isoformat(sep=" ")


if __name__ == "__main__":
    print(reports_folder(int(sys.argv[1])))
