"""SVG snapshots of every screen at 80x24 and 120x40 (pytest-textual-snapshot).

State is seeded directly (no long key walks) with a fixed clock and session id,
and each test saves into its own `tmp_path` through the relative folder `data`
(the results and gate screens print the saved path), so the pictures only change
when the screens do, wherever the test runs. Review changed
pictures with `pytest tests/test_snapshots.py -n0 --snapshot-report`, then accept
with `-n0 --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from intake_tui.app.app import IntakeApp
from intake_tui.app.screens.gate import GateScreen
from intake_tui.app.screens.question import QuestionScreen
from intake_tui.app.screens.reports import ReportsScreen
from intake_tui.app.screens.results import ResultsScreen
from intake_tui.app.screens.review import ReviewScreen
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.controller import Finish, step
from intake_tui.core.modes import Mode
from intake_tui.core.session import IntakeSession
from tests.app_support import FIXED_ID, FIXED_NOW, make_app
from tests.support import baseline_answers, bundled
from tests.waiting import wait_until

# Relative, so the saved path the screens print is the same in every run.
DATA_DIR = Path("data")
SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def in_own_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the question screen's input obeys `cursor_blink=False`: the reports filter
    and the dialogs' inputs blink every 0.5 s, and a picture taken that much later on
    a busy machine caught the cursor off. Every cursor stays on, as when focused."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def seeded(
    app: IntakeApp, answers: dict[str, AnswerValue], current: str | None, mode: Mode = "self"
) -> IntakeSession:
    session = IntakeSession(
        bundled(), FIXED_ID, mode, FIXED_NOW, answers=answers, current_id=current
    )
    app.set_reactive(IntakeApp.session, session)  # seeded, not saved
    app.mode = mode
    return session


def at_question(
    question_id: str, answers: dict[str, AnswerValue] | None = None
) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, IntakeApp)
        seeded(app, answers if answers is not None else baseline_answers(), question_id)
        await app.push_screen(QuestionScreen())
        await pilot.pause()

    return run_before


async def at_review(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, IntakeApp)
    answers = baseline_answers()
    del answers["smoking"]
    seeded(app, answers, None)
    await app.push_screen(QuestionScreen())
    await app.push_screen(ReviewScreen())  # as the app opens a walk that is past its end
    await pilot.pause()


def finished(
    changes: dict[str, AnswerValue], mode: Mode = "self"
) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, IntakeApp)
        session = seeded(app, {**baseline_answers(), **changes}, None, mode)
        done = step(session, Finish(), FIXED_NOW)
        app.session = done.session  # the app saves the completed report
        report = done.report
        assert report is not None and report.recommendation is not None
        assert app.last_saved == DATA_DIR / f"intake-{FIXED_ID}.toml"  # printed as is
        if report.recommendation.gate.decision == "go_ahead":
            await app.push_screen(ResultsScreen(report, app.last_saved))
        else:
            await app.push_screen(GateScreen(report))
        await pilot.pause()

    return run_before


async def welcome_read(pilot: Pilot[None]) -> None:
    """The welcome screen once its drafts are read (in a thread since issue 18)."""
    from intake_tui.app.screens.welcome import WelcomeScreen

    def read() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, WelcomeScreen) and screen.drafts_shown

    await wait_until(pilot, read, "the welcome screen's drafts")


async def with_saved_reports(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, IntakeApp)
    for number, changes in enumerate([{}, {"diabetes": "yes_controlled"}, {"pregnancy": "yes"}]):
        session = seeded(app, {**baseline_answers(), **changes}, None)
        app.store.save(
            session.to_report(FIXED_NOW, status="completed").model_copy(
                update={"session_id": f"{number:016x}"}
            )
        )
    app.set_reactive(IntakeApp.session, None)
    await pilot.press("b")
    await wait_until(pilot, lambda: getattr(app.screen, "loaded", False), "every report")
    await pilot.pause()


async def front_desk_list(pilot: Pilot[None]) -> None:
    """The saved-reports list at the front desk with the list focused: every key shows."""
    app = pilot.app
    assert isinstance(app, IntakeApp)
    await with_saved_reports(pilot)
    await pilot.press("escape", "m", "j", "s", "enter", "b")  # the front desk's list
    await wait_until(pilot, lambda: isinstance(app.screen, ReportsScreen), "the list")


async def locked_front_desk(pilot: Pilot[None]) -> None:
    """The welcome screen after an idle timeout at the front desk: references hidden."""
    app = pilot.app
    assert isinstance(app, IntakeApp)
    await welcome_read(pilot)
    app.mode = "front_desk"
    app.lock()
    await pilot.pause()


SCENES: dict[str, dict[str, Any]] = {
    "welcome": {"run_before": welcome_read},
    # Switching mode takes staff initials (issue 11).
    "welcome_front_desk": {"run_before": welcome_read, "press": ["m", "j", "s", "enter"]},
    "welcome_locked": {"run_before": locked_front_desk},
    "initials_dialog": {"run_before": welcome_read, "press": ["m", "j", "s", "enter", "n"]},
    "question_note": {"press": ["n"]},
    "question_age_error": {"press": ["n", "enter", "1", "5", "0", "enter"]},
    "question_single": {"run_before": at_question("skin_tone_self")},
    "question_multiple": {"run_before": at_question("concerns")},
    "question_date": {
        "run_before": at_question(
            "start_date", {**baseline_answers(), "start_date": FIXED_NOW.date()}
        )
    },
    "review": {"run_before": at_review},
    "gate_physician_first": {"run_before": finished({"diabetes": "yes_controlled"})},
    "gate_not_now_front_desk": {
        "run_before": finished({"pregnancy": "yes", "client_reference": "Client 7"}, "front_desk")
    },
    "override_dialog": {
        "run_before": finished({"blood_thinners": "yes"}, "front_desk"),
        "press": ["o"],
    },
    "results": {
        "run_before": finished(
            {"skin_tone_self": "type_5", "treatment_areas": ["cheeks", "forehead"]}
        )
    },
    "saved_reports": {"run_before": with_saved_reports},
    "saved_reports_list_front_desk": {"run_before": front_desk_list, "press": ["down"]},
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", sorted(SCENES))
def test_screen(snap_compare: Any, scene: str, size: tuple[int, int]) -> None:
    app = make_app(DATA_DIR)
    assert snap_compare(app, terminal_size=size, **SCENES[scene])


@pytest.mark.parametrize("scene", sorted(s for s in SCENES if not s.endswith("_dialog")))
async def test_footer_keys_fit_side_by_side_at_80_columns(scene: str) -> None:
    """A snapshot once approved a welcome footer whose last keys were drawn over
    each other at 80 columns: every key must sit whole, beside the others."""
    app = make_app(DATA_DIR)
    async with app.run_test(size=(80, 24)) as pilot:
        if "run_before" in SCENES[scene]:
            await SCENES[scene]["run_before"](pilot)
        await pilot.press(*SCENES[scene].get("press", []))
        await pilot.pause()
        # By type name: FooterKey is not exported by Textual.
        regions = [key.region for key in app.screen.query("FooterKey") if key.display]
        assert regions, "no footer keys"
        assert all(region.right <= 80 and region.width > 0 for region in regions)
        for number, region in enumerate(regions):
            assert not any(region.overlaps(other) for other in regions[number + 1 :])
        # Nor under the command palette's key, docked at the right end.
        palette = [key.region for key in app.screen.query("FooterKey.-command-palette")]
        keys = [
            k.region for k in app.screen.query("FooterKey") if k.display and k.region not in palette
        ]
        assert all(key.right <= min((p.x for p in palette), default=80) for key in keys)
