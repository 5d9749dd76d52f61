"""A data folder of many reports with known maintenance due windows, written fast.

Two real reports (one that goes ahead, one on hold) are the templates; each file is
a template with its session id, time, client reference and due window replaced, so
10,000 files take about a second instead of minutes of recommending. Every tenth
client came back: an earlier report that would be due, superseded by a later one
(on hold, or due much later), so only the later one counts.

python -m bench.due_folder DIR N
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.files import ensure_private_dir
from intake_tui.core.recall import DueState, due_state
from intake_tui.core.report.build import build_report
from intake_tui.core.report.toml_io import dumps_report
from intake_tui.core.store import session_file_name

AS_OF = date(2027, 6, 1)
WITHIN_DAYS = 30
FIRST_SAVE = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
TEMPLATE_ID = "f" * 16
_DUE_BLOCK = re.compile(
    r"(\[recommendation\.maintenance_due\]\nfrom_date = )\S+(\nto_date = )\S+", re.MULTILINE
)


@dataclass(frozen=True)
class Templates:
    go_ahead: str  # a report text with a maintenance due window
    on_hold: str  # one without


def templates(
    bundle: Bundle,
    go_ahead: dict[str, AnswerValue],
    on_hold: dict[str, AnswerValue],
    reference_key: str = "client_reference",
) -> Templates:
    def text(answers: dict[str, AnswerValue]) -> str:
        report = build_report(
            bundle,
            {**answers, reference_key: "Template client"},
            status="completed",
            now=FIRST_SAVE,
            session_id=TEMPLATE_ID,
            mode="front_desk",
        )
        return dumps_report(report)

    made = Templates(text(go_ahead), text(on_hold))
    if not _DUE_BLOCK.search(made.go_ahead) or "maintenance_due" in made.on_hold:
        raise ValueError("the go-ahead answers must have a due window, the on-hold ones none")
    if any(f'{reference_key} = "Template client"' not in t for t in (made.go_ahead, made.on_hold)):
        raise ValueError(f"{reference_key} is not answered in a template")
    return made


def _filled(
    template: str, number: int, key: str, reference: str, window: tuple[date, date] | None
) -> str:
    saved = FIRST_SAVE + timedelta(minutes=number)
    text = template.replace(TEMPLATE_ID, f"{number:016x}").replace(
        FIRST_SAVE.isoformat(sep=" "), saved.isoformat(sep=" ")
    )
    text = re.sub(rf'(?m)^({key} = )".*"$', rf'\g<1>"{reference}"', text, count=1)
    if window is not None:
        text = _DUE_BLOCK.sub(rf"\g<1>{window[0]}\g<2>{window[1]}", text, count=1)
    return text


def write_due_folder(
    folder: Path, made: Templates, count: int, reference_key: str = "client_reference"
) -> dict[str, DueState]:
    """``count`` reports; returns the session id and state of every one due on AS_OF."""
    ensure_private_dir(folder)
    expected: dict[str, DueState] = {}
    # Every tenth client has a second, later report: clients + returning == count.
    clients = next(c for c in range(count + 1) if c + c // 10 >= count)
    later_slots = count - clients
    number = 0

    def write(template: str, reference: str, window: tuple[date, date] | None) -> str:
        nonlocal number
        number += 1
        text = _filled(template, number, reference_key, reference, window)
        (folder / session_file_name(f"{number:016x}")).write_text(text, encoding="utf-8")
        return f"{number:016x}"

    returning: list[str] = []
    for client in range(clients):
        reference = f"Client {client:05d}"
        opens = AS_OF + timedelta(days=client % 400 - 200)
        session_id = write(made.go_ahead, reference, (opens, opens + timedelta(days=90)))
        if client % 10 == 9 and len(returning) < later_slots:
            returning.append(reference)
            continue
        if (state := due_state(opens, AS_OF, WITHIN_DAYS)) is not None:
            expected[session_id] = state
    for index, reference in enumerate(returning):
        later = AS_OF + timedelta(days=200)
        # The later visit: on hold, or due long after AS_OF; either way nobody is due.
        if index % 2:
            write(made.on_hold, reference, None)
        else:
            write(made.go_ahead, reference, (later, later + timedelta(days=90)))
    return expected


def bundled_templates() -> Templates:
    """From the sample sessions that go ahead and that are on hold (bench/CLI check)."""
    import tomllib

    from intake_tui.core.bundle import load_bundle

    root = Path(__file__).resolve().parent.parent / "sample_sessions"

    def answers(name: str) -> dict[str, AnswerValue]:
        with (root / f"{name}.answers.toml").open("rb") as handle:
            return dict(tomllib.load(handle)["answers"])

    return templates(load_bundle(), answers("01-go-ahead"), answers("03-not-now"))


if __name__ == "__main__":
    due = write_due_folder(Path(sys.argv[1]), bundled_templates(), int(sys.argv[2]))
    print(f"{len(due):,} due on {AS_OF} within {WITHIN_DAYS} days")
