"""`intake delete`: discard drafts or delete reports from the data folder, as the app does.

Only session files inside the data folder are ever deleted. Before deleting it
names each session (date and time, status, result, client reference) and asks on
a terminal; without one it needs ``--yes``. Each deletion is audit-logged.
``--client ID`` is an erasure request: the client record and all their sessions
(core/erasure.py).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping
from datetime import tzinfo

from intake_tui.core.bank.header import read_header
from intake_tui.core.clock import now_in, settings_zone
from intake_tui.core.errors import IntakeError
from intake_tui.core.modes import STAFF_INITIALS_PATTERN
from intake_tui.core.resources import bundled_questions_dir
from intake_tui.core.safe_text import printable, shown
from intake_tui.core.store import ReportSummary, SessionStore, default_data_dir

EXIT_REFUSED = 2
AUDIT_MODE = "command_line"  # the audit log's mode for deletions made from the shell
STAFF_INITIALS = re.compile(STAFF_INITIALS_PATTERN)


def delete(args: argparse.Namespace) -> int:
    staff = args.staff.strip()
    if staff and not STAFF_INITIALS.fullmatch(staff):
        raise IntakeError("--staff takes 1 to 4 letters, e.g. JS")
    questions = args.questions or bundled_questions_dir()
    header = read_header(questions)
    zone = settings_zone(questions)
    store = SessionStore(args.data_dir or default_data_dir(), header.reference_question)
    if args.client and args.targets:
        raise IntakeError("give sessions to delete or --client ID to erase a client, not both")
    if not args.client and not args.targets:
        raise IntakeError("name the sessions to delete (or --client ID to erase a client)")
    if args.client:
        return _erase_client(args, store, header.decision_titles, zone, staff.upper())
    chosen = _chosen(store, args.targets)
    print(f"To be deleted for good from {printable(str(store.folder), keep_newlines=False)}:")
    for summary in chosen:
        described = summary.description(header.decision_titles, zone=zone)
        print(f"  {described}  ({summary.file_name})")
    if not args.yes and not _confirmed(len(chosen)):
        return EXIT_REFUSED
    for summary in chosen:
        store.delete(
            summary.path,
            at=now_in(zone),
            staff_initials=staff.upper(),
            mode=AUDIT_MODE,
        )
        what = "Draft discarded" if summary.is_draft else "Report deleted"
        print(f"{what}: {shown(summary.session_id)}")
    return 0


def _erase_client(
    args: argparse.Namespace,
    store: SessionStore,
    titles: Mapping[str, str],
    zone: tzinfo | None,
    staff: str,
) -> int:
    """An erasure request: the client's record and every session of theirs, named first."""
    from intake_tui.core.clients import ClientBook
    from intake_tui.core.erasure import erase, erasure_plan

    book = ClientBook(store.folder)
    plan = erasure_plan(store, book, args.client.strip())
    print(f"To be erased for good from {printable(str(store.folder), keep_newlines=False)}:")
    print(f"  client {plan.client.client_id}: {plan.client.label()}")
    for summary in plan.sessions:
        print(f"  {summary.description(titles, zone=zone)}  ({summary.file_name})")
    for export in plan.exports:
        print(f"  exported copy {printable(export.name, keep_newlines=False)}")
    if not args.yes and not _confirmed(1 + len(plan.sessions) + len(plan.exports)):
        return EXIT_REFUSED
    erase(plan, store, book, at=now_in(zone), staff_initials=staff, mode=AUDIT_MODE)
    sessions, exports = len(plan.sessions), len(plan.exports)
    print(f"Client erased: {plan.client.client_id}, {sessions} session(s), {exports} export(s)")
    return 0


def _chosen(store: SessionStore, targets: list[str]) -> list[ReportSummary]:
    """Each named session once, all checked before anything is deleted."""
    paths = list(dict.fromkeys(store.resolve(target) for target in targets))
    return [store.summary(path) for path in paths]


def _confirmed(count: int) -> bool:
    if not sys.stdin.isatty():
        print(
            "intake: not deleted: no terminal to ask; add --yes to delete without asking",
            file=sys.stderr,
        )
        return False
    answer = input(f"Delete {count} file(s) for good? Type yes to confirm: ")
    if answer.strip().lower() in ("y", "yes"):
        return True
    print("Nothing deleted.", file=sys.stderr)
    return False
