from __future__ import annotations

import inspect
import os
import time

import pytest
from hypothesis import settings
from textual.pilot import Pilot

from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from tests.support import baseline_answers, bundled, fixture_answers, fixture_bundle
from tests.waiting import HANG_GUARD_SECONDS

# Without a clinic time zone, times show in the machine's: pin it, so dates and
# pictures are the same on every machine (tests that need another zone set one).
os.environ["TZ"] = "UTC"
if hasattr(time, "tzset"):
    time.tzset()

# Hypothesis: the default ("ci") runs each property's own bounded count of examples
# (tests.strategies.examples); HYPOTHESIS_PROFILE=deep runs ten times as many.
settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile("deep", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

WORKERS_PER_CPU = 2


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` (pyproject): two workers for each CPU this process may use.

    Pilot tests spend much of their time waiting for the app to go idle (at least
    20 ms after each key), and a second worker per CPU runs in those waits: on 2
    quiet cores the app tests took 52 s with 4 workers, 58 s with 3 and 75 s with 2,
    for 7% more CPU time. PYTEST_XDIST_AUTO_NUM_WORKERS still wins.
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return WORKERS_PER_CPU * (cpus or 1)


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


@pytest.fixture(autouse=True)
def own_bank_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compiled banks (core/bundle_cache.py) go to a folder of the test's own, never the
    user's cache nor the test's tmp_path (whose contents tests check); subprocesses
    inherit it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def bundle() -> Bundle:
    return bundled()


@pytest.fixture
def answers() -> dict[str, AnswerValue]:
    return baseline_answers()


@pytest.fixture
def fixture_bank() -> Bundle:
    """The tests' own small bank (tests/fixture_bank)."""
    return fixture_bundle()


@pytest.fixture
def fixture_baseline() -> dict[str, AnswerValue]:
    """A go-ahead answer set for the fixture bank."""
    return fixture_answers()
