"""Saves are atomic and private; bad files give one clear error; loaders never leak
anything but the project's own error types."""

from __future__ import annotations

import contextlib
import errno
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_tui.cli.main import main
from intake_tui.core.answers_file import read_answers_file
from intake_tui.core.bundle import load_bundle
from intake_tui.core.errors import BankError, IntakeError, SessionFileError
from intake_tui.core.files import TEMP_PREFIX, StoreError
from intake_tui.core.reconcile import reconcile
from intake_tui.core.report.build import build_report
from intake_tui.core.report.models import SessionReport
from intake_tui.core.report.toml_io import dumps_report, read_report
from intake_tui.core.session import IntakeSession
from intake_tui.core.store import SessionStore, save_report
from tests.strategies import examples
from tests.support import FIXTURE_BANK, TODAY, copy_bank, edit, fixture_answers, fixture_bundle

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def report(session_id: str = "00000000000000aa", **changes: object) -> SessionReport:
    answers = {**fixture_answers(), **changes}
    bundle = fixture_bundle()
    return build_report(bundle, answers, status="completed", now=NOW, session_id=session_id)  # type: ignore[arg-type]


# --- atomic, private saves ---------------------------------------------------------


def test_a_failed_save_leaves_the_previous_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save_report(tmp_path, report())
    before = path.read_bytes()

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("intake_tui.core.files.os.fsync", disk_full)
    with pytest.raises(StoreError, match="No space left on device"):
        save_report(tmp_path, report(age=50))
    assert path.read_bytes() == before
    assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))


def test_folder_is_0700_files_0600_and_names_carry_only_the_id(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "sessions"
    path = save_report(folder, report(client_reference="Jane Doe"))
    assert folder.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.name == "intake-00000000000000aa.toml"


def test_an_unusable_data_folder_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot create the folder"):
        save_report(blocker / "sessions", report())


def test_stale_temp_files_are_swept_fresh_ones_kept(tmp_path: Path) -> None:
    stale, fresh = tmp_path / f"{TEMP_PREFIX}old.toml", tmp_path / f"{TEMP_PREFIX}new.toml"
    stale.write_text("partial", encoding="utf-8")
    fresh.write_text("being written", encoding="utf-8")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    assert SessionStore(tmp_path).sweep_stale_temp_files() == 1
    assert not stale.exists() and fresh.exists()


async def test_the_app_sweeps_stale_temp_files_after_its_first_frame(tmp_path: Path) -> None:
    """Off the start-up path (it lists the whole folder), but done: a stale temp file
    goes, a fresh one (a save under way elsewhere) and the reports stay."""
    from tests.pilot_fixture import fixture_app
    from tests.waiting import wait_until

    kept = save_report(tmp_path, report())
    stale, fresh = tmp_path / f"{TEMP_PREFIX}old.toml", tmp_path / f"{TEMP_PREFIX}new.toml"
    stale.write_text("partial", encoding="utf-8")
    fresh.write_text("being written", encoding="utf-8")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    async with fixture_app(tmp_path).run_test() as pilot:
        await wait_until(pilot, lambda: not stale.exists(), "the stale temp file swept")
    assert fresh.exists() and kept.exists()


# --- bad session files ------------------------------------------------------------------

GOOD = dumps_report(report())


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "not a valid session file"),
        (b"\x00\x01\xff\xfe binary", "not a text file"),
        (GOOD[: len(GOOD) // 2].encode(), "not a valid"),
        (b"schema_version = [", "not a valid TOML file"),
        (GOOD.replace('status = "completed"', 'status = "done"').encode(), "status"),
        (GOOD.replace("age = 35", "age = [1, 2]").encode(), "answers"),
        (GOOD.replace("schema_version = 1", "schema_version = 99").encode(), "schema_version"),
        (
            GOOD.replace(
                'session_id = "00000000000000aa"', 'session_id = "../../etc/passwd"'
            ).encode(),
            "session_id",
        ),
        ("surprise = true\n" + GOOD, "surprise"),
    ],
    ids=[
        "empty",
        "binary",
        "truncated",
        "malformed",
        "bad-status",
        "wrong-type",
        "future-schema",
        "bad-id",
        "unknown-field",
    ],
)
def test_bad_session_files_give_one_clear_error(
    tmp_path: Path, content: bytes | str, expected: str
) -> None:
    path = tmp_path / "intake-0000000000000bad.toml"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    with pytest.raises(SessionFileError) as caught:
        read_report(path)
    message = str(caught.value)
    assert str(path) in message and expected in message
    assert "\n" not in message


def test_an_enormous_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "intake-00000000000000ff.toml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(SessionFileError, match="too large"):
        read_report(path)
    answers = tmp_path / "answers.toml"
    os.link(path, answers)
    with pytest.raises(IntakeError, match="too large"):
        read_answers_file(answers, fixture_bundle(), TODAY)


def test_listing_names_unreadable_files_and_keeps_the_rest(tmp_path: Path) -> None:
    save_report(tmp_path, report())
    (tmp_path / "intake-0000000000000bad.toml").write_text("garbage = [", encoding="utf-8")
    listing = SessionStore(tmp_path).listing()
    assert [r.session_id for r in listing.reports] == ["00000000000000aa"]
    assert [p.name for p, _ in listing.unreadable] == ["intake-0000000000000bad.toml"]


# --- versions: a changed bank -------------------------------------------------------------


def test_resume_after_the_bank_changed_drops_what_no_longer_exists(tmp_path: Path) -> None:
    root = copy_bank(tmp_path)
    health = root / "sections/02-health.toml"
    edit(health, '    { value = "rosacea", label = "Fixture rosacea" },\n', "")
    edit(root / "questionnaire.toml", 'version = "0.1.0"', 'version = "0.2.0"')
    rosacea = ', { question = "skin_conditions", operator = "includes", value = "rosacea" }'
    for name, old, new in [
        ("sections/02-health.toml", rosacea, ""),  # drop every condition on the option
        ("protocol/rules.toml", rosacea, ""),
        ("sections/02-health.toml", '"sunscreen"', '"sunscreen_use"'),  # rename the question
        ("protocol/longevity.toml", '"sunscreen"', '"sunscreen_use"'),
    ]:
        path = root / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    changed = load_bundle(root)
    saved = report(skin_conditions=["eczema", "rosacea"], skin_flaring="no")
    draft = saved.model_copy(update={"status": "in_progress", "recommendation": None})
    carried = reconcile(changed, draft)
    assert carried.bank_changed
    assert carried.answers["skin_conditions"] == ["eczema"]
    assert "sunscreen" not in carried.answers
    assert carried.changes == [
        "The questionnaire changed from version 0.1.0 to 0.2.0.",
        "Some choices for 'Fixture skin conditions?' no longer exist and were dropped.",
        "The answer to 'sunscreen' was dropped: that question was removed.",
    ]
    session, changes = IntakeSession.resume(changed, draft)
    assert changes == carried.changes
    assert session.current_id == "sunscreen_use"


def test_a_hand_edited_answer_that_does_not_fit_is_dropped_with_a_note() -> None:
    edited = report().model_copy(update={"answers": {**report().answers, "age": "thirty-five"}})
    carried = reconcile(fixture_bundle(), edited)
    assert "age" not in carried.answers
    assert carried.changes == ["The answer to 'Fixture age?' no longer fits and was dropped."]


def test_an_unchanged_bank_reconciles_silently() -> None:
    carried = reconcile(fixture_bundle(), report())
    assert (carried.bank_changed, carried.changes) == (False, [])
    assert carried.answers == report().answers


def test_from_session_recomputes_without_touching_the_original(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = save_report(tmp_path, report(keloid="yes"))
    before = original.read_bytes()
    out = tmp_path / "recomputed.toml"
    assert (
        main(
            [
                "--questions",
                str(FIXTURE_BANK),
                "report",
                "--from-session",
                str(original),
                "-o",
                str(out),
                "--now",
                "2026-12-01T10:00:00+00:00",
            ]
        )
        == 0
    )
    assert original.read_bytes() == before
    recomputed = read_report(out)
    assert recomputed.status == "amended" and recomputed.session_id == "00000000000000aa"
    assert recomputed.created_at == NOW and recomputed.updated_at.date().isoformat() == "2026-12-01"
    assert (
        recomputed.recommendation and recomputed.recommendation.gate.decision == "physician_first"
    )


# --- fuzzing: only our own errors escape ---------------------------------------------------

FUZZ = settings(
    max_examples=examples(80),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
toml_scalars = st.one_of(
    st.text(max_size=20),
    st.integers(-(2**63), 2**63 - 1),
    st.booleans(),
    st.floats(allow_nan=False),
    st.dates(),
    st.sampled_from(["completed", "in_progress", "yes", "type_3", "00000000000000aa"]),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
known_keys = st.sampled_from(
    [
        "schema_version",
        "session_id",
        "status",
        "answers",
        "recommendation",
        "questionnaire",
        "age",
        "concerns",
        "context",
        "mode",
        "created_at",
    ]
)
toml_documents = st.dictionaries(
    st.one_of(known_keys, st.text(min_size=1, max_size=10)), toml_values, max_size=6
)


@FUZZ
@given(st.binary(max_size=400))
def test_fuzz_session_loader_with_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_bytes(data)
    with contextlib.suppress(SessionFileError):
        read_report(path)


@FUZZ
@given(toml_documents)
def test_fuzz_session_and_answers_loaders_with_structured_toml(
    tmp_path: Path, document: dict[str, object]
) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    for load in (read_report, lambda p: read_answers_file(p, fixture_bundle(), TODAY)):
        with contextlib.suppress(IntakeError):
            load(path)


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
        toml_documents.map(tomli_w.dumps),
    )
)
def test_fuzz_bank_loader(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    root = copy_bank(tmp_path_factory.mktemp("bank"))
    (root / "sections/02-health.toml").write_text(text, encoding="utf-8")
    with contextlib.suppress(BankError):
        load_bundle(root)
