"""The question screen: explicit answers, ticks that read without colour, and input
that survives whatever passes over the screen. Driven with Pilot on the fixture bank."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static

from intake_tui.app.answer_widgets import (
    CHOSEN,
    TICKED,
    UNCHOSEN,
    UNTICKED,
    MultiChoice,
    SingleChoice,
)
from intake_tui.app.app import IntakeApp
from intake_tui.app.config import AppConfig
from intake_tui.app.screens.question import QuestionScreen
from intake_tui.core.bank.models import Question
from intake_tui.core.bundle import load_bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.controller import Answer, missing_answer_message, step
from intake_tui.core.report.toml_io import read_report
from intake_tui.core.session import IntakeSession
from intake_tui.core.store import session_file_name
from tests.app_support import FIXED_ID, FIXED_NOW
from tests.support import copy_bank, edit, fixture_answers, fixture_bundle

SIZE = (100, 40)
# Answers that put a resumed draft on a question of each kind (fixture bank).
BEFORE_SINGLE = ("age",)  # next: skin_tone_self, single choice
BEFORE_MULTIPLE = ("age", "skin_tone_self", "fitz_quiz_offer")  # next: skin_conditions


def fixture_app(tmp_path: Path) -> IntakeApp:
    config = AppConfig(
        bundle=fixture_bundle(),
        data_dir=tmp_path,
        clock=lambda: FIXED_NOW,
        new_id=lambda: FIXED_ID,
        cursor_blink=False,
        freeze_long_lived=False,  # as tests.app_support.make_app
    )
    return IntakeApp(config)


async def open_draft(app: IntakeApp, pilot: Pilot[None], answered: tuple[str, ...]) -> Question:
    """Resume a draft holding the fixture answers to ``answered``; return where it opens."""
    answers = {qid: fixture_answers()[qid] for qid in answered}
    draft = IntakeSession(fixture_bundle(), FIXED_ID, "self", FIXED_NOW, answers=answers)
    await pilot.pause()
    app.resume_intake(app.store.save(draft.to_report(FIXED_NOW)))
    await pilot.pause()
    assert isinstance(app.screen, QuestionScreen) and app.session and app.session.current
    return app.session.current


def recorded(app: IntakeApp, question_id: str) -> AnswerValue | None:
    assert app.session is not None
    return app.session.answers.get(question_id)


def saved_answers(tmp_path: Path) -> dict[str, AnswerValue]:
    return read_report(tmp_path / session_file_name(FIXED_ID)).answers


def single_lines(app: IntakeApp) -> list[str]:
    widget = app.screen.query_one("#single", SingleChoice)
    return [str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]


def multiple_lines(app: IntakeApp) -> list[str]:
    widget = app.screen.query_one("#multiple", MultiChoice)
    return [widget.render_line(y).text for y in range(widget.option_count)]


def assert_earlier_answer_chosen(app: IntakeApp, question_id: str) -> Question:
    """The question is shown with its fixture answer highlighted and marked (•)."""
    question = fixture_bundle().bank.by_id[question_id]
    assert app.session and app.session.current_id == question.id
    index = question.option_values.index(str(fixture_answers()[question.id]))
    assert app.screen.query_one("#single", SingleChoice).highlighted == index
    assert single_lines(app)[index].startswith(CHOSEN)
    return question


def error_text(app: IntakeApp) -> str:
    return str(app.screen.query_one("#error", Static).render())


# --- 1. explicit answers only ------------------------------------------------------------
async def test_a_single_choice_opens_with_nothing_chosen_and_enter_records_nothing(
    tmp_path: Path,
) -> None:
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        question = await open_draft(app, pilot, BEFORE_SINGLE)
        assert app.screen.query_one("#single", SingleChoice).highlighted is None
        assert all(line.startswith(UNCHOSEN) for line in single_lines(app))
        await pilot.press("enter")
        await pilot.pause()
        assert app.session and app.session.current_id == question.id
        assert recorded(app, question.id) is None
        app_hint = "press 1-7, or use ↑↓ and Enter"  # the app's keys, not plain mode's
        assert error_text(app) == missing_answer_message(question, app_hint)
    assert question.id not in saved_answers(tmp_path)


async def test_a_digit_chooses_and_stays_then_enter_continues(tmp_path: Path) -> None:
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        question = await open_draft(app, pilot, BEFORE_SINGLE)
        await pilot.press("3")
        await pilot.pause()
        third = question.option_values[2]
        assert app.session and app.session.current_id == question.id  # stays
        assert recorded(app, question.id) == third
        lines = single_lines(app)
        assert lines[2].startswith(CHOSEN)
        assert all(line.startswith(UNCHOSEN) for i, line in enumerate(lines) if i != 2)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.current_id != question.id
    assert saved_answers(tmp_path)[question.id] == third


async def test_the_next_question_with_the_same_options_starts_unchosen(tmp_path: Path) -> None:
    """The list keeps its rows when the next question has the same options (only the
    (•) is redrawn): the earlier question's choice must not show on the next one, and
    a second pick moves the (•)."""
    root = copy_bank(tmp_path)
    for old, new in [("light", "always"), ("hazel", "sometimes"), ("dark", "never")]:
        edit(
            root / "sections/02-health.toml",
            f'{{ value = "{old}", label = "Fixture {old}"',
            f'{{ value = "{new}", label = "Fixture {new}"',
        )
    bundle = load_bundle(root)
    answers: dict[str, AnswerValue] = {
        "age": 40,
        "skin_tone_self": "type_2",
        "fitz_quiz_offer": "yes",
    }
    draft = IntakeSession(bundle, FIXED_ID, "self", FIXED_NOW, answers=answers)
    config = AppConfig(
        bundle=bundle,
        data_dir=tmp_path / "data",
        clock=lambda: FIXED_NOW,
        new_id=lambda: FIXED_ID,
        cursor_blink=False,
        freeze_long_lived=False,
    )
    app = IntakeApp(config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.resume_intake(app.store.save(draft.to_report(FIXED_NOW)))
        await pilot.pause()
        assert app.session and app.session.current_id == "quiz_eyes"
        await pilot.press("3", "enter")
        await pilot.pause()
        assert app.session.current_id == "quiz_burn"
        assert all(line.startswith(UNCHOSEN) for line in single_lines(app))
        assert app.screen.query_one("#single", SingleChoice).highlighted is None
        await pilot.press("1", "2")
        await pilot.pause()
        lines = single_lines(app)
        assert [line.startswith(CHOSEN) for line in lines] == [False, True, False]
        assert lines[1].endswith("Fixture sometimes")
        assert recorded(app, "quiz_burn") == "sometimes"


async def test_a_click_chooses_and_the_continue_button_moves_on(tmp_path: Path) -> None:
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        question = await open_draft(app, pilot, BEFORE_SINGLE)
        await pilot.click("#single", offset=(8, 2))  # the second option (row 1 is the border)
        await pilot.pause()
        second = question.option_values[1]
        assert app.session and app.session.current_id == question.id  # a click does not move on
        assert recorded(app, question.id) == second
        assert single_lines(app)[1].startswith(CHOSEN)
        await pilot.click("#continue")
        await pilot.pause()
        assert app.session.current_id != question.id
        assert recorded(app, question.id) == second


async def test_arrows_and_space_choose_arrows_and_enter_continue(tmp_path: Path) -> None:
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        question = await open_draft(app, pilot, BEFORE_SINGLE)
        await pilot.press("down", "space")
        await pilot.pause()
        assert recorded(app, question.id) == question.option_values[0]
        assert app.session and app.session.current_id == question.id
        await pilot.press("down", "enter")  # Enter takes the highlighted option
        await pilot.pause()
        assert app.session.current_id != question.id
        assert recorded(app, question.id) == question.option_values[1]


async def test_an_earlier_answer_shows_chosen_and_highlighted(tmp_path: Path) -> None:
    """Going back to it (and resuming: the draft's answers are what back shows)."""
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_draft(app, pilot, (*BEFORE_SINGLE, "skin_tone_self"))
        await pilot.press("escape")
        await pilot.pause()
        question = assert_earlier_answer_chosen(app, "skin_tone_self")
        await pilot.press("enter")  # kept as it was
        await pilot.pause()
        assert app.session and app.session.current_id != question.id


async def test_an_answer_changed_from_the_review_shows_chosen(tmp_path: Path) -> None:
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_draft(app, pilot, BEFORE_MULTIPLE)
        await pilot.press("ctrl+r")
        await pilot.pause()
        review = app.screen.query_one("#review", OptionList)
        review.highlighted = next(
            i for i, o in enumerate(review.options) if o.id == "fitz_quiz_offer"
        )
        await pilot.press("enter")
        await pilot.pause()
        assert_earlier_answer_chosen(app, "fitz_quiz_offer")


async def test_every_question_shows_a_continue_button(tmp_path: Path) -> None:
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        kinds = []
        for keys in (["enter"], ["3", "5", "enter"]):  # the welcome note, then the age
            assert app.screen.query_one("#continue").display
            kinds.append(app.session.current.type if app.session and app.session.current else "")
            await pilot.press(*keys)
            await pilot.pause()
        assert app.screen.query_one("#continue").display
        assert kinds == ["note", "integer"]


def test_continuing_without_a_choice_records_nothing_and_names_no_keys() -> None:
    """The controller alone (no Pilot): a neutral message; each front end says its keys."""
    session = IntakeSession(
        fixture_bundle(), FIXED_ID, "self", FIXED_NOW, {"age": 35}, current_id="skin_tone_self"
    )
    result = step(session, Answer("skin_tone_self", None), FIXED_NOW)
    assert (result.changed, result.session) == (False, session)
    assert result.problem == "Choose an answer first."  # each front end adds its keys


def test_a_clinics_own_required_message_wins(tmp_path: Path) -> None:

    question = fixture_bundle().bank.by_id["skin_tone_self"]
    assert "1-7" in missing_answer_message(question, "press 1-7")  # the front end's keys
    root = copy_bank(tmp_path)
    edit(
        root / "sections/02-health.toml",
        'id = "skin_tone_self"\n',
        'id = "skin_tone_self"\nrequired_message = "Fixture: pick a tone."\n',
    )
    edited = load_bundle(root).bank.by_id["skin_tone_self"]
    assert missing_answer_message(edited) == "Fixture: pick a tone."


# --- 2. ticks that survive any terminal ----------------------------------------------------
async def test_ticks_are_glyphs_under_no_color_and_in_a_screenshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_draft(app, pilot, BEFORE_MULTIPLE)
        await pilot.press("2")
        await pilot.pause()
        lines = multiple_lines(app)
        assert lines[1].startswith(TICKED)
        assert all(line.startswith(UNTICKED) for i, line in enumerate(lines) if i != 1)
        picture = app.export_screenshot()
    assert picture.count(TICKED.strip()) == 1
    assert picture.count(UNTICKED.strip().replace(" ", "&#160;")) == len(lines) - 1


async def test_clicking_a_tick_box_ticks_it(tmp_path: Path) -> None:
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        question = await open_draft(app, pilot, BEFORE_MULTIPLE)
        await pilot.click("#multiple", offset=(3, 1))  # on the first "[ ]"
        await pilot.pause()
        widget = app.screen.query_one("#multiple", MultiChoice)
        assert widget.selected == [question.option_values[0]]
        assert multiple_lines(app)[0].startswith(TICKED)


async def test_none_of_these_typed_in_one_burst_clears_the_other_ticks(tmp_path: Path) -> None:
    """Keys that arrive together (a fast typist, a paste) are judged in their order."""
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        question = await open_draft(app, pilot, BEFORE_MULTIPLE)
        alone = next(i for i, o in enumerate(question.options) if o.exclusive)
        digits = [str(i + 1) for i in range(len(question.options)) if i != alone]
        for digit in [*digits, str(alone + 1)]:
            app.post_message(events.Key(digit, digit))
        await pilot.pause()
        widget = app.screen.query_one("#multiple", MultiChoice)
        assert widget.selected == [question.option_values[alone]]


# --- 3. nothing typed or ticked is lost -------------------------------------------------------
class PassingDialog(ModalScreen[None]):
    """Stands for any dialog that opens over the question and closes again."""


async def palette_open_and_closed(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press("escape")


async def palette_command_run(pilot: Pilot[None]) -> None:
    """Run the palette's "Keys" command (it opens the help panel)."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"keys")
    palette = pilot.app.screen
    for _ in range(50):  # the palette searches in the background: wait for a match
        await pilot.pause()
        if palette.query_one("CommandList", OptionList).option_count:
            break
    await pilot.press("enter")
    await pilot.pause()
    assert pilot.app.screen.query("HelpPanel")  # the command ran


async def help_shown_and_hidden(pilot: Pilot[None]) -> None:
    await pilot.press("f1")
    await pilot.pause()
    await pilot.press("f1")


async def resized(pilot: Pilot[None]) -> None:
    await pilot.resize_terminal(80, 24)
    await pilot.pause()
    await pilot.resize_terminal(*SIZE)


async def review_and_back(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+r")
    await pilot.pause()
    await pilot.press("escape")


async def dialog_opened_and_closed(pilot: Pilot[None]) -> None:
    await pilot.app.push_screen(PassingDialog())
    await pilot.pause()
    pilot.app.pop_screen()


INTERRUPTIONS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "palette": palette_open_and_closed,
    "palette command": palette_command_run,
    "help": help_shown_and_hidden,
    "resize": resized,
    "review": review_and_back,
    "dialog": dialog_opened_and_closed,
}


@pytest.mark.parametrize("interruption", INTERRUPTIONS)
async def test_a_tick_survives(tmp_path: Path, interruption: str) -> None:
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        question = await open_draft(app, pilot, BEFORE_MULTIPLE)
        await pilot.press("1")
        await pilot.pause()
        await INTERRUPTIONS[interruption](pilot)
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.session and app.session.current_id == question.id
        assert app.screen.query_one("#multiple", MultiChoice).selected == [
            question.option_values[0]
        ]
        assert multiple_lines(app)[0].startswith(TICKED)


@pytest.mark.parametrize("interruption", INTERRUPTIONS)
async def test_typed_text_survives(tmp_path: Path, interruption: str) -> None:
    app = fixture_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # past the welcome note: the age
        await pilot.pause()
        await pilot.press("4", "2")
        await pilot.pause()
        await INTERRUPTIONS[interruption](pilot)
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.query_one("#typed", Input).value == "42"
