"""First paint to first question (issue 18): the bank loads right after the first
frame, and `n` pressed before it is ready shows the first question as soon as it is,
before anything else the load leads to (the collector's freeze, a full collection)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from intake_tui.app.app import IntakeApp
from intake_tui.app.config import AppConfig
from intake_tui.app.screens.question import QuestionScreen
from intake_tui.app.screens.welcome import WelcomeScreen
from tests.app_support import hold_bank_loading
from tests.support import FIXTURE_BANK
from tests.waiting import wait_until

SIZE = (100, 40)


async def test_n_at_first_paint_shows_the_first_question_before_any_freeze(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank_released = hold_bank_loading(monkeypatch)
    config = AppConfig(data_dir=tmp_path, questions=FIXTURE_BANK, cursor_blink=False)
    app = IntakeApp(config)  # loads the bank itself, and freezes long-lived objects
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")  # at first paint: the bank is still loading
        assert isinstance(app.screen, WelcomeScreen)
        bank_released.set()
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen), "a question")
        assert app.session is not None and app.session.current_id == "welcome_note"
        assert gc.get_freeze_count() == 0  # no full collection before the first question
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "home")
        await wait_until(pilot, lambda: gc.get_freeze_count() > 0, "frozen once home")
    assert gc.get_freeze_count() == 0
