"""One draft save per answer, not per key (issue 18): a digit on a single choice only
chooses; the draft is written when the answer is committed, and a choice not yet
continued is written when the intake is left or the program quits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot

from intake_tui.app.app import IntakeApp
from intake_tui.app.screens.review import ReviewScreen
from intake_tui.app.screens.welcome import WelcomeScreen
from intake_tui.core.bank.models import Question
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.report.models import SessionReport
from intake_tui.core.report.toml_io import read_report
from intake_tui.core.store import SessionStore
from tests.app_support import make_app
from tests.support import fixture_answers, fixture_bundle
from tests.waiting import wait_until

SIZE = (100, 40)


def keys_for(question: Question, answer: AnswerValue | None) -> list[str]:
    """The keys that give ``answer`` (None: none), before Enter."""
    if answer is None:
        return []
    if question.type in ("single", "yes_no", "multiple"):
        chosen = answer if isinstance(answer, list) else [answer]
        return [str(question.option_values.index(value) + 1) for value in chosen]
    text = answer.isoformat() if isinstance(answer, date) else str(answer)
    return list(text)


def count_saves(monkeypatch: pytest.MonkeyPatch) -> list[SessionReport]:
    saves: list[SessionReport] = []
    real_save = SessionStore.save

    def counted(store: SessionStore, report: SessionReport) -> Path:
        saves.append(report)
        return real_save(store, report)

    monkeypatch.setattr(SessionStore, "save", counted)
    return saves


async def answer_current(app: IntakeApp, pilot: Pilot[None]) -> Question:
    """Give the current question its fixture answer and continue; returns it."""
    assert app.session is not None and app.session.current is not None
    question = app.session.current
    await pilot.press(*keys_for(question, fixture_answers().get(question.id)), "enter")

    def moved_on() -> bool:
        session = app.session
        return (
            isinstance(app.screen, ReviewScreen)
            or session is None
            or session.current is not question
        )

    await wait_until(pilot, moved_on, f"the walk moves on from {question.id}")
    return question


async def walk_to(app: IntakeApp, pilot: Pilot[None], question_id: str) -> None:
    """Start an intake and give the fixture answers up to ``question_id``."""
    await pilot.press("n")
    await wait_until(pilot, lambda: app.session is not None, "the intake starts")
    while app.session is not None and app.session.current_id != question_id:
        await answer_current(app, pilot)


def answered(app: IntakeApp, question_id: str) -> bool:
    return app.session is not None and question_id in app.session.answers


def draft(folder: Path) -> SessionReport:
    [path] = sorted(folder.glob("intake-*.toml"))
    return read_report(path)


async def test_a_walk_saves_once_per_committed_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saves = count_saves(monkeypatch)
    app = make_app(tmp_path, bundle=fixture_bundle())
    committed = 0  # steps that changed the draft: from the first answer on
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await wait_until(pilot, lambda: app.session is not None, "the intake starts")
        while not isinstance(app.screen, ReviewScreen):
            await answer_current(app, pilot)
            committed += bool(app.session and app.session.answers)
        assert len(saves) == committed
        assert saves[-1].answers == fixture_answers()


async def test_a_digit_only_chooses_and_the_answer_saves_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saves = count_saves(monkeypatch)
    app = make_app(tmp_path, bundle=fixture_bundle())
    async with app.run_test(size=SIZE) as pilot:
        await walk_to(app, pilot, "skin_tone_self")
        before = len(saves)
        await pilot.press("3", "2", "3")
        await wait_until(pilot, lambda: answered(app, "skin_tone_self"), "the choice is held")
        assert len(saves) == before  # chosen, not yet continued: nothing written
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(saves) == before + 1, "the answer is saved")
        # What a killed terminal leaves: the committed answer is already on disk.
        assert draft(tmp_path).answers["skin_tone_self"] == "type_3"


@pytest.mark.parametrize("leave", ["ctrl+g", "ctrl+q"])
async def test_a_choice_not_yet_continued_is_kept_when_leaving_or_quitting(
    tmp_path: Path, leave: str
) -> None:
    app = make_app(tmp_path, bundle=fixture_bundle())
    async with app.run_test(size=SIZE) as pilot:
        await walk_to(app, pilot, "skin_tone_self")
        await pilot.press("2")
        await wait_until(pilot, lambda: answered(app, "skin_tone_self"), "the choice is held")
        assert "skin_tone_self" not in draft(tmp_path).answers
        await pilot.press(leave)
        if leave == "ctrl+g":
            await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "home")
    saved = draft(tmp_path)
    assert saved.answers["skin_tone_self"] == "type_2"
    assert saved.current_question == "skin_tone_self"
