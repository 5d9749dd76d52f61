"""Saving a session as every front end saves it: the report into the store, the fork
when another terminal changed the draft meanwhile, and the listing in the client's
record. The app and plain mode both use this, so a save means the same in each."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from intake_tui.core.clock import Clock
from intake_tui.core.errors import IntakeError
from intake_tui.core.report.models import SessionReport
from intake_tui.core.session import IntakeSession
from intake_tui.core.store import SessionStore, session_file_name, session_id_of


@dataclass(frozen=True)
class Saved:
    """Where a report was saved; ``forked``: under a new id, beside the draft another
    terminal changed; ``client_problem``: why the client record was not updated ("")."""

    path: Path
    forked: bool
    client_problem: str = ""


@dataclass
class Saver:
    store: SessionStore
    clock: Clock
    _attached: set[tuple[str, str]] = field(default_factory=set)

    def save(self, report: SessionReport) -> Saved:
        """Save ``report``; IntakeError (DraftTakenOver among them) when it cannot be."""
        path = self.store.save(report)
        forked = path.name != session_file_name(report.session_id)
        problem = self._list_in_client(report.client_id, session_id_of(path))
        return Saved(path, forked, problem)

    def _list_in_client(self, client_id: str | None, session_id: str) -> str:
        """List a saved session in its client's record, once. The session file names its
        client too, so a failure here loses nothing: it is said, not fatal."""
        if not client_id or (client_id, session_id) in self._attached:
            return ""
        from intake_tui.core.clients import ClientBook

        try:
            ClientBook(self.store.folder).attach(client_id, session_id, at=self.clock())
        except IntakeError as error:
            return str(error)
        self._attached.add((client_id, session_id))
        return ""


def forked_session(session: IntakeSession, saved: Path) -> IntakeSession:
    """``session`` carried on under the id its forked save was given."""
    new_id = session_id_of(saved)
    report = session.completed_report
    return replace(
        session,
        session_id=new_id,
        completed_report=report.model_copy(update={"session_id": new_id}) if report else None,
    )
