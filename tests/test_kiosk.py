"""The kiosk app (one browser tab of `intake serve`) without a browser: what it offers,
what it hides, the idle return home, resuming with staff initials, downloads, and the
footer of an app that starts unfocused, as textual-serve starts it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Footer, Input, OptionList, Static

from intake_tui.app.app import IntakeApp
from intake_tui.app.config import AppConfig
from intake_tui.app.dialogs.export import ExportDialog
from intake_tui.app.dialogs.still_there import StillThereDialog
from intake_tui.app.screens.question import QuestionScreen
from intake_tui.app.screens.results import ResultsScreen
from intake_tui.app.screens.welcome import WelcomeScreen
from intake_tui.core.audit import audit_path
from intake_tui.core.document.export import export_bytes, export_name
from intake_tui.core.session import IntakeSession
from intake_tui.web import kiosk
from intake_tui.web.kiosk import KioskApp
from intake_tui.web.launch import kiosk_config
from tests.app_support import FIXED_ID, FIXED_NOW
from tests.pilot_fixture import fixture_app
from tests.support import copy_bank, copy_bundled_bank, edit, fixture_bundle
from tests.test_documents import report_for
from tests.waiting import wait_until

SIZE = (80, 24)
IDLE_SECONDS = 120.0


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def kiosk_app(data_dir: Path, clock: FakeClock | None = None) -> KioskApp:
    config = AppConfig(
        bundle=fixture_bundle(),
        data_dir=data_dir,
        mode="self",
        mode_switch="off",
        kiosk=True,
        clock=lambda: FIXED_NOW,
        new_id=lambda: FIXED_ID,
        cursor_blink=False,
        freeze_long_lived=False,
        idle_timeout_seconds=IDLE_SECONDS,
        monotonic=clock or FakeClock(),
    )
    return KioskApp(config)


def audit_actions(data_dir: Path) -> list[dict[str, Any]]:
    path = audit_path(data_dir)
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [json.loads(line) for line in lines]


def save_draft(app: IntakeApp, answers: dict[str, Any]) -> None:
    session = IntakeSession(app.bundle, FIXED_ID, "self", FIXED_NOW, answers=answers)
    app.store.save(session.to_report(FIXED_NOW))


# --- the footer: keys from the first frame, focused or not ---------------------------------


async def test_the_welcome_footer_shows_its_keys_when_the_app_starts_unfocused(
    tmp_path: Path,
) -> None:
    """textual-serve's driver starts the app unfocused until the page reports focus
    (after a click): the welcome screen's footer stayed empty until then."""
    app = fixture_app(tmp_path)
    app.set_reactive(App.app_focus, False)  # as the web driver starts it
    async with app.run_test(size=SIZE) as pilot:
        footer = app.screen.query_one(Footer)
        await wait_until(pilot, lambda: footer.query("FooterKey"), "the footer's keys")
        assert not app.app_focus
        shown = {str(key.description) for key in footer.query("FooterKey")}  # type: ignore[attr-defined]
        assert {"New intake", "Resume"} <= shown


# --- what a kiosk offers -------------------------------------------------------------------


async def test_a_kiosk_offers_no_saved_reports_no_mode_switch_and_no_clients(
    tmp_path: Path,
) -> None:
    app = kiosk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        menu = app.screen.query_one("#menu", OptionList)
        assert [menu.get_option_at_index(i).id for i in range(menu.option_count)] == [
            "new",
            "quit",
        ]
        await pilot.press("b", "m", "l")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 1
        app.action_browse_reports()  # as the palette would, had it offered it
        await pilot.pause()
        assert len(app.screen_stack) == 1
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Saved reports" not in titles and "New intake" in titles


async def test_a_kiosk_goes_home_after_the_idle_time_keeping_the_draft(tmp_path: Path) -> None:
    clock = FakeClock()
    app = kiosk_app(tmp_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen), "the intake")
        await pilot.press("enter", "3", "5", "enter")
        await wait_until(pilot, lambda: app.store.listing().drafts, "the draft saved")
        clock.now += IDLE_SECONDS - 10
        app.return_home_if_idle()  # what the app's timer calls each second
        await pilot.pause()
        assert isinstance(app.screen, StillThereDialog)
        clock.now += 10
        app.return_home_if_idle()
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "home")
        assert app.session is None and not app.locked  # nothing to hide: no references
        clock.now += IDLE_SECONDS  # and the welcome screen alone, idle, stays unlocked
        app.return_home_if_idle()
        assert not app.locked
    (draft,) = app.store.listing().drafts
    assert app.store.load(draft.path).answers["age"] == 35
    assert "idle_timeout" in [line["action"] for line in audit_actions(tmp_path)]


async def test_a_kiosk_neither_lists_nor_opens_nor_discards_unfinished_intakes(
    tmp_path: Path,
) -> None:
    """Whoever holds the tablet is a client: another client's draft is not theirs to
    open (with any letters as "initials") or to discard; it stays for the front desk."""
    app = kiosk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        save_draft(app, {"age": 35})
        app.screen.refresh_lists()  # type: ignore[attr-defined]
        await pilot.pause()
        assert not app.screen.query("#drafts") and not app.screen.query("#drafts-title")
        await pilot.press("r")  # on main: the drafts, then Enter and any letters opened one
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#menu")
        await pilot.press("d", "y")  # on main: discarded another client's draft
        await pilot.pause()
        assert app.session is None and isinstance(app.screen, WelcomeScreen)
        shown = {str(key.description) for key in app.screen.query("FooterKey")}  # type: ignore[attr-defined]
        assert not {"Resume", "Discard"} & shown
    (draft,) = app.store.listing().drafts  # kept in the data folder, for staff
    assert app.store.load(draft.path).answers["age"] == 35
    assert "intake_resumed" not in [line["action"] for line in audit_actions(tmp_path)]


async def test_a_kiosk_palette_offers_no_screenshot_and_none_is_written(tmp_path: Path) -> None:
    app = kiosk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Screenshot" not in titles and {"New intake", "Home", "Quit"} <= titles
        await app.run_action("screenshot")  # as a binding or the palette would
        await pilot.pause()
    assert not (tmp_path / "screenshots").exists()


async def test_a_kiosk_results_screen_says_saved_without_the_servers_path(
    tmp_path: Path,
) -> None:
    app = kiosk_app(tmp_path)
    saved_at = tmp_path / f"intake-{FIXED_ID}.toml"
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ResultsScreen(report_for(), saved_at))
        await pilot.pause()
        line = str(app.screen.query_one("#saved-path", Static).render())
    assert line == "Saved."
    assert str(tmp_path) not in line


def test_a_kiosk_is_self_assessment_whatever_the_clinic_default(tmp_path: Path) -> None:
    questions = copy_bank(tmp_path)
    edit(questions / "settings.toml", 'default_mode = "self"', 'default_mode = "front_desk"')
    config = kiosk_config(questions, tmp_path / "data", 60.0)
    assert (config.mode, config.mode_switch, config.kiosk) == ("self", "off", True)
    assert config.idle_timeout_seconds == 60.0


def test_a_tabs_app_speaks_the_clinics_language_from_its_first_label(tmp_path: Path) -> None:
    """The labels are worded as the app's modules load: the language is set before."""
    questions = copy_bundled_bank(tmp_path)
    edit(questions / "settings.toml", 'language = "en"', 'language = "es"')
    code = (
        "import sys\n"
        "from intake_tui.web.launch import prepare\n"
        "config = prepare(sys.argv[1:])\n"
        "from intake_tui.web.kiosk import KioskApp\n"
        "print(config.language, KioskApp.TITLE)\n"
    )
    arguments = ["--questions", str(questions), "--data-dir", str(tmp_path / "data")]
    result = subprocess.run(
        [sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "es Cuestionario de micropunción"


async def test_a_kiosk_app_ends_when_its_server_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = kiosk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert not app._exit
        monkeypatch.setattr(kiosk.os, "getppid", lambda: 1)  # adopted: the server died
        app.exit_if_orphaned()
        await wait_until(pilot, lambda: app._exit, "the app ending")


# --- Save a copy in a browser is a download ------------------------------------------------


async def test_in_a_browser_the_export_is_a_download_of_the_clients_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(IntakeApp, "is_web", property(lambda self: True))
    delivered: list[tuple[bytes, str | None]] = []
    methods: list[str | None] = []
    notices: list[str] = []
    monkeypatch.setattr(IntakeApp, "notify", lambda self, text, **_: notices.append(text))

    def deliver_binary(self: IntakeApp, data: Any, **options: Any) -> str:
        delivered.append((data.read(), options.get("save_filename")))
        methods.append(options.get("open_method"))
        return "key"

    monkeypatch.setattr(IntakeApp, "deliver_binary", deliver_binary)
    app = fixture_app(tmp_path)
    report = report_for()
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ExportDialog(report))
        await pilot.pause()
        assert not app.screen.query(Input)  # no path on the server to choose
        await pilot.click("#format-txt")
        await pilot.click("#export-go")
        await wait_until(pilot, lambda: delivered, "the download")
        await wait_until(pilot, lambda: not isinstance(app.screen, ExportDialog), "closed")
    expected = export_bytes(report, fixture_bundle(), "txt", "client")
    assert delivered == [(expected, export_name(report, "txt", "client"))]
    assert methods == ["download"]  # an attachment, never opened in a tab of its own
    (notice,) = [text for text in notices if "downloads" in text]
    assert "remove it" in notice  # the next client must not find it there
    assert not (tmp_path / "exports").exists()
    assert "report_downloaded" in [line["action"] for line in audit_actions(tmp_path)]
