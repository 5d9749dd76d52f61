"""Privacy: no answer in the audit log or in crash output; the front desk times out."""

from __future__ import annotations

import errno
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from intake_tui.app.app import IntakeApp
from intake_tui.app.config import AppConfig
from intake_tui.app.screens.question import QuestionScreen
from intake_tui.app.screens.welcome import WelcomeScreen
from intake_tui.core.audit import audit_path
from tests.app_support import BASELINE_KEYS, FIXED_NOW, make_app
from tests.support import bundled
from tests.waiting import HANG_GUARD_SECONDS, wait_until

SECRET = "Zanzibar-Quokka-7731"
ROOT = Path(__file__).resolve().parents[1]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class IdleChecks:
    """Counts the app's idle checks (a timer), so a test can wait for the next one."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        check = IntakeApp.return_home_if_idle

        def counted(app: IntakeApp) -> None:
            check(app)
            self.count += 1

        monkeypatch.setattr(IntakeApp, "return_home_if_idle", counted)

    async def next_one(self, pilot: Pilot[Any]) -> None:
        seen = self.count
        await wait_until(pilot, lambda: self.count > seen, "the next idle check")


def front_desk_app(data_dir: Path, clock: FakeClock, timeout: float = 300.0) -> IntakeApp:
    config = AppConfig(
        bundle=bundled(),
        data_dir=data_dir,
        mode="front_desk",
        clock=lambda: FIXED_NOW,
        cursor_blink=False,
        freeze_long_lived=False,  # as tests.app_support.make_app
        idle_timeout_seconds=timeout,
        monotonic=clock,
    )
    return IntakeApp(config)


async def start_front_desk(pilot, reference: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("n")
    await pilot.pause()
    await pilot.press("j", "s", "enter")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*reference, "enter")
    await pilot.pause()


async def test_audit_log_records_actions_without_answers(tmp_path: Path) -> None:
    app = front_desk_app(tmp_path, FakeClock())
    async with app.run_test(size=(100, 40)) as pilot:
        await start_front_desk(pilot, SECRET)
        for step in BASELINE_KEYS:
            await pilot.press(*step, "enter")
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("x")  # a copy for the practitioner
        await wait_until(pilot, lambda: app.screen.query("#export-path"), "the export dialog")
        await pilot.click("#format-toml")
        path = app.screen.query_one("#export-path", Input)
        path.value = str(tmp_path / "copy.toml")
        path.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: (tmp_path / "copy.toml").is_file(), "the copy")
    log = audit_path(tmp_path)
    assert log.stat().st_mode & 0o777 == 0o600
    text = log.read_text(encoding="utf-8")
    assert SECRET not in text
    events = [json.loads(line) for line in text.splitlines()]
    # Only these fields, none of them an answer (the age, 35, must not appear as a value).
    for event in events:
        assert re.fullmatch(r"[0-9a-f]{16}", event["session_id"])
        assert 35 not in event.values() and "35" not in event.values()
    assert [e["action"] for e in events] == [
        "intake_started",
        "intake_completed",
        "report_exported",
    ]
    assert {e["staff_initials"] for e in events} == {"JS"} and {e["mode"] for e in events} == {
        "front_desk"
    }
    assert set(events[0]) == {"at", "action", "session_id", "staff_initials", "mode"}


async def test_front_desk_returns_to_the_start_when_idle_and_keeps_the_draft(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    idle_checks = IdleChecks(monkeypatch)
    clock = FakeClock()
    app = front_desk_app(tmp_path, clock, timeout=1.0)
    async with app.run_test(size=(100, 40)) as pilot:
        await start_front_desk(pilot, SECRET)
        await pilot.press("3", "5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        clock.now += 0.5
        await idle_checks.next_one(pilot)
        assert isinstance(app.screen, QuestionScreen)  # not yet
        clock.now += 5
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen), "the start")
        assert app.session is None
        assert SECRET not in " ".join(str(w.render()) for w in app.screen.query("Static"))
        drafts = app.screen.query_one("#drafts")
        assert drafts.option_count == 1  # type: ignore[attr-defined]
    actions = [json.loads(line)["action"] for line in audit_path(tmp_path).read_text().splitlines()]
    assert actions[-1] == "idle_timeout"


async def test_self_assessment_never_times_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    idle_checks = IdleChecks(monkeypatch)
    clock = FakeClock()
    config = AppConfig(
        bundle=bundled(),
        data_dir=tmp_path,
        clock=lambda: FIXED_NOW,
        idle_timeout_seconds=1.0,
        monotonic=clock,
    )
    app = IntakeApp(config)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("n", "enter")
        await pilot.pause()
        clock.now += 100
        await idle_checks.next_one(pilot)
        assert isinstance(app.screen, QuestionScreen)


async def test_a_full_disk_is_a_message_and_the_intake_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await pilot.press("n", "enter")
        await pilot.pause()

        def disk_full(fd: int) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr("intake_tui.core.files.os.fsync", disk_full)
        await pilot.press("3", "5", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.session is not None and app.session.answers == {"age": 35}
        messages = [n.message for n in app._notifications]
        assert any("No space left on device" in m and "still on screen" in m for m in messages)


CRASHING_APP = f"""
from pathlib import Path
import sys
from intake_tui.app.app import IntakeApp
from intake_tui.app.config import AppConfig
from intake_tui.core.bundle import load_bundle


def crash(self) -> None:
    client_reference = {SECRET!r}
    raise ValueError("answer was " + client_reference)


IntakeApp.on_ready = crash
app = IntakeApp(AppConfig(bundle=load_bundle(), data_dir=Path(sys.argv[1])))
app.run(headless=True)
sys.exit(app.return_code or 0)
"""


def test_a_crash_prints_one_safe_line_and_no_local_values(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_APP, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert SECRET not in output
    assert "Traceback" not in output
    assert "unexpected internal error (ValueError at" in output


def test_no_pydantic_plugin_sees_answers_being_validated(tmp_path: Path) -> None:
    """A pydantic plugin (entry point group "pydantic") installed next to us would be
    loaded at the first model and could record every value validated."""
    (tmp_path / "spy_plugin.py").write_text(
        "class Spy:\n"
        "    def new_schema_validator(self, *args, **kwargs):\n"
        "        return None, None, None  # would wrap validate_python and see every input\n"
        "plugin = Spy()\n",
        encoding="utf-8",
    )
    dist_info = tmp_path / "spy_plugin-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Name: spy-plugin\nVersion: 1.0\n", encoding="utf-8")
    (dist_info / "entry_points.txt").write_text(
        "[pydantic]\nspy = spy_plugin:plugin\n", encoding="utf-8"
    )
    probe = (
        "import sys\n"
        "{imports}\n"
        "from pydantic import BaseModel\n"
        "class Answer(BaseModel):\n"
        "    value: str\n"
        "Answer(value='x')\n"
        "print('spy_plugin' in sys.modules)\n"
    )

    # This process imported the core, which set the variable: the probes start without it.
    environment = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}

    def spy_loaded(imports: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", probe.format(imports=imports)],
            capture_output=True,
            text=True,
            check=True,
            env={**environment, "PYTHONPATH": str(tmp_path)},
        )
        return result.stdout.strip()

    assert spy_loaded("") == "True"  # the spy works: pydantic alone loads it
    assert spy_loaded("import intake_tui.core") == "False"
