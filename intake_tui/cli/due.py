"""`intake due`: the clients to contact for a top-up, overdue first, then due soon.

Read from the index (core/recall.py), which picks each client's latest report
opening in time, so 100,000 reports answer in under a second. Text for the front
desk names the client reference (made printable); ``--csv`` is for mailing and
leaves references out unless ``--with-references``.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from datetime import date
from typing import TYPE_CHECKING

from intake_tui.core.errors import IntakeError
from intake_tui.core.safe_text import printable

if TYPE_CHECKING:
    from intake_tui.core.recall import DueLine

WITHIN = re.compile(r"(\d{1,4})\s*([dw]?)")
CSV_HEADER = ("state", "due_from", "due_until", "session_id", "client_reference", "reason")


def add_arguments(due: argparse.ArgumentParser) -> None:
    due.add_argument(
        "--within",
        default="30d",
        metavar="DAYS",
        help="due soon: the window opens within this many days, e.g. 30d or 4w (default 30d)",
    )
    due.add_argument("--as-of", metavar="YYYY-MM-DD", help="count from this day (default today)")
    due.add_argument("--csv", action="store_true", help="a CSV table for mailing, on stdout")
    due.add_argument(
        "--with-references", action="store_true", help="with --csv: add the client reference"
    )


def within_days(text: str) -> int:
    """ "30d", "30", "4w" -> days."""
    match = WITHIN.fullmatch(text.strip())
    if match is None:
        raise IntakeError("--within takes a number of days or weeks, e.g. 30d or 4w")
    number, unit = int(match[1]), match[2]
    return number * 7 if unit == "w" else number


def as_of_day(text: str | None, zone_today: date) -> date:
    if text is None:
        return zone_today
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise IntakeError("--as-of takes a date as YYYY-MM-DD, e.g. 2027-03-01") from None


def due(args: argparse.Namespace) -> int:
    """Print who is due; 0 (an empty list is an answer too), 1 if some files were unreadable."""
    from intake_tui.core.bank.header import read_header
    from intake_tui.core.clock import now_in, settings_zone
    from intake_tui.core.recall import find_due
    from intake_tui.core.resources import bundled_questions_dir
    from intake_tui.core.store import SessionStore, default_data_dir

    days = within_days(args.within)
    questions = args.questions or bundled_questions_dir()
    header = read_header(questions)
    as_of = as_of_day(args.as_of, now_in(settings_zone(questions)).date())
    store = SessionStore(args.data_dir or default_data_dir(), header.reference_question)
    found = find_due(store, as_of, days)
    if found.folder_problem:
        raise IntakeError(found.folder_problem)
    for _, problem in found.unreadable:
        print(f"intake: skipped {printable(problem)}", file=sys.stderr)
    # One write each: 50,000 lines printed one by one took a third of the time.
    if args.csv:
        sys.stdout.write(_csv(found.lines, with_references=args.with_references))
    else:
        sys.stdout.write(_text(found.lines, as_of, days))
    return 1 if found.unreadable else 0


def _csv(lines: list[DueLine], *, with_references: bool) -> str:
    """RFC 4180, formula-looking cells guarded as in the CSV export (the state, dates,
    session id and "top-up due ..." never look like one)."""
    from intake_tui.core.csv_cells import safe_cell

    header = [c for c in CSV_HEADER if with_references or c != "client_reference"]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(
        (
            line.state,
            line.from_date.isoformat(),
            line.to_date.isoformat(),
            line.session_id,
            *((safe_cell(line.client_reference),) if with_references else ()),
            safe_cell(line.reason),
        )
        for line in lines
    )
    return buffer.getvalue()


def _text(lines: list[DueLine], as_of: date, days: int) -> str:
    from intake_tui.core.recall import STATE_WORDS

    overdue = sum(line.state == "overdue" for line in lines)
    heading = (
        f"{overdue:,} overdue and {len(lines) - overdue:,} due within {days} days "
        f"(as of {as_of.isoformat()}):"
    )
    words = {state: f"{shown:<9}" for state, shown in STATE_WORDS.items()}
    listed = (
        f"  {words[line.state]}  {line.session_id}  "
        f"{line.client_reference or '(no client reference)'}: {line.reason}"
        for line in lines
    )
    return "\n".join([heading, *listed, ""])
