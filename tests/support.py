"""Shared test data: the tests' fixture bank, the bundled bank, go-ahead baselines, fixed dates.

Engine, flow and linter tests use the fixture bank (tests/fixture_bank), whose
wording belongs to the tests. Tests that must run the bundled bank read its
wording from the loaded bank, never from a copy of questions/.
"""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import pytest

from intake_tui.core.bundle import Bundle, load_bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.report.build import build_report
from intake_tui.core.report.models import SessionReport
from intake_tui.core.resources import bundled_questions_dir

TODAY = date(2026, 11, 26)
REPORTED = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
START = date(2026, 12, 7)
FIXTURE_BANK = Path(__file__).resolve().parent / "fixture_bank"


@cache
def bundled() -> Bundle:
    return load_bundle()


@cache
def fixture_bundle() -> Bundle:
    return load_bundle(FIXTURE_BANK)


def cli_reuses_the_fixture_bank(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's commands take the fixture bank as loaded once per process instead of
    parsing and linting it on every call: for tests whose subject is the other file a
    command reads (hostile answers and session files), run hundreds of times. Any other
    folder, or a load without the linter, still goes through load_bundle."""
    from intake_tui.cli import commands

    load = commands.load_bundle

    def load_once(
        root: Path | None = None, *, lint: bool = True, language: str | None = None
    ) -> Bundle:
        if lint and language is None and root is not None and Path(root).resolve() == FIXTURE_BANK:
            return fixture_bundle()
        return load(root, lint=lint, language=language)

    monkeypatch.setattr(commands, "load_bundle", load_once)


def short_front_desk_report(number: int, reference: str) -> SessionReport:
    """A completed front-desk report (id ``number``) for the client ``reference`` with
    short results: a minor's, stopped at the gate. The reference shows in the header
    and the answers as in any report, but the results screen builds ~60 widgets for it,
    not the ~300 (1-2 s of CPU) of a go-ahead: for tests of how hostile text shows."""
    answers = {**baseline_answers(), "age": 15, "client_reference": reference}
    return build_report(
        bundled(),
        answers,
        status="completed",
        now=REPORTED,
        session_id=f"{number:016x}",
        mode="front_desk",
    )


def fixture_answers() -> dict[str, AnswerValue]:
    """A fixture-bank adult, type III, fine lines on the cheeks, at a clinic: go ahead."""
    return {
        "age": 35,
        "skin_tone_self": "type_3",
        "fitz_quiz_offer": "no",
        "skin_conditions": ["none"],
        "keloid": "no",
        "isotretinoin": "no",
        "smoking": "never",
        "sunscreen": "daily",
        "concerns": ["fine_lines"],
        "treatment_areas": ["cheeks"],
        "setting": "clinic",
        "prp_interest": "no",
        "start_date": START,
    }


def baseline_answers() -> dict[str, AnswerValue]:
    """A healthy 35-year-old, type III, fine lines on cheeks, medical clinic: go ahead."""
    return {
        "age": 35,
        "skin_tone_self": "type_3",
        "fitz_quiz_offer": "no",
        "pih_history": "no",
        "active_acne": "no",
        "active_infection": "no",
        "cold_sore_history": "no",
        "skin_conditions": ["none"],
        "keloid": "no",
        "skin_cancer": "no",
        "pregnancy": "no",
        "bleeding_disorder": "no",
        "blood_thinners": "no",
        "isotretinoin": "no",
        "diabetes": "no",
        "immune": "no",
        "radiation": "no",
        "allergies": ["none"],
        "recent_sun": "neither",
        "recent_procedures": ["none"],
        "sun_exposure": "some",
        "sunscreen": "daily",
        "smoking": "never",
        "alcohol": "up_to_7",
        "skincare": ["none"],
        "concerns": ["fine_lines"],
        "photoageing_signs": "when_moving",
        "treatment_areas": ["cheeks"],
        "setting": "medical",
        "device_type": "plain",
        "implants": "no",
        "prp_interest": "no",
        "previous_microneedling": "no",
        "start_date": START,
    }


def copy_bank(tmp_path: Path) -> Path:
    """A writable copy of the fixture bank, to break on purpose."""
    target = tmp_path / "questions"
    shutil.copytree(FIXTURE_BANK, target)
    return target


def copy_bundled_bank(tmp_path: Path) -> Path:
    """A writable copy of the bundled question folder."""
    target = tmp_path / "questions"
    shutil.copytree(bundled_questions_dir(), target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur exactly once) with ``new``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def question_line(path: Path, question_id: str) -> int:
    """The ``[[questions]]`` header line of a question (the line before its id)."""
    line = line_of(path, f'id = "{question_id}"') - 1
    assert path.read_text(encoding="utf-8").splitlines()[line - 1].strip() == "[[questions]]"
    return line
