"""Drafts: an intake is kept from its first answer, and an untouched one leaves nothing."""

from __future__ import annotations

from pathlib import Path

from intake_tui.app.screens.question import QuestionScreen
from intake_tui.app.screens.welcome import WelcomeScreen
from intake_tui.core.report.toml_io import read_report
from tests.app_support import make_app

SIZE = (100, 40)


def session_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("intake-*.toml"))


async def test_an_intake_left_before_any_answer_leaves_no_draft(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("enter")  # past the welcome note: a note records nothing
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
    assert session_files(tmp_path) == []


async def test_the_first_answer_keeps_a_draft_that_resumes_there(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter", "3", "8", "enter")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
    [draft] = session_files(tmp_path)
    report = read_report(draft)
    assert report.status == "in_progress" and report.answers == {"age": 38}
