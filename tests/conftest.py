from __future__ import annotations

import os
import time

import pytest

from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from tests.support import baseline_answers, bundled, fixture_answers, fixture_bundle

# Without a clinic time zone, times show in the machine's: pin it, so dates and
# pictures are the same on every machine (tests that need another zone set one).
os.environ["TZ"] = "UTC"
if hasattr(time, "tzset"):
    time.tzset()


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
