"""Waiting in tests ends on a condition; a time limit only guards against a hang."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

# Generous on purpose: reaching it means a hang, never a slow machine.
HANG_GUARD_SECONDS = 120.0
POLL_SECONDS = 0.02


async def wait_until(pilot: Pilot[Any], condition: Callable[[], object], what: str) -> None:
    """Let the app run (timers, workers, screens) until `condition` holds."""

    async def until_true() -> None:
        while not condition():
            await pilot.pause(POLL_SECONDS)

    try:
        await asyncio.wait_for(until_true(), HANG_GUARD_SECONDS)
    except TimeoutError:
        raise AssertionError(f"{what}: not after {HANG_GUARD_SECONDS:.0f} s") from None


def poll_until(condition: Callable[[], object], what: str) -> None:
    """Poll a condition that nothing announces (a file another process writes)."""
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not after {HANG_GUARD_SECONDS:.0f} s"
        time.sleep(POLL_SECONDS)
