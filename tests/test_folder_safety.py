"""The data folder and every writer: modes, links, loud failures, rescore, paths as text.

Issue 17 points 4-8 and issue 16 point 5. Fixture bank only, everything under tmp_path.
"""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from rich.text import Text
from textual.widgets import Input, Static

from intake_tui.app.app import IntakeApp
from intake_tui.app.config import AppConfig
from intake_tui.app.screens.gate import GateScreen
from intake_tui.app.screens.question import QuestionScreen
from intake_tui.app.screens.results import ResultsScreen
from intake_tui.cli.main import main
from intake_tui.core import audit
from intake_tui.core.bundle import load_bundle
from intake_tui.core.files import (
    StoreError,
    ensure_private_dir,
    loose_folder_warning,
    write_atomic,
)
from intake_tui.core.report.build import build_report
from intake_tui.core.report.models import SessionReport
from intake_tui.core.rescore import rescore_folder
from intake_tui.core.store import save_report
from tests.app_support import FIXED_ID, FIXED_NOW
from tests.support import copy_bank, edit, fixture_answers, fixture_bundle
from tests.waiting import wait_until

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
SAMPLE = Path(__file__).resolve().parents[1] / "sample_sessions" / "01-go-ahead.answers.toml"
BRACKETED = "Clinic [Main]/x[/y]"


def report(number: int = 1, **changes: Any) -> SessionReport:
    answers = {**fixture_answers(), **changes}
    return build_report(
        fixture_bundle(), answers, status="completed", now=NOW, session_id=f"{number:016x}"
    )


@pytest.fixture
def umask_000() -> Iterator[None]:
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


# --- 6. modes and links -------------------------------------------------------------------
@pytest.mark.usefixtures("umask_000")
def test_every_folder_the_program_creates_is_0700_under_umask_000(tmp_path: Path) -> None:
    sessions = tmp_path / "home" / ".local" / "share" / "intake-tui" / "sessions"
    ensure_private_dir(sessions)
    made = [sessions, *sessions.parents][:5]
    assert {folder.name: stat.S_IMODE(folder.stat().st_mode) for folder in made} == {
        folder.name: 0o700 for folder in made
    }


def test_a_folder_others_may_write_is_named_in_one_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sessions"
    ensure_private_dir(folder)
    assert loose_folder_warning(folder) is None
    folder.chmod(0o777)
    warning = loose_folder_warning(folder)
    assert warning is not None and str(folder) in warning and "0777" in warning
    assert "\n" not in warning
    assert main(["--questions", str(copy_bank(tmp_path)), "rescore", str(folder)]) == 0
    assert capsys.readouterr().err.count("can be changed by other users") == 1


def test_the_audit_log_refuses_a_symbolic_link(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    ensure_private_dir(folder)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("untouched\n", encoding="utf-8")
    (folder / audit.AUDIT_FILE).symlink_to(elsewhere)
    with pytest.raises(StoreError, match="symbolic link"):
        audit.record(folder, "intake_started", at=NOW, session_id=FIXED_ID)
    assert elsewhere.read_text(encoding="utf-8") == "untouched\n"


def test_the_audit_log_refuses_a_pipe(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    ensure_private_dir(folder)
    pipe = folder / audit.AUDIT_FILE
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # so an unguarded open cannot hang
    try:
        with pytest.raises(StoreError, match="not a regular file"):
            audit.record(folder, "intake_started", at=NOW, session_id=FIXED_ID)
        assert os.read(reader, 1) == b""  # nothing was written into it
    finally:
        os.close(reader)


def make_link(tmp_path: Path, target: Path) -> Path:
    target.symlink_to(tmp_path / "real.toml")
    return target


def make_pipe(tmp_path: Path, target: Path) -> Path:
    os.mkfifo(target)
    return target


def make_folder(tmp_path: Path, target: Path) -> Path:
    target.mkdir()
    return target


@pytest.mark.parametrize("make", [make_link, make_pipe, make_folder])
def test_write_atomic_replaces_only_a_regular_file(
    tmp_path: Path, make: Callable[[Path, Path], Path]
) -> None:
    (tmp_path / "real.toml").write_text("kept\n", encoding="utf-8")
    target = make(tmp_path, tmp_path / "out.toml")
    kind = stat.S_IFMT(target.lstat().st_mode)
    with pytest.raises(StoreError, match="not a regular file; it was not replaced"):
        write_atomic(target, "new\n")
    assert stat.S_IFMT(target.lstat().st_mode) == kind
    assert (tmp_path / "real.toml").read_text(encoding="utf-8") == "kept\n"
    assert not list(tmp_path.glob(".tmp-*"))


# --- issue 16 point 5: writes that fail loudly --------------------------------------------
def test_report_to_a_pipe_is_an_error_not_report_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = make_pipe(tmp_path, tmp_path / "out.toml")
    assert main(["report", str(SAMPLE), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Report written" not in err
    assert err.startswith(f"intake: {out}: a pipe (FIFO), not a regular file")
    assert stat.S_ISFIFO(out.lstat().st_mode)


def failing_fsync(on_folder: bool) -> Callable[[int], None]:
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode) == on_folder:
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    return fsync


def test_a_failed_file_fsync_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.toml"
    target.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", failing_fsync(on_folder=False))
    with pytest.raises(StoreError, match="could not be saved"):
        write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert not list(tmp_path.glob(".tmp-*"))


def test_a_failed_folder_fsync_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(os, "fsync", failing_fsync(on_folder=True))
    with pytest.raises(StoreError, match="could not be synced to disk"):
        write_atomic(tmp_path / "out.toml", "new\n")
    assert main(["report", str(SAMPLE), "-o", str(tmp_path / "cli.toml")]) == 1
    assert "Report written" not in capsys.readouterr().err


# --- 5. rescore counts every bad file and goes on -----------------------------------------
def spoil(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    del data["outputs_digest"]  # hand-edited outputs: compared in full, as an older report
    change(data)
    path.write_text(tomli_w.dumps(data), encoding="utf-8")


SPOILERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "bad today": lambda d: d.update(today="2026-13-45"),
    "gate not a table": lambda d: d["recommendation"].update(gate="go"),
    "depths not tables": lambda d: d["recommendation"].update(depths=["deep"]),
    "depths an integer": lambda d: d["recommendation"].update(depths=3),
    "another schema": lambda d: d.update(schema_version=2),
}


def test_rescore_counts_every_bad_file_and_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    save_report(folder, report(1))
    for number, change in enumerate(SPOILERS.values(), start=2):
        spoil(save_report(folder, report(number)), change)
    summary = rescore_folder(fixture_bundle(), folder)
    assert summary.total == 1 + len(SPOILERS)
    assert summary.compared == 1
    assert sorted(o.path.name for o in summary.unreadable) == [
        f"intake-{n:016x}.toml" for n in range(2, 2 + len(SPOILERS))
    ]
    assert all(outcome.error for outcome in summary.unreadable)


# --- 7. brackets in a path ---------------------------------------------------------------
def fixture_app(
    tmp_path: Path, root: Path | None = None, data_dir: Path | None = None
) -> IntakeApp:
    config = AppConfig(
        bundle=load_bundle(root) if root else fixture_bundle(),
        data_dir=data_dir or tmp_path / "sessions",
        clock=lambda: FIXED_NOW,
        new_id=lambda: FIXED_ID,
        cursor_blink=False,
        freeze_long_lived=False,  # as tests.app_support.make_app
    )
    return IntakeApp(config)


def shown(app: IntakeApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_results_and_gate_show_a_bracketed_path_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / BRACKETED / "intake-report.toml"
    minor = report(age=16)  # short results: the subject is the path line above them
    app = fixture_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.push_screen(ResultsScreen(minor, path))
        await pilot.pause()
        assert shown(app, "#saved-path") == f"Saved to {path}"
        app.last_saved = path
        await app.switch_screen(GateScreen(minor))
        await pilot.pause()
        assert shown(app, "#gate-saved") == f"Your answers are saved in {path}."


# --- 8. bank text is text; impossible ranges are errors -----------------------------------
async def test_markup_like_bank_text_is_shown_as_written(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    about_you = root / "sections" / "01-about-you.toml"
    edit(about_you, 'prompt = "Fixture welcome note."', 'prompt = "Fixture [VIP] note [/note]."')
    edit(about_you, 'prompt = "Fixture age?"', 'prompt = "Fixture [VIP] age [/b]?"')
    edit(about_you, 'why = "Fixture: adults only."', 'why = "Fixture: [bold]adults[/] only."')
    app = fixture_app(tmp_path, root)
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_intake()
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert shown(app, "#note") == "Fixture [VIP] note [/note]."
        await pilot.press("enter")
        await pilot.pause()
        assert shown(app, "#prompt") == "Fixture [VIP] age [/b]?"
        assert shown(app, "#why") == "Why we ask: Fixture: [bold]adults[/] only."


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("min = 0, max = 120", "min = 130, max = 120", "'min' is above 'max'"),
        ("{ max_length = 20,", "{ min_length = 30, max_length = 20,", "'min_length' is above"),
    ],
)
def test_validate_reports_a_range_no_answer_can_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    root = copy_bank(tmp_path)
    edit(root / "sections" / "01-about-you.toml", old, new)
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr()
    assert message in out.out + out.err


def test_report_text_helper_is_plain_text() -> None:
    """Guard for the tests above: Text renders brackets as written."""
    assert Text(BRACKETED).plain == BRACKETED


async def test_a_notification_naming_a_bracketed_folder_shows_it(tmp_path: Path) -> None:
    folder = tmp_path / BRACKETED
    ensure_private_dir(folder)
    (folder / audit.AUDIT_FILE).symlink_to(tmp_path / "elsewhere.log")  # the audit fails
    app = fixture_app(tmp_path, data_dir=folder)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        app.start_intake()
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        messages = [n.message for n in app._notifications]
        assert any(str(folder / audit.AUDIT_FILE) in message for message in messages)


async def test_the_app_warns_once_about_a_folder_others_may_write(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    ensure_private_dir(folder).chmod(0o777)
    app = fixture_app(tmp_path)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert [m for m in messages if "can be changed by other users" in m] == [
            loose_folder_warning(folder)
        ]


async def test_an_export_onto_a_pipe_says_so_and_keeps_it(tmp_path: Path) -> None:
    from intake_tui.app.dialogs.export import ExportDialog

    pipe = make_pipe(tmp_path, tmp_path / "copy.txt")
    app = fixture_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.push_screen(ExportDialog(report()))
        await pilot.pause()
        path = app.screen.query_one("#export-path", Input)
        path.value = str(pipe)
        path.focus()
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "already exists" in shown(app, "#export-error"), "a refusal"
        )
        await pilot.press("ctrl+r")  # replace it: still refused, a pipe is not a file
        expected = f"{pipe}: a pipe (FIFO), not a regular file; it was not replaced"
        await wait_until(pilot, lambda: shown(app, "#export-error") == expected, "the reason")
        assert isinstance(app.screen, ExportDialog)
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
