"""Data folders in the states people meet: an index warm or stale, a folder of one's own.

Warm: the index was written after the folder's last change, as between saves.
Stale: the folder changed after the index was written, as right after a save (its
time is now); the program checks every file against the index before listing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from intake_tui.core.bank.header import read_header
from intake_tui.core.resources import bundled_questions_dir
from intake_tui.core.store import SessionStore


def settle(folder: Path) -> None:
    """Date the folder's last change a minute back, like a data folder between saves."""
    past = time.time_ns() - 60_000_000_000
    os.utime(folder, ns=(past, past))


def store_of(folder: Path) -> SessionStore:
    """The store the app opens on ``folder`` (the bundled bank's reference question)."""
    return SessionStore(folder, read_header(bundled_questions_dir()).reference_question)


def warm_index(folder: Path) -> None:
    """Bring the folder's index up to date with the folder, as the app's store writes
    it. The first time, this reads every report."""
    store_of(folder).listing()  # builds the index (and its folder) if missing
    settle(folder)
    store_of(folder).listing()  # a new store: written for the settled folder, warm


def make_stale(folder: Path) -> None:
    """The folder changed just now, after its index was written (as by a save)."""
    os.utime(folder, None)


def linked_copy(source: Path, target: Path) -> Path:
    """A folder of its own with the same reports (hard links: saves replace files by
    renaming, never write into them) and a copy of the index; stale, as the copy is new."""
    target.mkdir(mode=0o700, parents=True)
    for path in source.glob("intake-*.toml"):
        os.link(path, target / path.name)
    index = source / ".index"
    if index.is_dir():
        shutil.copytree(index, target / ".index", ignore=shutil.ignore_patterns("*.lock"))
    make_stale(target)
    return target


def data_home(sessions: Path | None) -> tuple[Path, dict[str, str]]:
    """A user data folder (XDG_DATA_HOME) whose intake sessions are ``sessions`` (None:
    none yet), and the environment that makes the plain `intake` use it."""
    home = Path(tempfile.mkdtemp(prefix="intake-bench-home-"))
    if sessions is not None:
        (home / "intake-tui").mkdir(mode=0o700)
        (home / "intake-tui" / "sessions").symlink_to(sessions, target_is_directory=True)
    return home, {"XDG_DATA_HOME": str(home), "INTAKE_DATA_DIR": ""}
