"""A client's year at the front desk, the walk issue 14's "Done when" asks for, one
step after another on the bundled bank: a first intake from a new client record; a
second one six months later with one answer changed and the change shown on the
results screen; the client's page with both intakes and the next top-up; and the
recall list naming the client once their window nears."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from intake_tui.app.app import IntakeApp
from intake_tui.app.config import AppConfig
from intake_tui.app.dialogs.new_client import NewClientDialog
from intake_tui.app.screens.clients import ClientScreen, ClientsScreen
from intake_tui.app.screens.question import QuestionScreen
from intake_tui.app.screens.reports import ReportsScreen
from intake_tui.app.screens.results import ResultsScreen
from intake_tui.app.screens.welcome import WelcomeScreen
from intake_tui.core.report.toml_io import read_report
from intake_tui.core.store import SessionStore
from tests.support import bundled
from tests.test_follow_up_app import shown_text, walk_returning
from tests.test_front_desk import option_texts, type_initials
from tests.waiting import wait_until

SIZE = (110, 40)
FIRST_VISIT = datetime(2026, 5, 26, 9, 30, tzinfo=UTC)
SECOND_VISIT = FIRST_VISIT + timedelta(days=183)
FIRST_ID, SECOND_ID = "00000000000000a1", "00000000000000a2"
REFERENCE = "K. Mensah"


class Calendar:
    """The app's clock, moved on between visits."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def desk(data_dir: Path, calendar: Calendar, new_id: str) -> IntakeApp:
    config = AppConfig(
        bundle=bundled(),
        data_dir=data_dir,
        mode="front_desk",
        clock=calendar,
        new_id=lambda: new_id,
        cursor_blink=False,
        freeze_long_lived=False,
    )
    return IntakeApp(config)


async def open_client_page(app: IntakeApp, pilot: Pilot[None]) -> None:
    """Home → Clients → the one client (typed to find them) → their page."""
    await pilot.press("l")
    await wait_until(pilot, lambda: isinstance(app.screen, ClientsScreen), "clients")
    await pilot.press(*"mensah", "down", "enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ClientScreen), "client page")


async def start_from_client_page(app: IntakeApp, pilot: Pilot[None]) -> None:
    await pilot.press("n")
    await pilot.pause()
    await type_initials(pilot, "js")
    await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen), "the walk")


async def finish(app: IntakeApp, pilot: Pilot[None]) -> None:
    """From the review: finish, and wait for the results screen."""
    await pilot.press("f")
    await wait_until(pilot, lambda: isinstance(app.screen, ResultsScreen), "results")


async def first_visit(data_dir: Path) -> None:
    app = desk(data_dir, Calendar(FIRST_VISIT), FIRST_ID)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, ClientsScreen), "clients")
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: isinstance(app.screen, NewClientDialog), "new client")
        app.screen.query_one("#identifier-reference", Input).value = REFERENCE
        app.screen.query_one("#identifier-reference", Input).focus()
        await pilot.press("enter", "enter")  # the reference, then the next field's Enter
        await wait_until(pilot, lambda: isinstance(app.screen, ClientScreen), "client page")
        await start_from_client_page(app, pilot)
        asked = await walk_returning(app, pilot, {"client_reference": [*REFERENCE]})
        assert "last_visit_reaction" not in asked  # a first visit has no "last time"
        await finish(app, pilot)


async def second_visit(data_dir: Path) -> tuple[str, str]:
    """Six months on, sunscreen only some days: the results' text and the client page's."""
    app = desk(data_dir, Calendar(SECOND_VISIT), SECOND_ID)
    async with app.run_test(size=SIZE) as pilot:
        await open_client_page(app, pilot)
        await start_from_client_page(app, pilot)
        assert app.session is not None and app.session.follows == FIRST_ID
        await walk_returning(app, pilot, {"sunscreen": ["2"]})
        await finish(app, pilot)
        results = " ".join(shown_text(app.screen.query_one("#results", Static)).split())
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "home")
        await open_client_page(app, pilot)
        intakes = app.screen.query_one("#client-intakes", OptionList)
        assert intakes.option_count == 2
        page = " ".join(
            [
                shown_text(app.screen.query_one("#client-next", Static)),
                option_texts(app, "#client-intakes"),
            ]
        )
    return results, page


async def recall_list(data_dir: Path, as_of: date) -> list[str]:
    """The saved-reports list's "due soon" view on ``as_of``."""
    app = desk(
        data_dir, Calendar(datetime.combine(as_of, FIRST_VISIT.timetz())), "00000000000000a3"
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportsScreen), "the list")
        await pilot.press("down", "v")  # the due soon view
        await wait_until(pilot, lambda: "due soon" in option_texts(app, "#reports"), "due soon")
        options = app.screen.query_one("#reports", OptionList)
        return [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]


async def test_a_clients_first_intake_their_return_their_page_and_their_recall(
    tmp_path: Path,
) -> None:
    await first_visit(tmp_path)
    store = SessionStore(tmp_path)
    first = read_report(store.path_for(FIRST_ID))
    assert first.status == "completed" and first.client_id

    results, page = await second_visit(tmp_path)
    second = read_report(store.path_for(SECOND_ID))
    assert second.follows == FIRST_ID and second.client_id == first.client_id
    sunscreen = bundled().bank.by_id["sunscreen"]
    assert "Since last time" in results
    before, after = str(first.answers["sunscreen"]), sunscreen.options[1].value
    assert second.answers["sunscreen"] == after != before
    for words in (sunscreen.prompt, sunscreen.label_for(before), sunscreen.label_for(after)):
        assert words in results
    summary = store.summary(store.path_for(SECOND_ID))
    opens = date.fromisoformat(summary.due_from)
    assert opens > SECOND_VISIT.date()
    assert "Next: top-up due" in page and "(not due yet)" in page

    rows = await recall_list(tmp_path, opens - timedelta(days=10))
    assert len(rows) == 1 and REFERENCE in rows[0] and rows[0].startswith("due soon")
