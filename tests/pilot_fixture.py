"""Pilot helpers on the fixture bank for tests that run several apps or many bursts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from intake_tui.app.app import IntakeApp
from intake_tui.core.modes import Mode
from tests.app_support import make_app
from tests.support import fixture_bundle


def fixture_app(folder: Path, mode: Mode = "self") -> IntakeApp:
    """An app on the fixture bank with its data in ``folder``, a fixed clock and id."""
    return make_app(folder, mode, fixture_bundle())


async def settle(pilot: Pilot[None], done: Callable[[], bool]) -> None:
    """Let the app handle its messages until ``done`` (a bounded number of rounds)."""
    for _round in range(50):
        if done():
            return
        await pilot.pause()
    assert done()
