from __future__ import annotations

import inspect

import pytest
from textual.pilot import Pilot

from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from tests.support import baseline_answers, bundled
from tests.waiting import HANG_GUARD_SECONDS

_textual_wait_for_screen = Pilot._wait_for_screen
assert "timeout" in inspect.signature(_textual_wait_for_screen).parameters  # textual is pinned


@pytest.fixture(autouse=True)
def pilot_waits_are_hang_guards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Pilot key press waits for the screen to process it, but at most 30 s
    (Textual's fixed default, WaitForScreenTimeout): a busy machine can take longer.
    Raise the limit to a hang guard; the wait itself still ends on the condition."""

    async def wait_for_screen(self: Pilot[object], timeout: float = HANG_GUARD_SECONDS) -> bool:
        return await _textual_wait_for_screen(self, max(timeout, HANG_GUARD_SECONDS))

    monkeypatch.setattr(Pilot, "_wait_for_screen", wait_for_screen)


@pytest.fixture
def bundle() -> Bundle:
    return bundled()


@pytest.fixture
def answers() -> dict[str, AnswerValue]:
    return baseline_answers()
