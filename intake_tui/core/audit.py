"""An append-only audit log in the data folder: who did what to which session, when.

It never holds an answer value: only the time, the action, the session id, the
staff initials, the mode and, for client events, the client's random id. One
JSON object per line, appended with O_APPEND so lines from several terminals
never interleave.
"""

from __future__ import annotations

import errno
import os
import stat
from datetime import datetime
from pathlib import Path

from intake_tui.core.files import FILE_MODE, StoreError, ensure_private_dir

AUDIT_FILE = "audit.log"
ACTIONS = frozenset(
    {
        "intake_started",
        "intake_resumed",
        "intake_completed",
        "gate_overridden",
        "report_opened",
        "copy_saved",
        "report_exported",
        "report_downloaded",
        "idle_timeout",
        "draft_discarded",
        "report_deleted",
        "mode_switched",
        "unlocked",
        "screenshot_saved",
        "client_created",
        "client_erased",
    }
)


def audit_path(folder: Path) -> Path:
    return folder / AUDIT_FILE


def record(
    folder: Path,
    action: str,
    *,
    at: datetime,
    session_id: str = "",
    staff_initials: str = "",
    mode: str = "",
    client_id: str = "",
) -> None:
    """Append one event; raise StoreError if the log cannot be written. ``client_id``
    (a random id, never a name) is written only when given."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    import json  # not at module level: the app imports this module before its first paint

    event = {
        "at": at.isoformat(),
        "action": action,
        "session_id": session_id,
        "staff_initials": staff_initials,
        "mode": mode,
    }
    if client_id:
        event["client_id"] = client_id
    line = json.dumps(event, sort_keys=True)
    ensure_private_dir(folder)
    _append(audit_path(folder), (line + "\n").encode("utf-8"))


# No link is followed (a planted audit.log -> elsewhere must not be appended to), and
# a pipe opens without waiting for a reader, to be refused below.
_OPEN_FLAGS = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


_OPEN_REFUSALS = {errno.ELOOP: "it is a symbolic link", errno.ENXIO: "not a regular file"}


def _append(path: Path, data: bytes) -> None:
    """Append ``data`` to the log and fsync it; StoreError on anything else, with no write."""
    try:
        fd = os.open(path, _OPEN_FLAGS, FILE_MODE)
    except OSError as error:
        why = _OPEN_REFUSALS.get(error.errno or 0, error.strerror or type(error).__name__)
        raise StoreError(f"{path}: audit log not written ({why})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StoreError(f"{path}: audit log not written (not a regular file)")
        written = os.write(fd, data)
        if written != len(data):
            raise StoreError(f"{path}: audit log not written (only part of the line fit)")
        os.fsync(fd)
    except OSError as error:
        raise StoreError(f"{path}: audit log not written ({error.strerror or error})") from None
    finally:
        os.close(fd)
