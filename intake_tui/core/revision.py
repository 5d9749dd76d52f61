"""Which version of a session file a terminal has seen, and the lock that orders saves.

A session file's revision is a hash of its bytes: no field in the file, so files
from any version load as before. A save first checks, under a short folder-wide
lock, that the file on disk is still the revision this terminal last read or
wrote; the check and the rename happen under the same lock, so two terminals
cannot interleave them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from intake_tui.core.files import FILE_MODE, StoreError, ensure_private_dir
from intake_tui.core.tomlfile import UnreadableFile, read_limited

LOCK_DIR = ".locks"  # inside the data folder: leases and the save lock, never an answer
SAVE_LOCK = "save.lock"
LOCK_WAIT_SECONDS = 2.0  # saves take milliseconds; longer means something is stuck
LOCK_POLL_SECONDS = 0.01


def revision_of(data: bytes) -> str:
    import hashlib  # here: OpenSSL's ~4 ms kept off the app's start-up (first at a save)

    return hashlib.sha256(data).hexdigest()[:32]


def revision_on_disk(path: Path) -> str | None:
    """The revision of the file at ``path``, None when there is none."""
    try:
        return revision_of(read_limited(path))  # bounded, regular files only: never a FIFO
    except UnreadableFile as why:
        if not os.path.lexists(path):
            return None
        raise StoreError(f"{path}: {why}") from None


def lock_dir(folder: Path) -> Path:
    return ensure_private_dir(folder / LOCK_DIR)


@contextlib.contextmanager
def save_lock(folder: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the data folder's save lock (waiting at most ``wait`` seconds, by default
    LOCK_WAIT_SECONDS); StoreError if another program keeps it longer."""
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    path = lock_dir(folder) / SAVE_LOCK
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)
    except OSError as error:
        raise StoreError(f"{path}: cannot open the save lock ({error.strerror or error})") from None
    try:
        deadline = time.monotonic() + wait
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise StoreError(
                    f"{path}: another program has held the save lock for over {wait:g} s; "
                    "nothing was saved, try again"
                )
            time.sleep(LOCK_POLL_SECONDS)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
