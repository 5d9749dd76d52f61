"""The end of a plain-mode intake: past a gate that did not say 'go ahead', the front
desk may override it (a reason and initials, as the app's dialog asks); the results
are the document the results screen shows, or the client's copy in self-assessment."""

from __future__ import annotations

import json
from pathlib import Path

from intake_tui.core.document import text
from intake_tui.core.document.build import build_document, build_screen_document
from intake_tui.core.front_desk import OVERRIDE_REASON_RULE
from intake_tui.plain import words
from tests.plain_support import lines_for, only_report, run_lines
from tests.support import FIXTURE_BANK, fixture_answers, fixture_bundle

KELOID = {**fixture_answers(), "keloid": "yes"}  # 'not now', which staff may override


def audit_actions(folder: Path) -> list[str]:
    lines = (folder / "audit.log").read_text("utf-8").splitlines()
    return [json.loads(line)["action"] for line in lines]


def test_front_desk_overrides_the_gate_with_a_reason_and_initials(tmp_path: Path) -> None:
    lines = lines_for(fixture_bundle(), KELOID, "front_desk")
    assert lines[-1] == "n"  # offered
    lines[-1:] = ["y", "ok", "Checked by the practitioner", "c1", "cd"]
    run = run_lines(lines, tmp_path, questions=FIXTURE_BANK, mode="front_desk")
    assert OVERRIDE_REASON_RULE in run.output and words.INITIALS_AGAIN in run.output
    report = only_report(tmp_path)
    assert report.override is not None
    assert (report.override.reason, report.override.staff_initials) == (
        "Checked by the practitioner",
        "CD",
    )
    assert audit_actions(tmp_path)[-2:] == ["intake_completed", "gate_overridden"]
    assert text.render(build_screen_document(report, fixture_bundle()), None) in run.output


def test_declining_the_override_shows_the_results_screens_document(tmp_path: Path) -> None:
    run = run_lines(
        lines_for(fixture_bundle(), KELOID, "front_desk"),
        tmp_path,
        questions=FIXTURE_BANK,
        mode="front_desk",
    )
    report = only_report(tmp_path)
    assert report.override is None and report.status == "completed"
    assert text.render(build_screen_document(report, fixture_bundle()), None) in run.output


def test_self_assessment_past_the_gate_reads_the_clients_copy(tmp_path: Path) -> None:
    run = run_lines(lines_for(fixture_bundle(), KELOID, "self"), tmp_path, questions=FIXTURE_BANK)
    report = only_report(tmp_path)
    assert words.GATE_OVERRIDE not in run.output
    assert text.render(build_document(report, fixture_bundle(), "client"), None) in run.output
