"""`intake rescore` says who a protocol edit affects and how, in words (issue 13 point 5):
the client reference (escaped), the date, each change before → after; `--json` for
programs. Read only. On a copy of the fixture bank, edited as a clinic would."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from intake_tui.cli.main import main
from intake_tui.core.bundle import load_bundle
from intake_tui.core.report.build import build_report
from intake_tui.core.rescore import rescore_folder
from intake_tui.core.rescore_changes import Change, described_changes
from intake_tui.core.store import save_report
from tests.support import FIXTURE_BANK, copy_bank, fixture_answers, fixture_bundle

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def save(folder: Path, number: int = 1, reference: str = "Client 7", **changes: Any) -> Path:
    report = build_report(
        fixture_bundle(),
        {**fixture_answers(), **changes},
        status="completed",
        now=NOW,
        session_id=f"{number:016x}",
        mode="front_desk",
    )
    answers = {**report.answers, "client_reference": reference}
    return save_report(folder, report.model_copy(update={"answers": answers}))


def edited(tmp_path: Path, file: str, old: str, new: str, after: str = "") -> Path:
    """A copy of the fixture bank with the first ``old`` after ``after`` replaced."""
    root = copy_bank(tmp_path / "bank")
    path = root / file
    text = path.read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    assert old in text[start:]
    path.write_text(text[:start] + text[start:].replace(old, new, 1), encoding="utf-8")
    return root


def rescore(bank: Path, folder: Path, capsys: pytest.CaptureFixture[str], *more: str) -> str:
    assert main(["--questions", str(bank), "rescore", str(folder), *more]) == 0
    return capsys.readouterr().out


EDITS: list[tuple[tuple[str, str, str, str], list[str]]] = [
    (
        ("protocol/depth.toml", "max_mm = 1.0", "max_mm = 0.5", 'area = "cheeks"'),
        ["Fixture cheeks cap (Fixture fine lines): 1.0 mm → 0.25-0.5 mm"],
    ),
    (
        ("settings.toml", "price_high = 700", "price_high = 800", ""),
        ["Cost of the series: USD 900\u20134,200 → USD 900\u20134,800"],
    ),
    (
        ("protocol/timeline.toml", "planned = 3", "planned = 4", ""),
        ["Sessions: 3 → 4", "Session 4: none → 1 Mar 2027 to 12 Apr 2027"],
    ),
]


@pytest.mark.parametrize(("edit", "expected"), EDITS)
def test_each_change_is_printed_before_and_after_in_words(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    edit: tuple[str, str, str, str],
    expected: list[str],
) -> None:
    folder = tmp_path / "data"
    path = save(folder, treatment_areas=["cheeks"])
    before = path.read_bytes()
    out = rescore(edited(tmp_path, *edit), folder, capsys).splitlines()
    assert out[2] == f"  Client 7 · 2026-11-26 09:00 · {1:016x}"
    changes = [line.strip() for line in out[3:]]
    assert all(line in changes for line in expected), changes
    assert path.read_bytes() == before  # read only


def test_a_gate_change_names_both_decisions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = save(tmp_path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["recommendation"]["gate"]["decision"] = "not_now"
    del data["outputs_digest"]  # hand-edited outputs: compared in full, as an older report
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    wording = fixture_bundle().protocol.wording
    not_now, go_ahead = (wording.decision(d).title for d in ("not_now", "go_ahead"))
    assert f"    Gate: {not_now} → {go_ahead}" in rescore(FIXTURE_BANK, tmp_path, capsys)


@pytest.mark.parametrize(
    ("reference", "shown"),
    [
        ("\x1b]0;PWNED\x07", "\\x1b]0;PWNED\\x07"),
        ("\u202egnp.exe", "\\u202egnp.exe"),
        ("two\nlines", "two\\x0alines"),
        ("[bold red]<script>", "[bold red]<script>"),
        ("", "(no client reference)"),
    ],
)
def test_hostile_references_print_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], reference: str, shown: str
) -> None:
    folder = tmp_path / "data"
    save(folder, reference=reference, treatment_areas=["cheeks"])
    out = rescore(edited(tmp_path, *EDITS[0][0]), folder, capsys)
    assert f"  {shown} · 2026-11-26 09:00 · " in out
    assert "\x1b" not in out and "\u202e" not in out


def test_json_has_one_object_per_changed_report_in_a_stable_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    save(folder, 1, reference="\x1b[31mred", treatment_areas=["cheeks"])
    save(folder, 2, treatment_areas=["forehead"])
    (folder / "intake-00000000000000ee.toml").write_text("not toml [", encoding="utf-8")
    out = rescore(edited(tmp_path, *EDITS[0][0]), folder, capsys, "--json")
    assert "\x1b" not in out
    document = json.loads(out)
    assert set(document) == {"format", "version", "folder", "counts", "changed", "unreadable"}
    assert (document["format"], document["version"]) == ("intake-rescore", 1)
    assert document["counts"] == {
        "files": 3,
        "compared": 2,
        "drafts": 0,
        "unreadable": 1,
        "changed": 1,
    }
    [changed] = document["changed"]
    assert set(changed) == {
        "session_id",
        "file",
        "client_reference",
        "updated_at",
        "outputs",
        "changes",
    }
    assert changed["client_reference"] == "\x1b[31mred"  # raw: JSON escapes it
    assert changed["updated_at"] == "2026-11-26T09:00:00+00:00"
    assert changed["outputs"] == ["depth", "longevity"]
    assert all(set(c) == {"output", "what", "before", "after"} for c in changed["changes"])
    assert {
        "output": "depth",
        "what": "Fixture cheeks cap (Fixture fine lines)",
        "before": "1.0 mm",
        "after": "0.25-0.5 mm",
    } in changed["changes"]
    assert [u["file"] for u in document["unreadable"]] == ["intake-00000000000000ee.toml"]


def test_every_changed_output_has_at_least_one_line(tmp_path: Path) -> None:
    """A change the words do not cover (here a depth's clinic note) still shows up."""
    stored = {"depths": [{"concern": "a", "area": "b", "min_mm": 1.0, "max_mm": 1.0}]}
    fresh = {"depths": [{"concern": "a", "area": "b", "min_mm": 1.0, "max_mm": 1.0, "x": 1}]}
    assert described_changes(["depth"], stored, fresh, {}) == (
        Change("depth", "Depth", "as saved", "changed in detail"),
    )


@pytest.mark.parametrize(
    "hand_edit",
    [
        {"min_mm": "deep", "max_mm": None, "area_label": 7},
        {"concern_label": ["x"], "status": 3},
    ],
)
def test_hand_edited_stored_values_are_shown_not_trusted(hand_edit: dict[str, Any]) -> None:
    stored = {"depths": [{"concern": "a", "area": "b", "min_mm": 1.0, "max_mm": 1.0, **hand_edit}]}
    fresh = {"depths": [{"concern": "a", "area": "b", "min_mm": 0.5, "max_mm": 0.5}]}
    [change] = described_changes(["depth"], stored, fresh, {})
    assert change.after == "0.5 mm"


def test_the_summary_still_counts_and_rescore_stays_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    path = save(folder, treatment_areas=["cheeks"])
    before = path.read_bytes()
    summary = rescore_folder(load_bundle(edited(tmp_path, *EDITS[0][0])), folder)
    [outcome] = summary.changed
    assert (outcome.reference, outcome.changed) == ("Client 7", ("depth", "longevity"))
    assert path.read_bytes() == before
