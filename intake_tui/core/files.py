"""Private, atomic files: the only way the program writes to disk.

A save serialises first, writes a temporary file in the same folder, flushes
and fsyncs it, renames it over the target and fsyncs the folder, so a reader
never sees a partial file and an old file survives a failed save untouched.
Only a regular file is ever replaced: a link, a device, a pipe or a folder at
the target is refused, so `-o /dev/full` cannot swap a device for a file.
Every error (write, flush, fsync, rename, folder fsync) reaches the caller.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from intake_tui.core.errors import IntakeError, file_kind

TEMP_PREFIX = ".tmp-"
FILE_MODE = 0o600
DIR_MODE = 0o700
# Filesystems that cannot fsync a folder say so with these; nothing was lost.
_FOLDER_SYNC_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EBADF})


class StoreError(IntakeError):
    """A file could not be written; what was there before is untouched."""


class AlreadyExists(StoreError):
    """A new file was asked for, and one is already there (it was left as it was)."""


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def ensure_private_dir(folder: Path) -> Path:
    """Create ``folder`` and any missing parent, each 0700 from the moment it exists.

    ``mkdir(parents=True)`` gives the parents the umask's mode (0777 under umask
    000), which would let another user swap the folder below them."""
    try:
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        for path in reversed(missing):
            with contextlib.suppress(FileExistsError):  # another terminal made it first
                os.mkdir(path, DIR_MODE)
                os.chmod(path, DIR_MODE)  # a umask can only remove bits: set them exactly
        if not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder")
    except OSError as error:
        raise StoreError(f"{folder}: cannot create the folder ({_reason(error)})") from None
    return folder


def loose_folder_warning(folder: Path) -> str | None:
    """One sentence if other users may write in ``folder`` (and so swap its files)."""
    try:
        mode = os.stat(folder).st_mode
    except OSError:
        return None  # missing: it is created 0700 on the first save
    if not mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return (
        f"Warning: the data folder {folder} can be changed by other users "
        f"(mode {stat.S_IMODE(mode):04o}); make it private with: chmod 700 '{folder}'"
    )


def refuse_unless_regular(path: Path) -> None:
    """StoreError if something other than a regular file (or nothing) is at ``path``."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise StoreError(f"{path}: cannot be checked ({_reason(error)})") from None
    if not stat.S_ISREG(mode):
        raise StoreError(f"{path}: {file_kind(mode)}, not a regular file; it was not replaced")


def write_atomic(path: Path, text: str) -> None:
    write_atomic_bytes(path, text.encode("utf-8"))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    folder = path.parent
    refuse_unless_regular(path)
    try:
        # The target's suffix: a crash leaves a temp file a reader can tell apart.
        fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=folder)
    except OSError as error:
        raise StoreError(f"{folder}: cannot write here ({_reason(error)})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        refuse_unless_regular(path)  # again: something may have appeared meanwhile
        os.replace(temp_name, path)
    except (OSError, StoreError) as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(error, StoreError):
            raise
        raise StoreError(f"{path}: could not be saved ({_reason(error)})") from None
    _fsync_dir(folder, path)


def remove_file(path: Path) -> None:
    """Delete ``path`` for good: unlink it and fsync the folder so the removal survives a crash."""
    try:
        path.unlink()
    except OSError as error:
        raise StoreError(f"{path}: could not be deleted ({_reason(error)})") from None
    _fsync_dir(path.parent, path)


def _fsync_dir(folder: Path, changed: Path) -> None:
    """Make a rename or removal durable; a failure is the caller's error, not a shrug."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # a folder we may write but not open: the file itself is synced
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in _FOLDER_SYNC_UNSUPPORTED:
            raise StoreError(
                f"{changed}: changed, but the folder {folder} could not be synced to disk "
                f"({_reason(error)}); a power cut could undo it"
            ) from None
    finally:
        os.close(fd)


def write_new(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Write ``data`` privately to ``path``, which must not exist unless ``replace``.

    Claiming the name (O_EXCL, mode 0600) and checking it are one step, so nothing that
    appears meanwhile is overwritten; if the write then fails, the empty file this call
    made is removed and nothing else is touched."""
    claimed = False
    if not replace:
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
        except FileExistsError:
            raise AlreadyExists(f"{path}: already exists; it was not replaced") from None
        except OSError as error:
            raise StoreError(f"{path}: cannot be written ({_reason(error)})") from None
        claimed = True
    try:
        write_atomic_bytes(path, data)
    except BaseException:
        if claimed:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
