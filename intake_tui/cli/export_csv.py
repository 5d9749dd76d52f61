"""`intake export DIR --csv`: every saved report in a data folder as one CSV table for
the clinic, with its data dictionary alongside (core/csv_export.py)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from intake_tui.core.document.export import EXPORTS_FOLDER
from intake_tui.core.errors import IntakeError
from intake_tui.core.files import AlreadyExists, ensure_private_dir, write_new
from intake_tui.core.safe_text import printable

DICTIONARY_SUFFIX = ".dictionary.csv"


def add_arguments(export: argparse.ArgumentParser) -> None:
    """The CSV options of `intake export` (the command's other formats add their own)."""
    csv = export.add_argument_group("CSV for the clinic (DIR is a data folder)")
    csv.add_argument(
        "--csv", action="store_true", help="one row per saved report, with a dictionary"
    )
    csv.add_argument(
        "--with-references", action="store_true", help="add the client reference column"
    )
    csv.add_argument("--drafts", action="store_true", help="include unfinished intakes (drafts)")


def dictionary_path(table: Path) -> Path:
    """OUT.csv -> OUT.dictionary.csv, next to it."""
    return table.with_name(table.name.removesuffix(".csv") + DICTIONARY_SUFFIX)


def default_output(folder: Path, now: datetime) -> Path:
    """Inside the data folder's private exports/ folder, named by the minute."""
    return ensure_private_dir(folder / EXPORTS_FOLDER) / f"reports-{now:%Y%m%d-%H%M}.csv"


EXISTS = "already exists; choose another name or add --force"


def _refuse_to_overwrite(paths: list[Path]) -> None:
    """Before the export's work: a name that is taken is said at once."""
    for path in paths:
        if path.exists() or path.is_symlink():
            raise IntakeError(f"{path}: {EXISTS}")


def export_table(args: argparse.Namespace) -> int:
    """Write the table and its dictionary (0600); 0, or 1 when some files were skipped."""
    # Here, not at the top: the parser imports this module for every command.
    from intake_tui.core.bundle import load_bundle
    from intake_tui.core.clock import now_in
    from intake_tui.core.csv_export import export_folder

    folder = Path(args.file)
    if not folder.is_dir():
        raise IntakeError(f"{folder}: not a folder (--csv exports a whole data folder)")
    bundle = load_bundle(args.questions)
    table = args.output or default_output(folder, now_in(bundle.settings.zone))
    dictionary = dictionary_path(table)
    if not args.force:
        _refuse_to_overwrite([table, dictionary])
    result = export_folder(bundle, folder, with_references=args.with_references, drafts=args.drafts)
    for skipped in result.skipped:
        print(f"intake: skipped {printable(skipped.problem)}", file=sys.stderr)
    # Claimed as new files unless --force: nothing that appeared meanwhile is replaced.
    for path, text in ((table, result.table), (dictionary, result.dictionary)):
        try:
            write_new(path, text.encode("utf-8"), replace=args.force)
        except AlreadyExists:
            raise IntakeError(f"{path}: {EXISTS}") from None
    drafts = (
        "drafts included"
        if args.drafts
        else f"{result.drafts_left_out:,} draft(s) left out (add --drafts)"
    )
    print(
        f"{result.rows:,} report(s) written to {printable(str(table))} ({drafts}, "
        f"{len(result.skipped):,} unreadable file(s) skipped); dictionary: "
        f"{printable(str(dictionary))}",
        file=sys.stderr,
    )
    return 1 if result.skipped else 0
