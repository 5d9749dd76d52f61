"""Find anything in the saved-reports list (issue 14 point 4): the filter language over
staff, concern, area, setting, gate, override, due and client, from the index alone;
column headers and sorting; overridden and amended reports marked in words. On the
fixture bank."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import Input, OptionList, Static

from intake_tui.app.screens.reports import ReportsScreen, header_text, row_text
from intake_tui.core import index
from intake_tui.core.bank.header import read_header
from intake_tui.core.find import (
    SearchTable,
    SortOrder,
    Term,
    parse_filter,
    search_fields,
    sort_order,
)
from intake_tui.core.index_db import SCHEMA_VERSION
from intake_tui.core.report.build import build_report
from intake_tui.core.report.models import Override
from intake_tui.core.store import ReportSummary, SessionStore, save_report
from tests.index_support import index_version, older_index
from tests.pilot_fixture import fixture_app
from tests.support import FIXTURE_BANK, fixture_answers, fixture_bundle
from tests.test_recall import NOW, ON_HOLD
from tests.test_recall import summary as recall_summary
from tests.waiting import wait_until

TITLES = read_header(FIXTURE_BANK).decision_titles


def saved(
    folder: Path,
    number: int,
    *,
    staff: str = "",
    reference: str = "",
    minutes: int = 0,
    answers: dict[str, Any] | None = None,
    override_by: str = "",
    status: str = "completed",
) -> None:
    """A front-desk report of the fixture adult (go ahead unless ``answers`` change it)."""
    report = build_report(
        fixture_bundle(),
        {**fixture_answers(), "client_reference": reference, **(answers or {})},
        status="completed",
        now=NOW + timedelta(minutes=minutes),
        session_id=f"{number:016x}",
        mode="front_desk",
        staff_initials=staff,
    )
    update: dict[str, Any] = {"status": status}
    if override_by:
        update["override"] = Override(reason="consented", staff_initials=override_by, at=NOW)
    save_report(folder, report.model_copy(update=update))


def listing(folder: Path) -> list[ReportSummary]:
    return SessionStore(folder, "client_reference").listing().reports


# --- the index holds what the filter needs -------------------------------------------------


def test_the_index_holds_staff_concern_area_setting_and_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved(tmp_path, 1, staff="AB")
    saved(tmp_path, 2, staff="CD", answers=ON_HOLD, override_by="EF", minutes=1)
    by_id = {s.session_id: s for s in listing(tmp_path)}
    first, second = by_id[f"{1:016x}"], by_id[f"{2:016x}"]
    assert first.staff == "AB" and first.override == ""
    assert "fine_lines" in first.concerns and "Fixture fine lines" in first.concerns
    assert "cheeks" in first.areas and first.setting == "clinic Fixture clinic"
    # The overriding staff member is found too.
    assert second.staff == "CD EF" and second.override == "yes"

    def never(*_: object) -> list[Any]:
        raise AssertionError("a report file was parsed")

    # Read back from the index, no file parsed, they are the same.
    monkeypatch.setattr(index, "summary_row", never)
    assert {s.session_id: s for s in listing(tmp_path)} == by_id


def test_an_index_without_the_find_fields_is_rebuilt_from_the_files(tmp_path: Path) -> None:
    saved(tmp_path, 1, staff="AB")
    listing(tmp_path)
    older_index(tmp_path)
    [report] = listing(tmp_path)
    assert report.staff == "AB"
    assert index_version(tmp_path) == SCHEMA_VERSION


# --- the filter language ------------------------------------------------------------------


def summary(
    number: int,
    *,
    decision: str = "go_ahead",
    due_from: str = "",
    reference: str = "",
    client_id: str = "",
    status: str = "completed",
    **found_by: str,
) -> ReportSummary:
    """A listed report of the 1st-28th of November with ``found_by`` (staff, concerns,
    areas, setting, override) as the index holds them."""
    listed = recall_summary(
        number, due_from, reference=reference, client_id=client_id, status=status
    )
    return listed._replace(
        updated_at=f"2026-11-{number:02d}T09:00:00+00:00",
        decision=decision,
        due_series="",
        **found_by,
    )


REPORTS = [
    summary(1, staff="AB", concerns="acne_scars Acne scars", areas="cheeks Cheeks",
            setting="clinic In the clinic", reference="K. Mensah", due_from="2027-03-01"),
    summary(2, staff="AB EF", concerns="fine_lines Fine lines", areas="forehead Forehead",
            setting="spa Day spa", decision="not_now", override="yes", reference="#1042"),
    summary(3, staff="CD", concerns="stretch_marks Stretch marks", areas="neck Neck",
            setting="home Fab home", decision="not_now", status="amended",
            client_id="c1a2b3c4d5e6f708"),
]  # fmt: skip
GATE_TITLES = {"go_ahead": "Go ahead", "not_now": "Not now"}


def found(typed: str, *, hide_reference: bool = False) -> list[int]:
    table = SearchTable(
        search_fields(r, GATE_TITLES, zone=UTC, hide_reference=hide_reference) for r in REPORTS
    )
    return [int(REPORTS[n].session_id, 16) for n in table.matching(parse_filter(typed))]


@pytest.mark.parametrize(
    ("typed", "numbers"),
    [
        ("", [1, 2, 3]),
        # Plain words look in every field: staff initials, a concern's label, a client id.
        ("AB", [1, 2]),
        ("ab", [1, 2]),
        ("stretch", [3]),
        ("c1a2", [3]),
        # Each field by name.
        ("staff:AB", [1, 2]),
        ("staff:ef", [2]),
        ("concern:acne", [1]),  # a code's part, and its label
        ("concern:acne_scars", [1]),
        ('concern:"acne scars"', [1]),
        ("area:cheeks", [1]),
        ("area:forehead", [2]),
        ("setting:spa", [2]),
        ('setting:"fab home"', [3]),
        ("gate:not_now", [2, 3]),
        ('gate:"not now"', [2, 3]),
        ("result:go", [1]),
        ("override:yes", [2]),
        ("override:no", [1, 3]),
        ("status:amended", [3]),
        ("client:mensah", [1]),
        ("client:1042", [2]),
        ("client:c1a2", [3]),
        ("due:2027-03", [1]),
        ("date:2026-11-02", [2]),
        # AND: every word must match.
        ("AB gate:not_now", [2]),
        ("staff:AB concern:acne setting:clinic", [1]),
        ("staff:CD override:yes", []),
        # A field's word in another field is not found there.
        ("staff:acne", []),
        # A word naming no field is a plain word, colon and all.
        ("colour:red", []),
        # A plain "no" is not every report without an override: only "not now" gates.
        ("no", [2, 3]),
        # Words start: "ab" is not inside "Fab"; punctuation is a word break.
        ("ab", [1, 2]),
        ("1042", [2]),
        ("11-02", [2]),
        ("k.mensah", [1]),
    ],
)
def test_the_filter_finds_each_field_by_code_or_label(typed: str, numbers: list[int]) -> None:
    assert found(typed) == numbers


def test_hidden_references_are_neither_shown_nor_found() -> None:
    assert found("mensah") == [1]
    assert found("mensah", hide_reference=True) == []
    assert found("client:c1a2", hide_reference=True) == []


def test_filter_words_parse_quotes_fields_and_empty_values() -> None:
    assert parse_filter('Staff:AB gate:"not now" x:y "two words" area: --') == [
        Term("staff", " ab"),
        Term("gate", " not now"),
        Term(None, " x y"),
        Term(None, " two words"),
    ]
    assert parse_filter('concern:"unclosed') == [Term("concern", " unclosed")]


def test_hostile_text_is_matched_literally_and_never_parsed_as_markup() -> None:
    hostile = summary(9, staff="[b]X", reference="[red]Eve[/red] [link=http://x]")
    fields = search_fields(hostile, GATE_TITLES, zone=UTC)
    table = SearchTable([fields])
    assert table.matching(parse_filter("staff:[b]x client:[red]eve")) == [0]
    assert table.matching(parse_filter("[/red]")) == [0]
    shown = row_text(hostile, GATE_TITLES, zone=UTC)
    assert Text(shown).plain == shown and "[red]Eve[/red] [link=http://x]" in shown


# --- marks and sorting ---------------------------------------------------------------------


def test_overridden_and_amended_reports_are_marked_in_words() -> None:
    rows = [row_text(r, GATE_TITLES, zone=UTC) for r in REPORTS]
    assert "Go ahead " in rows[0] and "override" not in rows[0]
    assert "Not now (override)" in rows[1]
    assert "Amended" in rows[2]
    # A long title is cut, never the mark, so the columns after it stay in line.
    doctor = REPORTS[1]._replace(decision="physician_first")
    row = row_text(doctor, {"physician_first": "See a doctor first"}, zone=UTC)
    assert "See a… (override) " in row
    assert row.index("#1042") == rows[1].index("#1042")


def test_the_header_lines_up_with_the_rows_and_names_the_sort() -> None:
    header = header_text(SortOrder("due", descending=False))
    row = row_text(REPORTS[0], GATE_TITLES, zone=UTC)
    assert header.index("Due▲") == row.index("2027-03")
    assert header.index("Client") == row.index("K. Mensah")
    assert header.index("Staff") == row.index("AB")
    assert header_text(SortOrder()).startswith("Date▼")


@pytest.mark.parametrize(
    ("order", "numbers"),
    [
        (SortOrder(), [3, 2, 1]),
        (SortOrder("date", descending=False), [1, 2, 3]),
        (SortOrder("staff", descending=False), [1, 2, 3]),
        (SortOrder("staff"), [3, 2, 1]),
        (SortOrder("status", descending=False), [3, 1, 2]),
        # No due window sorts last either way round.
        (SortOrder("due"), [1, 3, 2]),
        (SortOrder("due", descending=False), [1, 3, 2]),
        (SortOrder("client", descending=False), [2, 1, 3]),
    ],
)
def test_sorting_uses_the_index_rows(order: SortOrder, numbers: list[int]) -> None:
    assert [int(REPORTS[n].session_id, 16) for n in sort_order(REPORTS, order)] == numbers


def test_s_cycles_the_columns_and_reversing_flips_the_arrow() -> None:
    order = SortOrder()
    seen = []
    for _ in range(6):
        seen.append(order.column)
        order = order.next_column()
    assert seen == ["date", "status", "result", "staff", "due", "client"]
    assert order == SortOrder() and SortOrder().reversed().arrow == "▲"


# --- in the app ----------------------------------------------------------------------------


def listed(app: Any) -> list[str]:
    options = app.screen.query_one("#reports", OptionList)
    return [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]


async def open_list(pilot: Any, app: Any, count: int) -> None:
    await pilot.press("b")
    await wait_until(pilot, lambda: isinstance(app.screen, ReportsScreen), "the list")
    await wait_until(pilot, lambda: len(listed(app)) == count, "every report")


async def test_the_staff_filter_finds_their_reports(tmp_path: Path) -> None:
    saved(tmp_path, 1, staff="AB", reference="One")
    saved(tmp_path, 2, staff="CD", reference="Two", minutes=1)
    saved(tmp_path, 3, staff="AB", reference="Three", minutes=2, answers=ON_HOLD)
    app = fixture_app(tmp_path, "front_desk")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot, app, 3)
        filter_box = app.screen.query_one("#filter", Input)
        await pilot.press("A", "B")
        await wait_until(pilot, lambda: len(listed(app)) == 2, "AB's two reports")
        assert all("AB" in row for row in listed(app))
        filter_box.value = "staff:ab gate:physician_first"
        await wait_until(pilot, lambda: len(listed(app)) == 1, "AB's report on hold")
        assert "Three" in listed(app)[0]
        filter_box.value = "concern:fine area:cheeks setting:clinic staff:cd"
        await wait_until(pilot, lambda: len(listed(app)) == 1, "CD's report")
        assert "Two" in listed(app)[0]


async def test_sorting_by_date_both_ways(tmp_path: Path) -> None:
    for number, reference in enumerate(["Oldest", "Middle", "Newest"], start=1):
        saved(tmp_path, number, reference=reference, minutes=number)
    app = fixture_app(tmp_path, "front_desk")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot, app, 3)
        header = app.screen.query_one("#reports-header", Static)

        def clients() -> list[str]:
            return [row.split()[-1] for row in listed(app)]

        assert clients() == ["Newest", "Middle", "Oldest"]
        assert str(header.render()).startswith("Date▼")
        await pilot.press("down", "S")  # from the list: in the filter S is typed
        await wait_until(pilot, lambda: clients() == ["Oldest", "Middle", "Newest"], "oldest")
        assert str(header.render()).startswith("Date▲")
        await pilot.press("S")
        await wait_until(pilot, lambda: clients() == ["Newest", "Middle", "Oldest"], "newest")
        await pilot.press("s")
        await wait_until(pilot, lambda: "Status▲" in str(header.render()), "by status")


async def test_an_overridden_report_is_marked_in_the_list(tmp_path: Path) -> None:
    saved(tmp_path, 1, reference="Held", answers=ON_HOLD)
    saved(tmp_path, 2, reference="Passed", answers=ON_HOLD, override_by="EF", minutes=1)
    saved(tmp_path, 3, reference="Changed", status="amended", minutes=2)
    app = fixture_app(tmp_path, "front_desk")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_list(pilot, app, 3)
        rows = {row.split()[-1]: row for row in listed(app)}
        assert "(override)" in rows["Passed"] and "(override)" not in rows["Held"]
        assert "Amended" in rows["Changed"]
        app.screen.query_one("#filter", Input).value = "override:yes"
        await wait_until(pilot, lambda: len(listed(app)) == 1, "the overridden one")


@pytest.mark.parametrize(
    ("earlier", "later", "narrower"),
    [
        ("42", "421", True),
        ("staff:a", "staff:ab", True),
        ("ab", "ab acne", True),
        ('client:"k', 'client:"k m', True),
        ("", "4", False),
        ("421", "42", False),  # a deletion widens
        ("staff:a", "area:ab", False),
        ("ab acne", "ab", False),
        ("ab", "abc de fg", False),
    ],
)
def test_typing_on_searches_only_the_last_matches_when_it_can_only_narrow(
    earlier: str, later: str, narrower: bool
) -> None:
    from intake_tui.core.find import narrows

    assert narrows(parse_filter(earlier), parse_filter(later)) is narrower


def test_matching_within_the_last_matches_finds_what_a_full_search_finds() -> None:
    rows = [
        search_fields(summary(n, staff=staff, reference=ref), TITLES)
        for n, (staff, ref) in enumerate(
            [("AB", "K. Mensah"), ("ABC", "#1042"), ("CD", "K. Mensing"), ("AB", "")], 1
        )
    ]
    table = SearchTable(rows)
    for earlier, later in [("k", "k mens"), ("ab", "ab 1042"), ("a", "ab")]:
        first = table.matching(parse_filter(earlier))
        assert table.matching(parse_filter(later), first) == table.matching(parse_filter(later))


def test_in_spanish_the_list_is_worded_in_spanish_and_found_by_its_words_too() -> None:
    """Review of issue 15: the columns, statuses and a long Spanish result kept the
    English titles or pushed the columns out of line; "terminado" found nothing."""
    from intake_tui.app.screens.reports import COLUMN_WIDTHS, header_text, row_text
    from intake_tui.core.find import SortOrder
    from intake_tui.core.i18n import speaking

    long_title = {"physician_first": "Consulte antes a un médico"}
    with speaking("es"):
        header = header_text(SortOrder())
        row = row_text(summary(3, decision="physician_first"), long_title, zone=UTC)
        assert "terminado" in search_fields(summary(3), GATE_TITLES, zone=UTC)["status"].lower()
    assert header.startswith("Fecha") and "Estado" in header and "Resultado" in header
    assert "Terminado" in row and "Consulte antes a…" in row
    staff_at = sum(COLUMN_WIDTHS[c] + 1 for c in ("date", "status", "result"))
    assert row.index("Consulte") + COLUMN_WIDTHS["result"] + 1 == staff_at
    assert header_text(SortOrder()).startswith("Date")  # English outside the block
