"""The protocol rules through recommend(): gate, depth, timeline, longevity, extras, trace."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.facts import derive_facts
from intake_tui.core.recommend.engine import recommend
from intake_tui.core.recommend.models import DepthPlan, Recommendation
from tests.support import START, TODAY, baseline_answers

Answers = dict[str, AnswerValue]


def answers_with(**changes: Any) -> Answers:
    answers = baseline_answers()
    answers.update(changes)
    return answers


def run(bundle: Bundle, **changes: Any) -> Recommendation:
    return recommend(bundle, answers_with(**changes), today=TODAY)


def only_depth(rec: Recommendation) -> DepthPlan:
    assert len(rec.depths) == 1, [(d.concern, d.area) for d in rec.depths]
    return rec.depths[0]


def fired_in(rec: Recommendation, where: str) -> list[str]:
    findings = rec.gate.reasons if where == "reasons" else getattr(rec, where)
    return [f.rule_id for f in findings]


# --- every rule of rules.toml ---------------------------------------------------------

GO, DOCTOR, NOT_NOW = "go_ahead", "physician_first", "not_now"
COLD_SORES = {"cold_sore_history": "yes", "cold_sore_frequency": "rarely"}
HOME = {"setting": "home", "home_device_length": "0_3_to_0_5", "home_serums": "no"}
ECZEMA = {"skin_conditions": ["eczema"], "skin_flaring": "no"}


def stretch(colour: str = "white_silver", *areas: str) -> Answers:
    """Answers for stretch marks (on the tummy unless areas are given)."""
    return {
        "concerns": ["stretch_marks"],
        "stretch_colour": colour,
        "stretch_mark_areas": list(areas or ("abdomen",)),
    }


def acne(look: str, scar_stretch: str | None = None, raised: str = "no") -> Answers:
    """Answers for acne scars: how they look, whether they stretch out, raised or not."""
    answers: Answers = {"concerns": ["acne_scars"], "scar_look": look, "scars_raised": raised}
    if scar_stretch is not None:
        answers["scar_stretch"] = scar_stretch
    return answers


STRETCH = stretch()
BODY = {"treatment_areas": ["body"]}


def rule(rule_id: str, decision: str, where: str, physician: bool, **changes: Any) -> Any:
    """One row: the rule, the answers that fire it, the gate, where it shows, physician."""
    return pytest.param(rule_id, changes, decision, where, physician, id=rule_id)


RULE_CASES = [
    rule("gate.minor", NOT_NOW, "reasons", True, age=15),
    rule("note.young_adult", GO, "notes", False, age=20),
    rule("ci.active_infection", NOT_NOW, "reasons", False, active_infection="yes"),
    rule("ci.active_infection_unsure", DOCTOR, "reasons", True, active_infection="not_sure"),
    rule("ci.active_acne", NOT_NOW, "reasons", False, active_acne="inflamed"),
    rule("warn.few_spots", GO, "warnings", False, active_acne="few_spots"),
    rule("ci.sunburn", NOT_NOW, "reasons", False, recent_sun="sunburn_now"),
    rule("warn.recent_tan", GO, "warnings", False, recent_sun="tan_2_weeks"),
    # A flare blocks; the eczema referral fires too, so a physician reviews.
    rule("ci.skin_flaring", NOT_NOW, "reasons", True, **{**ECZEMA, "skin_flaring": "yes"}),
    rule(
        "ci.skin_condition", DOCTOR, "reasons", True, **{**ECZEMA, "skin_conditions": ["psoriasis"]}
    ),
    rule(
        "adjust.sensitive_skin",
        DOCTOR,
        "adjustments",
        True,
        **{**ECZEMA, "skin_conditions": ["rosacea"]},
    ),
    rule("ci.skin_cancer", NOT_NOW, "reasons", True, skin_cancer="yes"),
    rule("ci.skin_cancer_unsure", DOCTOR, "reasons", True, skin_cancer="not_sure"),
    rule("ci.pregnancy", NOT_NOW, "reasons", False, pregnancy="yes"),
    rule("ci.pregnancy_unsure", DOCTOR, "reasons", True, pregnancy="not_sure"),
    rule("note.pregnancy_private", GO, "notes", False, pregnancy="prefer_not_to_say"),
    rule("ci.bleeding_disorder", NOT_NOW, "reasons", True, bleeding_disorder="yes"),
    rule("ci.bleeding_unsure", DOCTOR, "reasons", True, bleeding_disorder="not_sure"),
    rule("ci.blood_thinners", DOCTOR, "reasons", True, blood_thinners="yes"),
    rule("ci.keloid", DOCTOR, "reasons", True, keloid="yes"),
    rule("warn.keloid_unsure", GO, "warnings", False, keloid="not_sure"),
    rule(
        "ci.isotretinoin_recent",
        DOCTOR,
        "reasons",
        True,
        isotretinoin="yes",
        isotretinoin_when="taking_now",
    ),
    rule(
        "note.isotretinoin_6_12",
        GO,
        "notes",
        False,
        isotretinoin="yes",
        isotretinoin_when="6_12_months",
    ),
    rule(
        "note.isotretinoin_past",
        GO,
        "notes",
        False,
        isotretinoin="yes",
        isotretinoin_when="over_12_months",
    ),
    rule("ci.diabetes", DOCTOR, "reasons", True, diabetes="yes_controlled"),
    rule("ci.immune", DOCTOR, "reasons", True, immune="not_sure"),
    rule("ci.radiation_recent", DOCTOR, "reasons", True, radiation="within_3_months"),
    rule("note.radiation_past", GO, "notes", False, radiation="longer_ago"),
    rule("ci.allergy", DOCTOR, "reasons", True, allergies=["metal_nickel"]),
    rule("ci.melasma", DOCTOR, "reasons", True, concerns=["dark_patches"], melasma_diagnosed="yes"),
    rule(
        "warn.melasma_unsure",
        GO,
        "warnings",
        False,
        concerns=["dark_patches"],
        melasma_diagnosed="not_sure",
    ),
    rule("ci.pih_history", DOCTOR, "reasons", True, pih_history="yes"),
    rule("warn.pih_unsure", GO, "warnings", False, pih_history="not_sure"),
    rule(
        "ci.previous_reaction",
        DOCTOR,
        "reasons",
        True,
        previous_microneedling="yes",
        previous_reaction="infection_rash",
    ),
    rule(
        "note.previous_fine",
        GO,
        "notes",
        False,
        previous_microneedling="yes",
        previous_reaction="fine",
    ),
    rule("note.first_time", GO, "notes", False),
    rule("ci.severe_acne_scars", DOCTOR, "reasons", True, **acne("others_notice", "stays")),
    rule("ci.raised_scars", DOCTOR, "reasons", True, **acne("flat_marks", raised="yes")),
    rule(
        "warn.raised_scars_unsure", GO, "warnings", False, **acne("flat_marks", raised="not_sure")
    ),
    rule("note.acne_mild_scars", GO, "notes", False, **acne("only_i_notice")),
    # A referral, despite its "warn." id.
    rule("ci.cold_sore_history", DOCTOR, "reasons", True, **COLD_SORES, cold_sore_last="over_year"),
    rule(
        "note.cold_sores_frequent",
        DOCTOR,
        "notes",
        True,
        **{**COLD_SORES, "cold_sore_frequency": "three_plus_year"},
        cold_sore_last="over_year",
    ),
    rule("note.cold_sores_other", GO, "notes", False, cold_sore_history="not_sure"),
    rule("adjust.darker_phototype", GO, "adjustments", False, skin_tone_self="type_5"),
    rule("warn.smoking", GO, "warnings", False, smoking="current", smoking_amount="10_to_20"),
    rule("note.smoking_heavy", GO, "notes", False, smoking="current", smoking_amount="over_20"),
    rule("note.smoking_other", GO, "notes", False, smoking="prefer_not_to_say"),
    rule("warn.home_serums", GO, "warnings", False, **{**HOME, "home_serums": "yes"}),
    rule(
        "warn.home_device_deep", GO, "warnings", False, **{**HOME, "home_device_length": "over_0_5"}
    ),
    rule(
        "warn.home_device_unknown",
        GO,
        "warnings",
        False,
        **{**HOME, "home_device_length": "not_sure"},
    ),
    rule("note.home_device_ok", GO, "notes", False, **HOME),
    rule("note.prp", GO, "notes", False, prp_interest="yes"),
    rule("note.stretch_white", GO, "notes", False, **STRETCH),
    rule("warn.recent_peel_laser", GO, "warnings", False, recent_procedures=["peel_laser"]),
    rule("warn.recent_neurotoxin", GO, "warnings", False, recent_procedures=["neurotoxin"]),
    rule("warn.recent_filler", GO, "warnings", False, recent_procedures=["filler"]),
    rule("note.alcohol_private", GO, "notes", False, alcohol="prefer_not_to_say"),
]


@pytest.mark.parametrize(("rule_id", "changes", "decision", "where", "physician"), RULE_CASES)
def test_rule_fires_with_its_decision(
    bundle: Bundle,
    rule_id: str,
    changes: Answers,
    decision: str,
    where: str,
    physician: bool,
) -> None:
    rec = run(bundle, **changes)
    assert rec.gate.decision == decision
    assert rule_id in fired_in(rec, where)
    assert rec.gate.physician_review is physician


def test_rule_table_covers_every_rule_in_rules_toml(bundle: Bundle) -> None:
    covered = {case.values[0] for case in RULE_CASES}
    assert covered == {rule.id for rule in bundle.protocol.rules}


@pytest.mark.parametrize(
    ("rule_id", "changes"),
    [
        pytest.param(
            "ci.active_infection", {**COLD_SORES, "cold_sore_last": "now"}, id="cold_sore_now"
        ),
        pytest.param(
            "ci.pih_history",
            {"previous_microneedling": "yes", "previous_reaction": "dark_marks"},
            id="dark_marks_last_time",
        ),
        pytest.param("warn.recent_tan", {"recent_sun": "not_sure"}, id="recent_sun_unsure"),
        pytest.param(
            "note.cold_sores_other",
            {**COLD_SORES, "cold_sore_last": "within_month"},
            id="cold_sore_within_month",
        ),
        pytest.param("ci.diabetes", {"diabetes": "yes_not_controlled"}, id="diabetes_uncontrolled"),
        pytest.param(
            "ci.blood_thinners", {"blood_thinners": "not_sure"}, id="blood_thinners_unsure"
        ),
        pytest.param("note.prp", {"prp_interest": "not_sure"}, id="prp_unsure"),
    ],
)
def test_rule_fires_through_its_other_branch(
    bundle: Bundle, rule_id: str, changes: Answers
) -> None:
    rec = run(bundle, **changes)
    fired = fired_in(rec, "reasons") + fired_in(rec, "warnings") + fired_in(rec, "notes")
    assert rule_id in fired


def test_baseline_is_go_ahead_with_only_the_first_time_note(bundle: Bundle) -> None:
    rec = run(bundle)
    assert rec.gate.decision == "go_ahead"
    assert rec.gate.reasons == []
    assert rec.gate.physician_review is False
    assert (rec.warnings, rec.adjustments) == ([], [])
    assert fired_in(rec, "notes") == ["note.first_time"]


def test_active_cold_sore_blocks_and_refers(bundle: Bundle) -> None:
    rec = run(bundle, **COLD_SORES, cold_sore_last="now")
    assert rec.gate.decision == "not_now"
    assert fired_in(rec, "reasons") == ["ci.active_infection", "ci.cold_sore_history"]
    assert rec.gate.physician_review is True


def test_block_outranks_referral_and_lists_blocks_first(bundle: Bundle) -> None:
    rec = run(bundle, pregnancy="yes", diabetes="yes_controlled")
    assert rec.gate.decision == "not_now"
    assert fired_in(rec, "reasons") == ["ci.pregnancy", "ci.diabetes"]
    assert rec.gate.physician_review is True


def test_fired_rule_records_the_answers_behind_it(bundle: Bundle) -> None:
    rec = run(bundle, isotretinoin="yes", isotretinoin_when="under_6_months")
    reason = rec.gate.reasons[0]
    assert reason.rule_id == "ci.isotretinoin_recent"
    assert reason.because == {"isotretinoin_when": "under_6_months"}
    assert reason.sources == ["facts:S5", "facts:S23", "facts:§8"]


def test_answer_to_a_hidden_question_fires_nothing(bundle: Bundle) -> None:
    # isotretinoin_when is only asked after isotretinoin = yes.
    rec = run(bundle, isotretinoin="no", isotretinoin_when="taking_now")
    assert rec.gate.decision == "go_ahead"
    assert "ci.isotretinoin_recent" not in fired_in(rec, "reasons")


def test_minor_gets_no_plan_only_the_general_picture(bundle: Bundle) -> None:
    rec = run(bundle, age=16)
    assert fired_in(rec, "reasons") == ["gate.minor"]
    assert (rec.depths, rec.timeline, rec.cost, rec.aftercare) == ([], None, None, [])
    assert rec.longevity.factors == []
    assert rec.longevity.outlook == "typical"


def test_plans_are_on_hold_unless_go_ahead(bundle: Bundle) -> None:
    assert only_depth(run(bundle)).status == "recommended"
    assert only_depth(run(bundle, keloid="yes")).status == "on_hold"
    assert only_depth(run(bundle, pregnancy="yes")).status == "on_hold"


# --- depth ---------------------------------------------------------------------------


def depth(case_id: str, tier: str, low: float, high: float, **changes: Any) -> Any:
    """One row: the answers changed from the baseline, then the expected tier and range."""
    return pytest.param(changes, tier, low, high, id=case_id)


DEPTH_CASES = [
    depth("fine_lines-cheeks-medical", "moderate", 1.0, 1.0),
    depth("wrinkles-cheeks-medical-step_down", "moderate", 1.0, 1.0, concerns=["wrinkles"]),
    depth("fine_lines-around_eyes", "superficial", 0.25, 0.25, treatment_areas=["around_eyes"]),
    depth("fine_lines-forehead", "superficial", 0.25, 0.5, treatment_areas=["forehead"]),
    depth(
        "wrinkles-forehead",
        "superficial",
        0.25,
        0.5,
        concerns=["wrinkles"],
        treatment_areas=["forehead"],
    ),
    depth("fine_lines-neck", "superficial", 0.25, 0.5, treatment_areas=["neck"]),
    depth("fine_lines-chin_jaw", "moderate", 1.0, 1.0, treatment_areas=["chin_jaw"]),
    depth("enlarged_pores-cheeks", "superficial", 0.25, 0.5, concerns=["enlarged_pores"]),
    depth("texture-body", "moderate", 1.0, 1.5, concerns=["texture"], **BODY),
    depth(
        "dark_patches-body",
        "moderate",
        1.0,
        1.5,
        concerns=["dark_patches"],
        melasma_diagnosed="no",
        **BODY,
    ),
    depth("stretch_marks-abdomen-white-medical", "deep", 2.0, 2.5, **STRETCH),
    depth("stretch_marks-abdomen-red_purple", "moderate", 1.0, 1.5, **stretch("red_purple")),
    depth(
        "stretch_marks-thighs-colour_not_sure", "deep", 2.0, 2.5, **stretch("not_sure", "thighs")
    ),
    depth(
        "stretch_marks-chest-white-step_down",
        "moderate",
        1.0,
        1.5,
        **stretch("white_silver", "breasts_chest"),
    ),
    depth("stretch_marks-setting_not_sure", "moderate", 1.0, 1.5, **STRETCH, setting="not_sure"),
    depth("acne_scars-grade_1-cheeks", "superficial", 0.25, 0.5, **acne("flat_marks")),
    depth("acne_scars-grade_2-cheeks", "moderate", 1.0, 1.0, **acne("only_i_notice")),
    depth("acne_scars-grade_3-cheeks", "moderate", 1.0, 1.0, **acne("others_notice", "smooths")),
    depth(
        "acne_scars-grade_3-body", "moderate", 1.0, 1.5, **acne("others_notice", "smooths"), **BODY
    ),
    depth("acne_scars-no_grade-body", "moderate", 1.0, 1.5, **acne("others_notice"), **BODY),
    depth("home-fine_lines-cheeks", "superficial", 0.25, 0.5, **HOME),
    depth("spa-fine_lines-cheeks", "moderate", 1.0, 1.0, setting="spa"),
    depth("spa-stretch_marks-deep_to_moderate", "moderate", 1.0, 1.5, **STRETCH, setting="spa"),
    depth(
        "type_5-texture-body-lower_half",
        "moderate",
        1.0,
        1.25,
        skin_tone_self="type_5",
        concerns=["texture"],
        **BODY,
    ),
    depth(
        "type_4-forehead-lower_half",
        "superficial",
        0.25,
        0.35,
        skin_tone_self="type_4",
        treatment_areas=["forehead"],
    ),
    depth("type_6-stretch_marks-lower_half", "deep", 2.0, 2.25, **STRETCH, skin_tone_self="type_6"),
    depth("type_5-cheeks-single_value_unchanged", "moderate", 1.0, 1.0, skin_tone_self="type_5"),
    depth("eczema-fine_lines-cheeks-drops_tier", "superficial", 0.25, 0.5, **ECZEMA),
    depth(
        "eczema-texture-body-drops_tier",
        "superficial",
        0.25,
        0.5,
        **ECZEMA,
        concerns=["texture"],
        **BODY,
    ),
    depth("eczema-stretch_marks-drops_tier", "moderate", 1.0, 1.5, **ECZEMA, **STRETCH),
    depth(
        "eczema-type_5-texture-body",
        "superficial",
        0.25,
        0.35,
        **ECZEMA,
        skin_tone_self="type_5",
        concerns=["texture"],
        **BODY,
    ),
]


@pytest.mark.parametrize(("changes", "tier", "low", "high"), DEPTH_CASES)
def test_depth_for_concern_area_and_setting(
    bundle: Bundle, changes: Answers, tier: str, low: float, high: float
) -> None:
    plan = only_depth(run(bundle, **changes))
    assert (plan.tier, plan.min_mm, plan.max_mm) == (tier, low, high)


def test_each_chosen_concern_and_area_gets_its_own_depth(bundle: Bundle) -> None:
    rec = run(
        bundle,
        concerns=["fine_lines", "stretch_marks"],
        treatment_areas=["forehead", "cheeks"],
        stretch_colour="red_purple",
        stretch_mark_areas=["abdomen", "arms"],
    )
    assert [(d.concern, d.area, d.min_mm, d.max_mm) for d in rec.depths] == [
        ("fine_lines", "forehead", 0.25, 0.5),
        ("fine_lines", "cheeks", 1.0, 1.0),
        ("stretch_marks", "abdomen", 1.0, 1.5),
        ("stretch_marks", "arms", 1.0, 1.5),
    ]


def test_face_concern_on_the_body_gets_no_depth(bundle: Bundle) -> None:
    # fine_lines rows cover face and neck only.
    assert run(bundle, treatment_areas=["body"]).depths == []


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="fine_lines-cheeks"),
        pytest.param({"concerns": ["wrinkles"]}, id="wrinkles-cheeks"),
        pytest.param({"concerns": ["texture"], **BODY}, id="texture-body"),
        pytest.param(STRETCH, id="stretch_marks-abdomen"),
        pytest.param(
            {**acne("others_notice", "smooths"), "treatment_areas": ["chin_jaw", "body"]},
            id="acne_scars-grade_3",
        ),
    ],
)
def test_home_never_goes_above_half_a_millimetre(bundle: Bundle, changes: Answers) -> None:
    rec = run(bundle, **{**changes, **HOME})
    assert rec.depths
    for plan in rec.depths:
        assert (plan.tier, plan.min_mm, plan.max_mm) == ("superficial", 0.25, 0.5)
        assert plan.clinic_only is True
        assert plan.clinic_min_mm >= 1.0


def test_home_marks_the_deeper_range_as_clinic_only(bundle: Bundle) -> None:
    plan = only_depth(run(bundle, **HOME))
    assert (plan.clinic_only, plan.clinic_min_mm, plan.clinic_max_mm) == (True, 1.0, 1.0)
    assert plan.clinic_note == "Deeper treatment (1.0 mm) is only for: Spa or salon."


def test_home_around_the_eyes_is_not_clinic_only(bundle: Bundle) -> None:
    plan = only_depth(run(bundle, **HOME, treatment_areas=["around_eyes"]))
    assert (plan.min_mm, plan.max_mm, plan.clinic_only) == (0.25, 0.25, False)
    assert plan.clinic_note == ""


def test_spa_ceiling_points_to_the_medical_clinic_for_deep_work(bundle: Bundle) -> None:
    plan = only_depth(run(bundle, **STRETCH, setting="spa"))
    assert (plan.clinic_only, plan.clinic_min_mm, plan.clinic_max_mm) == (True, 2.0, 2.5)
    assert plan.clinic_note == "Deeper treatment (2.0-2.5 mm) is only for: Medical clinic."


def test_medical_clinic_is_never_clinic_only(bundle: Bundle) -> None:
    plan = only_depth(run(bundle, **STRETCH))
    assert (plan.clinic_only, plan.clinic_min_mm, plan.clinic_max_mm) == (False, 0.0, 0.0)


def test_sensitive_skin_is_gentler_even_where_the_area_cap_steps_down(bundle: Bundle) -> None:
    plain = only_depth(run(bundle, concerns=["wrinkles"]))
    sensitive = only_depth(run(bundle, concerns=["wrinkles"], **ECZEMA))
    assert sensitive.max_mm < plain.max_mm


# --- narrowings ------------------------------------------------------------------------


def narrowings(plan: DepthPlan) -> list[tuple[str, tuple[float, float], tuple[float, float]]]:
    return [(n.rule_id, n.from_mm, n.to_mm) for n in plan.narrowings]


def test_area_cap_is_recorded_as_a_narrowing(bundle: Bundle) -> None:
    plan = only_depth(run(bundle))
    assert narrowings(plan) == [("depth.area.cheeks", (1.0, 1.5), (1.0, 1.0))]
    assert plan.narrowings[0].description == "Cheeks: at most 1.0 mm"
    assert plan.narrowings[0].sources == ["facts:S20a", "facts:S20b", "facts:§2a"]


def test_step_down_from_deep_is_one_recorded_step(bundle: Bundle) -> None:
    plan = only_depth(run(bundle, concerns=["wrinkles"]))
    assert narrowings(plan) == [("depth.area.cheeks", (2.0, 2.5), (1.0, 1.0))]


def test_no_narrowing_when_nothing_limits_the_tier(bundle: Bundle) -> None:
    assert only_depth(run(bundle, **STRETCH)).narrowings == []


def test_narrowings_apply_tier_area_setting_then_conservative_end(bundle: Bundle) -> None:
    plan = only_depth(
        run(
            bundle,
            **stretch("white_silver", "thighs"),
            setting="spa",
            skin_tone_self="type_5",
            skin_conditions=["psoriasis"],
            skin_flaring="no",
        )
    )
    # deep 2.0-2.5 -> sensitive: moderate 1.0-1.5 -> thighs 2.5 and spa 1.5 change nothing
    # -> darker phototype: lower half.
    assert narrowings(plan) == [
        ("adjust.sensitive_skin", (2.0, 2.5), (1.0, 1.5)),
        ("adjust.darker_phototype", (1.0, 1.5), (1.0, 1.25)),
    ]
    assert [n.description for n in plan.narrowings] == [
        "one tier gentler",
        "the conservative end of the range",
    ]


def test_home_ceiling_then_darker_phototype_are_both_recorded(bundle: Bundle) -> None:
    plan = only_depth(
        run(bundle, **HOME, skin_tone_self="type_4", concerns=["texture"], treatment_areas=["body"])
    )
    assert narrowings(plan) == [
        ("settings.home", (1.0, 1.5), (0.25, 0.5)),
        ("adjust.darker_phototype", (0.25, 0.5), (0.25, 0.35)),
    ]
    assert plan.narrowings[0].description == "At home: at most 0.5 mm"
    assert (plan.clinic_min_mm, plan.clinic_max_mm) == (1.0, 1.25)


def test_forehead_cap_then_sensitive_skin_which_is_already_gentlest(bundle: Bundle) -> None:
    plan = only_depth(run(bundle, concerns=["wrinkles"], treatment_areas=["forehead"], **ECZEMA))
    assert narrowings(plan) == [("depth.area.forehead", (2.0, 2.5), (0.25, 0.5))]


def test_sensitive_skin_drops_a_tier_below_the_area_cap(bundle: Bundle) -> None:
    plan = only_depth(run(bundle, concerns=["wrinkles"], **ECZEMA))
    assert narrowings(plan) == [
        ("depth.area.cheeks", (2.0, 2.5), (1.0, 1.0)),
        ("adjust.sensitive_skin", (1.0, 1.0), (0.25, 0.5)),
    ]


# --- timeline -------------------------------------------------------------------------------


def plan(case_id: str, plan_id: str, planned: int, low: int, high: int, **changes: Any) -> Any:
    """One row: answers changed, then plan id, planned sessions and the plan's range."""
    return pytest.param(changes, plan_id, planned, low, high, id=case_id)


PLAN_CASES = [
    plan("default-texture", "plan.default", 3, 3, 6, concerns=["texture"]),
    plan("default-pores", "plan.default", 3, 3, 6, concerns=["enlarged_pores"]),
    plan("photoaging-fine_lines", "plan.photoaging", 4, 3, 6),
    plan("photoaging-wrinkles", "plan.photoaging", 4, 3, 6, concerns=["wrinkles"]),
    plan("acne_scars-grade_2", "plan.acne_scars", 4, 3, 6, **acne("only_i_notice")),
    plan("severe_scars-grade_3", "plan.severe_scars", 6, 4, 8, **acne("others_notice", "smooths")),
    plan("severe_scars-grade_4", "plan.severe_scars", 6, 4, 8, **acne("others_notice", "stays")),
    plan("stretch_marks", "plan.stretch_marks", 6, 5, 8, **STRETCH),
    plan(
        "longest_wins",
        "plan.stretch_marks",
        6,
        5,
        8,
        **{**STRETCH, "concerns": ["fine_lines", "stretch_marks"]},
    ),
]


@pytest.mark.parametrize(("changes", "plan_id", "planned", "low", "high"), PLAN_CASES)
def test_planned_sessions_per_plan(
    bundle: Bundle, changes: Answers, plan_id: str, planned: int, low: int, high: int
) -> None:
    timeline = run(bundle, **changes).timeline
    assert timeline is not None
    assert (timeline.plan_id, timeline.planned) == (plan_id, planned)
    assert (timeline.sessions_min, timeline.sessions_max) == (low, high)
    assert len(timeline.sessions) == planned


def test_session_windows_step_four_to_six_weeks_from_the_start(bundle: Bundle) -> None:
    timeline = run(bundle).timeline
    assert timeline is not None
    assert timeline.start_date == START == date(2026, 12, 7)
    assert (timeline.interval_min_weeks, timeline.interval_max_weeks) == (4, 6)
    assert [(s.number, s.earliest, s.latest) for s in timeline.sessions] == [
        (1, date(2026, 12, 7), date(2026, 12, 7)),
        (2, date(2027, 1, 4), date(2027, 1, 18)),
        (3, date(2027, 2, 1), date(2027, 3, 1)),
        (4, date(2027, 3, 1), date(2027, 4, 12)),
    ]


def test_without_a_start_date_the_plan_starts_today(bundle: Bundle) -> None:
    answers = baseline_answers()
    del answers["start_date"]
    timeline = recommend(bundle, answers, today=TODAY).timeline
    assert timeline is not None
    assert timeline.start_date == TODAY
    assert timeline.sessions[1].earliest == date(2026, 12, 24)


# (milestone id, from, to) for the baseline: start 2026-12-07, 4 sessions.
MILESTONE_CASES = [
    ("milestone.redness", date(2026, 12, 8), date(2026, 12, 10)),
    ("milestone.proliferation", date(2026, 12, 11), date(2026, 12, 28)),
    ("milestone.subtle", date(2026, 12, 14), date(2026, 12, 21)),
    ("milestone.significant", date(2027, 1, 4), date(2027, 1, 18)),
    ("milestone.maturation", date(2026, 12, 28), date(2027, 5, 24)),
    ("milestone.visible_studies", date(2027, 3, 7), date(2027, 5, 6)),
    ("milestone.remodelling_ends", date(2027, 3, 1), date(2027, 10, 11)),
]


@pytest.mark.parametrize(
    ("milestone_id", "begin", "end"),
    [pytest.param(*case, id=case[0]) for case in MILESTONE_CASES],
)
def test_milestone_dates(bundle: Bundle, milestone_id: str, begin: date, end: date) -> None:
    timeline = run(bundle).timeline
    assert timeline is not None
    milestone = next(m for m in timeline.milestones if m.id == milestone_id)
    assert (milestone.from_date, milestone.to_date) == (begin, end)


def test_every_milestone_is_dated(bundle: Bundle) -> None:
    timeline = run(bundle).timeline
    assert timeline is not None
    assert [m.id for m in timeline.milestones] == [
        m.id for m in bundle.protocol.timeline.milestones
    ]


def test_remodelling_end_follows_the_last_of_six_sessions(bundle: Bundle) -> None:
    timeline = run(bundle, **STRETCH).timeline
    assert timeline is not None
    last = timeline.sessions[-1]
    # 5 intervals of 4 to 6 weeks after 2026-12-07.
    assert (last.number, last.earliest, last.latest) == (6, date(2027, 4, 26), date(2027, 7, 5))
    end = next(m for m in timeline.milestones if m.id == "milestone.remodelling_ends")
    assert (end.from_date, end.to_date) == (date(2027, 4, 26), date(2028, 1, 3))


# --- longevity -------------------------------------------------------------------------------


def factor_ids(rec: Recommendation) -> list[str]:
    return [f.id for f in rec.longevity.factors]


def test_baseline_longevity_factors_and_outlook(bundle: Bundle) -> None:
    rec = run(bundle)
    assert factor_ids(rec) == [
        "longevity.collagen_decline",
        "longevity.sunscreen_daily",
        "longevity.deeper_treatment",
    ]
    assert rec.longevity.outlook == "longer"
    assert rec.longevity.maintenance_advice.startswith("Your habits help results last")
    assert (rec.longevity.typical_months, rec.longevity.maintenance_min_months) == (6, 6)
    assert rec.longevity.maintenance_max_months == 12


def test_smoking_shortens_results(bundle: Bundle) -> None:
    rec = run(bundle, smoking="current", smoking_amount="under_10")
    smoking = next(f for f in rec.longevity.factors if f.id == "longevity.smoking")
    assert smoking.direction == "shortens"
    assert smoking.because == {"smoking": "current"}


def test_stopping_smoking_lengthens_results(bundle: Bundle) -> None:
    rec = run(bundle, smoking="former")
    former = next(f for f in rec.longevity.factors if f.id == "longevity.stopped_smoking")
    assert former.direction == "lengthens"


def test_daily_sunscreen_lengthens_results(bundle: Bundle) -> None:
    rec = run(bundle)
    sunscreen = next(f for f in rec.longevity.factors if f.id == "longevity.sunscreen_daily")
    assert sunscreen.direction == "lengthens"
    assert sunscreen.because == {"sunscreen": "daily"}
    assert "longevity.sunscreen_daily" not in factor_ids(run(bundle, sunscreen="rarely"))


def test_age_45_names_25_years_of_collagen_decline(bundle: Bundle) -> None:
    rec = run(bundle, age=45)
    decline = next(f for f in rec.longevity.factors if f.id == "longevity.collagen_decline")
    assert decline.direction == "shortens"
    assert "(about 25 years of decline so far)" in decline.text
    assert decline.because == {"age": 45}


def test_under_30_skin_lengthens_instead_of_collagen_decline(bundle: Bundle) -> None:
    ids = factor_ids(run(bundle, age=29))
    assert "longevity.younger_skin" in ids
    assert "longevity.collagen_decline" not in ids


def test_shallow_only_treatment_shortens(bundle: Bundle) -> None:
    rec = run(bundle, treatment_areas=["forehead"])
    assert "longevity.shallow_only" in factor_ids(rec)
    assert "longevity.deeper_treatment" not in factor_ids(rec)


# (id, answer changes, outlook)
OUTLOOK_CASES = [
    ("longer-baseline", {}, "longer"),
    ("typical-moderate_drinking", {"alcohol": "8_to_14"}, "typical"),
    (
        "shorter-smoker_in_the_sun",
        {"smoking": "current", "smoking_amount": "over_20", "sunscreen": "rarely"},
        "shorter",
    ),
]


@pytest.mark.parametrize(
    ("changes", "outlook"), [pytest.param(*case[1:], id=case[0]) for case in OUTLOOK_CASES]
)
def test_longevity_outlook(bundle: Bundle, changes: Answers, outlook: str) -> None:
    assert run(bundle, **changes).longevity.outlook == outlook


def test_shorter_outlook_advises_six_monthly_top_ups(bundle: Bundle) -> None:
    rec = run(bundle, smoking="current", smoking_amount="over_20", sunscreen="rarely")
    assert factor_ids(rec) == [
        "longevity.collagen_decline",
        "longevity.smoking",
        "longevity.sun_unprotected",
        "longevity.deeper_treatment",
    ]
    assert rec.longevity.maintenance_advice == bundle.protocol.longevity.baseline.advice_shorter


# --- aftercare --------------------------------------------------------------------------------

BASE_AFTERCARE = [
    "aftercare.sunscreen",
    "aftercare.moisturise",
    "aftercare.no_picking",
    "aftercare.makeup",
    "aftercare.sweat",
    "aftercare.nutrition",
]


def aftercare_ids(rec: Recommendation) -> list[str]:
    return [a.id for a in rec.aftercare]


def test_baseline_gets_the_general_aftercare_only(bundle: Bundle) -> None:
    assert aftercare_ids(run(bundle)) == BASE_AFTERCARE


def test_retinoid_user_pauses_before_and_after(bundle: Bundle) -> None:
    ids = aftercare_ids(run(bundle, skincare=["retinoids"]))
    assert "aftercare.retinoids_before" in ids
    assert "aftercare.actives_after" in ids
    assert "aftercare.acids_before" not in ids


def test_acids_user_avoids_acids_before(bundle: Bundle) -> None:
    ids = aftercare_ids(run(bundle, skincare=["acids"]))
    assert {"aftercare.acids_before", "aftercare.actives_after"} <= set(ids)
    assert "aftercare.retinoids_before" not in ids


def test_home_use_gets_device_hygiene(bundle: Bundle) -> None:
    assert "aftercare.home_hygiene" in aftercare_ids(run(bundle, **HOME))
    assert "aftercare.home_hygiene" not in aftercare_ids(run(bundle))


@pytest.mark.parametrize(
    ("skin_tone", "prep"),
    [
        pytest.param("type_3", False, id="type_3-no_prep"),
        pytest.param("type_4", True, id="type_4-prep"),
        pytest.param("type_6", True, id="type_6-prep"),
    ],
)
def test_darker_phototype_gets_pigment_prep(bundle: Bundle, skin_tone: str, prep: bool) -> None:
    ids = aftercare_ids(run(bundle, skin_tone_self=skin_tone))
    assert ("aftercare.pigment_prep" in ids) is prep


def test_smoker_gets_smoking_aftercare(bundle: Bundle) -> None:
    ids = aftercare_ids(run(bundle, smoking="current", smoking_amount="under_10"))
    assert ids[-1] == "aftercare.smoking"


# --- cost -------------------------------------------------------------------------------------


def test_spa_cost_is_per_session_price_times_planned_sessions(bundle: Bundle) -> None:
    cost = run(bundle, setting="spa").cost
    assert cost is not None
    assert (cost.currency, cost.setting, cost.sessions) == ("USD", "spa", 4)
    assert [(c.label, c.per_session_low, c.per_session_high) for c in cost.lines] == [
        ("Spa or salon", 150, 350)
    ]
    assert (cost.series_low, cost.series_high) == (600, 1400)


def test_spa_cost_for_six_stretch_mark_sessions(bundle: Bundle) -> None:
    cost = run(bundle, **STRETCH, setting="spa").cost
    assert cost is not None
    assert (cost.sessions, cost.series_low, cost.series_high) == (6, 900, 2100)


def test_medical_clinic_cost(bundle: Bundle) -> None:
    cost = run(bundle).cost
    assert cost is not None
    assert (cost.series_low, cost.series_high) == (1200, 2800)


def test_prp_add_on_adds_its_price_to_every_session(bundle: Bundle) -> None:
    cost = run(bundle, setting="spa", prp_interest="yes").cost
    assert cost is not None
    assert [(c.label, c.per_session_low, c.per_session_high) for c in cost.lines] == [
        ("Spa or salon", 150, 350),
        ("PRP add-on", 100, 400),
    ]
    assert (cost.series_low, cost.series_high) == (1000, 3000)


def test_prp_not_sure_is_priced_as_if_chosen(bundle: Bundle) -> None:
    cost = run(bundle, setting="not_sure", prp_interest="not_sure").cost
    assert cost is not None
    assert [c.label for c in cost.lines] == [
        "Spa or medical clinic (not decided)",
        "PRP add-on (if chosen)",
    ]
    assert (cost.series_low, cost.series_high) == ((150 + 100) * 4, (700 + 400) * 4)


def test_maintenance_per_year_is_one_to_two_base_sessions(bundle: Bundle) -> None:
    cost = run(bundle, setting="spa", prp_interest="yes").cost
    assert cost is not None
    assert (cost.maintenance_year_low, cost.maintenance_year_high) == (150, 700)


def test_home_has_no_price_lines_and_a_note(bundle: Bundle) -> None:
    cost = run(bundle, **HOME).cost
    assert cost is not None
    assert cost.lines == []
    assert (cost.series_low, cost.series_high) == (0, 0)
    assert (cost.maintenance_year_low, cost.maintenance_year_high) == (0, 0)
    assert cost.note == bundle.settings.by_value["home"].price_note
    assert cost.note.startswith("The article's cost table covers spa and clinic sessions only")


def test_prp_answer_is_ignored_at_home(bundle: Bundle) -> None:
    # prp_interest is only asked when the setting is not home.
    rec = run(bundle, **HOME, prp_interest="yes")
    assert rec.cost is not None
    assert rec.cost.lines == []
    assert "note.prp" not in fired_in(rec, "notes")


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


def test_quiz_raising_the_phototype_adjusts_depth(bundle: Bundle) -> None:
    rec = run(
        bundle,
        skin_tone_self="type_2",
        fitz_quiz_offer="yes",
        **quiz_answers(bundle, 30),
        concerns=["texture"],
        treatment_areas=["body"],
    )
    assert "adjust.darker_phototype" in fired_in(rec, "adjustments")
    assert (only_depth(rec).min_mm, only_depth(rec).max_mm) == (1.0, 1.25)


def test_quiz_answers_ignored_when_the_quiz_was_declined(bundle: Bundle) -> None:
    rec = run(bundle, skin_tone_self="type_2", fitz_quiz_offer="no", **quiz_answers(bundle, 30))
    assert rec.adjustments == []


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


def test_hidden_scar_stretch_answer_does_not_raise_the_grade(bundle: Bundle) -> None:
    # scar_stretch is only asked when others notice the scars.
    rec = run(bundle, **acne("only_i_notice"), scar_stretch="stays")
    assert rec.gate.decision == "go_ahead"
    assert "ci.severe_acne_scars" not in fired_in(rec, "reasons")
    assert rec.timeline is not None
    assert rec.timeline.plan_id == "plan.acne_scars"


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
    # The conservative end of 1.0-1.0 mm is 1.0 mm: no narrowing, so no phototype evidence.
    assert trace["depth.fine_lines.cheeks"] == (
        ["depth.concern.fine_lines.moderate", "depth.area.cheeks", "depth.tier.moderate"],
        because,
    )


def test_trace_of_the_timeline(bundle: Bundle) -> None:
    rule_ids, because = trace_of(run(bundle))["timeline"]
    assert rule_ids[:2] == ["plan.photoaging", "timeline.interval"]
    assert rule_ids[2:] == [m.id for m in bundle.protocol.timeline.milestones]
    assert because == {"concerns": ["fine_lines"], "start_date": START}


def test_trace_of_longevity(bundle: Bundle) -> None:
    assert trace_of(run(bundle))["longevity"] == (
        [
            "longevity.baseline",
            "longevity.collagen_decline",
            "longevity.sunscreen_daily",
            "longevity.deeper_treatment",
        ],
        {"age": 35, "fact.deepest_mm": 1.0, "sunscreen": "daily"},
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
        {"previous_microneedling": "no", "smoking_amount": "over_20"},
    )
