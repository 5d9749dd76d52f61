"""One writer per draft: a lease file says which terminal has a draft open.

``.locks/<session id>.lease`` (0600) holds a random owner token, the process id,
the host name and a heartbeat time: never an answer or a name. The terminal
holding it renews the heartbeat while the draft is open and removes the file on
going home, finishing or quitting. A lease whose process is gone (same host) or
whose heartbeat is older than ``STALE_AFTER_SECONDS`` was left by a killed app:
the next opener takes it without asking. Anyone may take a live lease over; the
old holder then finds its token gone and its next save is refused.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from intake_tui.core.files import StoreError, remove_file, write_atomic
from intake_tui.core.i18n import _
from intake_tui.core.revision import lock_dir, save_lock
from intake_tui.core.tomlfile import UnreadableFile, read_limited

LEASE_MAX_BYTES = 4096  # a token, a pid, a host name and a time

LEASE_SUFFIX = ".lease"
HEARTBEAT_SECONDS = 30.0
STALE_AFTER_SECONDS = 120.0  # four missed heartbeats: a killed or suspended app


def lease_path(folder: Path, session_id: str) -> Path:
    return folder / ".locks" / f"{session_id}{LEASE_SUFFIX}"


@dataclass(frozen=True)
class LeaseHolder:
    """Who holds a lease, as its file says."""

    token: str
    pid: int
    host: str
    heartbeat: float  # seconds since the epoch

    def is_stale(self, now: float) -> bool:
        if now - self.heartbeat > STALE_AFTER_SECONDS:
            return True
        return self.host == socket.gethostname() and not _process_alive(self.pid)

    def describe(self, now: float) -> str:
        seconds = max(0, round(now - self.heartbeat))
        return _("process {pid} on {host}, last seen {seconds} s ago").format(
            pid=self.pid, host=self.host, seconds=seconds
        )


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def read_holder(path: Path) -> LeaseHolder | None:
    """The lease at ``path``; None when there is none or it cannot be read (a torn or
    hand-edited lease protects nothing, so it counts as free)."""
    import json  # here, not at start-up: the first frame imports no parser (import hygiene)

    try:
        data = json.loads(read_limited(path, LEASE_MAX_BYTES))
        return LeaseHolder(
            str(data["token"]), int(data["pid"]), str(data["host"]), float(data["heartbeat"])
        )
    except (UnreadableFile, ValueError, KeyError, TypeError, RecursionError):
        return None


@dataclass(frozen=True)
class Lease:
    """This terminal's hold on one draft."""

    path: Path
    token: str

    @property
    def session_id(self) -> str:
        return self.path.name.removesuffix(LEASE_SUFFIX)

    def held(self) -> bool:
        holder = read_holder(self.path)
        return holder is not None and holder.token == self.token

    def renew(self, now: float | None = None) -> bool:
        """Refresh the heartbeat; False (and nothing written) once taken over."""
        with save_lock(self.path.parent.parent):
            if not self.held():
                return False
            _write(self.path, self.token, time.time() if now is None else now)
        return True

    def release(self) -> None:
        """Give the draft up, unless another terminal has taken it over since."""
        with contextlib.suppress(StoreError), save_lock(self.path.parent.parent):
            if self.held():
                remove_file(self.path)


def take(
    folder: Path, session_id: str, *, force: bool = False, now: float | None = None
) -> Lease | LeaseHolder:
    """A lease on ``session_id``; or, unless ``force``, the live holder that has it."""
    moment = time.time() if now is None else now
    path = lease_path(folder, session_id)
    with save_lock(folder):
        lock_dir(folder)
        holder = read_holder(path)
        if holder is not None and not force and not holder.is_stale(moment):
            return holder
        import secrets  # here: it pulls in OpenSSL (~4 ms), not needed for the first frame

        token = secrets.token_hex(16)
        _write(path, token, moment)
    return Lease(path, token)


def _write(path: Path, token: str, heartbeat: float) -> None:
    import json

    record = {
        "token": token,
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "heartbeat": heartbeat,
    }
    write_atomic(path, json.dumps(record))
