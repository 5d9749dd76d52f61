"""Entry point of `intake` and `python -m intake_tui`.

Headless commands never import Textual (a test checks it), so they start fast.
The plain `intake`, how the app is started every day, skips argparse too: the
first screen paints a few milliseconds sooner.
Every failure a user can cause ends in one line on stderr and a non-zero exit;
no traceback, and no answer value, reaches the terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from intake_tui import __version__
from intake_tui.core.errors import BankError, IntakeError

if TYPE_CHECKING:
    import argparse

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def _shared_options(parser: argparse.ArgumentParser, default: object) -> None:
    """Options every command takes, before or after its name."""
    parser.add_argument(
        "--questions",
        type=Path,
        metavar="PATH",
        default=default,
        help="use another question folder",
    )
    parser.add_argument(
        "--data-dir", type=Path, metavar="PATH", default=default, help="where reports are saved"
    )
    parser.add_argument(
        "--lang",
        metavar="CODE",
        default=default,
        help="language of the questions, screens and new reports, e.g. es (default: the "
        "clinic's settings.toml language); a saved report is always exported wholly in "
        "its own language",
    )


def _parser() -> argparse.ArgumentParser:
    import argparse

    from intake_tui.cli import due, export, serve

    parser = argparse.ArgumentParser(
        prog="intake",
        description="Microneedling intake questionnaire. Without a command, starts the app.",
    )
    parser.add_argument("--version", action="version", version=f"intake-tui {__version__}")
    _shared_options(parser, None)
    parser.add_argument(
        "--mode",
        choices=["self", "front-desk"],
        help="app mode (default: default_mode in the clinic's settings.toml)",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line by line, for screen readers and pipes (also ACCESSIBLE=1, TERM=dumb, "
        "or input that is not a terminal)",
    )
    parser.add_argument(
        "--idle-timeout",
        type=float,
        metavar="SECONDS",
        help="front desk: back to the start after this idle time (default 300)",
    )
    # After a command's name too; SUPPRESS: an option not repeated there keeps the
    # value given before it instead of being reset to the default.
    shared = argparse.ArgumentParser(add_help=False)
    _shared_options(shared, argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, parents=[shared])

    validate = command("validate", "check a question folder; exit 1 on problems")
    validate.add_argument("path", nargs="?", type=Path, metavar="PATH")

    questions = command("questions", "list questions, or print an answers template")
    questions.add_argument("--template", action="store_true", help="print a fill-in answers file")
    _fhir_options(questions)

    report = command("report", "answers file -> the report the app saves")
    report.add_argument("answers", type=Path, metavar="ANSWERS.toml", nargs="?")
    report.add_argument(
        "--from-session",
        type=Path,
        metavar="SESSION.toml",
        help="recompute a saved report against the current questions (the original is not changed)",
    )
    report.add_argument("-o", "--output", type=Path, metavar="OUT")
    report.add_argument("--today", metavar="YYYY-MM-DD", help="date the plan from this day")
    report.add_argument(
        "--now",
        metavar="ISO-DATETIME",
        help="fix the clock (reproducible reports); without an offset it is local time",
    )
    report.add_argument("--session-id", metavar="HEX16", help="fix the id (reproducible reports)")
    export.add_report_options(report)
    export.add_export_command(
        command(
            "export",
            "a saved report as a document to print or send (--format), "
            "or a data folder as one table (--csv)",
        )
    )
    rescore = command(
        "rescore", "recompute every report in a folder against the current rules (read only)"
    )
    rescore.add_argument("folder", type=Path, metavar="DIR")
    rescore.add_argument("--json", action="store_true", help="the changes as JSON, for programs")
    due.add_arguments(
        command("due", "clients to contact for a top-up: overdue, and due within --within days")
    )
    delete = command("delete", "delete drafts or reports from the data folder (audit-logged)")
    delete.add_argument(
        "targets", nargs="*", metavar="SESSION", help="a session id or a session file's path"
    )
    delete.add_argument(
        "--client",
        metavar="ID",
        default="",
        help="erase a client: their record and every report and draft of theirs",
    )
    delete.add_argument("--yes", action="store_true", help="do not ask (needed without a terminal)")
    delete.add_argument("--staff", metavar="INITIALS", default="", help="who deletes (audit log)")
    serve.add_arguments(
        command("serve", "the browser kiosk: one self-assessment app per browser tab (web extra)")
    )
    return parser


def _fhir_options(questions: argparse.ArgumentParser) -> None:
    questions.add_argument("--fhir", action="store_true", help="print a FHIR R4 Questionnaire")
    questions.add_argument(
        "--fhir-base",
        metavar="URL",
        help="with --fhir: the clinic's FHIR base (the canonical URL is URL/Questionnaire/ID)",
    )
    questions.add_argument("-o", "--output", type=Path, metavar="OUT.json", help="with --fhir")
    questions.add_argument("--force", action="store_true", help="with -o: replace OUT.json")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    try:
        if not arguments:
            return _launch_plain() if wants_plain() else _launch()
        return _dispatch(_parser().parse_args(arguments))
    except BankError as error:
        from intake_tui.cli.commands import print_problems

        print("intake: the questions cannot be used:", file=sys.stderr)
        return print_problems(error.problems) or EXIT_PROBLEMS
    except IntakeError as error:
        from intake_tui.core.safe_text import printable

        print(f"intake: {printable(str(error))}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("intake: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # the boundary: never a traceback with local values
        print(
            f"intake: unexpected internal error ({type(error).__name__}); nothing already saved "
            "was changed. Please report this.",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is None and (args.plain or wants_plain()):
        return _launch_plain(args.questions, args.data_dir, args.mode, args.lang, args.idle_timeout)
    if args.command is None:
        return _launch(args.questions, args.data_dir, args.mode, args.idle_timeout, args.lang)
    if args.command == "due":  # before commands: it needs no pydantic (issue 14.5)
        from intake_tui.cli.due import due
        from intake_tui.core.store import default_data_dir

        _warn_if_loose(args.data_dir or default_data_dir())
        return due(args)
    from intake_tui.cli import commands

    if args.command == "validate":
        return commands.validate(args.path or args.questions)
    if args.command == "questions" and (args.fhir or args.output or args.force):
        from intake_tui.cli.fhir import questions_fhir

        return questions_fhir(args)
    if args.command == "questions":
        return commands.questions(args.questions, template=args.template, language=args.lang)
    if args.command == "report":
        return commands.report(args)
    if args.command == "export" and args.csv:
        from intake_tui.cli.export_csv import export_table

        _warn_if_loose(Path(args.file))
        return export_table(args)
    if args.command == "export":
        from intake_tui.cli.export import export

        return export(args)
    if args.command == "delete":
        from intake_tui.cli.delete import delete
        from intake_tui.core.store import default_data_dir

        _warn_if_loose(args.data_dir or default_data_dir())
        return delete(args)
    if args.command == "serve":
        from intake_tui.cli.serve import serve

        return serve(args)
    _warn_if_loose(args.folder)
    return commands.rescore(args.folder, args.questions, as_json=args.json)


def _warn_if_loose(folder: Path) -> None:
    """One line on stderr when other users may change the data folder."""
    from intake_tui.core.files import loose_folder_warning

    warning = loose_folder_warning(folder)
    if warning is not None:
        print(f"intake: {warning}", file=sys.stderr)


def _launch(
    questions: Path | None = None,
    data_dir: Path | None = None,
    mode: str | None = None,
    idle_timeout: float | None = None,
    language: str | None = None,
) -> int:
    # The app: import nothing headless (pydantic, the models) before its first paint.
    from intake_tui.app.run import run_app

    return run_app(questions, data_dir, mode, idle_timeout, language)


def wants_plain() -> bool:
    """Plain mode without --plain: ACCESSIBLE set (huh's switch), a dumb terminal, or
    standard input that is not a terminal (a pipe, a file): the app needs a screen."""
    import os

    accessible = os.environ.get("ACCESSIBLE", "").strip().lower() in {"1", "true", "yes", "on"}
    return accessible or os.environ.get("TERM") == "dumb" or not _stdin_is_terminal()


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except ValueError:  # closed
        return False


def _launch_plain(
    questions: Path | None = None,
    data_dir: Path | None = None,
    mode: str | None = None,
    language: str | None = None,
    idle_timeout: float | None = None,
) -> int:
    """Line by line over the same core: never imports Textual. The language is set
    before plain mode's words are imported."""
    from intake_tui.core.launch_settings import read_mode_settings, start_language
    from intake_tui.core.resources import bundled_questions_dir

    if questions is not None and not (questions / "questionnaire.toml").is_file():
        print(f"intake: cannot start: {questions}: no questionnaire.toml there", file=sys.stderr)
        return EXIT_PROBLEMS
    root = questions or bundled_questions_dir()
    clinic = read_mode_settings(root)
    if problem := start_language(root, language, clinic):
        print(f"intake: {problem}", file=sys.stderr)
        return EXIT_PROBLEMS
    language = language or clinic.language
    from intake_tui.core.i18n import use_language

    use_language(language)
    _warn_if_loose(data_dir or _default_data_dir())
    from intake_tui.plain.start import run_plain

    return run_plain(questions, data_dir, mode, language=language, idle_timeout=idle_timeout)


def _default_data_dir() -> Path:
    from intake_tui.core.store import default_data_dir

    return default_data_dir()
