"""What could not be asked before issue 12: the device, implants, photoageing signs, redness.

Clinical invariants run on the bundled bank over generated answer sets (they are
about its protocol: RF with an implant never goes ahead, plain needling with one
only gets a note, Glogau IV is referred). The grade mechanics (first row wins, no
rows means no fact, the linter reads the rows) run on a copy of the fixture bank.
Answers are named by option value, never by wording.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from intake_tui.core.bank.lint import lint_bundle
from intake_tui.core.bundle import load_bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.facts import SCORE_FACTS, derive_facts
from intake_tui.core.flow import Flow
from intake_tui.core.recommend import Recommendation, recommend
from tests.strategies import answer_sets
from tests.support import (
    TODAY,
    baseline_answers,
    bundled,
    copy_bank,
    fixture_answers,
    fixture_bundle,
)

BUNDLE = bundled()
PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
Answers = dict[str, AnswerValue]
RF_WITH_IMPLANT = {"device_type": "radio_frequency", "implants": "yes"}
SUPERFICIAL_MAX_MM = next(t.max_mm for t in BUNDLE.protocol.depth.tiers if t.id == "superficial")


def _recommend(answers: Answers) -> Recommendation:
    return recommend(BUNDLE, answers, today=TODAY)


def _fired(rec: Recommendation) -> set[str]:
    findings = [*rec.gate.reasons, *rec.adjustments, *rec.warnings, *rec.notes]
    return {finding.rule_id for finding in findings}


def _reason_ids(rec: Recommendation) -> list[str]:
    return [reason.rule_id for reason in rec.gate.reasons]


# --- the device and implants (fact sheet §1: RF only) -----------------------------------------


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_rf_with_an_implant_never_goes_ahead(answers: Answers) -> None:
    rec = _recommend(answers | RF_WITH_IMPLANT)
    assert rec.gate.decision == "not_now"
    assert "ci.rf_implant" in _reason_ids(rec)
    assert rec.cost is None


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_an_unknown_device_or_implant_with_rf_possible_never_goes_ahead(answers: Answers) -> None:
    for unsure in (
        {"device_type": "radio_frequency", "implants": "not_sure"},
        {"device_type": "not_sure", "implants": "yes"},
        {"device_type": "not_sure", "implants": "not_sure"},
    ):
        rec = _recommend(answers | unsure)
        assert rec.gate.decision != "go_ahead", unsure
        assert rec.gate.physician_review, unsure
        assert "ci.rf_implant_unsure" in _reason_ids(rec), unsure


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_plain_needling_with_an_implant_only_adds_a_note(answers: Answers) -> None:
    without = _recommend(answers | {"device_type": "plain", "implants": "no"})
    for implant in ("yes", "not_sure"):
        with_implant = _recommend(answers | {"device_type": "plain", "implants": implant})
        assert with_implant.gate.decision == without.gate.decision
        assert _reason_ids(with_implant) == _reason_ids(without)
        assert with_implant.depths == without.depths
        assert with_implant.cost == without.cost
        assert _fired(with_implant) - _fired(without) == {"note.plain_implant"}


def test_rf_without_an_implant_is_not_held_back() -> None:
    rec = _recommend(baseline_answers() | {"device_type": "radio_frequency"})
    assert rec.gate.decision == "go_ahead"
    assert not _fired(rec) & {"ci.rf_implant", "ci.rf_implant_unsure", "note.plain_implant"}


def test_the_rf_block_names_its_sources_and_a_way_on() -> None:
    rec = _recommend(baseline_answers() | RF_WITH_IMPLANT)
    (reason,) = rec.gate.reasons
    assert "facts:S23" in reason.sources
    assert reason.because == RF_WITH_IMPLANT
    (step,) = rec.next_steps
    assert step.rule_id == "ci.rf_implant"


# --- photoageing signs → Glogau type (fact sheet §4b) -------------------------------------------


@pytest.mark.parametrize(
    ("signs", "grade"),
    [
        ("none_visible", 1),
        ("when_moving", 2),
        ("at_rest", 3),
        ("most_of_face", 4),
        ("not_sure", None),
    ],
)
def test_photoageing_signs_map_to_a_glogau_type(signs: str, grade: int | None) -> None:
    facts = derive_facts(BUNDLE.bank, BUNDLE.protocol, {"photoageing_signs": signs})
    assert facts.get("glogau_grade") == grade


@pytest.mark.parametrize("age", [25, 45, 75])
def test_the_glogau_type_comes_from_the_signs_never_the_age(age: int) -> None:
    assert "glogau_grade" not in derive_facts(BUNDLE.bank, BUNDLE.protocol, {"age": age})
    with_signs = {"age": age, "photoageing_signs": "when_moving"}
    assert derive_facts(BUNDLE.bank, BUNDLE.protocol, with_signs)["glogau_grade"] == 2


def test_the_signs_are_asked_only_for_lines_or_wrinkles() -> None:
    scars = baseline_answers() | {"concerns": ["acne_scars"], "scars_raised": "no"}
    flow = Flow.compute(BUNDLE, scars, {"mode": "self"})
    assert "photoageing_signs" not in flow.visible_answers
    assert "glogau_grade" not in flow.facts


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_glogau_four_is_referred_whatever_else_is_answered(answers: Answers) -> None:
    lines = answers | {"concerns": ["wrinkles"], "photoageing_signs": "most_of_face"}
    rec = _recommend(lines)
    assert rec.gate.decision != "go_ahead"
    assert rec.gate.physician_review
    assert "ci.severe_photoageing" in _fired(rec)


# --- redness: no depth source, so the shallowest tier ("suggested") ----------------------------


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_redness_is_never_needled_deeper_than_the_superficial_tier(answers: Answers) -> None:
    areas = {"treatment_areas": ["cheeks", "forehead", "neck"]}
    rec = _recommend(answers | {"concerns": ["redness"]} | areas)
    for plan in rec.depths:
        assert plan.concern == "redness"
        assert plan.tier == "superficial"
        assert plan.max_mm <= SUPERFICIAL_MAX_MM
    assert "note.redness" in _fired(rec)


def test_redness_rows_are_marked_suggested() -> None:
    (row,) = [c for c in BUNDLE.protocol.depth.concerns if c.concern == "redness"]
    assert "suggested" in row.sources


# --- the grade mechanics on the fixture bank ----------------------------------------------------


def _with_glogau_rows(tmp_path: Path, rows: str) -> Path:
    root = copy_bank(tmp_path)
    facts = root / "protocol" / "facts.toml"
    facts.write_text(facts.read_text(encoding="utf-8") + rows, encoding="utf-8")
    return root


GLOGAU_ROWS = """
[[facts.glogau_grade]]
grade = 2
when = { question = "sunscreen", operator = "equals", value = "daily" }
sources = ["facts:S9"]

[[facts.glogau_grade]]
grade = 4
when = { question = "sunscreen", operator = "in", value = ["daily", "never"] }
sources = ["facts:S9"]
"""


def test_a_bank_without_glogau_rows_has_no_glogau_type() -> None:
    bundle = fixture_bundle()
    assert "glogau_grade" not in derive_facts(bundle.bank, bundle.protocol, fixture_answers())


def test_the_first_glogau_row_that_holds_gives_the_type(tmp_path: Path) -> None:
    bundle = load_bundle(_with_glogau_rows(tmp_path, GLOGAU_ROWS))
    answers = fixture_answers()
    assert derive_facts(bundle.bank, bundle.protocol, answers)["glogau_grade"] == 2
    never = answers | {"sunscreen": "never"}
    assert derive_facts(bundle.bank, bundle.protocol, never)["glogau_grade"] == 4


def test_a_misspelt_question_in_a_glogau_row_is_named_with_its_file(tmp_path: Path) -> None:
    misspelt = GLOGAU_ROWS.replace('"sunscreen", operator = "in"', '"sunscren", operator = "in"')
    root = _with_glogau_rows(tmp_path, misspelt)
    problems = [p for p in lint_bundle(load_bundle(root, lint=False)) if p.severity == "error"]
    named = [p for p in problems if "sunscren" in p.message]
    assert named, [str(p) for p in problems]
    assert all(p.file == root / "protocol" / "facts.toml" for p in named)


def test_the_glogau_type_is_saved_with_the_scores() -> None:
    answers = baseline_answers() | {"photoageing_signs": "most_of_face"}
    assert "glogau_grade" in SCORE_FACTS
    assert Flow.compute(BUNDLE, answers, {"mode": "self"}).facts["glogau_grade"] == 4
