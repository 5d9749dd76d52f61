"""Helpers for driving the app in tests: fixed clock, data dir in tmp_path."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bench.walk import WALK_KEYS
from intake_tui.app.app import IntakeApp
from intake_tui.app.config import AppConfig
from intake_tui.core import bundle as bundle_module
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.modes import Mode
from intake_tui.core.report.models import Status
from intake_tui.core.session import IntakeSession
from tests.support import baseline_answers, bundled
from tests.waiting import HANG_GUARD_SECONDS

FIXED_NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)

# Keys that answer the baseline person (tests.support.baseline_answers) from the
# first question after the welcome note: each item is the keys, then Enter.
BASELINE_KEYS: list[list[str]] = WALK_KEYS


FIXED_ID = "5e551000000000aa"
QUESTION_ORDER = [
    "age", "skin_tone_self", "fitz_quiz_offer", "pih_history", "active_acne",
    "active_infection", "cold_sore_history", "skin_conditions", "keloid", "skin_cancer",
    "pregnancy", "bleeding_disorder", "blood_thinners", "isotretinoin", "diabetes", "immune",
    "radiation", "allergies", "recent_sun", "recent_procedures", "sun_exposure", "sunscreen",
    "smoking", "alcohol", "skincare", "concerns", "photoageing_signs", "treatment_areas",
    "setting", "device_type", "implants", "prp_interest", "previous_microneedling",
    "start_date",
]  # fmt: skip


def keys_with(**changes: list[str]) -> list[list[str]]:
    """BASELINE_KEYS with some answers changed, by question id."""
    keys = [list(k) for k in BASELINE_KEYS]
    for question_id, new_keys in changes.items():
        keys[QUESTION_ORDER.index(question_id)] = new_keys
    return keys


def make_app(
    data_dir: Path, mode: Mode = "self", bundle: Bundle | None = None, *, freeze: bool = False
) -> IntakeApp:
    """An app on ``data_dir`` with a fixed clock and id. It skips the start-up freeze of
    long-lived objects (a full garbage collection per app) unless ``freeze``: the tests
    of that freeze ask for it."""
    config = AppConfig(
        bundle=bundle or bundled(),
        data_dir=data_dir,
        mode=mode,
        clock=lambda: FIXED_NOW,
        new_id=lambda: FIXED_ID,
        cursor_blink=False,
        freeze_long_lived=freeze,
    )
    return IntakeApp(config)


def hold_bank_loading(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The app's background load of the bank waits until the test sets the event, so
    a test can act "while the bank is still loading" on a machine of any speed."""
    release = threading.Event()
    load = bundle_module.load_bundle

    def load_when_released(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(HANG_GUARD_SECONDS), "the test never released the bank"
        return load(*args, **kwargs)

    monkeypatch.setattr(bundle_module, "load_bundle", load_when_released)
    return release


def save_seeded(
    app: IntakeApp, answers: dict[str, AnswerValue] | None = None, status: Status = "in_progress"
) -> None:
    """Save an intake (the baseline answers unless given) into the app's folder, as a
    walk would have: for tests whose subject is what comes after the walk. The
    keyboard walks themselves are tested once per path in tests/test_app_flows.py."""
    session = IntakeSession(
        app.bundle,
        FIXED_ID,
        app.mode,
        FIXED_NOW,
        answers=answers if answers is not None else baseline_answers(),
    )
    app.store.save(session.to_report(FIXED_NOW, status=status))
