"""Sessions for the kill trials (bench.crash) and a saving process for the concurrency test.

python -m bench.save_child FOLDER N      # N new sessions with random ids
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
    folder, count = Path(argv[0]), int(argv[1])
    ref = questionnaire_ref(load_bundle(lint=False))
    for n in range(count):
        save_report(folder, session(ref, new_session_id(), n, "completed"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
