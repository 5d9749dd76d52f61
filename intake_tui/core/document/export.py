"""Every format a saved report exports to: one table the command line and the app's
Export dialog share, and where an export is written (inside the data folder's
``exports/`` by default, 0600, never over a file unless asked).

Renderers are imported when used: the PDF compiler is large and optional, and the
app must not load any of this before its first screen paints.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from intake_tui.core.files import ensure_private_dir, write_new
from intake_tui.core.i18n import N_

if TYPE_CHECKING:
    from intake_tui.core.bundle import Bundle
    from intake_tui.core.document.model import Audience
    from intake_tui.core.report.models import SessionReport

Render = Callable[["SessionReport", "Bundle", "Audience"], bytes]
EXPORTS_FOLDER = "exports"
AUDIENCES: tuple[Audience, ...] = ("practitioner", "client")


@dataclass(frozen=True)
class ExportFormat:
    label: str
    extension: str
    render: Render
    # FHIR and the session file carry the record itself, the same whoever it is for;
    # their file names say which it is instead of whose copy.
    same_for_everyone: str = ""


def _text_document(module_name: str) -> Render:
    def render(report: SessionReport, bundle: Bundle, audience: Audience) -> bytes:
        from intake_tui.core.document.build import build_document

        module = importlib.import_module(f"intake_tui.core.document.{module_name}")
        text: str = module.render(build_document(report, bundle, audience))
        return text.encode("utf-8")

    return render


def _pdf(report: SessionReport, bundle: Bundle, audience: Audience) -> bytes:
    from intake_tui.core.document import pdf
    from intake_tui.core.document.build import build_document

    document = build_document(report, bundle, audience)
    # The report's own last change as the PDF's date: the same report, the same bytes.
    return pdf.render(document, paper=bundle.settings.paper, created=report.updated_at)


def _session_file(report: SessionReport, _bundle: Bundle, _audience: Audience) -> bytes:
    from intake_tui.core.report.toml_io import dumps_report

    return dumps_report(report).encode("utf-8")


def _fhir(report: SessionReport, bundle: Bundle, _audience: Audience) -> bytes:
    from intake_tui.core.fhir import fhir_json, questionnaire_response

    return fhir_json(questionnaire_response(report, bundle)).encode("utf-8")


FORMATS: dict[str, ExportFormat] = {
    "pdf": ExportFormat(N_("PDF (to print)"), "pdf", _pdf),
    "html": ExportFormat(N_("Web page (HTML, prints well)"), "html", _text_document("html")),
    "md": ExportFormat("Markdown", "md", _text_document("markdown")),
    "txt": ExportFormat(N_("Plain text (email, receipt printer)"), "txt", _text_document("text")),
    "fhir": ExportFormat(N_("FHIR QuestionnaireResponse (JSON)"), "json", _fhir, "fhir"),
    "toml": ExportFormat(
        N_("Session file (TOML, the record itself)"), "toml", _session_file, "record"
    ),
}


def available(fmt: str) -> bool:
    """Whether this installation can make ``fmt`` (PDF needs the optional pdf extra)."""
    if fmt != "pdf":
        return True
    from importlib.util import find_spec

    return find_spec("typst") is not None


def export_bytes(report: SessionReport, bundle: Bundle, fmt: str, audience: Audience) -> bytes:
    return FORMATS[fmt].render(report, bundle, audience)


def export_name(report: SessionReport, fmt: str, audience: Audience) -> str:
    """A file name with no client name in it: the date, the session id and whose copy."""
    export = FORMATS[fmt]
    whose = export.same_for_everyone or audience
    return f"{report.updated_at:%Y-%m-%d}-{report.session_id}-{whose}.{export.extension}"


def default_export_path(
    data_dir: Path, report: SessionReport, fmt: str, audience: Audience
) -> Path:
    return data_dir / EXPORTS_FOLDER / export_name(report, fmt, audience)


def write_export(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Write privately, creating a missing ``exports/`` folder 0700; an existing file is
    replaced only when ``replace`` (StoreError otherwise, naming it)."""
    ensure_private_dir(path.parent)
    write_new(path, data, replace=replace)
