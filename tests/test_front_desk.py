"""Front desk as a role: the mode chosen at launch, switching only with staff initials,
resuming asks who is at the keyboard, absolute rules without override, the idle
countdown and lock, and screenshots kept in the data folder (issue 11, points 6-7).

Driven on the fixture bank (tests/fixture_bank), whose age gate is absolute.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from intake_tui.app.app import SCREENSHOT_DIR, IntakeApp
from intake_tui.app.config import AppConfig
from intake_tui.app.dialogs.initials import InitialsDialog
from intake_tui.app.dialogs.still_there import StillThereDialog
from intake_tui.app.run import app_config
from intake_tui.app.screens.gate import GateScreen
from intake_tui.app.screens.question import QuestionScreen
from intake_tui.app.screens.reports import ReportsScreen
from intake_tui.app.screens.results import ResultsScreen
from intake_tui.app.screens.review import ReviewScreen
from intake_tui.app.screens.welcome import WelcomeScreen
from intake_tui.cli.main import main
from intake_tui.core.audit import audit_path
from intake_tui.core.controller import (
    Answer,
    Finish,
    OverrideGate,
    absolute_reasons,
    may_override,
    step,
)
from intake_tui.core.errors import BankError
from intake_tui.core.front_desk import IdlePhase, idle_phase, resume_need
from intake_tui.core.launch_settings import ModeSwitch, read_mode_settings
from intake_tui.core.modes import Mode
from intake_tui.core.protocol.loader import load_protocol
from intake_tui.core.session import IntakeSession
from intake_tui.core.store import save_report
from tests.app_support import FIXED_ID, FIXED_NOW
from tests.support import FIXTURE_BANK, copy_bank, edit, fixture_answers, fixture_bundle
from tests.waiting import wait_until

SIZE = (100, 40)
SECRET = "Quokka-Client-7731"  # a client reference that must not show while locked
TIMEOUT = 120.0  # the countdown then covers the last 30 s


class FakeClock:
    """The app's monotonic clock, moved by the test instead of by waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def desk_app(
    data_dir: Path,
    mode: Mode = "front_desk",
    mode_switch: ModeSwitch = "with_initials",
    clock: FakeClock | None = None,
) -> IntakeApp:
    config = AppConfig(
        bundle=fixture_bundle(),
        questions=FIXTURE_BANK,
        data_dir=data_dir,
        mode=mode,
        mode_switch=mode_switch,
        clock=lambda: FIXED_NOW,
        new_id=lambda: FIXED_ID,
        cursor_blink=False,
        freeze_long_lived=False,  # as tests.app_support.make_app
        idle_timeout_seconds=TIMEOUT,
        monotonic=clock or FakeClock(),
    )
    return IntakeApp(config)


def audit_lines(data_dir: Path) -> list[dict[str, Any]]:
    path = audit_path(data_dir)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def screen_text(app: IntakeApp) -> str:
    return " ".join(str(widget.render()) for widget in app.screen.query(Static))


def option_texts(app: IntakeApp, list_id: str) -> str:
    options = app.screen.query_one(list_id, OptionList)
    return " ".join(str(options.get_option_at_index(n).prompt) for n in range(options.option_count))


async def type_initials(pilot: Pilot[None], initials: str) -> None:
    assert isinstance(pilot.app.screen, InitialsDialog)
    await pilot.press(*initials, "enter")
    await pilot.pause()


async def start_front_desk(pilot: Pilot[None], reference: str = SECRET) -> None:
    """A new front-desk intake by JS, up to the age question."""
    await pilot.press("n")
    await pilot.pause()
    await type_initials(pilot, "js")
    await pilot.press("enter")  # the welcome note
    await pilot.pause()
    await pilot.press(*reference, "enter")  # the client reference
    await pilot.pause()


def a_front_desk_draft(data_dir: Path) -> None:
    """Leave a front-desk draft (JS, client SECRET, at the age question) in ``data_dir``:
    the very file start_front_desk's keys save (the idle tests below drive those keys),
    written without starting an app for it."""
    session = IntakeSession(
        fixture_bundle(),
        FIXED_ID,
        "front_desk",
        FIXED_NOW,
        answers={"client_reference": SECRET},
        current_id="age",
        staff_initials="JS",
    )
    save_report(data_dir, session.to_report(FIXED_NOW))


# --- the mode: chosen at launch, switched only with initials -------------------------


async def test_switching_mode_asks_for_staff_initials_and_is_audit_logged(
    tmp_path: Path,
) -> None:
    app = desk_app(tmp_path, mode="self")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, InitialsDialog)
        await pilot.press("escape")  # no initials, no switch
        await pilot.pause()
        assert app.mode == "self" and audit_lines(tmp_path) == []
        await pilot.press("m")
        await pilot.pause()
        await type_initials(pilot, "ab")
        assert app.mode == "front_desk"
        assert "Front desk" in str(app.screen.query_one("#mode-line", Static).render())
    [switched] = audit_lines(tmp_path)
    assert (switched["action"], switched["staff_initials"], switched["mode"]) == (
        "mode_switched",
        "AB",
        "front_desk",
    )


async def test_the_clinic_can_turn_switching_off(tmp_path: Path) -> None:
    app = desk_app(tmp_path, mode="self", mode_switch="off")
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.check_action("switch_mode", ()) is False  # hidden from the footer
        assert "switch" not in str(app.screen.query_one("#mode-line", Static).render())
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.mode == "self"
    assert audit_lines(tmp_path) == []


def test_the_clinics_settings_choose_the_mode_unless_the_command_line_does(
    tmp_path: Path,
) -> None:
    bank = copy_bank(tmp_path)
    settings = bank / "settings.toml"
    edit(settings, 'default_mode = "self"', 'default_mode = "front_desk"')
    edit(settings, 'mode_switch = "with_initials"', 'mode_switch = "off"')
    chosen = app_config(bank, tmp_path / "data", None, None)
    assert not isinstance(chosen, str)
    assert (chosen.mode, chosen.mode_switch) == ("front_desk", "off")
    given = app_config(bank, tmp_path / "data", "self", None)
    assert not isinstance(given, str) and given.mode == "self"


def test_mode_settings_are_validated_and_unreadable_ones_fall_back_carefully(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = copy_bank(tmp_path)
    edit(bank / "settings.toml", 'mode_switch = "with_initials"', 'mode_switch = "sometimes"')
    assert main(["validate", str(bank)]) == 1
    assert "mode_switch" in capsys.readouterr().err
    assert read_mode_settings(bank).mode_switch == "off"
    assert read_mode_settings(tmp_path / "nowhere").mode_switch == "off"


# --- resuming asks who is at the keyboard -----------------------------------------------


async def test_resuming_a_front_desk_draft_asks_who_is_at_the_keyboard(tmp_path: Path) -> None:
    a_front_desk_draft(tmp_path)
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "enter")
        await pilot.pause()
        await type_initials(pilot, "ab")
        assert isinstance(app.screen, QuestionScreen)
        assert app.session is not None and app.session.current_id == "age"
    resumed = audit_lines(tmp_path)[-1]
    assert (resumed["action"], resumed["staff_initials"]) == ("intake_resumed", "AB")


async def test_a_self_assessment_app_asks_initials_before_taking_up_a_front_desk_draft(
    tmp_path: Path,
) -> None:
    a_front_desk_draft(tmp_path)
    app = desk_app(tmp_path, mode="self")
    async with app.run_test(size=SIZE) as pilot:
        assert SECRET not in option_texts(app, "#drafts")  # a client is at the keyboard
        await pilot.press("r", "enter")
        await pilot.pause()
        assert isinstance(app.screen, InitialsDialog)
        assert app.mode == "self"  # not before someone has said who they are
        await type_initials(pilot, "ab")
        assert app.mode == "front_desk" and isinstance(app.screen, QuestionScreen)
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: SECRET in option_texts(app, "#drafts"), "staff now")
    actions = [(line["action"], line["staff_initials"]) for line in audit_lines(tmp_path)]
    assert actions[-2:] == [("mode_switched", "AB"), ("intake_resumed", "AB")]


async def test_with_switching_off_a_self_assessment_app_refuses_a_front_desk_draft(
    tmp_path: Path,
) -> None:
    a_front_desk_draft(tmp_path)
    app = desk_app(tmp_path, mode="self", mode_switch="off")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.mode == "self" and app.session is None
    assert "intake_resumed" not in [line["action"] for line in audit_lines(tmp_path)]


@pytest.mark.parametrize(
    ("app_mode", "draft_mode", "switch", "need"),
    [
        ("self", "self", "off", "open"),
        ("self", "front_desk", "with_initials", "switch_with_initials"),
        ("self", "front_desk", "off", "refuse"),
        ("front_desk", "front_desk", "off", "initials"),
        ("front_desk", "self", "with_initials", "initials"),
    ],
)
def test_what_resuming_takes(
    app_mode: Mode, draft_mode: Mode, switch: ModeSwitch, need: str
) -> None:
    assert resume_need(app_mode, draft_mode, switch) == need


# --- absolute rules: no override ------------------------------------------------------


def gated_minor(mode: Mode = "front_desk") -> IntakeSession:
    session = IntakeSession.start(fixture_bundle(), mode, FIXED_NOW, "JS", FIXED_ID)
    answers = {**fixture_answers(), "age": 15}
    while (question := session.current) is not None:
        session = step(session, Answer(question.id, answers.get(question.id)), FIXED_NOW).session
    return step(session, Finish(), FIXED_NOW).session


def test_the_controller_refuses_an_override_past_an_absolute_rule() -> None:
    session = gated_minor()
    assert absolute_reasons(session) == ["gate.minor"]
    assert not may_override(session)
    result = step(session, OverrideGate("parent says it is fine", "JS"), FIXED_NOW)
    assert (result.changed, result.view) == (False, "gate")
    assert result.session.override is None


def test_absolute_is_only_for_block_and_refer_rules(tmp_path: Path) -> None:
    bank = copy_bank(tmp_path)
    rules = bank / "protocol" / "rules.toml"
    edit(rules, 'id = "warn.keloid_unsure"\n', 'id = "warn.keloid_unsure"\nabsolute = true\n')
    with pytest.raises(BankError) as raised:
        load_protocol(bank)
    [problem] = raised.value.problems
    assert "'absolute' only applies" in problem.message and problem.file == rules


async def a_minor_at_the_gate(pilot: Pilot[None]) -> None:
    """A front-desk intake of a 15-year-old, finished: the absolute age gate."""
    await start_front_desk(pilot)
    await pilot.press("1", "5", "enter")
    await pilot.pause()
    await pilot.press("enter")  # the note for minors
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReviewScreen)
    await pilot.press("f")
    await pilot.pause()
    assert isinstance(pilot.app.screen, GateScreen)


async def test_the_gate_says_an_absolute_result_cannot_be_overridden(tmp_path: Path) -> None:
    app = desk_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await a_minor_at_the_gate(pilot)
        assert "cannot be overridden" in screen_text(app)
        assert app.screen.check_action("override", ()) is False
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, GateScreen)  # no override dialog
    assert "gate_overridden" not in [line["action"] for line in audit_lines(tmp_path)]


# --- the idle countdown and lock -------------------------------------------------------


def test_the_idle_phases() -> None:
    assert idle_phase(89.0, TIMEOUT) == IdlePhase("active")
    assert idle_phase(90.5, TIMEOUT) == IdlePhase("warning", 30)
    assert idle_phase(119.2, TIMEOUT) == IdlePhase("warning", 1)
    assert idle_phase(120.0, TIMEOUT) == IdlePhase("expired")
    # A short timeout warns for its last quarter only.
    assert idle_phase(14.0, 20.0) == IdlePhase("active")
    assert idle_phase(16.0, 20.0) == IdlePhase("warning", 4)


async def idle_for(pilot: Pilot[None], clock: FakeClock, seconds: float) -> None:
    clock.now += seconds
    app = pilot.app
    assert isinstance(app, IntakeApp)
    app.return_home_if_idle()  # what the app's timer calls each second
    await pilot.pause()


async def test_a_countdown_warns_and_any_key_stays(tmp_path: Path) -> None:
    clock = FakeClock()
    app = desk_app(tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_front_desk(pilot)
        await idle_for(pilot, clock, 80)
        assert isinstance(app.screen, QuestionScreen)  # not yet
        await idle_for(pilot, clock, 15)
        assert isinstance(app.screen, StillThereDialog)
        assert "Returning to the start in 25 s" in screen_text(app)
        await idle_for(pilot, clock, 3)
        assert "in 22 s" in screen_text(app)
        before = app.session
        await pilot.press("7")  # "I'm here": the key does not answer the question
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.session is before
        await idle_for(pilot, clock, 85)
        assert isinstance(app.screen, QuestionScreen)  # the key press restarted the wait
    assert "idle_timeout" not in [line["action"] for line in audit_lines(tmp_path)]


async def test_after_the_timeout_the_start_is_locked_and_initials_unlock(tmp_path: Path) -> None:
    clock = FakeClock()
    app = desk_app(tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await start_front_desk(pilot)
        await idle_for(pilot, clock, 100)
        assert isinstance(app.screen, StillThereDialog)
        await idle_for(pilot, clock, 25)
        assert isinstance(app.screen, WelcomeScreen) and app.locked and app.session is None
        listed = FIXED_NOW.strftime("%H:%M")
        await wait_until(pilot, lambda: listed in option_texts(app, "#drafts"), "the draft")
        assert SECRET not in option_texts(app, "#drafts")
        assert "Locked" in str(app.screen.query_one("#mode-line", Static).render())
        await pilot.press("r", "enter")
        await pilot.pause()
        assert isinstance(app.screen, InitialsDialog)  # unlocking comes first
        await type_initials(pilot, "ab")
        assert isinstance(app.screen, QuestionScreen) and not app.locked
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert SECRET in option_texts(app, "#drafts")
    actions = [(line["action"], line["staff_initials"]) for line in audit_lines(tmp_path)]
    assert actions[-3:] == [("idle_timeout", "JS"), ("unlocked", "AB"), ("intake_resumed", "AB")]


async def test_the_welcome_screen_alone_locks_too_and_u_unlocks(tmp_path: Path) -> None:
    a_front_desk_draft(tmp_path)
    clock = FakeClock()
    app = desk_app(tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: SECRET in option_texts(app, "#drafts"), "the drafts")
        await idle_for(pilot, clock, TIMEOUT)
        assert app.locked and SECRET not in option_texts(app, "#drafts")
        await pilot.press("u")
        await pilot.pause()
        await type_initials(pilot, "cd")
        assert not app.locked and SECRET in option_texts(app, "#drafts")
    assert audit_lines(tmp_path)[-1]["action"] == "unlocked"


async def test_locked_saved_reports_show_no_reference_and_opening_asks_initials(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    app = desk_app(tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await a_minor_at_the_gate(pilot)  # a short, finished intake
        await idle_for(pilot, clock, TIMEOUT)
        assert isinstance(app.screen, WelcomeScreen) and app.locked
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, ReportsScreen)
        assert SECRET not in option_texts(app, "#reports")
        app.screen.query_one("#filter", Input).value = SECRET[:6]
        await pilot.pause()
        assert app.screen.query_one("#reports", OptionList).option_count == 0  # no search by it
        app.screen.query_one("#filter", Input).value = ""
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        await type_initials(pilot, "ab")
        assert isinstance(app.screen, ResultsScreen)
    actions = [(line["action"], line["staff_initials"]) for line in audit_lines(tmp_path)]
    assert actions[-2:] == [("unlocked", "AB"), ("report_opened", "AB")]


# --- screenshots -------------------------------------------------------------------------


async def test_the_palettes_screenshot_stays_in_the_data_folder_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    data = tmp_path / "data"
    app = desk_app(data)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Screenshot")
        await pilot.pause()
        await pilot.press("enter")
        folder = data / SCREENSHOT_DIR
        for _ in range(100):  # the palette delivers it on a short timer: wait for the file
            await pilot.pause(0.05)
            if folder.is_dir() and any(folder.iterdir()):
                break
    [shot] = folder.iterdir()
    assert shot.suffix == ".svg" and shot.stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700
    assert not home.exists()  # nothing in ~/Downloads
    assert audit_lines(data)[-1]["action"] == "screenshot_saved"
