"""Discarding drafts and deleting reports: the store, the index, the audit log, the
`intake delete` command and the app's confirmation dialog."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from intake_tui.app.dialogs.confirm import ConfirmDeleteDialog
from intake_tui.app.screens.reports import ReportsScreen
from intake_tui.app.screens.welcome import WelcomeScreen
from intake_tui.cli.main import main
from intake_tui.core.audit import audit_path
from intake_tui.core.bank.header import read_header
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.errors import IntakeError
from intake_tui.core.index import INDEX_DIR, index_path
from intake_tui.core.modes import Mode
from intake_tui.core.report.build import build_report
from intake_tui.core.report.models import Status
from intake_tui.core.store import SessionStore, save_report
from tests.app_support import make_app
from tests.support import FIXTURE_BANK, baseline_answers, bundled, fixture_answers, fixture_bundle

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
DRAFT_ID, REPORT_ID = "d1a0000000000001", "4e90000000000002"
REFERENCE = "[b]R-7[/b] & co"  # markup-like on purpose: it must show as typed
SIZE = (100, 40)


def seed(
    folder: Path, bundle: Bundle, answers: dict[str, AnswerValue], mode: Mode = "front_desk"
) -> None:
    """One draft and one completed report, both with the client reference."""
    draft: dict[str, AnswerValue] = {"client_reference": REFERENCE, "age": 35}
    sessions: list[tuple[str, Status, dict[str, AnswerValue]]] = [
        (DRAFT_ID, "in_progress", draft),
        (REPORT_ID, "completed", {"client_reference": REFERENCE, **answers}),
    ]
    for session_id, status, kept in sessions:
        report = build_report(
            bundle, kept, status=status, now=NOW, session_id=session_id, mode=mode
        )
        save_report(folder, report)


def fixture_store(tmp_path: Path) -> SessionStore:
    folder = tmp_path / "data"
    seed(folder, fixture_bundle(), fixture_answers())
    return SessionStore(folder, read_header(FIXTURE_BANK).reference_question)


def audit_lines(folder: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in audit_path(folder).read_text().splitlines()]


# --- the store -----------------------------------------------------------------------


def test_deleting_a_draft_removes_its_file_and_audit_logs_it_without_answers(
    tmp_path: Path,
) -> None:
    store = fixture_store(tmp_path)
    deleted = store.delete(store.path_for(DRAFT_ID), at=NOW, staff_initials="JS", mode="front_desk")
    assert deleted.is_draft and deleted.client_reference == REFERENCE
    assert not store.path_for(DRAFT_ID).exists() and store.path_for(REPORT_ID).exists()
    (line,) = audit_lines(store.folder)
    assert line == {
        "at": NOW.isoformat(),
        "action": "draft_discarded",
        "session_id": DRAFT_ID,
        "staff_initials": "JS",
        "mode": "front_desk",
    }
    assert "R-7" not in audit_path(store.folder).read_text()


def test_deleting_a_report_is_logged_as_such(tmp_path: Path) -> None:
    store = fixture_store(tmp_path)
    store.delete(store.path_for(REPORT_ID), at=NOW, mode="self")
    assert [line["action"] for line in audit_lines(store.folder)] == ["report_deleted"]


def test_the_index_forgets_a_deleted_session_at_once(tmp_path: Path) -> None:
    store = fixture_store(tmp_path)
    assert {r.session_id for r in store.listing().reports} == {DRAFT_ID, REPORT_ID}
    assert REFERENCE.encode() in index_path(store.folder).read_bytes()
    store.delete(store.path_for(REPORT_ID), at=NOW)
    store.delete(store.path_for(DRAFT_ID), at=NOW)
    assert REFERENCE.encode() not in index_path(store.folder).read_bytes()  # no copy left
    assert store.listing().reports == []
    assert SessionStore(store.folder, store.reference_question).listing().reports == []


def test_deleting_is_safe_without_the_index(tmp_path: Path) -> None:
    store = fixture_store(tmp_path)
    store.listing()
    for path in (store.folder / INDEX_DIR).iterdir():
        path.unlink()
    (store.folder / INDEX_DIR).rmdir()
    store.delete(store.path_for(DRAFT_ID), at=NOW)
    assert [r.session_id for r in store.listing().reports] == [REPORT_ID]


def test_a_broken_index_is_dropped_on_delete(tmp_path: Path) -> None:
    store = fixture_store(tmp_path)
    store.listing()
    index_path(store.folder).write_text("{not json", encoding="utf-8")
    store.delete(store.path_for(DRAFT_ID), at=NOW)
    assert [r.session_id for r in store.listing().reports] == [REPORT_ID]


@pytest.mark.parametrize(
    "target",
    [
        "elsewhere/intake-d1a0000000000001.toml",  # same name, another folder
        "data/../data2/intake-d1a0000000000001.toml",
        "data/audit.log",  # inside, but not a session file
        "ffff000000000000",  # an id with no session
    ],
)
def test_only_session_files_inside_the_data_folder_can_be_deleted(
    tmp_path: Path, target: str
) -> None:
    store = fixture_store(tmp_path)
    store.delete(store.path_for(REPORT_ID), at=NOW)  # writes audit.log
    for other in ("elsewhere", "data2"):
        (tmp_path / other).mkdir()
        (tmp_path / other / "intake-d1a0000000000001.toml").write_text("x", encoding="utf-8")
    named = target if "/" not in target else str(tmp_path / target)
    with pytest.raises(IntakeError):
        store.delete(Path(named), at=NOW)
    assert store.path_for(DRAFT_ID).exists()
    assert (tmp_path / "elsewhere" / "intake-d1a0000000000001.toml").exists()


# --- intake delete ---------------------------------------------------------------------


def intake_delete(store: SessionStore, *args: str) -> int:
    """`intake delete` with --data-dir after the command name, as README shows it."""
    return main(
        ["--questions", str(FIXTURE_BANK), "delete", *args, "--data-dir", str(store.folder)]
    )


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_delete_without_a_terminal_needs_yes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = fixture_store(tmp_path)
    assert intake_delete(store, DRAFT_ID) == 2
    captured = capsys.readouterr()
    assert "--yes" in captured.err
    assert "2026-11-26 09:30" in captured.out and REFERENCE in captured.out
    assert "Draft" in captured.out
    assert store.path_for(DRAFT_ID).exists() and not audit_path(store.folder).exists()
    assert intake_delete(store, DRAFT_ID, "--yes", "--staff", "js") == 0
    assert not store.path_for(DRAFT_ID).exists()
    assert audit_lines(store.folder)[0]["staff_initials"] == "JS"


@pytest.mark.parametrize(("typed", "kept"), [("yes\n", False), ("\n", True), ("n\n", True)])
def test_delete_on_a_terminal_asks_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str, kept: bool
) -> None:
    store = fixture_store(tmp_path)
    monkeypatch.setattr("sys.stdin", FakeTerminal(typed))
    intake_delete(store, str(store.path_for(REPORT_ID)))
    assert store.path_for(REPORT_ID).exists() == kept


def test_delete_refuses_a_path_outside_the_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = fixture_store(tmp_path)
    outside = tmp_path / "intake-d1a0000000000001.toml"
    outside.write_text("x", encoding="utf-8")
    assert intake_delete(store, DRAFT_ID, str(outside), "--yes") == 1
    assert "not a session file in the data folder" in capsys.readouterr().err
    assert outside.exists() and store.path_for(DRAFT_ID).exists()  # nothing, not even the first


def test_control_characters_in_a_reference_are_printed_harmlessly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    answers = {**fixture_answers(), "client_reference": "A\x1b[2JB"}
    report = build_report(
        fixture_bundle(),
        answers,
        status="completed",
        now=NOW,
        session_id=REPORT_ID,
        mode="front_desk",
    )
    save_report(folder, report)
    store = SessionStore(folder, "client_reference")
    intake_delete(store, REPORT_ID)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "A\\x1b[2JB" in out


# --- the app ---------------------------------------------------------------------------


def dialog_text(dialog: ConfirmDeleteDialog) -> str:
    return " ".join(str(s.render()) for s in dialog.query(Static))


async def test_discarding_a_draft_names_it_and_cancel_keeps_it(tmp_path: Path) -> None:
    seed(tmp_path, bundled(), baseline_answers())
    app = make_app(tmp_path, mode="self")
    draft = tmp_path / f"intake-{DRAFT_ID}.toml"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDeleteDialog)
        shown = dialog_text(dialog)
        # Self-assessment: the one at the keyboard is a client; no other client's name.
        assert REFERENCE not in shown and "2026-11-26 09:30" in shown and "Draft" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and draft.exists()
        await pilot.press("r", "d")
        await pilot.pause()
        await pilot.press("enter")  # no initials: refused
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDeleteDialog) and draft.exists()
        await pilot.press("a", "b", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert not draft.exists()
        drafts = app.screen.query_one("#drafts", OptionList)
        assert drafts.option_count == 1 and drafts.get_option_at_index(0).disabled
    assert [(a["action"], a["mode"], a["staff_initials"]) for a in audit_lines(tmp_path)] == [
        ("draft_discarded", "self", "AB")
    ]


async def test_deleting_a_report_at_the_front_desk_asks_for_initials(tmp_path: Path) -> None:
    seed(tmp_path, bundled(), baseline_answers())
    app = make_app(tmp_path, mode="front_desk")
    report = tmp_path / f"intake-{REPORT_ID}.toml"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)
        await pilot.press("down", "d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDeleteDialog)
        assert "Completed" in dialog_text(dialog) and REFERENCE in dialog_text(dialog)
        await pilot.press("enter")  # no initials yet: nothing is deleted
        await pilot.pause()
        assert dialog.is_current and report.exists()
        assert "letters" in str(dialog.query_one("#confirm-error", Static).render())
        await pilot.press("j", "s", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen) and not report.exists()
        assert app.screen.query_one("#reports", OptionList).option_count == 0
    assert audit_lines(tmp_path)[-1] == {
        "at": "2026-11-26T09:30:00+00:00",
        "action": "report_deleted",
        "session_id": REPORT_ID,
        "staff_initials": "JS",
        "mode": "front_desk",
    }


async def test_keep_it_in_the_reports_list_keeps_the_report(tmp_path: Path) -> None:
    seed(tmp_path, bundled(), baseline_answers())
    app = make_app(tmp_path, mode="self")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("d")  # in the filter: a letter to filter by, not a deletion
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "d"
        await pilot.press("backspace", "down", "delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDeleteDialog)
        await pilot.click("#keep")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)
        assert app.screen.query_one("#reports", OptionList).option_count == 1
    assert (tmp_path / f"intake-{REPORT_ID}.toml").exists()
    assert not audit_path(tmp_path).exists()
