"""An erasure request: remove a client's record, every report and draft of theirs and
their index rows, audit-logged without answers, touching nothing else.

Exported copies in the data folder's ``exports/`` named after one of those
sessions go too. The client's sessions are those their file lists and, in case a save landed but the
client file could not be updated, every session file that names the client: each
file's bytes are checked for the client id before anything is parsed. A draft open
in another terminal is refused: it would be saved again after the erasure.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from intake_tui.core import audit
from intake_tui.core.clients import Client, ClientBook, ClientError
from intake_tui.core.document.export import EXPORTS_FOLDER
from intake_tui.core.files import StoreError, remove_file
from intake_tui.core.index import FolderError, session_names
from intake_tui.core.lease import lease_path, read_holder
from intake_tui.core.revision import save_lock
from intake_tui.core.store import ReportSummary, SessionStore, session_id_of
from intake_tui.core.tomlfile import UnreadableFile, read_limited


@dataclass(frozen=True)
class ErasurePlan:
    client: Client
    sessions: list[ReportSummary]  # newest first
    # Copies the Export dialog saved in the data folder's exports/ under a session's id.
    exports: list[Path] = field(default_factory=list)


def erasure_plan(store: SessionStore, book: ClientBook, client_id: str) -> ErasurePlan:
    """What erasing ``client_id`` removes; ClientError if it cannot be done now."""
    client = book.get(client_id)
    named = set(client.session_ids) | _files_naming(store, client_id)
    summaries = [store.summary(store.path_for(s)) for s in named if store.path_for(s).is_file()]
    summaries.sort(key=lambda s: s.updated_at, reverse=True)
    for summary in summaries:
        holder = read_holder(lease_path(store.folder, summary.session_id))
        if holder is not None and not holder.is_stale(time.time()):
            raise ClientError(
                f"{summary.file_name}: this client's draft is open in another terminal "
                f"({holder.describe(time.time())}); close it there, then erase"
            )
    return ErasurePlan(client, summaries, _exports_of(store, {s.session_id for s in summaries}))


# The Export dialog's names: date, session id, whose copy (core/document/export.py).
_EXPORT_NAME = re.compile(r"\d{4}-\d{2}-\d{2}-(?P<session>[0-9a-f]{16})-[a-z]+\.[a-z]+")


def _exports_of(store: SessionStore, session_ids: set[str]) -> list[Path]:
    """The regular files in ``exports/`` named after one of ``session_ids``. A table of
    the whole folder (``intake export --csv``) is everyone's, so it is not one of them."""
    try:
        entries = list(os.scandir(store.folder / EXPORTS_FOLDER))
    except OSError:
        return []
    return sorted(
        Path(entry.path)
        for entry in entries
        if (named := _EXPORT_NAME.fullmatch(entry.name)) is not None
        and named["session"] in session_ids
        and entry.is_file(follow_symlinks=False)
    )


def _files_naming(store: SessionStore, client_id: str) -> set[str]:
    """Ids of the session files whose text names ``client_id``."""
    marker = f'client_id = "{client_id}"'.encode()
    try:
        names = session_names(store.folder)
    except FolderError:
        return set()
    found: set[str] = set()
    for name in names:
        with contextlib.suppress(UnreadableFile):
            if marker in read_limited(store.folder / name):
                found.add(session_id_of(store.folder / name))
    return found


def erase(
    plan: ErasurePlan,
    store: SessionStore,
    book: ClientBook,
    *,
    at: datetime,
    staff_initials: str = "",
    mode: str = "",
) -> None:
    """Carry out the erasure ``plan`` was made for: the erasure is logged first (nothing
    is removed unrecorded), then each session (logged and dropped from the index by the
    store), its stale lease, its exported copies, and last the client file, so an
    interrupted erasure can be run again.

    All under the folder's save lock, with the client's sessions listed again there: a
    session saved for them while someone read the confirmation goes too, and no save
    can attach a session to (and so write back) the record being removed."""
    with save_lock(store.folder):
        _erase(
            erasure_plan(store, book, plan.client.client_id), store, book, at, staff_initials, mode
        )


def _erase(
    plan: ErasurePlan,
    store: SessionStore,
    book: ClientBook,
    at: datetime,
    staff_initials: str,
    mode: str,
) -> None:
    client_id = plan.client.client_id
    audit.record(
        store.folder,
        "client_erased",
        at=at,
        client_id=client_id,
        staff_initials=staff_initials,
        mode=mode,
    )
    for summary in plan.sessions:
        store.delete(summary.path, at=at, staff_initials=staff_initials, mode=mode)
        lease = lease_path(store.folder, summary.session_id)
        with contextlib.suppress(StoreError):
            if lease.exists():
                remove_file(lease)
    for export in plan.exports:
        remove_file(export)
    book.remove(client_id)
