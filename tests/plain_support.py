"""Driving plain mode in tests: the lines a person would type for given answers, and
one intake run in-process over StringIO with a fixed clock and id."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from intake_tui.core.bank.models import Question
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.controller import Answer, Finish, may_override, step
from intake_tui.core.modes import Mode
from intake_tui.core.report.models import SessionReport
from intake_tui.core.report.toml_io import read_report
from intake_tui.core.session import IntakeSession
from intake_tui.plain.start import run_plain

PLAIN_NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
PLAIN_ID = "91a1000000000001"
STAFF = "AB"


def typed(question: Question, value: AnswerValue | None) -> str:
    """What a person types for ``value``: option numbers, else the value itself."""
    if value is None:
        return ""
    numbers = {option.value: str(n) for n, option in enumerate(question.options, start=1)}
    if isinstance(value, list):
        return ",".join(numbers[v] for v in value)
    if isinstance(value, str) and value in numbers:
        return numbers[value]
    return value.isoformat() if isinstance(value, date) else str(value)


def lines_for(
    bundle: Bundle, answers: Mapping[str, AnswerValue], mode: Mode, now: datetime = PLAIN_NOW
) -> list[str]:
    """Every line typed to walk ``answers`` to the results: initials at the front desk,
    one line per question reached, Enter to finish, n to an override offer."""
    lines = [STAFF] if mode == "front_desk" else []
    session = IntakeSession.start(bundle, mode, now, STAFF)
    while (question := session.current) is not None:
        value = answers.get(question.id) if question.asks else None
        lines.append(typed(question, value))
        moved = step(session, Answer(question.id, value), now)
        assert moved.changed, f"{question.id}: {moved.problem}"
        session = moved.session
    lines.append("")  # the review: Enter finishes
    done = step(session, Finish(), now).session
    if may_override(done):
        lines.append("n")
    return lines


@dataclass(frozen=True)
class PlainRun:
    status: int
    output: str

    def session_files(self, folder: Path) -> list[Path]:
        return sorted(folder.glob("intake-*.toml"))


def run_lines(
    lines: list[str],
    data_dir: Path,
    *,
    questions: Path | None,
    mode: Mode = "self",
    now: datetime = PLAIN_NOW,
    session_id: str = PLAIN_ID,
    end_with_newline: bool = True,
) -> PlainRun:
    """One plain-mode run in this process; stdin ends after ``lines``."""
    typed_text = "\n".join(lines) + ("\n" if end_with_newline and lines else "")
    out = io.StringIO()
    status = run_plain(
        questions,
        data_dir,
        mode,
        lines=io.StringIO(typed_text),
        out=out,
        clock=lambda: now,
        new_id=lambda: session_id,
    )
    return PlainRun(status, out.getvalue())


def only_report(folder: Path) -> SessionReport:
    [path] = sorted(folder.glob("intake-*.toml"))
    return read_report(path)


def write_answers(path: Path, answers: Mapping[str, AnswerValue], mode: Mode) -> Path:
    """An answers file, as `intake report` reads it."""
    import tomli_w

    context = {"mode": "front-desk" if mode == "front_desk" else "self"}
    path.write_text(tomli_w.dumps({"context": context, "answers": dict(answers)}), "utf-8")
    return path


def cli_report(
    answers_file: Path, out: Path, *, questions: Path | None, today: date | str | None = None
) -> SessionReport:
    """What `intake report` makes of an answers file at the same moment."""
    from intake_tui.cli.main import main

    arguments = ["report", str(answers_file), "-o", str(out), "--now", PLAIN_NOW.isoformat()]
    if today is not None:
        arguments += ["--today", str(today)]  # a date prints as YYYY-MM-DD
    if questions is not None:
        arguments += ["--questions", str(questions)]
    assert main(arguments) == 0
    return read_report(out)


def same_results(plain: SessionReport, headless: SessionReport) -> None:
    """The recommendation tables and scores match (timestamps and ids aside)."""
    assert plain.recommendation is not None and headless.recommendation is not None
    assert plain.recommendation.model_dump() == headless.recommendation.model_dump()
    assert plain.scores == headless.scores
