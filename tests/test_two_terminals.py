"""Two terminals on one draft (issue 17.1): a lease says who has a draft open, and a
save never overwrites answers it has not seen. Core tests of the revision check and
the lease, then two Pilot apps on one data folder (fixture bank)."""

from __future__ import annotations

import fcntl
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.pilot import Pilot

from intake_tui.app.app import IntakeApp
from intake_tui.app.dialogs.open_elsewhere import OpenElsewhereDialog
from intake_tui.app.screens.question import QuestionScreen
from intake_tui.app.screens.results import ResultsScreen
from intake_tui.app.screens.welcome import WelcomeScreen
from intake_tui.core import revision
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.files import StoreError
from intake_tui.core.lease import STALE_AFTER_SECONDS, Lease, LeaseHolder, lease_path, take
from intake_tui.core.report.models import SessionReport
from intake_tui.core.report.toml_io import read_report
from intake_tui.core.session import IntakeSession
from intake_tui.core.store import DraftTakenOver, SessionStore, save_report, session_file_name
from tests.app_support import FIXED_ID, FIXED_NOW
from tests.pilot_fixture import fixture_app, settle
from tests.support import fixture_answers, fixture_bundle

SIZE = (100, 40)


def draft(answered: tuple[str, ...], **changed: AnswerValue) -> SessionReport:
    """A fixture-bank draft answering ``answered`` (fixture answers, some changed)."""
    answers = {qid: changed.get(qid, fixture_answers()[qid]) for qid in answered}
    session = IntakeSession(fixture_bundle(), FIXED_ID, "self", FIXED_NOW, answers=answers)
    return session.to_report(FIXED_NOW)


def session_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("intake-*.toml"))


def dead_pid() -> int:
    """The id of a process that has just ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# --- the revision check (core) ---------------------------------------------------


def test_a_save_over_a_file_changed_since_it_was_read_keeps_both(tmp_path: Path) -> None:
    path = save_report(tmp_path, draft(("age",)))
    terminal_a, terminal_b = SessionStore(tmp_path), SessionStore(tmp_path)
    terminal_a.load(path)
    terminal_b.load(path)
    saved_b = terminal_b.save(draft(("age", "skin_tone_self"), skin_tone_self="type_5"))
    assert saved_b == path  # B read the file it replaces: an ordinary save
    saved_a = terminal_a.save(draft(("age", "skin_tone_self", "fitz_quiz_offer")))
    assert saved_a != path and saved_a.parent == tmp_path
    assert read_report(path).answers["skin_tone_self"] == "type_5"  # B's, untouched
    kept = read_report(saved_a)
    assert kept.session_id != FIXED_ID and saved_a.name == session_file_name(kept.session_id)
    assert kept.answers["skin_tone_self"] == fixture_answers()["skin_tone_self"]
    assert set(kept.answers) == {"age", "skin_tone_self", "fitz_quiz_offer"}


def test_saves_of_what_a_terminal_last_wrote_or_read_go_to_the_same_file(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    first = store.save(draft(("age",)))
    second = store.save(draft(("age", "skin_tone_self")))
    assert first == second and session_files(tmp_path) == [first]
    reader = SessionStore(tmp_path)
    reader.load(first)
    assert reader.save(draft(("age", "skin_tone_self", "fitz_quiz_offer"))) == first


def test_a_new_session_never_replaces_a_file_it_has_not_read(tmp_path: Path) -> None:
    existing = save_report(tmp_path, draft(("age",)))
    saved = SessionStore(tmp_path).save(draft(("age", "skin_tone_self")))
    assert saved != existing and len(session_files(tmp_path)) == 2
    assert set(read_report(existing).answers) == {"age"}


def test_a_draft_deleted_elsewhere_is_written_again_not_lost(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    path = store.save(draft(("age",)))
    path.unlink()
    assert store.save(draft(("age", "skin_tone_self"))) == path and path.is_file()


def test_the_check_and_the_rename_wait_for_the_save_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While another program holds the save lock, nothing is written: one clear error."""
    store = SessionStore(tmp_path)
    path = store.save(draft(("age",)))
    before = path.read_bytes()
    monkeypatch.setattr(revision, "LOCK_WAIT_SECONDS", 0.05)
    lock = revision.lock_dir(tmp_path) / revision.SAVE_LOCK
    with lock.open("a") as other:
        fcntl.flock(other.fileno(), fcntl.LOCK_EX)
        with pytest.raises(StoreError, match="save lock") as caught:
            store.save(draft(("age", "skin_tone_self")))
    assert "Traceback" not in str(caught.value) and str(lock) in str(caught.value)
    assert path.read_bytes() == before
    assert store.save(draft(("age", "skin_tone_self"))) == path  # released: saves again


# --- the lease (core) ---------------------------------------------------------------


def test_a_lease_is_private_and_holds_no_answer(tmp_path: Path) -> None:
    got = take(tmp_path, FIXED_ID)
    assert isinstance(got, Lease) and got.held()
    path = lease_path(tmp_path, FIXED_ID)
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / ".locks").stat().st_mode & 0o777 == 0o700
    record = json.loads(path.read_text())
    assert set(record) == {"token", "pid", "host", "heartbeat"}
    assert record["pid"] == os.getpid() and record["token"] == got.token


def test_a_live_lease_is_reported_and_a_takeover_ends_the_first(tmp_path: Path) -> None:
    first = take(tmp_path, FIXED_ID)
    assert isinstance(first, Lease)
    second = take(tmp_path, FIXED_ID)
    assert isinstance(second, LeaseHolder) and second.token == first.token
    assert "process" in second.describe(time.time())
    taken = take(tmp_path, FIXED_ID, force=True)
    assert isinstance(taken, Lease) and taken.held() and not first.held()
    assert not first.renew()  # the old holder writes nothing more
    first.release()  # nor removes the new holder's lease
    assert taken.held()
    taken.release()
    assert not lease_path(tmp_path, FIXED_ID).exists()


@pytest.mark.parametrize("left_by", ["a process that is gone", "a heartbeat too old"])
def test_a_stale_lease_is_taken_without_asking(tmp_path: Path, left_by: str) -> None:
    now = time.time()
    pid, heartbeat = (dead_pid(), now) if left_by.startswith("a process") else (os.getpid(), 0.0)
    path = lease_path(tmp_path, FIXED_ID)
    path.parent.mkdir(mode=0o700)
    record = {"token": "old", "pid": pid, "host": socket.gethostname(), "heartbeat": heartbeat}
    path.write_text(json.dumps(record))
    assert isinstance(take(tmp_path, FIXED_ID, now=now), Lease)


def test_the_holder_renews_its_heartbeat(tmp_path: Path) -> None:
    lease = take(tmp_path, FIXED_ID, now=1000.0)
    assert isinstance(lease, Lease) and lease.renew(now=1090.0)
    holder = take(tmp_path, FIXED_ID, now=1000.0 + STALE_AFTER_SECONDS + 60)
    assert isinstance(holder, LeaseHolder) and holder.heartbeat == 1090.0


def test_a_temp_file_a_killed_lease_write_left_is_swept(tmp_path: Path) -> None:
    take(tmp_path, FIXED_ID)
    stray = tmp_path / ".locks" / ".tmp-left.toml"
    stray.write_text("{}")
    os.utime(stray, (0, 0))
    assert SessionStore(tmp_path).sweep_stale_temp_files() == 1 and not stray.exists()


def test_a_lease_heartbeat_older_than_the_limit_is_stale() -> None:
    holder = LeaseHolder("t", os.getpid(), socket.gethostname(), heartbeat=1000.0)
    assert not holder.is_stale(1000.0 + STALE_AFTER_SECONDS - 1)
    assert holder.is_stale(1000.0 + STALE_AFTER_SECONDS + 1)


def test_an_unreadable_lease_protects_nothing(tmp_path: Path) -> None:
    path = lease_path(tmp_path, FIXED_ID)
    path.parent.mkdir(mode=0o700)
    path.write_text("{not json")
    assert isinstance(take(tmp_path, FIXED_ID), Lease)


def test_a_store_whose_draft_was_taken_over_refuses_to_save(tmp_path: Path) -> None:
    terminal_a, terminal_b = SessionStore(tmp_path), SessionStore(tmp_path)
    path = terminal_a.save(draft(("age",)))
    assert terminal_a.hold(FIXED_ID) is None
    assert isinstance(terminal_b.hold(FIXED_ID), LeaseHolder)
    assert terminal_b.hold(FIXED_ID, force=True) is None
    terminal_b.load(path)
    with pytest.raises(DraftTakenOver, match="taken over in another terminal"):
        terminal_a.save(draft(("age", "skin_tone_self")))
    assert set(read_report(path).answers) == {"age"}
    assert terminal_b.save(draft(("age", "skin_tone_self"))) == path
    terminal_b.release()
    assert not lease_path(tmp_path, FIXED_ID).exists()


# --- two apps on one folder -----------------------------------------------------------


def notifications(app: IntakeApp) -> list[str]:
    return [n.message for n in app._notifications]


async def resume(app: IntakeApp, pilot: Pilot[None], path: Path) -> None:
    """Resume ``path`` as the welcome screen would, inside the app's own message loop
    (two apps run in one event loop here: each must act as itself)."""
    await pilot.pause()
    app.call_later(app.resume_intake, path)
    await pilot.pause()


async def test_the_second_terminal_is_told_and_may_look_read_only(tmp_path: Path) -> None:
    path = save_report(tmp_path, draft(("age",)))
    a, b = fixture_app(tmp_path), fixture_app(tmp_path)
    async with a.run_test(size=SIZE) as pilot_a, b.run_test(size=SIZE) as pilot_b:
        await resume(a, pilot_a, path)
        assert isinstance(a.screen, QuestionScreen)
        await resume(b, pilot_b, path)
        assert isinstance(b.screen, OpenElsewhereDialog)
        await pilot_b.press("r")
        await pilot_b.pause()
        assert isinstance(b.screen, ResultsScreen) and b.screen.read_only
        assert b.session is None  # nothing there can be saved
        await pilot_a.press("1", "enter")
        await pilot_a.pause()
        assert set(read_report(path).answers) == {"age", "skin_tone_self"}
        assert not any("taken over" in m for m in notifications(a))


async def test_a_takeover_refuses_the_first_terminals_next_save_and_says_so(
    tmp_path: Path,
) -> None:
    path = save_report(tmp_path, draft(("age",)))
    a, b = fixture_app(tmp_path), fixture_app(tmp_path)
    async with a.run_test(size=SIZE) as pilot_a, b.run_test(size=SIZE) as pilot_b:
        await resume(a, pilot_a, path)
        await pilot_a.press("1", "enter")  # A: skin_tone_self
        await pilot_a.pause()
        await resume(b, pilot_b, path)
        await pilot_b.press("t")
        await pilot_b.pause()
        assert isinstance(b.screen, QuestionScreen) and b.session is not None
        assert b.session.answers == read_report(path).answers  # B sees A's answer
        await pilot_a.press("1", "enter")  # A answers once more (yes on a yes/no): refused
        await settle(pilot_a, lambda: isinstance(a.screen, WelcomeScreen))
        assert any("taken over in another terminal" in m for m in notifications(a))
        assert a.session is None
        assert set(read_report(path).answers) == {"age", "skin_tone_self"}
        await pilot_b.press("2", "enter")  # B's answer (no) is saved
        await pilot_b.pause()
        assert b.saved and len(read_report(path).answers) == 3
        assert session_files(tmp_path) == [path]


async def test_a_draft_changed_behind_a_terminals_back_is_kept_beside_it(tmp_path: Path) -> None:
    """The issue's lost update: a writer that never asked for the draft (here a plain
    save, like an older version of the app) changed it after A read it."""
    path = save_report(tmp_path, draft(("age",)))
    a = fixture_app(tmp_path)
    async with a.run_test(size=SIZE) as pilot:
        await resume(a, pilot, path)
        other = draft(("age", "skin_tone_self"), skin_tone_self="type_5")
        save_report(tmp_path, other)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert read_report(path).answers == other.answers  # the other writer's, untouched
        assert a.session is not None and a.session.session_id != FIXED_ID
        forked = tmp_path / session_file_name(a.session.session_id)
        assert a.last_saved == forked
        assert read_report(forked).answers["skin_tone_self"] != "type_5"
        assert any("separate draft" in m and forked.name in m for m in notifications(a))
        await pilot.press("1", "enter")  # later answers go to A's own draft
        await pilot.pause()
        assert len(read_report(forked).answers) == 3
        assert read_report(path).answers == other.answers
        assert lease_path(tmp_path, a.session.session_id).exists()


async def test_the_lease_goes_on_going_home_and_on_quitting(tmp_path: Path) -> None:
    path = save_report(tmp_path, draft(("age",)))
    lease = lease_path(tmp_path, FIXED_ID)
    a = fixture_app(tmp_path)
    async with a.run_test(size=SIZE) as pilot:
        await resume(a, pilot, path)
        assert lease.exists()
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(a.screen, WelcomeScreen) and not lease.exists()
        await resume(a, pilot, path)
        assert lease.exists()
    assert not lease.exists()
    b = fixture_app(tmp_path)  # the next terminal opens it without a question
    async with b.run_test(size=SIZE) as pilot:
        await resume(b, pilot, path)
        assert isinstance(b.screen, QuestionScreen)


async def test_a_killed_apps_lease_does_not_stop_the_next_opener(tmp_path: Path) -> None:
    path = save_report(tmp_path, draft(("age",)))
    lease = lease_path(tmp_path, FIXED_ID)
    lease.parent.mkdir(mode=0o700)
    record = {"token": "x", "pid": dead_pid(), "host": socket.gethostname(), "heartbeat": 0}
    lease.write_text(json.dumps({**record, "heartbeat": time.time()}))
    b = fixture_app(tmp_path)
    async with b.run_test(size=SIZE) as pilot:
        await resume(b, pilot, path)
        assert isinstance(b.screen, QuestionScreen)
        assert json.loads(lease.read_text())["pid"] == os.getpid()


def test_the_revision_check_never_reads_a_pipe_or_an_unbounded_file(tmp_path: Path) -> None:
    """A FIFO named like the session file would have blocked the save for ever."""
    from intake_tui.core.files import StoreError
    from intake_tui.core.revision import revision_on_disk

    pipe = tmp_path / "intake-00000000000000f1.toml"
    os.mkfifo(pipe)
    with pytest.raises(StoreError, match="a pipe"):
        revision_on_disk(pipe)
    assert revision_on_disk(tmp_path / "intake-00000000000000f2.toml") is None
