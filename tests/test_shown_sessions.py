"""How a saved session is named to a person (lists, the delete dialog, `intake delete`),
and who may see or remove it: review findings on the merged issue-11/16/17 work."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import OptionList, Static

from intake_tui.app.dialogs.confirm import ConfirmDeleteDialog
from intake_tui.app.dialogs.initials import InitialsDialog
from intake_tui.app.screens.reports import ReportsScreen
from intake_tui.app.screens.welcome import WelcomeScreen
from intake_tui.core.audit import audit_path
from intake_tui.core.errors import IntakeError
from intake_tui.core.report.build import build_report
from intake_tui.core.report.models import Status
from intake_tui.core.store import SessionStore, save_report
from tests.app_support import make_app
from tests.support import baseline_answers, bundled, fixture_answers, fixture_bundle
from tests.waiting import wait_until

NOW = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)
SIZE = (100, 40)
ESCAPES = "R7\x1b]0;PWNED\x07\x1b[31m"
REFERENCE = "Quokka-7731"


def saved(folder: Path, session_id: str, status: Status, reference: str) -> Path:
    bundle = bundled()
    answers = {**baseline_answers(), "client_reference": reference}
    if status == "in_progress":
        answers = {"client_reference": reference, "age": 35}
    report = build_report(
        bundle, answers, status=status, now=NOW, session_id=session_id, mode="front_desk"
    )
    return save_report(folder, report)


def test_a_reference_with_escape_sequences_is_listed_escaped(tmp_path: Path) -> None:
    """An escape sequence in a hand-edited session once retitled the terminal."""
    saved(tmp_path, "00000000000000e1", "in_progress", ESCAPES)
    (summary,) = SessionStore(tmp_path, "client_reference").listing().reports
    assert "\x1b" not in summary.client_reference and "\x07" not in summary.client_reference
    assert summary.client_reference.startswith("R7\\x1b]0;PWNED")


async def test_the_welcome_list_never_sends_an_escape_to_the_terminal(tmp_path: Path) -> None:
    saved(tmp_path, "00000000000000e1", "in_progress", ESCAPES)
    app = make_app(tmp_path, mode="front_desk")
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WelcomeScreen)
        # The drafts are read in a thread after the first frame: wait for them.
        await wait_until(pilot, lambda: screen.drafts_shown, "the drafts")
        drafts = screen.query_one("#drafts", OptionList)
        row = str(drafts.get_option_at_index(0).prompt)
        assert "\x1b" not in row and "PWNED" in row


def test_a_description_is_in_the_clinics_zone_and_can_hide_the_reference(
    tmp_path: Path,
) -> None:
    saved(tmp_path, "00000000000000e2", "completed", REFERENCE)
    (summary,) = SessionStore(tmp_path, "client_reference").listing().reports
    titles = {"go_ahead": "Go ahead"}
    chicago = summary.description(titles, zone=ZoneInfo("America/Chicago"))
    assert chicago.startswith("2026-11-26 09:30") and REFERENCE in chicago
    hidden = summary.description(titles, zone=UTC, hide_reference=True)
    assert hidden.startswith("2026-11-26 15:30") and REFERENCE not in hidden


def test_a_deletion_the_audit_log_cannot_record_is_refused(tmp_path: Path) -> None:
    """The file was removed and then 'not deleted' was reported: now nothing is removed."""
    path = saved(tmp_path, "00000000000000e3", "completed", REFERENCE)
    audit_path(tmp_path).mkdir()  # the log cannot be appended to
    store = SessionStore(tmp_path, "client_reference")
    with pytest.raises(IntakeError, match="audit log"):
        store.delete(path, at=NOW, staff_initials="JS", mode="front_desk")
    assert path.exists()


def dialog_text(app_screen: ConfirmDeleteDialog) -> str:
    return " ".join(str(s.render()) for s in app_screen.query(Static))


async def test_the_delete_dialog_hides_the_reference_while_locked(tmp_path: Path) -> None:
    saved(tmp_path, "00000000000000e4", "in_progress", REFERENCE)
    app = make_app(tmp_path, mode="front_desk")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.lock()
        await pilot.press("r", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDeleteDialog)
        assert REFERENCE not in dialog_text(app.screen)


async def test_self_assessment_opens_a_saved_report_only_with_staff_initials(
    tmp_path: Path,
) -> None:
    saved(tmp_path, "00000000000000e5", "completed", REFERENCE)
    app = make_app(tmp_path, mode="self")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, InitialsDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)


async def test_initials_do_not_stick_to_a_client_after_switching_to_self(tmp_path: Path) -> None:
    app = make_app(tmp_path, mode="front_desk")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m", "a", "b", "enter")  # staff AB hand the keyboard to a client
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.mode == "self"
        await pilot.press("n")
        await pilot.pause()
    events = [json.loads(line) for line in audit_path(tmp_path).read_text().splitlines()]
    assert [(e["action"], e["staff_initials"]) for e in events] == [
        ("mode_switched", "AB"),
        ("intake_started", ""),
    ]


def test_the_fixture_bank_lists_a_draft_by_the_same_rules(tmp_path: Path) -> None:
    """The escaping lives in the store, not in a bank: any reference question gets it."""
    report = build_report(
        fixture_bundle(),
        {**fixture_answers(), "client_reference": "A\x1b[2JB"},
        status="completed",
        now=NOW,
        session_id="00000000000000e6",
        mode="front_desk",
    )
    save_report(tmp_path, report)
    (summary,) = SessionStore(tmp_path, "client_reference").listing().reports
    assert summary.client_reference == "A\\x1b[2JB"
