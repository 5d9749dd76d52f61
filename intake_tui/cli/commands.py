"""The headless commands: validate, questions, report."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from intake_tui.cli.export import print_out, rendered
from intake_tui.core.answers_file import check_complete, read_answers_file, with_defaults
from intake_tui.core.bank.lint import lint_bundle
from intake_tui.core.bank.models import Bank, Question
from intake_tui.core.bundle import Bundle, load_bundle
from intake_tui.core.clock import in_zone, now_in
from intake_tui.core.conditions import describe
from intake_tui.core.errors import BankError, IntakeError, Problem, root_causes_first
from intake_tui.core.expectations.check import check_expectations
from intake_tui.core.files import write_atomic_bytes
from intake_tui.core.i18n.bank_files import STALE, translation_problems
from intake_tui.core.limits import year_problem
from intake_tui.core.reconcile import reconcile
from intake_tui.core.report.build import build_report, new_session_id
from intake_tui.core.report.models import SessionReport
from intake_tui.core.report.toml_io import read_report
from intake_tui.core.safe_text import printable, shown

if TYPE_CHECKING:
    from intake_tui.core.rescore import Outcome


def validate(path: Path | None) -> int:
    """Exit 0 when the folder is clean (warnings are printed), 1 with every problem, once each."""
    try:
        bundle = load_bundle(path, lint=False)
    except BankError as error:
        return print_problems(error.problems, loaded=False)
    problems = lint_bundle(bundle)
    if not any(p.severity == "error" for p in problems):
        problems += check_expectations(bundle)
    problems += translation_problems(bundle.root)
    from intake_tui.core.i18n.messages import catalogue_problems  # parses the app's source

    problems += catalogue_problems()
    status = print_problems(problems)
    if status == 0:
        print(f"{path or 'the bundled questions'}: OK ({_warnings_summary(problems, bundle.root)})")
    return status


def _warnings_summary(problems: list[Problem], root: Path) -> str:
    """'2 warning(s)', naming the stale translations among them: a text shown in English
    to a client who chose another language is worth seeing in the last line."""
    stale = [p for p in problems if p.kind == STALE]
    summary = f"{len(problems)} warning(s)"
    if not stale:
        return summary
    files = sorted({p.file.relative_to(root).as_posix() for p in stale if p.file is not None})
    return f"{summary}, {len(stale)} stale translation(s) in {', '.join(files)}"


def print_problems(problems: list[Problem], *, loaded: bool = True) -> int:
    """Every problem once, root causes first (errors on stderr, warnings on stdout);
    1 if any is an error. ``loaded``: the files could be read, so cross-references
    were checked too."""
    findings = root_causes_first(problems)
    for problem in findings.shown:
        out = sys.stderr if problem.severity == "error" else sys.stdout
        print(printable(str(problem)), file=out)
    if findings.held_back:
        ids = ", ".join(f"'{qid}'" for qid in findings.duplicated_ids)
        print(
            f"note: {len(findings.held_back)} more problem(s) involve the duplicated id(s) "
            f"{ids} and are not listed: fix the duplicate first, then validate again.",
            file=sys.stderr,
        )
    errors = len(findings.errors)
    if not errors:
        return 0
    if not loaded:
        print(
            "note: cross-references between questions and protocol are checked once "
            "every file loads."
        )  # stdout, with the warnings: information, not one more error
    warnings = len(findings.shown) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1


def _options_text(question: Question) -> str:
    return " | ".join(f"{o.value} ({o.label})" for o in question.options)


def questions(path: Path | None, *, template: bool, language: str | None = None) -> int:
    bundle = load_bundle(path, language=language)
    # Bank text, printed: a title or prompt holding an escape sequence shows it escaped.
    print(printable(_template(bundle) if template else _listing(bundle)), end="")
    return 0


def _details(bank: Bank, question: Question, prefix: str) -> list[str]:
    """The options and the 'asked when' of a question, for listings and templates."""
    lines = [f"{prefix}options: {_options_text(question)}"] if question.options else []
    condition = bank.effective_conditions[question.id]
    if condition is not None:
        lines.append(f"{prefix}asked when: {describe(condition)}")
    return lines


def _listing(bundle: Bundle) -> str:
    bank = bundle.bank
    lines = [f"{bank.title} ({bank.id} {bank.version})", ""]
    for section in bank.sections:
        lines.append(f"[{section.id}] {section.title}")
        for q in section.questions:
            flag = " required" if q.required else ""
            lines.append(f"  {q.id}: {q.type}{flag}")
            lines += _details(bank, q, "      ")
        lines.append("")
    return "\n".join(lines)


_TYPE_HINTS = {
    "single": "one option value, in quotes",
    "yes_no": "one option value, in quotes (true/false also work for yes/no)",
    "multiple": 'a list of option values, e.g. ["a", "b"]',
    "integer": "a whole number",
    "date": "a date, YYYY-MM-DD (no quotes)",
    "text": "text, in quotes",
}


def _template(bundle: Bundle) -> str:
    """A fill-in answers file: every question as a commented line to uncomment."""
    bank = bundle.bank
    lines = [
        f"# Answers for {bank.title} ({bank.id} {bank.version}).",
        "# Uncomment and fill in the questions that apply; then run: intake report THIS_FILE",
        '# [context] mode may be "self" or "front-desk".',
        "",
        "[context]",
        'mode = "self"',
        "",
        "[answers]",
    ]
    for q in bank.questions:
        if not q.asks:
            continue
        lines.append(f"# {q.prompt}")
        needed = "required" if q.required else "optional"
        lines.append(f"#   {q.type}, {needed}: {_TYPE_HINTS[q.type]}")
        lines += _details(bank, q, "#   ")
        lines.append(f"# {q.id} = ")
        lines.append("")
    return "\n".join(lines)


def _parse_moment(args: argparse.Namespace, zone: tzinfo | None) -> datetime:
    """The report's moment in local time. ``zone`` is the clinic's (None: the machine's).

    A --now with an offset is a moment: in the clinic's zone if it names one, else
    kept as written (so a fixed --now gives the same report on any machine). A --now
    without one is a wall-clock time in the local zone.
    """
    try:
        now = _moment_from(args.now, zone) if args.now else now_in(zone)
        if args.today:
            day = date.fromisoformat(args.today)
            now = now.replace(year=day.year, month=day.month, day=day.day)
    except (ValueError, OverflowError):
        raise IntakeError("--today takes YYYY-MM-DD and --now an ISO date-time") from None
    if problem := year_problem(now):
        raise IntakeError(f"--today and --now: {problem}")
    return now


def _moment_from(text: str, zone: tzinfo | None) -> datetime:
    given = datetime.fromisoformat(text)
    if problem := year_problem(given):  # before any zone arithmetic, which could overflow
        raise IntakeError(f"--now: {problem}")
    if given.tzinfo is None:
        return given.replace(tzinfo=zone) if zone is not None else given.astimezone()
    return in_zone(given, zone) if zone is not None else given


def report(args: argparse.Namespace) -> int:
    if (args.answers is None) == (args.from_session is None):
        raise IntakeError(
            "report takes an answers file or --from-session SESSION.toml (one of them)"
        )
    original = read_report(args.from_session) if args.from_session is not None else None
    # A recomputed report keeps its language unless --lang says otherwise.
    language = args.lang or (original.language if original else None)
    bundle = load_bundle(args.questions, language=language)
    now = _parse_moment(args, bundle.settings.zone)
    if original is not None:
        built = _recomputed(bundle, args.from_session, original, args.output, now)
    else:
        session_id = args.session_id or new_session_id()
        if not re.fullmatch(r"[0-9a-f]{16}", session_id):
            raise IntakeError("--session-id takes 16 lower-case hexadecimal digits")
        answers_file = read_answers_file(args.answers, bundle, now.date())
        built = build_report(
            bundle,
            answers_file.answers,
            status="completed",
            now=now,
            session_id=session_id,
            mode=answers_file.mode,
        )
    data = rendered(built, bundle, args.format, args.audience)
    if args.output is None:
        print_out(data)
    else:
        write_atomic_bytes(args.output, data)
        print(f"Report written to {args.output}", file=sys.stderr)
    return 0


def _recomputed(
    bundle: Bundle, source: Path, original: SessionReport, output: Path | None, now: datetime
) -> SessionReport:
    """The saved session scored against the current bank and protocol, as 'amended'."""
    if output is not None and output.resolve() == source.resolve():
        raise IntakeError(f"{output}: choose another output file; the original is never changed")
    carried = reconcile(bundle, original)
    for change in carried.changes:
        print(f"note: {printable(change)}", file=sys.stderr)
    answers = with_defaults(bundle, carried.answers, now.date(), original.mode)
    unfinished = original.status == "in_progress"
    check_complete(
        bundle,
        answers,
        original.mode,
        str(source),
        now.date(),
        unfinished=unfinished,
        follows=original.follows,
    )
    if unfinished:
        print(f"note: {source}: this intake is unfinished (a draft).", file=sys.stderr)
    built = build_report(
        bundle,
        answers,
        status="amended",
        now=now,
        session_id=original.session_id,
        created_at=original.created_at,
        mode=original.mode,
        staff_initials=original.staff_initials,
        follows=original.follows,  # a returning client's: its last-visit answers stay asked
    )
    # The same intake, recomputed: it stays with its client (an erasure finds it).
    kept = {
        "override": original.override,
        "changes_since_last": original.changes_since_last,
        "client_id": original.client_id,
    }
    return built.model_copy(update=kept)


def rescore(folder: Path, questions: Path | None, *, as_json: bool = False) -> int:
    """Say which saved reports the current bank, protocol and settings would change,
    and how, in words (or as JSON for programs). Read only."""
    from intake_tui.core.rescore import rescore_folder

    if not folder.is_dir():
        raise IntakeError(f"{folder}: not a folder")
    bundle = load_bundle(questions)
    summary = rescore_folder(bundle, folder, progress=_progress_printer())
    if as_json:
        from intake_tui.cli.rescore_json import rescore_json

        sys.stdout.write(rescore_json(folder, summary))
        return 0
    print(
        f"{summary.total:,} report file(s) in {folder}: {summary.compared:,} compared, "
        f"{summary.drafts:,} draft(s) skipped, {len(summary.unreadable):,} unreadable."
    )
    print(f"{len(summary.changed):,} would change with the current questions and rules.")
    for outcome in summary.changed:
        print(_changed_heading(outcome, bundle.settings.zone))
        for change in outcome.changes:
            before, after = shown(change.before, 90), shown(change.after, 90)
            print(f"    {shown(change.what, 60)}: {before} → {after}")
    for outcome in summary.unreadable:
        print(f"  unreadable: {shown(outcome.path.name, 80)}: {printable(outcome.error)}")
    return 0


def _changed_heading(outcome: Outcome, zone: tzinfo | None) -> str:
    """Who and when: the client reference (escaped), the last save, the session id."""
    from intake_tui.core.clock import shown_iso

    reference = shown(outcome.reference, 60) if outcome.reference else "(no client reference)"
    return f"  {reference} · {shown_iso(outcome.updated_at, zone)} · {shown(outcome.session_id)}"


def _progress_printer() -> Callable[[int, int], None]:
    """Progress on stderr every 10% of a long run (1,000 files or more)."""

    def report(done: int, total: int) -> None:
        step = max(1, total // 10)
        if total >= 1000 and (done % step == 0 or done == total):
            print(f"rescored {done:,} of {total:,}", file=sys.stderr, flush=True)

    return report
