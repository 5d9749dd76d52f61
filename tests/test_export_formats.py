"""Every export format through one table (core/document/export.py): the command line
and the app's Export dialog write the same bytes, privately, never over a file unasked."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from intake_tui.cli.main import main
from intake_tui.core.document.export import (
    FORMATS,
    default_export_path,
    export_bytes,
    export_name,
    write_export,
)
from intake_tui.core.files import AlreadyExists
from intake_tui.core.report.toml_io import dumps_report
from intake_tui.core.store import session_file_name
from tests.support import FIXTURE_BANK
from tests.test_documents import FIXTURE, SESSION, hostile_report, report_for

# What each format's bytes start with: the kind of file a reader opens.
MAGIC = {
    "pdf": b"%PDF-",
    "html": b"<!DOCTYPE html>",
    "md": b"# ",
    "txt": b"Microneedling",
    "fhir": b"{",
    "toml": b"# intake-tui session report",
}


def _saved(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / session_file_name(SESSION)
    path.write_text(dumps_report(report_for()), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_through_the_command_line_matches_the_table(tmp_path: Path, fmt: str) -> None:
    path = _saved(tmp_path / "data")
    out = tmp_path / f"copy.{FORMATS[fmt].extension}"
    argv = ["--questions", str(FIXTURE_BANK), "export", str(path), "--format", fmt, "-o", str(out)]
    assert main(argv) == 0
    written = out.read_bytes()
    assert written.startswith(MAGIC[fmt])
    assert written == export_bytes(report_for(), FIXTURE, fmt, "practitioner")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_the_fhir_export_is_the_sessions_questionnaire_response() -> None:
    resource = json.loads(export_bytes(report_for(), FIXTURE, "fhir", "client"))
    assert resource["resourceType"] == "QuestionnaireResponse"
    assert resource["status"] == "completed"
    assert resource["questionnaire"].endswith(f"|{FIXTURE.bank.version}")


def test_a_pdf_is_the_same_bytes_for_the_same_report() -> None:
    first = export_bytes(report_for(), FIXTURE, "pdf", "client")
    assert export_bytes(report_for(), FIXTURE, "pdf", "client") == first


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_names_hold_no_client_reference(fmt: str) -> None:
    report = report_for()
    report = report.model_copy(update={"answers": {**report.answers, "client_reference": "Mensah"}})
    name = export_name(report, fmt, "client")
    assert "Mensah" not in name and SESSION in name
    assert name.endswith(f".{FORMATS[fmt].extension}")


def test_exports_go_inside_the_data_folder_privately_and_never_over_a_file(tmp_path: Path) -> None:
    target = default_export_path(tmp_path / "data", report_for(), "txt", "client")
    assert target.parent == tmp_path / "data" / "exports"
    write_export(target, b"first")
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with pytest.raises(AlreadyExists):
        write_export(target, b"second")
    assert target.read_bytes() == b"first"
    write_export(target, b"second", replace=True)
    assert target.read_bytes() == b"second"


def test_a_link_at_the_export_path_is_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(b"keep")
    link = tmp_path / "out.txt"
    link.symlink_to(victim)
    with pytest.raises(AlreadyExists):
        write_export(link, b"x")
    with pytest.raises(Exception, match="not a regular file"):
        write_export(link, b"x", replace=True)
    assert victim.read_bytes() == b"keep"


def test_hostile_text_in_the_pdf_prints_literally() -> None:
    pypdf = pytest.importorskip("pypdf")
    import io

    report = hostile_report()
    pdf = pypdf.PdfReader(io.BytesIO(export_bytes(report, FIXTURE, "pdf", "practitioner")))
    printed = " ".join(page.extract_text() for page in pdf.pages)
    for hostile in ("<script>alert(1)</script>", "[bold red]x[/]", "**x**", "\\x1b[31m"):
        assert hostile in printed
