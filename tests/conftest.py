from __future__ import annotations

import pytest

from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from tests.support import baseline_answers, bundled


@pytest.fixture
def bundle() -> Bundle:
    return bundled()


@pytest.fixture
def answers() -> dict[str, AnswerValue]:
    return baseline_answers()
