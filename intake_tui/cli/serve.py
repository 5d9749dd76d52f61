"""`intake serve`: the browser kiosk on this machine (the `web` extra).

Loopback only unless an address is given with --public-address, and then it says
what that exposes. Each browser tab runs its own kiosk app (intake_tui/web/kiosk.py):
self-assessment only, no saved reports, no client records, the idle return home.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from intake_tui.web import DEFAULT_MAX_TABS  # the package alone: no web extra needed

DEFAULT_PORT = 8000
EXPOSURE = (
    "intake serve: listening on {address}, not only on this machine. Anyone who can "
    "reach {url} gets the intake app, with no password: they can take an intake, and "
    "whatever they type is saved in {data}. Unfinished intakes are not listed or opened "
    "on the tablet: they stay in that folder for staff to resume at the front desk. The "
    "page answers only to this machine's own addresses and names (and any --allow-host). "
    "The connection is plain HTTP, so people on the same network can read the answers as "
    "they travel. Use it only on a network that only the clinic's own devices can join; "
    "without --public-address the kiosk answers this machine alone."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"the port to listen on (default {DEFAULT_PORT}; 0: a free one, printed)",
    )
    parser.add_argument(
        "--public-address",
        metavar="HOST",
        help="listen on this address or name instead of 127.0.0.1 (IPv6 too: ::, ::1; "
        "other devices can then reach it)",
    )
    parser.add_argument(
        "--allow-host",
        metavar="NAME",
        action="append",
        default=[],
        help="also answer pages opened by this name (e.g. a name the clinic's network gives "
        "this machine); others are refused, against DNS rebinding; repeatable",
    )
    parser.add_argument(
        "--max-tabs",
        type=int,
        default=DEFAULT_MAX_TABS,
        metavar="N",
        help=f"at most this many tabs at once, each its own app (default {DEFAULT_MAX_TABS})",
    )
    parser.add_argument(
        "--idle-timeout",
        type=float,
        metavar="SECONDS",
        default=argparse.SUPPRESS,
        help="back to the start after this idle time (default 300)",
    )


def serve(args: argparse.Namespace) -> int:
    from intake_tui.app.run import app_config
    from intake_tui.core.bank.header import read_header
    from intake_tui.core.bundle import load_bundle
    from intake_tui.core.resources import bundled_questions_dir

    try:
        from intake_tui.web import addresses, server
    except ImportError:
        print("intake: serve needs the web extra: pip install 'intake-tui[web]'", file=sys.stderr)
        return 1
    config = app_config(args.questions, args.data_dir, "self", args.idle_timeout, args.lang)
    if isinstance(config, str):
        print(f"intake: {config}", file=sys.stderr)
        return 1
    load_bundle(args.questions)  # a broken folder: named now, once, not in every tab
    if problem := data_folder_problem(config.data_dir):  # else every client's save fails
        print(f"intake: cannot serve: {problem}", file=sys.stderr)
        return 1
    host = args.public_address or "127.0.0.1"
    if not 0 <= args.port <= 65535:
        print(f"intake: --port {args.port}: a port is 0 to 65535", file=sys.stderr)
        return 2
    if args.max_tabs < 1:
        print(f"intake: --max-tabs {args.max_tabs}: at least 1", file=sys.stderr)
        return 2
    try:
        sock = addresses.bind(host, args.port)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        print(f"intake: cannot listen on {host} port {args.port}: {reason}", file=sys.stderr)
        return 1
    notice = exposure_notice(host, sock.getsockname()[1], config.data_dir)
    if notice:
        print(notice, file=sys.stderr)
    argv = kiosk_command(
        args.questions, config.data_dir, config.idle_timeout_seconds, config.language
    )
    title = read_header(args.questions or bundled_questions_dir(), config.language).title
    names = addresses.allowed_host_names(host, args.allow_host)
    return server.run(argv, sock, title, names, config.language, args.max_tabs)


def data_folder_problem(folder: Path) -> str | None:
    """Why the kiosk could not save in ``folder`` (created if missing), or None: a
    file is written there and removed, as each save would."""
    import os
    import tempfile

    from intake_tui.core.files import TEMP_PREFIX, StoreError, ensure_private_dir

    try:
        ensure_private_dir(folder)
    except StoreError as error:
        return str(error)
    try:
        descriptor, probe = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
    except OSError as error:
        return f"{folder}: cannot write there ({error.strerror or type(error).__name__})"
    os.close(descriptor)
    os.unlink(probe)
    return None


def exposure_notice(host: str, port: int, data_dir: Path) -> str:
    """What listening on ``host`` exposes, for any address but the loopback ones (a
    name is resolved: one that names this machine alone exposes nothing)."""
    from intake_tui.web.addresses import is_loopback, is_unspecified, shown_urls

    if is_loopback(host):
        return ""
    address = f"every address of this machine ({host})" if is_unspecified(host) else host
    urls = " or ".join(shown_urls(host, port))
    return EXPOSURE.format(address=address, url=urls, data=data_dir)


def kiosk_command(
    questions: Path | None, data_dir: Path, idle_seconds: float, language: str
) -> list[str]:
    """The command each tab's app is started with (no shell: paths need no quoting)."""
    argv = [sys.executable, "-m", "intake_tui.web", "--data-dir", str(data_dir.resolve())]
    argv += ["--idle-timeout", repr(idle_seconds), "--lang", language]
    if questions is not None:
        argv += ["--questions", str(questions.resolve())]
    return argv
