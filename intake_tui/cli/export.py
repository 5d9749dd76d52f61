"""`intake export` and `intake report --format`: a report as a document to print or send.

Formats are a table (name -> how to render a report for an audience), so a new format
is one entry: the lead adds ``pdf`` and ``fhir`` there. Headless: no Textual.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from intake_tui.core.errors import IntakeError
from intake_tui.core.safe_text import printable

if TYPE_CHECKING:
    from intake_tui.core.bundle import Bundle
    from intake_tui.core.document.model import Audience
    from intake_tui.core.report.models import SessionReport

Renderer = Callable[["SessionReport", "Bundle", "Audience"], str]
AUDIENCES = ("practitioner", "client")


def _document(renderer_module: str) -> Renderer:
    """A document format: build the audience's document, render it with the module's
    ``render`` (imported when used: the command line parses without the core)."""

    def rendered(report: SessionReport, bundle: Bundle, audience: Audience) -> str:
        from intake_tui.core.document.build import build_document

        module = importlib.import_module(f"intake_tui.core.document.{renderer_module}")
        document = build_document(report, bundle, audience)
        result: str = module.render(document)
        return result

    return rendered


def _session_toml(report: SessionReport, _bundle: Bundle, _audience: Audience) -> str:
    from intake_tui.core.report.toml_io import dumps_report

    return dumps_report(report)


# Every format a saved report exports to; `intake report` also writes the session TOML.
EXPORT_FORMATS: dict[str, Renderer] = {
    "md": _document("markdown"),
    "html": _document("html"),
    "txt": _document("text"),
}
REPORT_FORMATS: dict[str, Renderer] = {"toml": _session_toml, **EXPORT_FORMATS}


def add_audience_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--for",
        dest="audience",
        choices=AUDIENCES,
        default="practitioner",
        help="whose copy: the practitioner's (default, every answer and the trace) "
        "or the client's (plain words, no codes)",
    )


def add_report_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=tuple(REPORT_FORMATS),
        default="toml",
        help="toml (default): the session file the app saves; or a document",
    )
    add_audience_option(parser)


def add_export_command(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file", metavar="FILE", help="a saved session file, or a session id in the data folder"
    )
    parser.add_argument("--format", choices=tuple(EXPORT_FORMATS), required=True)
    add_audience_option(parser)
    parser.add_argument("-o", "--output", type=Path, metavar="OUT", help="default: print it")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")


def export(args: argparse.Namespace) -> int:
    from intake_tui.core.bundle import load_bundle
    from intake_tui.core.report.toml_io import read_report

    bundle = load_bundle(args.questions)
    report = read_report(session_path(args.file, args.data_dir))
    rendered = EXPORT_FORMATS[args.format](report, bundle, args.audience)
    emit(rendered, args.output, force=args.force)
    return 0


def session_path(target: str, data_dir: Path | None) -> Path:
    """A path as given, or a bare session id as that session's file in the data folder."""
    from intake_tui.core.store import SESSION_ID, default_data_dir, session_file_name

    path = Path(target).expanduser()
    if SESSION_ID.fullmatch(target) and not path.exists():
        path = (data_dir or default_data_dir()) / session_file_name(target)
    if not path.is_file():
        raise IntakeError(f"{target}: no such session file (give its path or its session id)")
    return path


def emit(rendered: str, output: Path | None, *, force: bool) -> None:
    """Print it, or write OUT privately (mode 0600), never over a file unless forced."""
    if output is None:
        sys.stdout.write(rendered)
        return
    from intake_tui.core.files import write_atomic

    claimed = not force and _claim(output)
    try:
        write_atomic(output, rendered)
    except BaseException:
        if claimed:
            output.unlink(missing_ok=True)  # the empty file this command made, nothing else
        raise
    print(f"Written to {printable(str(output), keep_newlines=False)}", file=sys.stderr)


def _claim(output: Path) -> bool:
    """Create OUT empty and private, or refuse: the check and the claim are one step,
    so nothing that appears meanwhile is overwritten."""
    try:
        os.close(os.open(output, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise IntakeError(f"{output}: already exists; add --force to replace it") from None
    except OSError as error:
        raise IntakeError(f"{output}: cannot be written ({error.strerror})") from None
    return True
