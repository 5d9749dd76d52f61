"""Maintenance and recall (issue 14 point 3): every report that goes ahead carries a
top-up due window; `intake due` and the saved-reports list's due views name who to
contact, a later intake superseding an earlier one's due. On the fixture bank."""

from __future__ import annotations

import csv
import io
import time
import tomllib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from textual.widgets import Input, OptionList

from bench.due_folder import AS_OF, templates, write_due_folder
from intake_tui.app.screens.reports import ReportsScreen
from intake_tui.cli.main import main
from intake_tui.core import index
from intake_tui.core.index_db import SCHEMA_VERSION
from intake_tui.core.recall import due_list, next_top_up
from intake_tui.core.recall_words import days_words
from intake_tui.core.recommend.engine import recommend
from intake_tui.core.recommend.maintenance import window_dates
from intake_tui.core.recommend.models import MaintenanceDue
from intake_tui.core.report.build import build_report
from intake_tui.core.store import ReportSummary, SessionStore, save_report
from tests.app_support import FIXED_NOW
from tests.index_support import index_version, older_index
from tests.pilot_fixture import fixture_app
from tests.support import FIXTURE_BANK, fixture_answers, fixture_bundle
from tests.test_honest_outcomes import fixture_home_stretch_marks
from tests.waiting import wait_until

ON_HOLD = {"keloid": "yes"}
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


# --- the window ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earliest", "latest", "low", "interval", "window"),
    [
        # 6 months after the earliest last session to the advised interval after the latest.
        (date(2027, 3, 1), date(2027, 4, 12), 6, 9, (date(2027, 9, 1), date(2028, 1, 12))),
        (date(2027, 3, 1), date(2027, 3, 1), 6, 12, (date(2027, 9, 1), date(2028, 3, 1))),
        # The shortest interval: the window is the series' own spread, 6 months on.
        (date(2027, 1, 31), date(2027, 2, 28), 6, 6, (date(2027, 7, 31), date(2027, 8, 28))),
        # Month ends are kept (31 Aug + 6 months: the last day of February).
        (date(2027, 8, 31), date(2027, 8, 31), 6, 6, (date(2028, 2, 29), date(2028, 2, 29))),
        # No personal interval (on hold): no window.
        (date(2027, 3, 1), date(2027, 4, 12), 6, 0, None),
        # Past the calendar's end: no window rather than an error.
        (date(9999, 8, 1), date(9999, 8, 1), 6, 9, None),
    ],
)
def test_the_due_window_runs_from_the_shortest_to_the_advised_interval(
    earliest: date,
    latest: date,
    low: int,
    interval: int,
    window: tuple[date, date] | None,
) -> None:
    assert window_dates(earliest, latest, low, interval) == window


@pytest.mark.parametrize(
    ("begin", "end", "words"),
    [
        (date(2027, 3, 1), date(2027, 3, 31), "1\N{EN DASH}31 Mar 2027"),
        (date(2027, 3, 1), date(2027, 4, 15), "1 Mar\N{EN DASH}15 Apr 2027"),
        (date(2026, 12, 1), date(2027, 1, 15), "1 Dec 2026\N{EN DASH}15 Jan 2027"),
        (date(2027, 3, 1), date(2027, 3, 1), "1 Mar 2027"),
    ],
)
def test_the_window_is_worded_briefly(begin: date, end: date, words: str) -> None:
    assert days_words(begin, end) == words


@pytest.mark.parametrize(
    ("changes", "has_window"),
    [({}, True), (ON_HOLD, False), (fixture_home_stretch_marks(), False)],
)
def test_only_a_dated_plan_that_goes_ahead_has_a_window(
    changes: dict[str, Any], has_window: bool
) -> None:
    rec = recommend(fixture_bundle(), {**fixture_answers(), **changes}, today=NOW.date())
    due = rec.maintenance_due
    assert (due is not None) == has_window
    if due is not None and rec.timeline is not None:
        last = rec.timeline.sessions[-1]
        months = (rec.longevity.maintenance_min_months, rec.longevity.interval_months)
        assert (due.from_date, due.to_date) == window_dates(last.earliest, last.latest, *months)
        assert due.sessions == rec.timeline.planned


# --- who is due ----------------------------------------------------------------------------


def summary(
    number: int,
    opens: str = "",
    *,
    reference: str = "",
    client_id: str = "",
    status: str = "completed",
    minute: int = 0,
) -> ReportSummary:
    closes = opens
    if opens[:1].isdigit():
        closes = (date.fromisoformat(opens) + timedelta(days=30)).isoformat()
    return ReportSummary(
        f"{number:016x}",
        "/data",
        f"intake-{number:016x}.toml",
        status,
        f"2026-01-01T09:{minute:02d}:00+00:00",
        reference,
        "go_ahead" if opens else "not_now",
        "front_desk",
        opens,
        closes,
        "after a 3-session series for fine lines",
        client_id,
    )


TODAY = date(2027, 6, 1)


@pytest.mark.parametrize(
    ("reports", "due"),
    [
        # Overdue once the window opened; due soon when it opens within 30 days.
        ([summary(1, "2027-06-01", reference="A")], {1: "overdue"}),
        ([summary(1, "2027-07-01", reference="A")], {1: "due_soon"}),
        ([summary(1, "2027-07-02", reference="A")], {}),
        # A later intake supersedes: on hold now, or due later.
        ([summary(1, "2027-01-01", reference="K. Mensah"), summary(2, reference="k.  mensah", minute=5)], {}),
        ([summary(1, "2027-01-01", reference="A"), summary(2, "2027-06-20", reference="a", minute=5)], {2: "due_soon"}),
        # Other references are other clients; no reference: the report alone.
        ([summary(1, "2027-01-01", reference="A"), summary(2, "2027-01-01", reference="B", minute=5)], {1: "overdue", 2: "overdue"}),
        ([summary(1, "2027-01-01"), summary(2, minute=5)], {1: "overdue"}),
        # The client record's id wins over differently written references.
        ([summary(1, "2027-01-01", reference="#1042", client_id="c1"), summary(2, reference="Ms K Mensah", client_id="c1", minute=5)], {}),
        # Drafts neither count nor supersede.
        ([summary(1, "2027-01-01", reference="A"), summary(2, reference="A", status="in_progress", minute=5)], {1: "overdue"}),
        ([summary(1, "2027-01-01", reference="A", status="in_progress")], {}),
        ([summary(1, "2027-01-01", reference="A", status="amended")], {1: "overdue"}),
        # A hand-edited index with a non-date is no one's due.
        ([summary(1, "soon", reference="A")], {}),
    ],
)  # fmt: skip
def test_the_latest_completed_report_of_each_client_decides(
    reports: list[ReportSummary], due: dict[int, str]
) -> None:
    found = due_list(reports, TODAY, 30)
    assert {int(d.report.session_id, 16): d.state for d in found} == due


def test_overdue_comes_first_then_by_the_day_the_window_opens() -> None:
    reports = [
        summary(1, "2027-06-20", reference="A"),
        summary(2, "2027-05-01", reference="B"),
        summary(3, "2027-02-01", reference="C"),
    ]
    found = due_list(reports, TODAY, 30)
    assert [d.report.session_id[-1] for d in found] == ["3", "2", "1"]
    assert found[0].reason == (
        "top-up due 1 Feb\N{EN DASH}3 Mar 2027 after a 3-session series for fine lines"
    )


@pytest.mark.parametrize(
    ("history", "words"),
    [
        ([], "No completed intake yet, so no top-up is planned."),
        ([summary(1, "2027-08-01", status="in_progress")], "No completed intake yet"),
        ([summary(1, "")], "No top-up planned: the latest intake has no dated plan."),
        ([summary(1, "2027-06-20")], "Next: top-up due 20 Jun\N{EN DASH}20 Jul 2027 after a"),
        ([summary(1, "2027-06-20")], "(due soon)."),
        ([summary(1, "2027-05-01")], "(overdue)."),
        ([summary(1, "2027-09-01")], "(not due yet)."),
        # The later intake decides: the client came back and is on hold now.
        ([summary(1, "2027-05-01"), summary(2, "", minute=5)], "No top-up planned"),
        # A draft started since never hides the last completed intake's window.
        ([summary(1, "2027-05-01"), summary(2, "", status="in_progress", minute=5)], "(overdue)."),
    ],
)  # fmt: skip
def test_a_clients_page_names_the_next_top_up_and_whether_it_is_due(
    history: list[ReportSummary], words: str
) -> None:
    assert words in next_top_up(history, TODAY, 30)


# --- intake due ------------------------------------------------------------------------------


def due_folder(folder: Path, count: int) -> dict[str, str]:
    made = templates(fixture_bundle(), fixture_answers(), {**fixture_answers(), **ON_HOLD})
    return dict(write_due_folder(folder, made, count))


def intake_due(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> str:
    capsys.readouterr()
    code = main(["--questions", str(FIXTURE_BANK), "due", "--data-dir", str(folder), *args])
    assert code == 0
    return capsys.readouterr().out


def test_intake_due_lists_exactly_the_due_ones_of_1000(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The suite's size; `python -m bench` checks 10,000 the same way."""
    expected = due_folder(tmp_path, 1000)
    assert len(list(tmp_path.glob("intake-*.toml"))) == 1000
    table = intake_due(capsys, tmp_path, "--as-of", AS_OF.isoformat(), "--csv")
    listed = {row["session_id"]: row["state"] for row in csv.DictReader(io.StringIO(table))}
    assert listed == expected
    assert "client_reference" not in table.splitlines()[0]  # for mailing: none unless asked
    started = time.perf_counter()
    text = intake_due(capsys, tmp_path, "--as-of", AS_OF.isoformat(), "--within", "30d")
    assert time.perf_counter() - started < 1.0  # from the index, no report parsed
    overdue = sum(state == "overdue" for state in expected.values())
    assert text.startswith(f"{overdue:,} overdue and {len(expected) - overdue:,} due within 30")
    assert len(text.splitlines()) == len(expected) + 1


def test_intake_due_names_the_reason_the_reference_escaped_and_the_session(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = build_report(
        fixture_bundle(),
        {**fixture_answers(), "client_reference": "K. \x1b]0;pwned\x07Mensah"},
        status="completed",
        now=NOW,
        session_id="a" * 16,
        mode="front_desk",
    )
    save_report(tmp_path, report)
    due = report.recommendation.maintenance_due if report.recommendation else None
    assert isinstance(due, MaintenanceDue)
    text = intake_due(capsys, tmp_path, "--as-of", due.from_date.isoformat())
    [line] = text.splitlines()[1:]
    assert "\x1b" not in line and "\x07" not in line
    assert "a" * 16 in line and "Mensah" in line
    assert f"top-up due {days_words(due.from_date, due.to_date)} after a " in line
    assert "fine lines" in line
    header = "state,due_from,due_until,session_id,client_reference,reason"
    table = intake_due(capsys, tmp_path, "--as-of", "2026-01-01", "--csv", "--with-references")
    assert table.splitlines() == [header]  # not yet due
    as_of = due.to_date.isoformat()
    table = intake_due(capsys, tmp_path, "--as-of", as_of, "--csv", "--with-references")
    [row] = csv.DictReader(io.StringIO(table))
    assert row["state"] == "overdue" and row["session_id"] == "a" * 16
    assert row["client_reference"].startswith("K. ") and "\x1b" not in row["client_reference"]


@pytest.mark.parametrize(
    ("args", "problem"),
    [(["--within", "soon"], "--within takes"), (["--as-of", "1 March"], "--as-of takes")],
)
def test_intake_due_refuses_what_it_cannot_read_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], problem: str
) -> None:
    code = main(["--questions", str(FIXTURE_BANK), "due", "--data-dir", str(tmp_path), *args])
    err = capsys.readouterr().err
    assert code == 1 and problem in err and len(err.splitlines()) == 1


def test_the_index_holds_the_window_so_due_never_reads_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = due_folder(tmp_path, 30)
    first = SessionStore(tmp_path, "client_reference").listing().reports

    def never(*_: object) -> list[Any]:
        raise AssertionError("a report file was parsed")

    monkeypatch.setattr(index, "summary_row", never)
    again = SessionStore(tmp_path, "client_reference").listing()
    assert sorted(again.reports) == sorted(first)
    assert {d.report.session_id: d.state for d in due_list(again.reports, AS_OF)} == expected


def test_an_index_from_before_due_windows_is_rebuilt_from_the_files(tmp_path: Path) -> None:
    expected = due_folder(tmp_path, 30)
    SessionStore(tmp_path, "client_reference").listing()
    older_index(tmp_path)
    reports = SessionStore(tmp_path, "client_reference").listing().reports
    assert {d.report.session_id: d.state for d in due_list(reports, AS_OF)} == expected
    assert index_version(tmp_path) == SCHEMA_VERSION


# --- the saved-reports list's due views ----------------------------------------------------


def save_due(folder: Path, number: int, reference: str, opens: date) -> None:
    report = build_report(
        fixture_bundle(),
        {**fixture_answers(), "client_reference": reference},
        status="completed",
        now=NOW,
        session_id=f"{number:016x}",
        mode="front_desk",
    )
    assert report.recommendation is not None and report.recommendation.maintenance_due
    window = report.recommendation.maintenance_due.model_copy(
        update={"from_date": opens, "to_date": opens + timedelta(days=60)}
    )
    rec = report.recommendation.model_copy(update={"maintenance_due": window})
    save_report(folder, report.model_copy(update={"recommendation": rec}))


def listed(app: Any) -> list[str]:
    options = app.screen.query_one("#reports", OptionList)
    return [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]


async def test_the_list_shows_due_soon_and_overdue_views(tmp_path: Path) -> None:
    today = FIXED_NOW.date()
    save_due(tmp_path, 1, "Overdue One", today - timedelta(days=40))
    save_due(tmp_path, 2, "Soon Two", today + timedelta(days=10))
    save_due(tmp_path, 3, "Later Three", today + timedelta(days=200))
    app = fixture_app(tmp_path, "front_desk")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportsScreen), "the list")
        await wait_until(pilot, lambda: len(listed(app)) == 3, "every report")
        # `v` from the list cycles the views: due soon, overdue, all again.
        await pilot.press("down", "v")
        await wait_until(pilot, lambda: len(listed(app)) == 1, "the due soon view")
        [row] = listed(app)
        assert row.startswith("due soon") and "Soon Two" in row and "top-up due" in row
        await pilot.press("v")
        await wait_until(pilot, lambda: "Overdue One" in "".join(listed(app)), "overdue")
        assert len(listed(app)) == 1 and listed(app)[0].startswith("overdue")
        await pilot.press("v")
        await wait_until(pilot, lambda: len(listed(app)) == 3, "all reports again")
        # The same views as filter words, combined with other words.
        filter_box = app.screen.query_one("#filter", Input)
        filter_box.focus()
        await pilot.press(*"due:overdue two")
        await wait_until(pilot, lambda: filter_box.value == "due:overdue two", "typing")
        await wait_until(pilot, lambda: listed(app) == [], "no overdue Two")
        await pilot.press(*["backspace"] * 3, *"one")
        await wait_until(pilot, lambda: len(listed(app)) == 1, "overdue One")


def test_a_due_label_from_a_tampered_file_never_reaches_the_terminal_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The series' concern labels are stored in the report: a hand-edited file may hold
    escape sequences there, and `intake due` (text and CSV) shows them escaped."""
    hostile = "Fine lines\x1b]0;PWNED\x07\x1b[2J"
    save_due(tmp_path, 7, "K", date(2027, 3, 1))
    path = next(tmp_path.glob("intake-*.toml"))
    saved = tomllib.loads(path.read_text(encoding="utf-8"))
    saved["recommendation"]["maintenance_due"]["concerns"] = [hostile]
    path.write_text(tomli_w.dumps(saved), encoding="utf-8")
    index.index_path(tmp_path).unlink(missing_ok=True)  # rebuilt from the edited file
    for args in ([], ["--csv"]):
        out = intake_due(capsys, tmp_path, "--as-of", "2027-03-02", *args)
        assert "\x1b" not in out and "\x07" not in out
        assert "PWNED" in out  # shown, as text
