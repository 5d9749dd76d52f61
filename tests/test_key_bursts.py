"""Keys faster than the screen (issue 17.2): every screen's keys pressed in bursts, as
key auto-repeat sends them (many presses, no pause between), never crash the app;
a random key storm on the question flow neither; a crash exits non-zero and says
what was and was not saved. Pilot on the fixture bank."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events
from textual.pilot import Pilot
from textual.screen import Screen

from intake_tui.app.app import IntakeApp
from intake_tui.app.dialogs.confirm import ConfirmDeleteDialog
from intake_tui.app.dialogs.export import ExportDialog
from intake_tui.app.dialogs.initials import InitialsDialog
from intake_tui.app.dialogs.open_elsewhere import OpenElsewhereDialog
from intake_tui.app.dialogs.override import OverrideDialog
from intake_tui.app.dialogs.still_there import StillThereDialog
from intake_tui.app.safety import safe_crash_message
from intake_tui.app.screens.gate import GateScreen
from intake_tui.app.screens.question import QuestionScreen
from intake_tui.app.screens.reports import ReportsScreen
from intake_tui.app.screens.results import ResultsScreen
from intake_tui.app.screens.review import ReviewScreen
from intake_tui.app.screens.welcome import WelcomeScreen
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.modes import Mode
from intake_tui.core.report.toml_io import read_report
from intake_tui.core.session import IntakeSession
from intake_tui.core.store import SessionStore, save_report
from tests.app_support import FIXED_ID, FIXED_NOW
from tests.pilot_fixture import fixture_app, settle
from tests.strategies import examples
from tests.support import FIXTURE_BANK, fixture_answers, fixture_bundle
from tests.waiting import wait_until

SIZE = (100, 40)
BURST = 8  # presses of one key in a row: key auto-repeat for about a quarter second
ROOT = Path(__file__).resolve().parent.parent


def save_draft(
    folder: Path, current: str | None, mode: Mode = "self", **changed: AnswerValue
) -> Path:
    """A draft with every fixture answer but ``current``'s, resuming at ``current``
    (None: every question answered, so it opens on the review)."""
    answers = {**fixture_answers(), **changed}
    if current is not None:
        answers.pop(current, None)
    session = IntakeSession(
        fixture_bundle(), FIXED_ID, mode, FIXED_NOW, answers=answers, current_id=current
    )
    return save_report(folder, session.to_report(FIXED_NOW))


def assert_running(app: IntakeApp) -> None:
    """No crash: still running, or quit (a storm may choose Quit) with status 0."""
    assert app._exception is None, f"crashed: {app._exception!r}"
    assert not app.return_code


CHARACTERS = {"space": " ", "enter": "\r", "tab": "\t", "escape": "\x1b", "backspace": "\x7f"}


def send_keys(app: IntakeApp, keys: Iterable[str]) -> None:
    """Queue key presses the way the terminal driver does, all before the app handles
    the first: faster than any typist, as fast as auto-repeat piling up on a busy app."""
    assert app._driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else CHARACTERS.get(key))
        event.set_sender(app)
        app._driver.send_message(event)


async def burst(pilot: Pilot[None], keys: Iterable[str], times: int = BURST) -> None:
    """Each key ``times`` times in a row, with no pause at all between presses; then
    wait until the app has handled them and check it is still running."""
    app = pilot.app
    assert isinstance(app, IntakeApp)
    send_keys(app, [key for key in keys for _ in range(times)])
    await pilot.pause()
    await pilot.pause()
    assert_running(app)


async def open_draft(app: IntakeApp, pilot: Pilot[None], path: Path) -> None:
    await pilot.pause()
    app.resume_intake(path)
    await pilot.pause()


def on(app: IntakeApp, screen: type[Screen[object]]) -> Callable[[], bool]:
    return lambda: isinstance(app.screen, screen)


# --- a question of each type --------------------------------------------------------

QUESTION_OF_EACH_TYPE = {
    "note": "welcome_note",
    "text": "client_reference",
    "integer": "age",
    "single": "skin_tone_self",
    "yes_no": "fitz_quiz_offer",
    "multiple": "skin_conditions",
    "date": "start_date",
}


async def open_question(app: IntakeApp, pilot: Pilot[None], path: Path, question: str) -> None:
    """Resume the draft at ``path`` on ``question`` (front desk: initials first)."""
    await open_draft(app, pilot, path)
    if isinstance(app.screen, InitialsDialog):
        await pilot.press("j", "s", "enter")
    await settle(pilot, on(app, QuestionScreen))
    assert app.session is not None and app.session.current_id == question


@pytest.mark.parametrize("kind", sorted(QUESTION_OF_EACH_TYPE))
async def test_bursts_on_a_question_of_each_type(tmp_path: Path, kind: str) -> None:
    question = QUESTION_OF_EACH_TYPE[kind]
    assert fixture_bundle().bank.by_id[question].type == kind
    mode: Mode = "front_desk" if kind == "text" else "self"  # the reference: front desk
    app = fixture_app(tmp_path, mode)
    async with app.run_test(size=SIZE) as pilot:
        for keys in (["enter"], ["1", "enter"], ["2", "space", "enter"], ["3", "7", "enter"]):
            await open_question(app, pilot, save_draft(tmp_path, question, mode), question)
            await burst(pilot, keys)
            app.go_home()
            await pilot.pause()
        await open_question(app, pilot, save_draft(tmp_path, question, mode), question)
        await burst(pilot, ["escape", "shift+tab", "down", "up", "ctrl+r", "escape", "ctrl+g"])


async def test_double_enter_on_a_typed_answer_answers_one_question(tmp_path: Path) -> None:
    """The second Enter reaches the next question, unanswered: it says what to do."""
    blank = IntakeSession(fixture_bundle(), FIXED_ID, "self", FIXED_NOW, current_id="age")
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_draft(app, pilot, save_report(tmp_path, blank.to_report(FIXED_NOW)))
        send_keys(app, ["4", "0", "enter", "enter", "enter"])
        await settle(pilot, lambda: app.session is not None and "age" in app.session.answers)
        await pilot.pause()
        assert_running(app)
        assert app.session is not None and app.session.answers == {"age": 40}
        assert app.session.current_id == "skin_tone_self"


# --- review, gate, results, saved reports ---------------------------------------------


async def test_bursts_on_the_review(tmp_path: Path) -> None:
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_draft(app, pilot, save_draft(tmp_path, None))
        await settle(pilot, on(app, ReviewScreen))
        await burst(pilot, ["enter"], times=3)  # three quick Enters: one jump, no pops
        assert isinstance(app.screen, QuestionScreen)
        await burst(pilot, ["ctrl+r", "escape", "ctrl+r", "down"])
        await settle(pilot, on(app, ReviewScreen))
        await burst(pilot, ["f"])  # finish once
        assert isinstance(app.screen, ResultsScreen)
        assert [type(s) for s in app.screen_stack].count(ResultsScreen) == 1


async def test_bursts_on_the_gate_and_its_override(tmp_path: Path) -> None:
    app = fixture_app(tmp_path, mode="front_desk")
    async with app.run_test(size=SIZE) as pilot:
        await open_draft(app, pilot, save_draft(tmp_path, None, "front_desk", keloid="yes"))
        await settle(pilot, lambda: isinstance(app.screen, InitialsDialog))
        await pilot.press("j", "s", "enter")
        await settle(pilot, on(app, ReviewScreen))
        await burst(pilot, ["f"])
        await settle(pilot, on(app, GateScreen))
        await burst(pilot, ["o"], times=3)
        assert isinstance(app.screen, OverrideDialog)
        await burst(pilot, ["enter", "escape"])  # nothing typed: stays; then Esc Esc…
        assert isinstance(app.screen, GateScreen)
        await burst(pilot, ["h"])
        assert isinstance(app.screen, WelcomeScreen)


async def test_bursts_on_the_gate_in_self_assessment(tmp_path: Path) -> None:
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_draft(app, pilot, save_draft(tmp_path, None, keloid="yes"))
        await settle(pilot, on(app, ReviewScreen))
        await burst(pilot, ["f"])
        await settle(pilot, on(app, GateScreen))
        await burst(pilot, ["v"])  # one switch to the summary, however many presses
        assert isinstance(app.screen, ResultsScreen)
        assert [type(s) for s in app.screen_stack].count(ResultsScreen) == 1
        await burst(pilot, ["escape", "h"])
        assert isinstance(app.screen, WelcomeScreen)


async def test_bursts_on_the_results_and_the_export_dialog(tmp_path: Path) -> None:
    app = fixture_app(tmp_path / "data")
    exports = tmp_path / "data" / "exports"
    async with app.run_test(size=SIZE) as pilot:
        await open_draft(app, pilot, save_draft(tmp_path / "data", None))
        await settle(pilot, on(app, ReviewScreen))
        await pilot.press("f")
        await settle(pilot, on(app, ResultsScreen))
        await burst(pilot, ["escape", "x"])
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#export-path").focus()
        await burst(pilot, ["enter", "enter"])  # Enter Enter: one export, the results stay
        await wait_until(pilot, on(app, ResultsScreen), "the export to finish")
        assert len(list(exports.iterdir())) == 1
        await burst(pilot, ["x", "escape"])
        assert isinstance(app.screen, ResultsScreen)
        await burst(pilot, ["h"])
        assert isinstance(app.screen, WelcomeScreen)


async def test_bursts_on_the_saved_reports_and_the_delete_dialog(tmp_path: Path) -> None:
    finished = IntakeSession(fixture_bundle(), "00000000000000b1", "self", FIXED_NOW)
    for number in range(3):
        report = finished.to_report(FIXED_NOW, status="completed")
        save_report(tmp_path, report.model_copy(update={"session_id": f"00000000000000b{number}"}))
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, ["b"])
        assert isinstance(app.screen, ReportsScreen)
        await burst(pilot, ["down", "up", "down"])
        await burst(pilot, ["d"], times=3)
        assert isinstance(app.screen, ConfirmDeleteDialog)
        await burst(pilot, ["a", "b", "enter", "enter"])  # initials: one deletion, one dismissal
        await settle(pilot, on(app, ReportsScreen))
        assert len(SessionStore(tmp_path).listing().finished) == 2
        await burst(pilot, ["down", "enter", "enter"])  # self-assessment: initials first
        await settle(pilot, on(app, InitialsDialog))
        await burst(pilot, ["escape", "escape"])
        assert isinstance(app.screen, WelcomeScreen)


# --- the welcome screen and its dialogs --------------------------------------------------


async def test_bursts_on_the_welcome_screen(tmp_path: Path) -> None:
    save_draft(tmp_path, "age")
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, ["r", "down", "d"])
        assert isinstance(app.screen, ConfirmDeleteDialog)
        await burst(pilot, ["n", "escape"])
        assert isinstance(app.screen, WelcomeScreen)
        await burst(pilot, ["r", "enter"])  # resume once; Enters then continue
        await settle(pilot, on(app, QuestionScreen))
        assert [type(s) for s in app.screen_stack] == [WelcomeScreen, QuestionScreen]
        await burst(pilot, ["ctrl+g", "escape"])
        assert isinstance(app.screen, WelcomeScreen)
        await burst(pilot, ["b", "escape", "escape"])
        assert isinstance(app.screen, WelcomeScreen)
        await burst(pilot, ["n"])
        assert isinstance(app.screen, QuestionScreen)


async def test_bursts_on_the_initials_dialog(tmp_path: Path) -> None:
    app = fixture_app(tmp_path, mode="front_desk")
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, ["m"], times=3)
        assert isinstance(app.screen, InitialsDialog)
        await burst(pilot, ["enter", "escape"])  # nothing typed: a message, then one Esc
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("n", "j", "s")
        await burst(pilot, ["enter"])  # starts one intake; Enters then continue it
        assert isinstance(app.screen, QuestionScreen)
        assert [type(s) for s in app.screen_stack] == [WelcomeScreen, QuestionScreen]


async def test_bursts_on_the_still_there_countdown(tmp_path: Path) -> None:
    app = fixture_app(tmp_path, mode="front_desk")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(StillThereDialog(20))
        await settle(pilot, on(app, StillThereDialog))
        await burst(pilot, ["enter", "escape", "space"])
        assert isinstance(app.screen, WelcomeScreen)


@pytest.mark.parametrize("choice", ["r", "t", "escape"])
async def test_bursts_on_the_open_elsewhere_dialog(tmp_path: Path, choice: str) -> None:
    path = save_draft(tmp_path, "age")
    assert SessionStore(tmp_path).hold(FIXED_ID) is None  # another terminal has it open
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_draft(app, pilot, path)
        assert isinstance(app.screen, OpenElsewhereDialog)
        await burst(pilot, [choice])
        assert not isinstance(app.screen, OpenElsewhereDialog)
        assert len(app.screen_stack) <= 2


@pytest.mark.parametrize("after_quit", [["b"], ["n"], ["b", "down", "enter"]])
async def test_keys_queued_behind_quit_open_nothing(tmp_path: Path, after_quit: list[str]) -> None:
    """``q`` then another key before the app has closed: it closes, status 0."""
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        send_keys(app, ["q", *after_quit])
        await pilot.pause()
        await pilot.pause()
    assert app._exception is None and not app.return_code


# --- pop_screen and dismissals twice ------------------------------------------------------


async def test_a_pop_with_only_the_welcome_screen_left_does_nothing(tmp_path: Path) -> None:
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.pop_screen()
        app.pop_screen()
        await pilot.pause()
        assert_running(app)
        assert isinstance(app.screen, WelcomeScreen)


async def test_a_dialog_dismissed_twice_leaves_the_screen_below(tmp_path: Path) -> None:
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.action_browse_reports()
        await pilot.pause()
        dialog = InitialsDialog()
        app.push_screen(dialog)
        await pilot.pause()
        dialog.action_cancel()
        dialog.action_cancel()
        await pilot.pause()
        assert_running(app)
        assert isinstance(app.screen, ReportsScreen)


# --- a random key storm on the question flow --------------------------------------------

STORM_KEYS = [
    "enter", "enter", "enter", "space", "escape", "shift+tab", "up", "down", "tab",
    "1", "2", "3", "4", "9", "0", "a", "f", "h", "c", "v", "ctrl+r", "ctrl+g", "backspace",
]  # fmt: skip


async def storm(folder: Path, keys: list[str]) -> None:
    app = fixture_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await burst(pilot, keys, times=1)


@settings(
    max_examples=examples(12),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.sampled_from(STORM_KEYS), min_size=5, max_size=60))
def test_a_random_key_storm_on_the_question_flow_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, keys: list[str]
) -> None:
    asyncio.run(storm(tmp_path_factory.mktemp("storm"), keys))


# --- a crash: non-zero exit and what was saved ------------------------------------------


def crash_message_parts(open_draft: str, saved: bool) -> str:
    try:
        raise KeyError("x")
    except KeyError as error:
        return safe_crash_message(error, open_draft, saved=saved)


def test_the_crash_message_says_what_was_and_was_not_saved() -> None:
    assert "NOT saved" in crash_message_parts(FIXED_ID, saved=False)
    assert "is saved in intake-" in crash_message_parts(FIXED_ID, saved=True)
    assert "No intake was open" in crash_message_parts("", saved=True)
    for message in (crash_message_parts(FIXED_ID, False), crash_message_parts("", True)):
        assert "Traceback" not in message and "\n" not in message


def run_crashing_app(folder: Path, failing_save: bool) -> subprocess.CompletedProcess[str]:
    """``intake`` (app/run.py), headless: one answer is saved (or its save fails),
    then something unexpected breaks."""
    script = f"""
import sys
from pathlib import Path
from intake_tui.app import run
from intake_tui.app.app import IntakeApp
from intake_tui.core.bundle import load_bundle
from intake_tui.core.errors import IntakeError
from intake_tui.core.report.toml_io import read_report
from intake_tui.core.session import IntakeSession
from intake_tui.core.store import SessionStore

BANK = Path({str(FIXTURE_BANK)!r})
if {failing_save!r}:
    def failing(self, report):
        raise IntakeError("cannot save here")
    SessionStore.save = failing


def on_ready(self):
    started = IntakeSession.start(load_bundle(BANK), "self", self.config.clock())
    self.set_reactive(IntakeApp.session, started)
    self.session = started.jump_to("age").answer(40)  # saved by the app's watcher
    raise ZeroDivisionError("age 40")


IntakeApp.on_ready = on_ready
headless_run = IntakeApp.run
IntakeApp.run = lambda self: headless_run(self, headless=True)
sys.exit(run.run_app(BANK, Path(sys.argv[1]), "self", None))
"""
    return subprocess.run(
        [sys.executable, "-c", script, str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("failing_save", [False, True])
def test_a_crash_exits_non_zero_and_says_what_was_saved(tmp_path: Path, failing_save: bool) -> None:
    result = run_crashing_app(tmp_path, failing_save)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "ZeroDivisionError" in output and "Traceback" not in output and "age 40" not in output
    if failing_save:
        assert "NOT saved" in output
    else:
        assert "is saved in intake-" in output
        # The answer's save waits for the next frame; the crash came first and wrote it.
        [draft] = tmp_path.glob("intake-*.toml")
        assert read_report(draft).answers["age"] == 40
