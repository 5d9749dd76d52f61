"""The protocol engine through recommend() on the bundled bank: evidence, wording, facts, trace.

What the bundled protocol decides for a person (gate, rules, depth, plan,
longevity, aftercare, cost) is the clinic's checklist in questions/expectations.toml;
this file runs it (one test per case) and keeps the mechanics that are not
clinical content: what a finding and a narrowing record, texts built from the
bank's own labels, derived facts and the trace.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from intake_tui.core.bundle import Bundle, load_bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.expectations.check import case_failures
from intake_tui.core.expectations.loader import expectations_path, load_expectations
from intake_tui.core.expectations.models import Case, ExpectationFile, Ids
from intake_tui.core.facts import derive_facts
from intake_tui.core.recommend.engine import recommend
from intake_tui.core.recommend.models import DepthPlan, Recommendation
from intake_tui.core.resources import bundled_questions_dir

Answers = dict[str, AnswerValue]
EXPECTATIONS = load_expectations(expectations_path(bundled_questions_dir()))
# The checklist's healthy person and intake day are this file's baseline too.
HEALTHY = EXPECTATIONS.answer_sets["healthy"]
TODAY = EXPECTATIONS.today
START = HEALTHY["start_date"]
HOME = {"setting": "home", "home_device_length": "0_3_to_0_5", "home_serums": "no"}
STRETCH = {
    "concerns": ["stretch_marks"],
    "stretch_colour": "white_silver",
    "stretch_mark_areas": ["abdomen"],
}


@cache
def bundled() -> Bundle:
    return load_bundle()


@pytest.fixture
def bundle() -> Bundle:
    return bundled()


def answers_with(**changes: Any) -> Answers:
    return {**HEALTHY, **changes}


def run(bundle: Bundle, **changes: Any) -> Recommendation:
    return recommend(bundle, answers_with(**changes), today=TODAY)


def only_depth(rec: Recommendation) -> DepthPlan:
    assert len(rec.depths) == 1, [(d.concern, d.area) for d in rec.depths]
    return rec.depths[0]


# --- the bundled protocol's expected outcomes -----------------------------------------


@pytest.mark.parametrize("case", EXPECTATIONS.cases, ids=lambda case: case.id)
def test_bundled_expectation_holds(case: Case) -> None:
    assert case_failures(bundled(), EXPECTATIONS, case) == []


def _named_rules(ids: Ids | None) -> set[str]:
    return set() if ids is None else {*(ids.only or []), *ids.includes}


def rules_expected_to_fire(table: ExpectationFile) -> set[str]:
    named: set[str] = set()
    for case in table.cases:
        expect = case.expect
        named |= set(expect.fires)
        for ids in (expect.reasons, expect.adjustments, expect.warnings, expect.notes):
            named |= _named_rules(ids)
    return named


def test_every_rule_of_rules_toml_has_a_case_that_fires_it(bundle: Bundle) -> None:
    rule_ids = {rule.id for rule in bundle.protocol.rules}
    assert rule_ids - rules_expected_to_fire(EXPECTATIONS) == set()


# --- what a finding records -----------------------------------------------------------------


def test_fired_rule_records_the_answers_and_sources_behind_it(bundle: Bundle) -> None:
    rec = run(bundle, isotretinoin="yes", isotretinoin_when="under_6_months")
    reason = rec.gate.reasons[0]
    rule = next(r for r in bundle.protocol.rules if r.id == reason.rule_id)
    assert reason.rule_id == "ci.isotretinoin_recent"
    assert reason.because == {"isotretinoin_when": "under_6_months"}
    assert reason.sources == list(rule.sources)
    assert reason.message == rule.message


# --- depth texts built from the bank's labels -------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "deeper", "places"),
    [
        # 1.0 mm on the cheeks: the spa and the medical clinic both allow it.
        (HOME, "1.0 mm", ["spa", "medical"]),
        (STRETCH | {"setting": "spa"}, "2.0-2.5 mm", ["medical"]),
        # Not decided yet is no place to go: only the settings that are one are named.
        (STRETCH | {"setting": "not_sure"}, "2.0-2.5 mm", ["medical"]),
    ],
)
def test_clinic_note_names_every_setting_that_allows_the_deeper_range(
    bundle: Bundle, changes: dict[str, AnswerValue], deeper: str, places: list[str]
) -> None:
    plan = only_depth(run(bundle, **changes))
    where = [bundle.settings.by_value[value].place for value in places]
    said = ", or ".join(where)
    wording = bundle.protocol.wording
    assert plan.clinic_note == wording.deeper_elsewhere.replace("{depth}", deeper).replace(
        "{places}", said
    )
    assert bundle.settings.by_value["not_sure"].label not in plan.clinic_note


def test_no_clinic_note_when_nothing_is_clinic_only(bundle: Bundle) -> None:
    assert only_depth(run(bundle, **HOME, treatment_areas=["around_eyes"])).clinic_note == ""


def test_area_cap_narrowing_names_the_area_and_cites_its_row(bundle: Bundle) -> None:
    (narrowing,) = only_depth(run(bundle)).narrowings
    cheeks = next(a for a in bundle.protocol.depth.areas if a.area == "cheeks")
    assert narrowing.description == f"{cheeks.label}: at most 1.0 mm"
    assert narrowing.sources == list(cheeks.sources)


def test_setting_ceiling_narrowing_names_the_setting(bundle: Bundle) -> None:
    plan = only_depth(run(bundle, **HOME, concerns=["texture"], treatment_areas=["body"]))
    assert (
        plan.narrowings[0].description
        == f"{bundle.settings.by_value['home'].label}: at most 0.5 mm"
    )


def test_adjustments_describe_what_they_do(bundle: Bundle) -> None:
    plan = only_depth(
        run(
            bundle,
            **{**STRETCH, "stretch_mark_areas": ["thighs"]},
            skin_tone_self="type_5",
            skin_conditions=["psoriasis"],
            skin_flaring="no",
        )
    )
    assert [n.description for n in plan.narrowings] == [
        "one tier gentler",
        "one step shallower",
    ]


# --- longevity and cost texts -------------------------------------------------------------------


def factor_of(rec: Recommendation, factor_id: str) -> Any:
    return next(f for f in rec.longevity.factors if f.id == factor_id)


def test_factor_text_is_filled_in_with_derived_facts(bundle: Bundle) -> None:
    decline = factor_of(run(bundle, age=45), "longevity.collagen_decline")
    template = next(f for f in bundle.protocol.longevity.factors if f.id == decline.id).text
    assert decline.text == template.format(collagen_years=25)
    assert decline.because == {"age": 45}


def test_factors_record_the_answers_behind_them(bundle: Bundle) -> None:
    smoking = factor_of(
        run(bundle, smoking="current", smoking_amount="under_10"), "longevity.smoking"
    )
    assert smoking.because == {"smoking": "current"}
    assert factor_of(run(bundle), "longevity.sunscreen_daily").because == {"sunscreen": "daily"}


@pytest.mark.parametrize(
    ("changes", "outlook", "months", "habits_help"),
    [
        pytest.param({}, "typical", 9, False, id="typical"),
        pytest.param({"alcohol": "8_to_14"}, "shorter", 8, False, id="drinking"),
        pytest.param(
            {"smoking": "current", "smoking_amount": "over_20", "sunscreen": "rarely"},
            "shorter",
            6,
            False,
            id="smoker-in-the-sun",
        ),
        pytest.param(
            {"age": 30, "sun_exposure": "little", "skincare": ["retinoids"], "smoking": "former"},
            "longer",
            11,
            True,
            id="habits-help",
        ),
        pytest.param(
            {"age": 22, "sun_exposure": "little", "sunscreen": "sometimes"},
            "longer",
            10,
            False,
            id="youth-helps-most",
        ),
    ],
)
def test_maintenance_advice_names_the_interval_and_praises_habits_only_when_they_help(
    bundle: Bundle, changes: Answers, outlook: str, months: int, habits_help: bool
) -> None:
    longevity = run(bundle, **changes).longevity
    baseline = bundle.protocol.longevity.baseline
    assert (longevity.outlook, longevity.interval_months) == (outlook, months)
    assert baseline.advice.format(months=months) in longevity.maintenance_advice
    assert (baseline.habits_help in longevity.maintenance_advice) is habits_help


@pytest.mark.parametrize("prp", ["yes", "not_sure"])
def test_cost_lines_carry_the_labels_of_the_setting_and_its_add_on(
    bundle: Bundle, prp: str
) -> None:
    cost = run(bundle, setting="spa", prp_interest=prp).cost
    assert cost is not None
    spa = bundle.settings.by_value["spa"]
    add_on = next(a for a in bundle.settings.add_ons if a.value == prp)
    assert cost.setting_label == spa.label
    assert [line.label for line in cost.lines] == [spa.label, add_on.label]


def test_home_cost_carries_the_settings_price_note(bundle: Bundle) -> None:
    cost = run(bundle, **HOME).cost
    assert cost is not None
    assert cost.note == bundle.settings.by_value["home"].price_note


def test_every_milestone_for_the_chosen_concerns_is_dated_in_date_order(bundle: Bundle) -> None:
    timeline = run(bundle).timeline  # fine lines only
    assert timeline is not None
    applies = [
        m.id
        for m in bundle.protocol.timeline.milestones
        if not m.concerns or "fine_lines" in m.concerns
    ]
    assert sorted(m.id for m in timeline.milestones) == sorted(applies)
    assert len(applies) < len(bundle.protocol.timeline.milestones)  # some are for others
    dates = [(m.from_date, m.to_date) for m in timeline.milestones]
    assert dates == sorted(dates)


# --- derived facts ------------------------------------------------------------------------------

QUIZ = [
    "fitz_eyes",
    "fitz_hair",
    "fitz_skin",
    "fitz_freckles",
    "fitz_sun_reaction",
    "fitz_tan_depth",
    "fitz_brown_hours",
    "fitz_face_sensitivity",
    "fitz_last_sun",
    "fitz_area_exposed",
]


def quiz_answers(bundle: Bundle, score: int) -> Answers:
    """Quiz answers adding up to ``score`` (each item scores 0-4)."""
    answers: Answers = {}
    remaining = score
    for question_id in QUIZ:
        item = min(4, remaining)
        remaining -= item
        question = bundle.bank.question(question_id)
        answers[question_id] = next(o.value for o in question.options if o.score == item)
    assert remaining == 0
    return answers


def test_quiz_questions_are_the_protocols(bundle: Bundle) -> None:
    assert list(bundle.protocol.facts.phototype.quiz_questions) == QUIZ


@pytest.mark.parametrize(
    ("score", "phototype"),
    [
        pytest.param(s, t, id=f"score_{s}-type_{t}")
        for s, t in [
            (0, 1),
            (6, 1),
            (7, 2),
            (13, 2),
            (14, 3),
            (20, 3),
            (21, 4),
            (27, 4),
            (28, 5),
            (34, 5),
            (35, 6),
            (40, 6),
        ]
    ],
)
def test_fitzpatrick_score_bands(bundle: Bundle, score: int, phototype: int) -> None:
    facts = derive_facts(bundle.bank, bundle.protocol, quiz_answers(bundle, score))
    assert facts["fitzpatrick_score"] == score
    assert facts["phototype_quiz"] == phototype
    assert facts["phototype"] == phototype
    assert "phototype_self" not in facts


def test_incomplete_quiz_gives_no_score(bundle: Bundle) -> None:
    answers = quiz_answers(bundle, 20)
    del answers["fitz_area_exposed"]
    facts = derive_facts(bundle.bank, bundle.protocol, answers)
    assert "fitzpatrick_score" not in facts
    assert "phototype" not in facts


@pytest.mark.parametrize(
    ("self_type", "score", "expected"),
    [
        pytest.param("type_2", 30, 5, id="quiz_higher"),
        pytest.param("type_6", 10, 6, id="self_higher"),
        pytest.param("type_3", 17, 3, id="agree"),
    ],
)
def test_higher_of_self_and_quiz_phototype_wins(
    bundle: Bundle, self_type: str, score: int, expected: int
) -> None:
    answers = {"skin_tone_self": self_type, **quiz_answers(bundle, score)}
    facts = derive_facts(bundle.bank, bundle.protocol, answers)
    assert facts["phototype_self"] == int(self_type.removeprefix("type_"))
    assert facts["phototype"] == expected


def test_not_sure_skin_tone_uses_the_quiz_alone(bundle: Bundle) -> None:
    answers = {"skin_tone_self": "not_sure", **quiz_answers(bundle, 22)}
    facts = derive_facts(bundle.bank, bundle.protocol, answers)
    assert "phototype_self" not in facts
    assert facts["phototype"] == 4


def test_collagen_years_count_from_age_20(bundle: Bundle) -> None:
    assert derive_facts(bundle.bank, bundle.protocol, {"age": 45})["collagen_years"] == 25
    assert derive_facts(bundle.bank, bundle.protocol, {"age": 18})["collagen_years"] == 0


@pytest.mark.parametrize(
    ("answers", "grade"),
    [
        pytest.param({"scar_look": "flat_marks"}, 1, id="flat_marks-1"),
        pytest.param({"scar_look": "only_i_notice"}, 2, id="only_i_notice-2"),
        pytest.param({"scar_look": "others_notice", "scar_stretch": "smooths"}, 3, id="smooths-3"),
        pytest.param({"scar_look": "others_notice", "scar_stretch": "stays"}, 4, id="stays-4"),
        pytest.param({"scar_look": "others_notice"}, None, id="stretch_unanswered-none"),
    ],
)
def test_acne_scar_grade(bundle: Bundle, answers: Answers, grade: int | None) -> None:
    facts = derive_facts(bundle.bank, bundle.protocol, answers)
    assert facts.get("acne_scar_grade") == grade


# --- trace --------------------------------------------------------------------------------------


def trace_of(rec: Recommendation) -> dict[str, tuple[list[str], dict[str, Any]]]:
    return {entry.output: (entry.rule_ids, dict(entry.because)) for entry in rec.trace}


def test_trace_has_an_entry_for_every_output(bundle: Bundle) -> None:
    rec = run(bundle)
    assert [entry.output for entry in rec.trace] == [
        "gate",
        "depth.fine_lines.cheeks",
        "timeline",
        "longevity",
        "aftercare",
        "cost",
        "notes",
    ]


def test_trace_of_a_clear_gate(bundle: Bundle) -> None:
    assert trace_of(run(bundle))["gate"] == (["gate.no_contraindication"], {})


def test_trace_of_a_blocked_gate_names_rules_and_answers(bundle: Bundle) -> None:
    rec = run(bundle, pregnancy="yes", keloid="yes")
    assert trace_of(rec)["gate"] == (
        ["ci.pregnancy", "ci.keloid"],
        {"keloid": "yes", "pregnancy": "yes"},
    )


def test_trace_of_each_depth(bundle: Bundle) -> None:
    rec = run(bundle, treatment_areas=["forehead", "cheeks"], skin_tone_self="type_5")
    trace = trace_of(rec)
    because = {
        "concerns": ["fine_lines"],
        "setting": "medical",
        "treatment_areas": ["forehead", "cheeks"],
    }
    assert trace["depth.fine_lines.forehead"] == (
        [
            "depth.concern.fine_lines.moderate",
            "depth.area.forehead",
            "adjust.darker_phototype",
            "depth.tier.superficial",
        ],
        {**because, "fact.phototype": 5},
    )
    # The cheeks' cap leaves one point (1.0 mm); type V still gets the step below it.
    assert trace["depth.fine_lines.cheeks"] == (
        [
            "depth.concern.fine_lines.moderate",
            "depth.area.cheeks",
            "adjust.darker_phototype",
            "depth.tier.moderate",
        ],
        {**because, "fact.phototype": 5},
    )


def test_trace_of_the_timeline(bundle: Bundle) -> None:
    rec = run(bundle)
    assert rec.timeline is not None
    rule_ids, because = trace_of(rec)["timeline"]
    assert rule_ids[:2] == ["plan.photoaging", "timeline.interval"]
    assert rule_ids[2:] == [m.id for m in rec.timeline.milestones]
    assert because == {"concerns": ["fine_lines"], "start_date": START}


def test_trace_of_longevity(bundle: Bundle) -> None:
    assert trace_of(run(bundle))["longevity"] == (
        [
            "longevity.baseline",
            "longevity.collagen_decline",
            "longevity.sunscreen_daily",
            "longevity.full_series",
        ],
        {"age": 35, "fact.deepest_mm": 1.0, "fact.sessions_planned": 4, "sunscreen": "daily"},
    )


def test_trace_of_cost(bundle: Bundle) -> None:
    assert trace_of(run(bundle))["cost"] == (
        ["settings.medical"],
        {"prp_interest": "no", "setting": "medical"},
    )
    assert trace_of(run(bundle, setting="spa", prp_interest="yes"))["cost"] == (
        ["settings.spa", "settings.add_on.prp_interest.yes"],
        {"prp_interest": "yes", "setting": "spa"},
    )


def test_trace_of_warnings_and_adjustments(bundle: Bundle) -> None:
    trace = trace_of(
        run(bundle, smoking="current", smoking_amount="over_20", skin_tone_self="type_4")
    )
    assert trace["warnings"] == (["warn.smoking"], {"smoking": "current"})
    assert trace["adjustments"] == (["adjust.darker_phototype"], {"fact.phototype": 4})
    assert trace["notes"] == (
        ["note.smoking_heavy", "note.first_time"],
        # First-time advice is about a plan: it needs something planned.
        {"fact.deepest_mm": 0.75, "previous_microneedling": "no", "smoking_amount": "over_20"},
    )
