"""The Export dialog (results screen and saved-reports list): the bytes are the core's,
the file lands privately in exports/, and nothing is replaced without ctrl+r."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, RadioSet

from intake_tui.app.app import IntakeApp
from intake_tui.app.dialogs.export import ExportDialog
from intake_tui.app.dialogs.initials import InitialsDialog
from intake_tui.app.screens.reports import ReportsScreen
from intake_tui.core import audit
from intake_tui.core.document.export import default_export_path, export_bytes
from intake_tui.core.store import save_report
from tests.pilot_fixture import fixture_app
from tests.support import fixture_bundle
from tests.test_documents import report_for
from tests.waiting import wait_until

SIZE = (80, 24)  # the dialog must work on the smallest terminal we support


async def choose(pilot: Pilot[None], button_id: str) -> None:
    await pilot.click(f"#{button_id}")
    await pilot.pause()


def closed(app: IntakeApp) -> bool:
    return not isinstance(app.screen, ExportDialog)


async def test_a_clients_text_copy_lands_in_exports_privately(tmp_path: Path) -> None:
    app = fixture_app(tmp_path)
    report = report_for()
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ExportDialog(report))
        await pilot.pause()
        await choose(pilot, "format-txt")
        await choose(pilot, "audience-client")
        app.screen.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: closed(app), "the export")
    target = default_export_path(tmp_path, report, "txt", "client")
    assert target.read_bytes() == export_bytes(report, fixture_bundle(), "txt", "client")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    logged = audit.audit_path(tmp_path).read_text(encoding="utf-8")
    assert "report_exported" in logged and report.session_id in logged


async def test_fhir_is_the_same_for_everyone_so_whose_copy_is_not_asked(tmp_path: Path) -> None:
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ExportDialog(report_for()))
        await pilot.pause()
        audience = app.screen.query_one("#export-audience", RadioSet)
        await choose(pilot, "format-fhir")
        assert audience.disabled
        assert app.screen.query_one("#export-path", Input).value.endswith("-fhir.json")
        await choose(pilot, "format-html")
        assert not audience.disabled


async def test_an_existing_file_is_replaced_only_after_ctrl_r(tmp_path: Path) -> None:
    app = fixture_app(tmp_path)
    report = report_for()
    target = default_export_path(tmp_path, report, "md", "practitioner")
    target.parent.mkdir(mode=0o700)
    target.write_bytes(b"mine")
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ExportDialog(report))
        await pilot.pause()
        await choose(pilot, "format-md")
        app.screen.query_one("#export-path", Input).focus()
        await pilot.press("enter", "enter")
        error = app.screen.query_one("#export-error")
        await wait_until(pilot, lambda: "ctrl+r" in str(error.render()), "the question")
        assert target.read_bytes() == b"mine"
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: closed(app), "the replacement")
    assert target.read_bytes().startswith(b"# ")


async def test_the_saved_reports_list_exports_the_highlighted_report(tmp_path: Path) -> None:
    report = report_for()
    save_report(tmp_path, report)
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportsScreen), "the list")
        await pilot.press("down", "x")
        # Reports hold health data: outside the front desk, staff initials first.
        await wait_until(pilot, lambda: isinstance(app.screen, InitialsDialog), "initials")
        await pilot.press("a", "b", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog), "the dialog")
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        assert dialog.report.session_id == report.session_id
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportsScreen), "the list")


async def test_a_failing_renderer_is_one_sentence_and_the_app_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import intake_tui.app.dialogs.export as dialog_module

    def broken(*_args: object) -> bytes:
        raise ValueError("a renderer bug")

    monkeypatch.setattr(dialog_module, "export_bytes", broken)
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ExportDialog(report_for()))
        await pilot.pause()
        app.screen.query_one("#export-path", Input).focus()
        await pilot.press("enter")
        error = app.screen.query_one("#export-error")
        await wait_until(pilot, lambda: "could not be exported" in str(error.render()), "why")
        assert isinstance(app.screen, ExportDialog) and app.is_running
    assert not (tmp_path / "exports").exists() or not any((tmp_path / "exports").iterdir())


async def test_without_the_pdf_extra_the_dialog_starts_on_a_format_it_can_make(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import intake_tui.app.dialogs.export as dialog_module

    monkeypatch.setattr(dialog_module, "available", lambda fmt: fmt != "pdf")
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ExportDialog(report_for()))
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog) and dialog.fmt == "html"
        assert "pip install 'intake-tui[pdf]'" in str(dialog.query_one("#format-pdf").label)
        assert dialog.query_one("#export-path", Input).value.endswith(".html")
