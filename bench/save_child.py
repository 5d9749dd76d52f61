"""A child process that saves sessions in a loop, for the kill and concurrency tests.

    python -m bench.save_child loop FOLDER START   # a new session and the draft, forever
    python -m bench.save_child count FOLDER N      # N new sessions with random ids

After each save has fully completed it prints one line, `saved ID N` or
`draft N`, so the parent knows exactly which saves must survive a kill.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from intake_tui.core.bundle import load_bundle
from intake_tui.core.report.build import new_session_id, questionnaire_ref
from intake_tui.core.report.models import QuestionnaireRef, SessionReport, Status
from intake_tui.core.store import save_report

DRAFT_ID = "dddddddddddddddd"
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def session(ref: QuestionnaireRef, session_id: str, number: int, status: Status) -> SessionReport:
    """A small session whose answers encode `number`, so survivors can be checked."""
    return SessionReport(
        session_id=session_id,
        status=status,
        created_at=NOW,
        updated_at=NOW,
        questionnaire=ref,
        answers={"age": 18 + number % 80, "client_reference": f"save {number}"},
    )


def main(argv: list[str]) -> int:
    mode, folder, number = argv[0], Path(argv[1]), int(argv[2])
    ref = questionnaire_ref(load_bundle(lint=False))
    if mode == "count":
        for n in range(number):
            save_report(folder, session(ref, new_session_id(), n, "completed"))
        return 0
    n = number
    while True:
        session_id = f"{n:016x}"
        save_report(folder, session(ref, session_id, n, "completed"))
        print(f"saved {session_id} {n}", flush=True)
        save_report(folder, session(ref, DRAFT_ID, n, "in_progress"))
        print(f"draft {n}", flush=True)
        n += 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
