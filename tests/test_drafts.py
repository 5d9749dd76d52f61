"""Saving an intake: kept from its first answer, nothing for an untouched one, and a\ncompleted report shown only once it is stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake_tui.app.screens.question import QuestionScreen
from intake_tui.app.screens.results import ResultsScreen
from intake_tui.app.screens.review import ReviewScreen
from intake_tui.app.screens.welcome import WelcomeScreen
from intake_tui.core.audit import audit_path
from intake_tui.core.files import StoreError
from intake_tui.core.report.models import SessionReport
from intake_tui.core.report.toml_io import read_report
from intake_tui.core.store import SessionStore
from tests.app_support import make_app, save_seeded

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


async def test_a_failed_save_on_finish_stays_on_the_review_and_a_retry_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report that was not stored is never shown as stored, nor audited as completed."""
    app = make_app(tmp_path)
    save_seeded(app)  # every answer given: resuming opens the review (the walk: test_app_flows)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        real_save = SessionStore.save

        def full_disk(store: SessionStore, report: SessionReport) -> Path:
            if report.status == "completed":
                raise StoreError(f"{store.folder}: could not be saved (No space left on device)")
            return real_save(store, report)

        monkeypatch.setattr(SessionStore, "save", full_disk)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.session is not None and app.session.status == "in_progress"
        assert read_report(session_files(tmp_path)[0]).status == "in_progress"
        monkeypatch.setattr(SessionStore, "save", real_save)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
    assert read_report(session_files(tmp_path)[0]).status == "completed"
    actions = [json.loads(line)["action"] for line in audit_path(tmp_path).read_text().splitlines()]
    assert actions == ["intake_resumed", "intake_completed"]
