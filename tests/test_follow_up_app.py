"""A returning client's intake driven from the keyboard (issue 14 point 2): from the
saved-reports list, n starts a new intake from the highlighted report; last visit's
answers are kept a section at a time (Ctrl+T) or one at a time (Enter), time-sensitive
ones are asked afresh, and the results say what changed."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.text import Text
from textual.content import Content
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from intake_tui.app.app import IntakeApp
from intake_tui.app.screens.gate import GateScreen
from intake_tui.app.screens.question import QuestionScreen
from intake_tui.app.screens.reports import ReportsScreen
from intake_tui.app.screens.results import ResultsScreen
from intake_tui.app.screens.review import ReviewScreen
from intake_tui.core.bank.models import Question
from intake_tui.core.report.toml_io import read_report
from intake_tui.core.session import IntakeSession
from intake_tui.core.store import session_file_name
from tests.app_support import BASELINE_KEYS, FIXED_ID, FIXED_NOW, QUESTION_ORDER, make_app
from tests.support import baseline_answers, bundled
from tests.waiting import wait_until

SIZE = (100, 40)
PREVIOUS_ID = "0123456789abcdef"
CHANGED = "sunscreen"
CHANGED_KEYS = ["2"]
# Asked only in a follow-up: fine last time, fading a little, 3 sessions.
LAST_VISIT_KEYS = {"last_visit_reaction": ["1"], "results_faded": ["2"], "sessions_done": ["3"]}


def decision_title(decision: str) -> str:
    return bundled().protocol.wording.decision(decision).title


def keys_for(question_id: str) -> list[str]:
    """The keys answering a question the walk stops at (nothing offered)."""
    if question_id in LAST_VISIT_KEYS:
        return LAST_VISIT_KEYS[question_id]
    if question_id in QUESTION_ORDER:
        return BASELINE_KEYS[QUESTION_ORDER.index(question_id)]
    return []  # a note, or the optional client reference


def seed_previous(app: IntakeApp) -> None:
    answers = {**baseline_answers(), "client_reference": "#1042"}
    session = IntakeSession(app.bundle, PREVIOUS_ID, "front_desk", FIXED_NOW, answers=answers)
    app.store.save(session.to_report(FIXED_NOW, status="completed"))


def moved_on(app: IntakeApp, question: Question) -> Callable[[], bool]:
    """True once the walk has left ``question`` (for the review or the next one)."""

    def moved() -> bool:
        session = app.session
        reviewing = isinstance(app.screen, ReviewScreen)
        return reviewing or session is None or session.current is not question

    return moved


async def walk_returning(
    app: IntakeApp, pilot: Pilot[None], changed: dict[str, list[str]]
) -> list[str]:
    """Answer until the review, giving the ``changed`` answers (keys by question id);
    returns the ids of the questions asked afresh."""
    asked: list[str] = []
    while not isinstance(app.screen, ReviewScreen):
        session = app.session
        assert session is not None and session.current is not None
        question = session.current
        if question.id in changed:
            keys = [*changed[question.id], "enter"]
        elif question.id in session.offers:
            # Habits one at a time (Enter keeps the answer shown), the rest a section at once.
            keys = ["enter"] if question.section_id == "habits" else ["ctrl+t"]
        else:
            asked.append(question.id)
            keys = [*keys_for(question.id), "enter"]
        await pilot.press(*keys)
        await wait_until(pilot, moved_on(app, question), f"moving on from {question.id}")
    return asked


async def start_returning(app: IntakeApp, pilot: Pilot[None]) -> None:
    """From the welcome screen: the saved-reports list, n on the client's last report."""
    await pilot.press("b")
    await wait_until(pilot, lambda: isinstance(app.screen, ReportsScreen), "the list")
    await pilot.press("down", "n")
    await pilot.press("a", "b", "enter")  # who starts it
    await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen), "the walk")


def shown_text(widget: Static) -> str:
    """What a Static shows, as plain text (a Rich renderable printed wide, or its content)."""
    content = widget.content
    if isinstance(content, (Content, Text)):
        return content.plain
    console = Console(width=200, record=True, file=io.StringIO(), color_system=None)
    console.print(content)
    return console.export_text()


async def returning_walk(
    tmp_path: Path, changed: dict[str, list[str]], ends_on: type[Screen[None]], shown: str
) -> tuple[IntakeApp, list[str], str]:
    """A front-desk follow-up of the seeded report, finished: the app, the questions
    asked afresh, and the text of widget ``shown`` on the screen it ends on."""
    app = make_app(tmp_path, mode="front_desk")
    seed_previous(app)
    async with app.run_test(size=SIZE) as pilot:
        await start_returning(app, pilot)
        assert app.session is not None and app.session.follows == PREVIOUS_ID
        asked = await walk_returning(app, pilot, changed)
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, ends_on), ends_on.__name__)
        text = shown_text(app.screen.query_one(shown))
    return app, asked, text


async def test_a_returning_client_keeps_last_answers_and_sees_what_changed(
    tmp_path: Path,
) -> None:
    app, asked, shown = await returning_walk(
        tmp_path, {CHANGED: CHANGED_KEYS}, ResultsScreen, "#results"
    )
    shown = " ".join(shown.split())  # as one line: the results wrap to the screen
    bank = app.bundle.bank
    assert {"age", "last_visit_reaction", "blood_thinners", "start_date"} <= set(asked)
    assert "concerns" not in asked and "keloid" not in asked
    question = bank.by_id[CHANGED]
    assert "Since last time" in shown
    assert question.prompt in shown
    before, after = baseline_answers()[CHANGED], question.options[1].value
    assert question.label_for(str(before)) in shown and question.label_for(after) in shown
    report = read_report(tmp_path / session_file_name(FIXED_ID))
    assert report.follows == PREVIOUS_ID
    assert report.answers[CHANGED] == after
    assert report.answers["client_reference"] == "#1042"


async def test_a_new_medicine_shows_on_the_gate_as_changed_since_last_time(
    tmp_path: Path,
) -> None:
    """The issue's example: blood thinners since last time, so see a doctor first."""
    yes = ["1"]
    app, _, since = await returning_walk(
        tmp_path, {"blood_thinners": yes}, GateScreen, "#gate-since"
    )
    question = app.bundle.bank.by_id["blood_thinners"]
    assert "Since last time" in since
    line = next(line for line in since.splitlines() if question.prompt[:40] in line)
    assert line.endswith(f": {question.label_for('no')} → {question.label_for('yes')}")
    gate = f"Gate: {decision_title('go_ahead')} → {decision_title('physician_first')}"
    assert gate in since
