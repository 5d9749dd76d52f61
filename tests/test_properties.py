"""Invariants over random answer sets the bank allows (hypothesis).

The engine's mechanics are checked on the fixture bank; the clinical safety
invariants (home depth, risk factors, darker skin) on the bundled bank.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_tui.core.answers import problem_with
from intake_tui.core.bundle import Bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.flow import Flow
from intake_tui.core.recommend import Recommendation, recommend
from intake_tui.core.report.build import build_report
from intake_tui.core.report.toml_io import dumps_report, loads_report
from tests.strategies import answer_sets, examples
from tests.support import TODAY, bundled, fixture_bundle

BUNDLE = bundled()
FIXTURE = fixture_bundle()
PROPERTY_SETTINGS = settings(
    max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
OUTLOOK_RANK = {"shorter": 0, "typical": 1, "longer": 2}


def _recommend(answers: dict[str, AnswerValue], bundle: Bundle = BUNDLE) -> Recommendation:
    return recommend(bundle, answers, today=TODAY)


@PROPERTY_SETTINGS
@given(answer_sets(FIXTURE))
def test_drawn_answers_are_complete_and_valid(answers: dict[str, AnswerValue]) -> None:
    flow = Flow.compute(FIXTURE, answers, {"mode": "self"})
    assert flow.missing_required() == []
    for question_id, value in answers.items():
        assert flow.is_enabled(question_id)
        assert problem_with(FIXTURE.bank.by_id[question_id], value) is None


@PROPERTY_SETTINGS
@given(answer_sets(FIXTURE))
def test_every_depth_lies_inside_one_article_tier(answers: dict[str, AnswerValue]) -> None:
    tiers = FIXTURE.protocol.depth.tiers
    for plan in _recommend(answers, FIXTURE).depths:
        ranges = [(plan.min_mm, plan.max_mm)]
        if plan.clinic_only:
            ranges.append((plan.clinic_min_mm, plan.clinic_max_mm))
        for low, high in ranges:
            assert low <= high
            assert any(t.min_mm <= low and high <= t.max_mm for t in tiers), (low, high)


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_home_never_above_half_a_millimetre(answers: dict[str, AnswerValue]) -> None:
    answers = {
        **answers,
        "setting": "home",
        "home_device_length": "up_to_0_25",
        "home_serums": "no",
    }
    answers.pop("prp_interest", None)
    for plan in _recommend(answers).depths:
        assert plan.max_mm <= 0.5
        if plan.clinic_only:
            assert plan.clinic_max_mm > plan.max_mm


@PROPERTY_SETTINGS
@given(answer_sets(FIXTURE))
def test_no_depth_to_act_on_unless_go_ahead(answers: dict[str, AnswerValue]) -> None:
    rec = _recommend(answers, FIXTURE)
    statuses = {plan.status for plan in rec.depths}
    if rec.gate.decision == "go_ahead":
        assert statuses <= {"recommended"}
        assert rec.gate.reasons == []
    elif rec.gate.decision == "nothing_planned":
        assert rec.depths == [] and rec.gate.reasons == []
    else:
        assert statuses <= {"on_hold"}
        assert rec.gate.reasons


RISKS = {
    "smoking": ({"smoking": "never"}, {"smoking": "current", "smoking_amount": "over_20"}),
    "sun": (
        {"sun_exposure": "little", "sunscreen": "daily"},
        {"sun_exposure": "a_lot", "sunscreen": "rarely"},
    ),
    "alcohol": ({"alcohol": "none"}, {"alcohol": "over_14"}),
}


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True), st.sampled_from(sorted(RISKS)))
def test_adding_a_risk_factor_never_lengthens_longevity(
    answers: dict[str, AnswerValue], risk: str
) -> None:
    without, with_risk = RISKS[risk]
    base = {k: v for k, v in answers.items() if k != "smoking_amount"}
    safer = _recommend({**base, **without}).longevity
    riskier = _recommend({**base, **with_risk}).longevity
    assert OUTLOOK_RANK[riskier.outlook] <= OUTLOOK_RANK[safer.outlook]
    shortens = {f.id for f in safer.factors if f.direction == "shortens"}
    assert shortens <= {f.id for f in riskier.factors if f.direction == "shortens"}
    lengthens = {f.id for f in riskier.factors if f.direction == "lengthens"}
    assert lengthens <= {f.id for f in safer.factors if f.direction == "lengthens"}


QUIZ_KEYS = {q for q in BUNDLE.protocol.facts.phototype.quiz_questions}


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_a_darker_phototype_never_deepens_the_maximum(answers: dict[str, AnswerValue]) -> None:
    base = {k: v for k, v in answers.items() if k not in QUIZ_KEYS}
    base["fitz_quiz_offer"] = "no"
    previous: dict[tuple[str, str], float] | None = None
    for phototype in range(1, 7):
        rec = _recommend({**base, "skin_tone_self": f"type_{phototype}"})
        deepest = {(p.concern, p.area): p.max_mm for p in rec.depths}
        if previous is not None:
            assert deepest.keys() == previous.keys()
            assert all(deepest[key] <= previous[key] for key in deepest)
        previous = deepest


@PROPERTY_SETTINGS
@given(answer_sets(FIXTURE))
def test_completed_report_survives_a_toml_round_trip(answers: dict[str, AnswerValue]) -> None:
    from datetime import UTC, datetime

    report = build_report(
        FIXTURE,
        answers,
        status="completed",
        now=datetime(2026, 11, 26, 9, 30, tzinfo=UTC),
        session_id="00112233445566aa",
    )
    assert loads_report(dumps_report(report)) == report


@PROPERTY_SETTINGS
@given(answer_sets(FIXTURE))
def test_recommend_is_a_pure_function(answers: dict[str, AnswerValue]) -> None:
    snapshot = {k: (list(v) if isinstance(v, list) else v) for k, v in answers.items()}
    assert _recommend(answers, FIXTURE) == _recommend(dict(answers), FIXTURE)
    assert answers == snapshot


@PROPERTY_SETTINGS
@given(answer_sets(FIXTURE), st.lists(st.sampled_from(["answer", "advance", "back"]), max_size=40))
def test_a_session_keeps_the_flow_of_its_own_answers(
    answers: dict[str, AnswerValue], moves: list[str]
) -> None:
    """The session carries its computed flow from question to question; whatever
    the moves, it must be the flow its answers give."""
    from datetime import UTC, datetime

    from intake_tui.core.report.build import context_for
    from intake_tui.core.session import IntakeSession

    session = IntakeSession.start(FIXTURE, "self", datetime(2026, 11, 26, tzinfo=UTC))
    for move in moves:
        if move == "answer" and session.current_id is not None:
            session = session.answer(answers.get(session.current_id))
        elif move == "advance":
            session = session.advance()
        else:
            session = session.back()
        assert session.flow == Flow.compute(FIXTURE, session.answers, context_for("self"))
