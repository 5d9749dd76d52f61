"""A client on hold gets "what happens next", not a plan; waits move the first session;
milestones are anchored, per concern and in date order (issue 12).

Mechanics on the fixture bank; the invariants over generated answer sets on both banks.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings

from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.document.build import day
from intake_tui.core.recommend import Recommendation, recommend
from intake_tui.core.report.build import build_report
from intake_tui.core.report.models import Override, SessionReport
from tests.model_support import render_markdown
from tests.strategies import answer_sets, examples
from tests.support import START, TODAY, bundled, fixture_answers, fixture_bundle

BUNDLE = bundled()
FIXTURE = fixture_bundle()
PROPERTY_SETTINGS = settings(
    max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
OVERRIDE = Override(reason="consultation", staff_initials="AB", at=NOW)
DATED_PARTS = ("## Your treatment plan", "## Cost", "Session 1:")


def report_for(
    bundle: Bundle, answers: dict[str, AnswerValue], *, override: bool = False
) -> SessionReport:
    report = build_report(
        bundle, answers, status="completed", now=NOW, session_id="00112233445566aa"
    )
    return report.model_copy(update={"override": OVERRIDE}) if override else report


def recommendation(bundle: Bundle, answers: dict[str, AnswerValue]) -> Recommendation:
    return recommend(bundle, answers, today=TODAY)


def flaring(**changes: AnswerValue) -> dict[str, AnswerValue]:
    """A fixture client whose eczema is flaring: not now, and a doctor first."""
    return {**fixture_answers(), "skin_conditions": ["eczema"], "skin_flaring": "yes", **changes}


# --- what happens next --------------------------------------------------------------


def test_on_hold_says_what_must_change_with_a_date_only_where_the_rule_knows_one() -> None:
    rec = recommendation(FIXTURE, flaring())
    assert rec.gate.decision == "not_now"
    steps = {step.rule_id: step.review_from for step in rec.next_steps}
    assert steps == {"ci.skin_flaring": TODAY + timedelta(days=14), "ci.skin_condition": None}


def test_on_hold_the_plan_is_an_undated_outline_without_cost_or_personal_longevity() -> None:
    rec = recommendation(FIXTURE, flaring())
    assert rec.timeline is not None
    assert (rec.timeline.start_date, rec.timeline.sessions, rec.timeline.milestones) == (
        None,
        [],
        [],
    )
    assert rec.cost is None
    assert rec.longevity.factors == []


def test_go_ahead_has_no_next_steps_and_a_dated_plan() -> None:
    rec = recommendation(FIXTURE, fixture_answers())
    assert rec.next_steps == []
    assert rec.timeline is not None and rec.timeline.start_date == START


def test_the_report_on_hold_shows_what_happens_next_and_no_plan() -> None:
    markdown = render_markdown(report_for(FIXTURE, flaring()), FIXTURE)
    assert "## What happens next" in markdown
    assert "Fixture: the flare has settled." in markdown
    review = FIXTURE.protocol.wording.review_not_before
    assert review.replace("{date}", day(TODAY + timedelta(days=14))) in markdown
    assert "## Needle depth" not in markdown
    assert not [part for part in DATED_PARTS if part in markdown]


def test_after_an_override_the_depth_and_plan_are_for_discussion_and_undated() -> None:
    markdown = render_markdown(report_for(FIXTURE, flaring(), override=True), FIXTURE)
    assert "## Needle depth" in markdown
    assert "## Treatment plan (for discussion)" in markdown
    assert not [part for part in DATED_PARTS if part in markdown]


# --- waits ----------------------------------------------------------------------------


def test_a_wait_moves_the_first_session_and_says_which_rule_moved_it() -> None:
    rec = recommendation(FIXTURE, {**fixture_answers(), "keloid": "not_sure"})
    assert rec.timeline is not None
    assert rec.timeline.start_date == TODAY + timedelta(days=21)
    assert rec.timeline.start_moved_by == ["warn.keloid_unsure"]
    markdown = render_markdown(
        report_for(FIXTURE, {**fixture_answers(), "keloid": "not_sure"}), FIXTURE
    )
    assert f"Session 1: {TODAY + timedelta(days=21):%a}" in markdown


def test_a_start_after_every_wait_is_kept() -> None:
    later = TODAY + timedelta(days=60)
    rec = recommendation(FIXTURE, {**fixture_answers(), "keloid": "not_sure", "start_date": later})
    assert rec.timeline is not None
    assert (rec.timeline.start_date, rec.timeline.start_moved_by) == (later, [])


# --- milestones -------------------------------------------------------------------------


def test_a_milestone_for_some_concerns_is_shown_only_for_them() -> None:
    lines = recommendation(FIXTURE, fixture_answers()).timeline
    scars = recommendation(
        FIXTURE, {**fixture_answers(), "concerns": ["acne_scars"], "scar_look": "only_i_notice"}
    ).timeline
    assert lines is not None and scars is not None
    assert "milestone.scars_only" not in [m.id for m in lines.milestones]
    last = scars.sessions[-1]
    dated = {m.id: (m.from_date, m.to_date) for m in scars.milestones}
    assert dated["milestone.scars_only"] == (
        last.earliest + timedelta(days=84),
        last.latest + timedelta(days=98),
    )


# --- invariants over generated answer sets ---------------------------------------------


def _no_dates_or_cost_on_hold(bundle: Bundle, answers: dict[str, AnswerValue]) -> None:
    report = report_for(bundle, answers)
    rec = report.recommendation
    assert rec is not None
    if rec.gate.decision == "go_ahead":
        assert rec.next_steps == []
        return
    assert rec.cost is None
    assert rec.longevity.factors == []
    if rec.timeline is not None:
        assert rec.timeline.start_date is None
        assert rec.timeline.sessions == [] and rec.timeline.milestones == []
    assert [step.rule_id for step in rec.next_steps] == [r.rule_id for r in rec.gate.reasons]
    for override in (False, True):
        markdown = render_markdown(report_for(bundle, answers, override=override), bundle)
        assert not [part for part in DATED_PARTS if part in markdown]


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE))
def test_no_dates_or_cost_while_on_hold(answers: dict[str, AnswerValue]) -> None:
    _no_dates_or_cost_on_hold(BUNDLE, answers)


@PROPERTY_SETTINGS
@given(answer_sets(FIXTURE))
def test_no_dates_or_cost_while_on_hold_on_the_fixture_bank(
    answers: dict[str, AnswerValue],
) -> None:
    _no_dates_or_cost_on_hold(FIXTURE, answers)


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_milestones_are_in_date_order_and_only_for_the_concerns_chosen(
    answers: dict[str, AnswerValue],
) -> None:
    timeline = recommendation(BUNDLE, answers).timeline
    if timeline is None:
        return
    dates = [(m.from_date, m.to_date) for m in timeline.milestones]
    assert dates == sorted(dates)
    chosen = answers.get(BUNDLE.protocol.depth.concern_question)
    limits = {m.id: m.concerns for m in BUNDLE.protocol.timeline.milestones}
    for milestone in timeline.milestones:
        concerns = limits[milestone.id]
        assert not concerns or (isinstance(chosen, list) and set(concerns) & set(chosen))


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_the_first_session_is_never_before_any_wait(answers: dict[str, AnswerValue]) -> None:
    rec = recommendation(BUNDLE, answers)
    if rec.timeline is None or rec.timeline.start_date is None:
        return
    waits = {rule.id: rule.wait_days for rule in BUNDLE.protocol.rules if rule.wait_days}
    fired = [f.rule_id for f in (*rec.warnings, *rec.notes, *rec.adjustments)]
    start = rec.timeline.start_date
    for rule_id in fired:
        if rule_id in waits:
            assert start >= TODAY + timedelta(days=waits[rule_id] or 0)
    asked = answers.get(BUNDLE.protocol.timeline.start_question)
    assert start >= (asked if isinstance(asked, date) else TODAY)


def test_every_bundled_hold_says_what_happens_next() -> None:
    holds = [rule for rule in BUNDLE.protocol.rules if rule.action in ("block", "refer")]
    assert holds and all(rule.next_step is not None for rule in holds)
