"""`intake export DIR --csv` (issue 13 point 4): one row per saved report, a data
dictionary alongside, client references only when asked, formula-looking cells
guarded, corrupt files skipped and named. On the fixture bank."""

from __future__ import annotations

import csv
import io
import stat
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from intake_tui.cli.main import main
from intake_tui.core.csv_export import columns, export_folder, safe_cell
from intake_tui.core.recommend.maintenance import add_months
from intake_tui.core.report.build import build_report
from intake_tui.core.report.models import Override
from intake_tui.core.store import save_report
from tests.support import FIXTURE_BANK, copy_bank, fixture_answers, fixture_bundle

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
SECRET = "diagnosed-with-something-private"


def save(
    folder: Path,
    number: int,
    *,
    status: str = "completed",
    reference: str = "",
    override: bool = False,
    minutes: int = 0,
    **changes: Any,
) -> Path:
    """A fixture-bank report entered at the front desk (so it has a client reference)."""
    answers = {**fixture_answers(), **changes}
    report = build_report(
        fixture_bundle(),
        answers,
        status=status,  # type: ignore[arg-type]
        now=NOW.replace(minute=minutes),
        session_id=f"{number:016x}",
        mode="front_desk",
        staff_initials="AB",
    )
    updates: dict[str, Any] = {"answers": {**report.answers, "client_reference": reference}}
    if override:
        updates["override"] = Override(reason="discussed", staff_initials="CD", at=NOW)
    return save_report(folder, report.model_copy(update=updates))


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def cli(*args: str) -> int:
    return main(["--questions", str(FIXTURE_BANK), "export", *args])


# --- the table ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {},
            {
                "status": "completed",
                "gate": "go_ahead",
                "override": "no",
                "staff_initials": "AB",
                "setting": "clinic",
                "concerns": "fine_lines",
                "areas": "cheeks",
                "deepest_mm": "1.0",
                "sessions": "3",
                "cost_low": "900",
                "cost_high": "4200",
                "currency": "USD",
                "maintenance_due": "2027-08-01",
                "maintenance_due_until": "2027-12-01",
                "date": "2026-11-26 09:00",
            },
        ),
        ({"treatment_areas": ["forehead", "cheeks"]}, {"areas": "forehead; cheeks"}),
        (
            {"keloid": "yes"},
            {
                "gate": "physician_first",
                "cost_low": "",
                "maintenance_due": "",
                "maintenance_due_until": "",
            },
        ),
        ({"override": True, "keloid": "yes"}, {"override": "yes", "override_staff": "CD"}),
    ],
)
def test_each_report_is_one_row_of_codes(
    tmp_path: Path, changes: dict[str, Any], expected: dict[str, str]
) -> None:
    save(tmp_path, 1, **changes)
    [row] = rows(export_folder(fixture_bundle(), tmp_path).table)
    assert {key: row[key] for key in expected} == expected
    assert row["session_id"] == f"{1:016x}"


def test_rows_come_oldest_first_and_drafts_only_when_asked(tmp_path: Path) -> None:
    save(tmp_path, 1, minutes=30)
    save(tmp_path, 2, minutes=10)
    save(tmp_path, 3, status="in_progress", minutes=20)
    export = export_folder(fixture_bundle(), tmp_path)
    assert [r["session_id"][-1] for r in rows(export.table)] == ["2", "1"]
    assert (export.rows, export.drafts_left_out) == (2, 1)
    with_drafts = export_folder(fixture_bundle(), tmp_path, drafts=True)
    listed = [(r["session_id"][-1], r["status"], r["gate"]) for r in rows(with_drafts.table)]
    assert listed == [
        ("2", "completed", "go_ahead"),
        ("3", "in_progress", ""),
        ("1", "completed", "go_ahead"),
    ]


def test_the_date_is_in_the_clinics_zone(tmp_path: Path) -> None:
    from intake_tui.core.bundle import load_bundle

    bank = copy_bank(tmp_path)
    settings = bank / "settings.toml"
    settings.write_text('time_zone = "America/Chicago"\n' + settings.read_text(), encoding="utf-8")
    save(tmp_path / "data", 1)
    [row] = rows(export_folder(load_bundle(bank), tmp_path / "data").table)
    assert row["date"] == "2026-11-26 03:00"


@pytest.mark.parametrize(
    ("day", "months", "due"),
    [
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2027, 3, 1), 9, date(2027, 12, 1)),
        (date(2027, 11, 15), 3, date(2028, 2, 15)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
    ],
)
def test_maintenance_is_due_whole_months_after_the_last_session(
    day: date, months: int, due: date
) -> None:
    assert add_months(day, months) == due


# --- references and injection --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("plain = text", "plain = text"),
        ("", ""),
    ],
)
def test_a_cell_a_spreadsheet_would_run_starts_with_an_apostrophe(text: str, cell: str) -> None:
    assert safe_cell(text) == cell


@pytest.mark.parametrize(
    ("reference", "cell"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("[bold red]x[/]", "[bold red]x[/]"),
        ("\x1b]0;PWNED\x07", "\\x1b]0;PWNED\\x07"),
        ("line\nbreak", "line\\x0abreak"),
        ('Zoë, "Q"; 3', 'Zoë, "Q"; 3'),
    ],
)
def test_hostile_client_references_arrive_as_text(
    tmp_path: Path, reference: str, cell: str
) -> None:
    save(tmp_path, 1, reference=reference)
    [row] = rows(export_folder(fixture_bundle(), tmp_path, with_references=True).table)
    assert row["client_reference"] == cell


def test_client_references_only_with_the_flag(tmp_path: Path) -> None:
    save(tmp_path, 1, reference="Client 7")
    export = export_folder(fixture_bundle(), tmp_path)
    assert "client_reference" not in export.table and "Client 7" not in export.table
    assert "client_reference" not in export.dictionary
    assert "Client 7" in export_folder(fixture_bundle(), tmp_path, with_references=True).table


# --- the dictionary -------------------------------------------------------------------------


@pytest.mark.parametrize("with_references", [False, True])
def test_the_dictionary_describes_every_column(tmp_path: Path, with_references: bool) -> None:
    save(tmp_path, 1)
    export = export_folder(fixture_bundle(), tmp_path, with_references=with_references)
    header = next(csv.reader(io.StringIO(export.table)))
    described = list(csv.DictReader(io.StringIO(export.dictionary)))
    assert list(described[0]) == ["column", "label", "type", "allowed_values_or_units", "notes"]
    assert [entry["column"] for entry in described if not entry["column"].startswith("(")] == header
    assert all(entry["label"] and entry["type"] for entry in described[: len(header)])
    assert "OWASP" in described[-1]["notes"] and "apostrophe" in described[-1]["notes"]


def test_the_dictionary_names_each_code_with_its_label() -> None:
    bundle = fixture_bundle()
    by_name = {c.name: c for c in columns(bundle, with_references=False)}
    go_ahead = bundle.protocol.wording.decision("go_ahead").title
    assert f"go_ahead = {go_ahead}" in by_name["gate"].values
    concerns = bundle.bank.question(bundle.protocol.depth.concern_question)
    assert all(f"{o.value} = {o.label}" in by_name["concerns"].values for o in concerns.options)


# --- the command ----------------------------------------------------------------------------


def test_the_command_writes_both_files_private_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, out = tmp_path / "data", tmp_path / "out.csv"
    save(data, 1, reference="Client 7")
    assert cli(str(data), "--csv", "-o", str(out)) == 0
    dictionary = tmp_path / "out.dictionary.csv"
    for path in (out, dictionary):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "Client 7" not in out.read_text(encoding="utf-8")
    out.write_text("kept", encoding="utf-8")
    capsys.readouterr()
    assert cli(str(data), "--csv", "-o", str(out), "--with-references") == 1
    assert "already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "kept"
    assert cli(str(data), "--csv", "-o", str(out), "--with-references", "--force") == 0
    assert "Client 7" in out.read_text(encoding="utf-8")


def test_without_an_output_it_writes_into_the_data_folders_exports(tmp_path: Path) -> None:
    save(tmp_path, 1)
    assert cli(str(tmp_path), "--csv") == 0
    [table] = (tmp_path / "exports").glob("reports-*[0-9].csv")
    assert stat.S_IMODE((tmp_path / "exports").stat().st_mode) == 0o700
    assert table.with_name(table.stem + ".dictionary.csv").is_file()


def test_a_corrupt_file_is_skipped_counted_and_named_without_its_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    save(data, 1)
    bad = data / "intake-00000000000000ee.toml"
    bad.write_text(f'status = "{SECRET}"\n[[[', encoding="utf-8")
    wrong_type = data / "intake-00000000000000ef.toml"
    text = (data / f"intake-{1:016x}.toml").read_text(encoding="utf-8")
    wrong_type.write_text(
        text.replace('status = "completed"', f'status = "{SECRET}"'), encoding="utf-8"
    )
    export = export_folder(fixture_bundle(), data)
    assert export.rows == 1 and [s.path for s in export.skipped] == [bad, wrong_type]
    assert cli(str(data), "--csv", "-o", str(tmp_path / "out.csv")) == 1
    err = capsys.readouterr().err
    skipped = [line for line in err.splitlines() if "skipped" in line]
    assert len(skipped) == 3  # one line per file, and the summary counts them
    assert str(bad) in skipped[0] and str(wrong_type) in skipped[1]
    assert "2 unreadable file(s) skipped" in skipped[2]
    assert SECRET not in err and "Traceback" not in err


def test_export_without_a_format_or_of_a_file_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = save(tmp_path, 1)
    assert cli(str(tmp_path)) == 1
    assert cli(str(path), "--csv") == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "intake: export: choose --format (one report) or --csv (a data folder)",
        f"intake: {path}: not a folder (--csv exports a whole data folder)",
    ]


def test_the_export_command_does_not_import_textual(tmp_path: Path) -> None:
    from tests.test_import_hygiene import run_and_list_modules

    save(tmp_path, 1)
    out = tmp_path / "out.csv"
    loaded = run_and_list_modules(
        "from intake_tui.cli.main import main\n"
        f"assert main(['--questions', {str(FIXTURE_BANK)!r}, 'export', {str(tmp_path)!r}, "
        f"'--csv', '-o', {str(out)!r}]) == 0\n"
    )
    assert "intake_tui.cli.export_csv" in loaded and "textual" not in loaded
