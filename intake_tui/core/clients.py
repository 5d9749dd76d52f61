"""Client records: who an intake belongs to, so a clinic can find a person's visits.

A client file, ``clients/<16 hex>.toml`` in the data folder, holds a random id, the
identifiers the clinic's settings choose (``client_identifiers``), the ids of that
client's sessions and two times. Never an answer: the answers stay in the session
files, which name their client by ``client_id``. Files are written like reports
(atomic, 0600), read through ``read_limited`` and every change is audit-logged.

Finding is by any identifier, normalised (case, spaces and punctuation do not
count: "K. Mensah" is "k mensah", "#1042" is "1042") and always gives a list of
matches for a person to choose from, never a silent pick.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intake_tui.core import audit
from intake_tui.core.errors import IntakeError
from intake_tui.core.files import ensure_private_dir, remove_file, write_new
from intake_tui.core.i18n import _
from intake_tui.core.identifiers import (
    IDENTIFIER_LABELS,
    MAX_IDENTIFIER_CHARS,
    squeezed,
    value_problem,
)
from intake_tui.core.revision import save_lock
from intake_tui.core.safe_text import shown
from intake_tui.core.tomlfile import UnreadableFile, parse_toml, read_limited

if TYPE_CHECKING:
    from intake_tui.core.store import ReportSummary, SessionStore

CLIENTS_DIR = "clients"
CLIENT_SUFFIX = ".toml"
CLIENT_ID = re.compile(r"[0-9a-f]{16}")
MAX_CLIENT_BYTES = 512 * 1024  # identifiers and session ids: years of visits fit in a few kB
HEADER = "# intake-tui client record: identifiers and session ids, never answers.\n"


class ClientError(IntakeError):
    """A client file or identifier that cannot be used; one sentence naming it."""


@dataclass(frozen=True)
class Client:
    """One client's record: identifiers and session ids, never an answer."""

    client_id: str
    identifiers: Mapping[str, str]
    created_at: datetime
    updated_at: datetime
    session_ids: tuple[str, ...] = ()
    path: Path | None = field(default=None, compare=False)

    def label(self, names: Iterable[str] | None = None) -> str:
        """The identifiers as one line for a person ("K. Mensah · 1984-03-07"), in the
        settings' order; plain text, to be shown without markup."""
        chosen = list(names) if names is not None else list(self.identifiers)
        parts = [
            shown(self.identifiers[n], MAX_IDENTIFIER_CHARS)
            for n in chosen
            if self.identifiers.get(n)
        ]
        return " · ".join(parts) or f"client {self.client_id}"

    @cached_property
    def search_keys(self) -> tuple[str, ...]:
        """The identifiers as compared (normalised once, not at every keystroke)."""
        return tuple(squeezed(v) for v in self.identifiers.values())

    def matches(self, wanted: str) -> bool:
        """Whether an identifier holds ``wanted`` (already squeezed); "" matches all."""
        return not wanted or any(wanted in key for key in self.search_keys)


def new_client_id() -> str:
    return secrets.token_hex(8)


def clients_dir(folder: Path) -> Path:
    return folder / CLIENTS_DIR


def client_path(folder: Path, client_id: str) -> Path:
    if not CLIENT_ID.fullmatch(client_id):
        raise ClientError(f"{shown(client_id)}: not a client id (16 hex digits)")
    return clients_dir(folder) / f"{client_id}{CLIENT_SUFFIX}"


def client_record(client: Client) -> dict[str, Any]:
    """What a client file holds (and the index keeps of it)."""
    return {
        "client_id": client.client_id,
        "created_at": client.created_at,
        "updated_at": client.updated_at,
        "identifiers": dict(client.identifiers),
        "session_ids": list(client.session_ids),
    }


def dumps_client(client: Client) -> str:
    import tomli_w

    return HEADER + tomli_w.dumps(client_record(client))


def read_client(path: Path) -> Client:
    """The client file at ``path``; ClientError naming the file otherwise."""
    try:
        data = parse_toml(read_limited(path, MAX_CLIENT_BYTES))
    except UnreadableFile as error:
        where = f"{path}:{error.line}" if error.line else str(path)
        raise ClientError(f"{where}: not a client file: it {error}") from None
    return checked_client(data, path)


def checked_client(data: dict[str, Any], path: Path) -> Client:
    """A client record as read from a file or the index, checked; ClientError if not."""
    try:
        return _client_from(data, path)
    except (KeyError, TypeError, ValueError) as error:
        raise ClientError(f"{path}: not a valid client file ({shown(error, 80)})") from None


def _client_from(data: dict[str, Any], path: Path) -> Client:
    client_id = data["client_id"]
    if not isinstance(client_id, str) or not CLIENT_ID.fullmatch(client_id):
        raise ValueError("client_id is not 16 hex digits")
    if path.stem != client_id:
        raise ValueError("client_id does not match the file name")
    identifiers = data.get("identifiers", {})
    if not isinstance(identifiers, dict):
        raise ValueError("identifiers is not a table")
    for name, value in identifiers.items():
        if name not in IDENTIFIER_LABELS or not isinstance(value, str):
            raise ValueError(f"identifier {name} is unknown or not text")
        if problem := value_problem(name, value, today=date.max):
            raise ValueError(problem)
    sessions = data.get("session_ids", [])
    if not isinstance(sessions, list) or not all(
        isinstance(s, str) and CLIENT_ID.fullmatch(s) for s in sessions
    ):
        raise ValueError("session_ids is not a list of session ids")
    created, updated = data["created_at"], data["updated_at"]
    if not isinstance(created, datetime) or not isinstance(updated, datetime):
        raise ValueError("created_at and updated_at are times")
    return Client(client_id, dict(identifiers), created, updated, tuple(sessions), path)


@dataclass(frozen=True)
class ClientListing:
    clients: list[Client]
    unreadable: list[str]  # one sentence per client file that could not be read

    def find(self, query: str) -> list[Client]:
        """Every client an identifier of whom holds ``query``: exact matches first, then
        the most recently seen; a list to choose from, never one silently picked."""
        wanted = squeezed(query)
        found = [c for c in self.clients if c.matches(wanted)]
        found.sort(key=lambda c: c.updated_at, reverse=True)
        found.sort(key=lambda c: wanted not in c.search_keys)  # stable: recency kept within
        return found


class ClientBook:
    """The client files of one data folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def listing(self) -> ClientListing:
        """Every readable client, and a sentence for each file that is not: through the
        index (core/index_clients.py), which reads only the files changed since."""
        from intake_tui.core.index_clients import ClientFiles, indexed_clients

        try:
            names = sorted(p.name for p in clients_dir(self.folder).iterdir())
        except FileNotFoundError:
            return ClientListing([], [])
        except OSError as error:
            return ClientListing(
                [], [f"{clients_dir(self.folder)}: cannot be read ({error.strerror})"]
            )
        names = [n for n in names if n.endswith(CLIENT_SUFFIX) and not n.startswith(".")]
        files = ClientFiles(read_client, checked_client, client_record)
        clients, unreadable = indexed_clients(self.folder, clients_dir(self.folder), names, files)
        return ClientListing(clients, unreadable)

    def get(self, client_id: str) -> Client:
        path = client_path(self.folder, client_id)
        if not path.exists():
            raise ClientError(f"{shown(client_id)}: no such client in {self.folder}")
        return read_client(path)

    def create(
        self,
        identifiers: Mapping[str, str],
        *,
        names: Sequence[str],
        at: datetime,
        staff_initials: str = "",
        mode: str = "",
    ) -> Client:
        """A new client with a random id, holding only the identifiers ``names`` allows
        (stripped; at least one given); ClientError saying which value is wrong."""
        kept = {n: identifiers.get(n, "").strip() for n in names}
        for name, value in kept.items():
            if problem := value_problem(name, value, today=at.date()):
                raise ClientError(problem)
        if not any(kept.values()):
            raise ClientError(_("A client needs at least one identifier"))
        ensure_private_dir(clients_dir(self.folder))
        client = Client(new_client_id(), {n: v for n, v in kept.items() if v}, at, at)
        path = client_path(self.folder, client.client_id)
        audit.record(
            self.folder,
            "client_created",
            at=at,
            client_id=client.client_id,
            staff_initials=staff_initials,
            mode=mode,
        )
        write_new(path, dumps_client(client).encode("utf-8"))
        return replace(client, path=path)

    def attach(self, client_id: str, session_id: str, *, at: datetime) -> Client:
        """Add a session to the client's list (once; nothing is written if it is there).
        Under the folder's save lock: two terminals attaching at once both count."""
        with save_lock(self.folder):
            client = self.get(client_id)
            if session_id in client.session_ids:
                return client
            sessions = (*client.session_ids, session_id)
            changed = replace(client, session_ids=sessions, updated_at=at)
            path = client_path(self.folder, client_id)
            write_new(path, dumps_client(changed).encode("utf-8"), replace=True)
        return changed

    def remove(self, client_id: str) -> None:
        """Delete the client file and its index row (the erasure's last step: see
        core/erasure.py)."""
        from intake_tui.core.index_clients import forget_client

        path = client_path(self.folder, client_id)
        remove_file(path)
        forget_client(self.folder, path.name)

    def history(self, client_id: str, store: SessionStore) -> list[ReportSummary]:
        """The client's sessions that are still in the store, newest first (a session
        deleted on its own since is simply no longer there)."""
        return store.sessions(self.get(client_id).session_ids)

    def last_completed_report(self, client_id: str, store: SessionStore) -> ReportSummary | None:
        """The client's newest completed (or amended) session, or None: where a returning
        client's intake starts from."""
        done = [s for s in self.history(client_id, store) if not s.is_draft]
        return done[0] if done else None
