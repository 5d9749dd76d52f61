"""Reports that say no more than they do (issue 12, the review's open points): nothing
plannable is not a go-ahead, a home device is praised only within the plan, and a
review date counted from an undated past event is the latest, not the earliest.

Mechanics run on the fixture bank; clinical content on the bundled bank (its cases
live in questions/expectations.toml, checked by tests/test_rules.py).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings

from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.controller import goes_ahead
from intake_tui.core.document.build import day
from intake_tui.core.recommend import Recommendation, recommend
from intake_tui.core.report.build import build_report
from intake_tui.core.report.models import SessionReport
from tests.model_support import render_markdown
from tests.strategies import answer_sets, examples
from tests.support import TODAY, baseline_answers, bundled, fixture_answers, fixture_bundle

BUNDLE = bundled()
FIXTURE = fixture_bundle()
PROPERTY_SETTINGS = settings(
    max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
# What only a plan has: a dated plan, a cost, a top-up interval, aftercare.
PLAN_PARTS = ("## Your treatment plan", "## Cost", "Session 1:", "## Care before and after")
HOME = {"setting": "home", "home_device_length": "0_3_to_0_5", "home_serums": "no"}


def report_for(bundle: Bundle, answers: dict[str, AnswerValue]) -> SessionReport:
    return build_report(bundle, answers, status="completed", now=NOW, session_id="0011223344556677")


def recommendation(bundle: Bundle, answers: dict[str, AnswerValue]) -> Recommendation:
    return recommend(bundle, answers, today=TODAY)


# --- 1. nothing plannable is said so ------------------------------------------------------


def fixture_home_stretch_marks() -> dict[str, AnswerValue]:
    """Fixture stretch marks at home: clinic-only (fixture depth.toml), nothing else chosen."""
    answers = {k: v for k, v in fixture_answers().items() if k != "treatment_areas"}
    return answers | {
        "setting": "home",
        "concerns": ["stretch_marks"],
        "stretch_colour": "white_silver",
        "stretch_mark_areas": ["abdomen"],
    }


def test_nothing_plannable_is_its_own_verdict_with_no_plan() -> None:
    rec = recommendation(FIXTURE, fixture_home_stretch_marks())
    wording = FIXTURE.protocol.wording.nothing_planned
    assert (rec.gate.decision, rec.gate.headline) == ("nothing_planned", wording.headline)
    assert rec.depths == [] and [n.reason for n in rec.not_planned] == ["see_clinic"]
    assert (rec.timeline, rec.cost, rec.aftercare, rec.next_steps) == (None, None, [], [])
    assert (rec.longevity.interval_months, rec.longevity.maintenance_advice) == (0, "")


def test_nothing_plannable_renders_the_table_of_why_and_no_plan() -> None:
    report = report_for(FIXTURE, fixture_home_stretch_marks())
    markdown = render_markdown(report, FIXTURE)
    wording = FIXTURE.protocol.wording
    assert f"## {wording.nothing_planned.title}" in markdown
    assert f"| {wording.see_clinic} |" in markdown
    assert not [part for part in PLAN_PARTS if part in markdown]
    # Not on hold: nothing to override, the results are shown straight away.
    assert goes_ahead(report)


# Random health answers almost always hold a client (refer or block); the property is
# about what happens when nothing does, so the health section keeps the healthy answers.
HEALTH = {q.id for s in BUNDLE.bank.sections if s.id == "health" for q in s.questions}
HEALTHY = {k: v for k, v in baseline_answers().items() if k in HEALTH}


def nothing_plannable(generated: dict[str, AnswerValue]) -> list[dict[str, AnswerValue]]:
    """The same person twice with nothing plannable: at home with deeper wrinkles only
    (clinic-only at home), and in their own setting with fine lines on the body only."""
    answers = {k: v for k, v in generated.items() if k not in HEALTH} | HEALTHY
    at_home = {k: v for k, v in answers.items() if k != "prp_interest"} | HOME
    return [
        at_home | {"concerns": ["wrinkles"], "treatment_areas": ["cheeks"]},
        answers | {"concerns": ["fine_lines"], "treatment_areas": ["body"]},
    ]


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_with_nothing_planned_nothing_reads_as_a_plan(answers: dict[str, AnswerValue]) -> None:
    for person in nothing_plannable(answers):
        rec = recommendation(BUNDLE, person)
        assert rec.depths == [] and rec.not_planned
        if rec.gate.reasons:  # on hold: what happens next comes first
            continue
        assert rec.gate.decision == "nothing_planned"
        assert rec.longevity.interval_months == 0 and rec.aftercare == []
        noted = {f.rule_id for f in rec.notes}
        assert noted.isdisjoint({"note.first_time", "note.acne_mild_scars", "note.prp"})
        markdown = render_markdown(report_for(BUNDLE, person), BUNDLE)
        assert not [part for part in PLAN_PARTS if part in markdown]
        assert rec.longevity.summary in markdown


# --- 2. the home device against the plan ---------------------------------------------------

DEVICE_MM = {"up_to_0_25": 0.25, "0_3_to_0_5": 0.5}


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_the_device_is_said_to_suit_only_within_the_planned_depth(
    answers: dict[str, AnswerValue],
) -> None:
    for device, device_mm in DEVICE_MM.items():
        home = {k: v for k, v in answers.items() if k != "prp_interest"} | HOME
        rec = recommendation(BUNDLE, home | {"home_device_length": device})
        fired = {f.rule_id for f in (*rec.notes, *rec.warnings)}
        if not rec.depths:
            assert fired.isdisjoint({"note.home_device_ok", "warn.home_device_beyond_plan"})
            continue
        within = device_mm <= max(plan.max_mm for plan in rec.depths)
        assert ("note.home_device_ok" in fired) == within
        assert ("warn.home_device_beyond_plan" in fired) == (not within)


def test_a_half_millimetre_device_on_a_quarter_millimetre_plan_is_not_praised() -> None:
    answers = baseline_answers() | HOME | {"treatment_areas": ["around_eyes"]}
    answers.pop("prp_interest", None)
    rec = recommendation(BUNDLE, answers)
    assert [p.max_mm for p in rec.depths] == [0.25]
    assert "note.home_device_ok" not in {f.rule_id for f in rec.notes}
    assert "warn.home_device_beyond_plan" in {f.rule_id for f in rec.warnings}


# --- 3. a date counted from an undated past event is the latest ----------------------------


def test_isotretinoin_stopped_recently_gives_the_latest_date_never_the_earliest() -> None:
    answers = baseline_answers() | {"isotretinoin": "yes", "isotretinoin_when": "under_6_months"}
    markdown = render_markdown(report_for(BUNDLE, answers), BUNDLE)
    wording = BUNDLE.protocol.wording
    when = day(TODAY + timedelta(days=182))
    assert wording.review_at_the_latest.replace("{date}", when) in markdown
    assert wording.review_not_before.replace("{date}", when) not in markdown
    assert "earliest this can be looked at again" not in markdown


def test_an_earliest_date_still_bounds_the_whole_beside_a_latest_one() -> None:
    answers = baseline_answers() | {
        "isotretinoin": "yes",
        "isotretinoin_when": "under_6_months",
        "recent_sun": "sunburn_now",
    }
    markdown = render_markdown(report_for(BUNDLE, answers), BUNDLE)
    sunburn_healed = day(TODAY + timedelta(days=14))
    assert BUNDLE.protocol.wording.review_not_before.replace("{date}", sunburn_healed) in markdown
    assert f"**The earliest this can be looked at again: {sunburn_healed}.**" in markdown


def test_every_dated_next_step_says_which_kind_of_date_it_is() -> None:
    """A wait counted from something already past (the data says so in its words) is
    marked "latest": isotretinoin stopped and radiotherapy in the last months."""
    kinds = {
        rule.id: rule.next_step.review_date
        for rule in BUNDLE.protocol.rules
        if rule.next_step is not None and rule.next_step.review_after_days is not None
    }
    assert kinds == {
        "ci.sunburn": "earliest",
        "ci.isotretinoin_recent": "latest",
        "ci.radiation_recent": "latest",
    }
