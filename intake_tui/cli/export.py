"""`intake export` and `intake report --format`: a report as a document to print or send.

The formats are the core's table (core/document/export.py), shared with the app's
Export dialog; `intake report` adds the session TOML it has always written.
Headless: no Textual.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from intake_tui.core.document.export import AUDIENCES, FORMATS
from intake_tui.core.errors import IntakeError
from intake_tui.core.safe_text import printable

if TYPE_CHECKING:
    from intake_tui.core.bundle import Bundle
    from intake_tui.core.document.model import Audience
    from intake_tui.core.report.models import SessionReport

# The core's table, whose renderers are imported only when used: `intake report`
# writes the session file by default, so it comes first there.
EXPORT_FORMATS = tuple(FORMATS)
REPORT_FORMATS = ("toml", *(name for name in FORMATS if name != "toml"))


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
        choices=REPORT_FORMATS,
        default="toml",
        help="toml (default): the session file the app saves; or a document",
    )
    add_audience_option(parser)


def add_export_command(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        metavar="FILE|DIR",
        help="a saved session file or a session id; with --csv, a data folder",
    )
    parser.add_argument("--format", choices=EXPORT_FORMATS, help="one report as this format")
    add_audience_option(parser)
    parser.add_argument("-o", "--output", type=Path, metavar="OUT", help="default: print it")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    from intake_tui.cli.export_csv import add_arguments as add_csv_arguments

    add_csv_arguments(parser)


def export(args: argparse.Namespace) -> int:
    if args.format is None:
        raise IntakeError("export: choose --format (one report) or --csv (a data folder)")
    from intake_tui.core.bundle import load_bundle
    from intake_tui.core.report.toml_io import read_report

    report = read_report(session_path(args.file, args.data_dir))
    # Wholly in the report's own language, as the app's Export dialog does: its reasons
    # were worded when it was taken, so headings in another language would mix two.
    if args.lang and args.lang != report.language:
        asked = printable(args.lang, keep_newlines=False)[:8]
        note = f"intake: export: the report is in its own language ({report.language})"
        print(f"{note}; --lang {asked} is not used", file=sys.stderr)
    bundle = load_bundle(args.questions, language=report.language)
    emit(rendered(report, bundle, args.format, args.audience), args.output, force=args.force)
    return 0


def rendered(report: SessionReport, bundle: Bundle, fmt: str, audience: Audience) -> bytes:
    from intake_tui.core.document.export import export_bytes

    return export_bytes(report, bundle, fmt, audience)


def session_path(target: str, data_dir: Path | None) -> Path:
    """A path as given, or a bare session id as that session's file in the data folder."""
    from intake_tui.core.store import SESSION_ID, default_data_dir, session_file_name

    path = Path(target).expanduser()
    if SESSION_ID.fullmatch(target) and not path.exists():
        path = (data_dir or default_data_dir()) / session_file_name(target)
    if not path.is_file():
        raise IntakeError(f"{target}: no such session file (give its path or its session id)")
    return path


def emit(data: bytes, output: Path | None, *, force: bool) -> None:
    """Print it, or write OUT privately (mode 0600), never over a file unless forced."""
    if output is None:
        print_out(data)
        return
    from intake_tui.core.files import AlreadyExists, write_new

    try:
        write_new(output, data, replace=force)
    except AlreadyExists:
        raise IntakeError(f"{output}: already exists; add --force to replace it") from None
    print(f"Written to {printable(str(output), keep_newlines=False)}", file=sys.stderr)


def print_out(data: bytes) -> None:
    """To standard output as it is; a PDF never to a terminal (it would garble it)."""
    if data.startswith(b"%PDF") and sys.stdout.isatty():
        raise IntakeError("a PDF is not for the terminal: give -o OUT.pdf")
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (redirected in-process): text formats only
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()  # anything printed as text before comes first
    buffer.write(data)
    buffer.flush()
