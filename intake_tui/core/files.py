"""Private, atomic files: the only way the program writes to disk.

A save serialises first, writes a temporary file in the same folder, flushes
and fsyncs it, renames it over the target and fsyncs the folder, so a reader
never sees a partial file and an old file survives a failed save untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from intake_tui.core.errors import IntakeError

TEMP_PREFIX = ".tmp-"
FILE_MODE = 0o600
DIR_MODE = 0o700


class StoreError(IntakeError):
    """A file could not be written; what was there before is untouched."""


def ensure_private_dir(folder: Path) -> Path:
    try:
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"{folder}: cannot create the folder ({error.strerror or error})"
        ) from None
    return folder


def write_atomic(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    folder = path.parent
    try:
        fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".toml", dir=folder)
    except OSError as error:
        raise StoreError(f"{folder}: cannot write here ({error.strerror or error})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise StoreError(f"{path}: could not be saved ({error.strerror or error})") from None
    _fsync_dir(folder)


def remove_file(path: Path) -> None:
    """Delete ``path`` for good: unlink it and fsync the folder so the removal survives a crash."""
    try:
        path.unlink()
    except OSError as error:
        raise StoreError(f"{path}: could not be deleted ({error.strerror or error})") from None
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
