"""Local time: timestamps keep their offset, times show in the clinic's zone, "today"
is the local date, and a start date falls from today to the clinic's horizon."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Input, OptionList

from intake_tui.app.app import IntakeApp
from intake_tui.app.config import AppConfig
from intake_tui.app.screens.question import QuestionScreen
from intake_tui.app.screens.reports import row_text
from intake_tui.cli.main import main
from intake_tui.core.answers import TypedInputError, problem_with, value_from_text
from intake_tui.core.bank.lint import lint_bundle
from intake_tui.core.bank.models import Question, Validation
from intake_tui.core.bundle import Bundle, load_bundle
from intake_tui.core.clock import shown, shown_iso
from intake_tui.core.controller import AnswerText, Finish, step
from intake_tui.core.date_window import outside_window
from intake_tui.core.errors import BankError
from intake_tui.core.report.build import build_report
from intake_tui.core.report.toml_io import dumps_report, read_report
from intake_tui.core.session import IntakeSession
from intake_tui.core.store import ReportSummary, SessionStore, save_report
from tests.model_support import render_markdown
from tests.support import copy_bank, edit, fixture_answers, fixture_bundle, line_of
from tests.waiting import wait_until

TODAY = date(2026, 11, 30)
# 06:00 UTC on the 1st is still the evening of 30 Nov twelve hours west of Greenwich.
UTC_MORNING = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
WEST_ZONE = "Etc/GMT+12"  # POSIX sign: UTC-12
CHICAGO = ZoneInfo("America/Chicago")
SESSION_ID = "7100000000000001"
BRIEF_WORDING = "Please choose a date from {earliest} to {latest}."


def start_date_question() -> Question:
    return fixture_bundle().bank.by_id["start_date"]


def zoned_bank(tmp_path: Path, zone: str) -> Path:
    """A copy of the fixture bank whose clinic sets ``time_zone``."""
    root = copy_bank(tmp_path)
    edit(root / "settings.toml", 'currency = "USD"\n', f'currency = "USD"\ntime_zone = "{zone}"\n')
    return root


@pytest.fixture
def machine_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's own zone is UTC-12 for the test (restored after)."""
    monkeypatch.setenv("TZ", WEST_ZONE)
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# --- the start-date window -----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "accepted"),
    [
        (TODAY - timedelta(days=1), False),  # yesterday
        (TODAY, True),
        (TODAY + timedelta(days=365), True),  # the horizon
        (TODAY + timedelta(days=366), False),  # one day past it
        (date(2020, 1, 1), False),  # far past
        (date(2099, 1, 1), False),  # far future
    ],
    ids=["yesterday", "today", "horizon", "horizon+1", "far-past", "far-future"],
)
def test_a_start_date_is_from_today_to_the_horizon(day: date, accepted: bool) -> None:
    question = start_date_question()
    problem = problem_with(question, day, TODAY)
    assert (problem is None) is accepted
    if not accepted:
        assert problem is not None and "30 Nov 2027" in problem
        with pytest.raises(TypedInputError):
            value_from_text(question, day.isoformat(), TODAY)


def test_the_message_names_the_allowed_range_in_words() -> None:
    rule = Validation(min_days_from_today=0, max_days_from_today=365, message=BRIEF_WORDING)
    assert outside_window(rule, date(2020, 1, 1), TODAY) == (
        "Please choose a date from today (Mon 30 Nov 2026) to 30 Nov 2027."
    )
    tomorrow_on = rule.model_copy(update={"min_days_from_today": 1})
    assert "from tomorrow (Tue 1 Dec 2026)" in (outside_window(tomorrow_on, TODAY, TODAY) or "")


def test_the_app_refuses_a_past_start_date_and_keeps_the_walk_where_it_is() -> None:
    session = _session_at_start_date(fixture_bundle())
    result = step(session, AnswerText("start_date", "2020-01-01"), _noon(TODAY))
    assert not result.changed
    assert result.view == "question"
    assert "today (Mon 30 Nov 2026)" in result.problem


def test_a_resumed_draft_whose_start_date_has_passed_asks_for_it_again() -> None:
    bundle = fixture_bundle()
    draft = build_report(
        bundle,
        fixture_answers(),  # start date 7 Dec 2026
        status="in_progress",
        now=_noon(TODAY),
        session_id=SESSION_ID,
    )
    session, _ = IntakeSession.resume(bundle, draft)
    result = step(session, Finish(), _noon(date(2027, 1, 4)))
    assert result.session.completed_report is None
    assert (result.view, result.session.current_id) == ("question", "start_date")
    assert "today (Mon 4 Jan 2027)" in result.problem


def test_an_answers_file_with_a_start_date_in_the_past_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = _answers_file(tmp_path, start_date="2020-01-01")
    code = main(
        ["--questions", str(copy_bank(tmp_path)), "report", str(answers), "--today", "2026-11-30"]
    )
    assert code == 1
    error = capsys.readouterr().err
    assert "'start_date'" in error and "today (Mon 30 Nov 2026)" in error


def test_a_recomputed_report_never_dates_the_plan_before_today(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = fixture_bundle()
    original = tmp_path / "original.toml"
    report = build_report(
        bundle, fixture_answers(), status="completed", now=_noon(TODAY), session_id=SESSION_ID
    )
    original.write_text(dumps_report(report), encoding="utf-8")
    questions = str(bundle.root)
    later = ["--questions", questions, "report", "--from-session", str(original)]
    assert main([*later, "--now", "2027-01-04T09:00:00+00:00"]) == 1
    assert "'start_date'" in capsys.readouterr().err
    assert main([*later, "--now", "2026-12-01T09:00:00+00:00"]) == 0


# --- "today" is the local date ----------------------------------------------------------


def test_a_report_in_a_utc_minus_12_clinic_is_dated_by_the_local_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = zoned_bank(tmp_path, WEST_ZONE)
    answers = _answers_file(tmp_path, start_date="2026-11-30")
    code = main(
        ["--questions", str(root), "report", str(answers), "--now", UTC_MORNING.isoformat()]
    )
    assert code == 0
    text = capsys.readouterr().out
    assert 'today = "2026-11-30"' in text
    assert "created_at = 2026-11-30 18:00:00-12:00" in text


def test_a_now_without_an_offset_is_local_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = zoned_bank(tmp_path, "America/Chicago")
    answers = _answers_file(tmp_path, start_date="2026-11-30")
    assert (
        main(["--questions", str(root), "report", str(answers), "--now", "2026-11-30T21:30"]) == 0
    )
    assert "created_at = 2026-11-30 21:30:00-06:00" in capsys.readouterr().out


@pytest.mark.usefixtures("machine_zone")
def test_the_app_clock_reads_the_machine_zone_with_its_offset(tmp_path: Path) -> None:
    config = AppConfig(data_dir=tmp_path, bundle=fixture_bundle())
    assert config.clock().utcoffset() == timedelta(hours=-12)


def test_the_clinic_zone_wins_over_the_clock_zone(tmp_path: Path) -> None:
    bundle = load_bundle(zoned_bank(tmp_path, WEST_ZONE))
    config = AppConfig(data_dir=tmp_path, bundle=bundle, clock=lambda: UTC_MORNING)
    moment = config.clock()
    assert moment == UTC_MORNING and moment.date() == TODAY
    assert moment.utcoffset() == timedelta(hours=-12)


async def test_the_prefilled_start_date_is_the_local_date(tmp_path: Path) -> None:
    bundle = load_bundle(zoned_bank(tmp_path, WEST_ZONE))
    data = tmp_path / "data"
    answers = {k: v for k, v in fixture_answers().items() if k != "start_date"}
    draft = build_report(
        bundle, answers, status="in_progress", now=UTC_MORNING, session_id=SESSION_ID
    )
    save_report(data, draft)
    config = AppConfig(data_dir=data, bundle=bundle, clock=lambda: UTC_MORNING, cursor_blink=False)
    app = IntakeApp(config)
    async with app.run_test(size=(80, 24)) as pilot:
        welcome = app.screen
        await wait_until(pilot, lambda: getattr(welcome, "drafts_shown", False), "the drafts")
        drafts = welcome.query_one("#drafts", OptionList)
        listed = str(drafts.get_option_at_index(0).prompt)
        assert listed.startswith("2026-11-30 18:00")  # local time, not 12-01 06:00
        await pilot.press("r", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.session is not None and app.session.current_id == "start_date"
        assert app.screen.query_one("#typed", Input).value == "2026-11-30"


# --- stored with the offset, shown in local time ----------------------------------------


def test_an_offset_timestamp_round_trips_through_save_and_load(tmp_path: Path) -> None:
    moment = datetime(2026, 11, 26, 9, 30, tzinfo=CHICAGO)
    report = build_report(
        fixture_bundle(), fixture_answers(), status="completed", now=moment, session_id=SESSION_ID
    )
    path = save_report(tmp_path, report)
    assert "updated_at = 2026-11-26 09:30:00-06:00" in path.read_text(encoding="utf-8")
    loaded = read_report(path)
    assert loaded.created_at == moment and loaded.updated_at.utcoffset() == timedelta(hours=-6)
    assert loaded.today == "2026-11-26"


def test_an_old_utc_file_still_loads_and_shows_in_local_time(tmp_path: Path) -> None:
    report = build_report(
        fixture_bundle(),
        fixture_answers(),
        status="completed",
        now=datetime(2026, 11, 26, 15, 0, tzinfo=UTC),
        session_id=SESSION_ID,
    )
    old_text = dumps_report(report)
    assert "updated_at = 2026-11-26 15:00:00+00:00" in old_text  # how every save used to look
    path = tmp_path / "old.toml"
    path.write_text(old_text.replace("15:00:00+00:00", "15:00:00Z"), encoding="utf-8")
    loaded = read_report(path)
    assert shown(loaded.updated_at, CHICAGO) == "2026-11-26 09:00"
    assert shown_iso("2026-11-26T15:00:00+00:00", CHICAGO) == "2026-11-26 09:00"


def test_lists_sort_by_time_whatever_offset_each_file_has(tmp_path: Path) -> None:
    bundle = fixture_bundle()
    # 10:00 in Chicago is 16:00 UTC: later than 15:00 UTC, though its text sorts first.
    for session_id, moment in (
        ("7100000000000001", datetime(2026, 11, 26, 15, 0, tzinfo=UTC)),
        ("7100000000000002", datetime(2026, 11, 26, 10, 0, tzinfo=CHICAGO)),
    ):
        answers = fixture_answers()
        save_report(
            tmp_path,
            build_report(bundle, answers, status="completed", now=moment, session_id=session_id),
        )
    listing = SessionStore(tmp_path).listing()
    assert [r.session_id for r in listing.reports] == ["7100000000000002", "7100000000000001"]


def test_the_saved_reports_list_shows_local_time() -> None:
    summary = ReportSummary(
        SESSION_ID, "/data", "x.toml", "completed", "2026-11-26T15:00:00+00:00", "", "", "self"
    )
    assert row_text(summary, {}, zone=CHICAGO).startswith("2026-11-26 09:00 ")


def test_the_report_shows_its_time_in_the_clinic_zone(tmp_path: Path) -> None:
    bundle = load_bundle(zoned_bank(tmp_path, "America/Chicago"))
    report = build_report(
        bundle,
        fixture_answers(),
        status="completed",
        now=datetime(2026, 11, 26, 15, 0, tzinfo=UTC),
        session_id=SESSION_ID,
    )
    header = render_markdown(report, bundle).split("\n\n")[1]
    assert "2026-11-26 09:00" in header and "15:00" not in header


# --- the clinic's time zone in settings.toml -------------------------------------------


def test_a_known_time_zone_is_the_clinic_zone(tmp_path: Path) -> None:
    bundle = load_bundle(zoned_bank(tmp_path, "America/Chicago"))
    assert bundle.settings.zone == CHICAGO
    assert fixture_bundle().settings.zone is None  # none set: the machine's


def test_an_unknown_time_zone_is_a_load_error_naming_file_and_line(tmp_path: Path) -> None:
    root = zoned_bank(tmp_path, "Mars/Olympus_Mons")
    with pytest.raises(BankError) as raised:
        load_bundle(root)
    text = str(raised.value)
    settings = root / "settings.toml"
    assert f"{settings}:{line_of(settings, 'time_zone')}" in text
    assert "unknown time zone 'Mars/Olympus_Mons'" in text


# --- the linter checks the window --------------------------------------------------------


@pytest.mark.parametrize(
    ("validation", "expected"),
    [
        (
            'validation = { min_days_from_today = 30, max_days_from_today = 7, message = "x" }',
            "'min_days_from_today' is above 'max_days_from_today'",
        ),
        (
            'validation = { min_days_from_today = 0, message = "From {first}" }',
            "only {earliest} and {latest} exist",
        ),
        (
            'validation = { min = 0, max = 9, message = "x" }',
            "'max' does not apply to date questions",
        ),
        ('validation = { max_days_from_today = 9, message = "x" }', "needs min_days_from_today"),
    ],
)
def test_the_linter_checks_a_date_window(tmp_path: Path, validation: str, expected: str) -> None:
    root = copy_bank(tmp_path)
    goals = root / "sections" / "03-goals.toml"
    old = next(line for line in goals.read_text(encoding="utf-8").splitlines() if "_days_" in line)
    edit(goals, old, validation)
    problems = lint_bundle(load_bundle(root, lint=False))
    assert any(expected in p.message and p.question_id == "start_date" for p in problems)


def test_the_linter_warns_about_a_start_date_without_a_window(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    goals = root / "sections" / "03-goals.toml"
    old = next(line for line in goals.read_text(encoding="utf-8").splitlines() if "_days_" in line)
    edit(goals, old + "\n", "")
    problems = lint_bundle(load_bundle(root, lint=False))
    assert any(p.question_id == "start_date" and p.severity == "warning" for p in problems)


def test_day_windows_do_not_apply_to_numbers(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    about = root / "sections" / "01-about-you.toml"
    edit(about, "validation = { min = 0,", "validation = { max_days_from_today = 3, min = 0,")
    problems = lint_bundle(load_bundle(root, lint=False))
    assert any(
        "'max_days_from_today' does not apply to integer questions" in p.message for p in problems
    )


# --- helpers ------------------------------------------------------------------------------


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)


def _session_at_start_date(bundle: Bundle) -> IntakeSession:
    answers = {k: v for k, v in fixture_answers().items() if k != "start_date"}
    draft = build_report(
        bundle, answers, status="in_progress", now=_noon(TODAY), session_id=SESSION_ID
    )
    session, _ = IntakeSession.resume(bundle, draft)
    assert session.current_id == "start_date"
    return session


def _answers_file(tmp_path: Path, *, start_date: str) -> Path:
    """The fixture baseline as an answers file, with the given start date."""
    lines = ["[answers]"]
    for question_id, value in fixture_answers().items():
        if question_id == "start_date":
            lines.append(f"start_date = {start_date}")
        elif isinstance(value, list):
            lines.append(f"{question_id} = [{', '.join(repr(v) for v in value)}]")
        elif isinstance(value, str):
            lines.append(f'{question_id} = "{value}"')
        else:
            lines.append(f"{question_id} = {value}")
    path = tmp_path / "answers.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
