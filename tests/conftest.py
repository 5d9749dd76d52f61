from __future__ import annotations

import pytest

from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from tests.support import baseline_answers, bundled, fixture_answers, fixture_bundle


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
