"""Longevity as a transparent model (issue 12): an interval of 6 to 12 months that
shortening factors never lengthen and age never lengthens, and the words that explain it.

Clinical properties run on the bundled bank (they are about its weights); the model's
arithmetic and the wording on the fixture bank.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake_tui.core.bank.lint import lint_bundle
from intake_tui.core.bundle import load_bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.recommend import Recommendation
from intake_tui.core.recommend.longevity import interval_months
from tests.model_support import (
    BUNDLE,
    PROPERTY_SETTINGS,
    bundled_recommendation,
    completed_report,
    rendered,
)
from tests.strategies import answer_sets
from tests.support import (
    baseline_answers,
    copy_bank,
    edit,
    fixture_answers,
    fixture_bundle,
    line_of,
)

BASELINE = BUNDLE.protocol.longevity.baseline
# Each pair: the same person without, then with, something the model counts as shortening.
SHORTENING = {
    "smoking": ({"smoking": "never"}, {"smoking": "current", "smoking_amount": "over_20"}),
    "sun": (
        {"sun_exposure": "some", "sunscreen": "daily"},
        {"sun_exposure": "some", "sunscreen": "rarely"},
    ),
    "alcohol": ({"alcohol": "none"}, {"alcohol": "over_14"}),
}
MOVES = st.lists(st.floats(min_value=-12, max_value=12, allow_nan=False), max_size=12)


def _personal(rec: Recommendation) -> bool:
    """A go-ahead report for someone with goals: the only kind that gives an interval."""
    return rec.longevity.interval_months > 0


# --- the model's arithmetic -------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(MOVES)
def test_the_interval_always_lies_within_the_articles_six_to_twelve_months(
    moves: list[float],
) -> None:
    assert 6 <= interval_months(BASELINE, moves) <= 12


@PROPERTY_SETTINGS
@given(MOVES, st.floats(min_value=0, max_value=12, allow_nan=False))
def test_one_more_shortening_move_never_lengthens_the_interval(
    moves: list[float], shortening: float
) -> None:
    assert interval_months(BASELINE, [*moves, -shortening]) <= interval_months(BASELINE, moves)


# --- over generated answer sets on the bundled bank -------------------------------------------


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True), st.sampled_from(sorted(SHORTENING)))
def test_adding_a_shortening_factor_never_lengthens_the_interval(
    answers: dict[str, AnswerValue], factor: str
) -> None:
    without, with_it = SHORTENING[factor]
    base = {k: v for k, v in answers.items() if k != "smoking_amount"}
    before, after = bundled_recommendation(base | without), bundled_recommendation(base | with_it)
    if _personal(before) and _personal(after):
        assert after.longevity.interval_months <= before.longevity.interval_months


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_sixty_never_gets_a_longer_interval_than_twenty_five(
    answers: dict[str, AnswerValue],
) -> None:
    older, younger = (
        bundled_recommendation(answers | {"age": 60}),
        bundled_recommendation(answers | {"age": 25}),
    )
    if _personal(older) and _personal(younger):
        assert older.longevity.interval_months <= younger.longevity.interval_months


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_every_personal_report_advises_six_to_twelve_months_and_names_what_moved_it(
    answers: dict[str, AnswerValue],
) -> None:
    rec = bundled_recommendation(answers)
    longevity = rec.longevity
    if not _personal(rec):
        assert (longevity.interval_months, longevity.moved_by) == (0, [])
        return
    assert 6 <= longevity.interval_months <= 12
    assert BASELINE.advice.format(months=longevity.interval_months) in longevity.maintenance_advice
    assert len(longevity.moved_by) <= BASELINE.moved_by_count
    assert set(longevity.moved_by) <= {f.id for f in longevity.factors if f.months}


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_depth_alone_never_buys_a_longer_interval_at_one_millimetre(
    answers: dict[str, AnswerValue],
) -> None:
    rec = bundled_recommendation(answers)
    deepest = max((d.max_mm for d in rec.depths), default=0.0)
    factors = {f.id for f in rec.longevity.factors}
    if deepest < 1.5:
        assert "longevity.deeper_treatment" not in factors


# --- the cases the clinical review found -------------------------------------------------------


def test_a_young_heavy_smoker_in_the_sun_is_not_typical() -> None:
    answers = baseline_answers() | {
        "age": 25,
        "smoking": "current",
        "smoking_amount": "over_20",
        "sun_exposure": "a_lot",
        "sunscreen": "rarely",
    }
    longevity = bundled_recommendation(answers).longevity
    assert (longevity.outlook, longevity.interval_months) == ("shorter", 6)
    assert longevity.moved_by[:2] == ["longevity.smoking", "longevity.sun_unprotected"]


def test_sixty_with_sunscreen_is_not_longer_and_is_not_praised_for_habits() -> None:
    older = bundled_recommendation(baseline_answers() | {"age": 60}).longevity
    younger = bundled_recommendation(baseline_answers() | {"age": 25}).longevity
    assert older.outlook == "shorter"
    assert older.interval_months < younger.interval_months
    assert older.moved_by[0] == "longevity.collagen_decline"
    assert BASELINE.habits_help not in older.maintenance_advice


@pytest.mark.parametrize("deepest", ["cheeks", "forehead"])
def test_no_free_lengthening_vote_for_one_millimetre(deepest: str) -> None:
    rec = bundled_recommendation(baseline_answers() | {"treatment_areas": [deepest]})
    assert max(d.max_mm for d in rec.depths) <= 1.0
    assert "longevity.deeper_treatment" not in {f.id for f in rec.longevity.factors}


# --- the report in words (fixture bank) --------------------------------------------------------


def test_the_report_gives_the_interval_and_the_factors_that_moved_it_in_words() -> None:
    bundle = fixture_bundle()
    answers = fixture_answers() | {"age": 60, "smoking": "current"}
    report = completed_report(bundle, answers)
    assert report.recommendation is not None
    longevity = report.recommendation.longevity
    text = rendered(bundle, answers)
    assert f"Fixture: every {longevity.interval_months} months." in text
    assert "Fixture: moved by:" in text
    assert "Fixture: smoking (about 2 months shorter)." in text
    assert "Fixture: 40 years of decline (about 4 months shorter)." in text
    assert "Fixture: habits help." not in text


def test_a_misspelt_per_fact_is_named_with_its_file_and_line(tmp_path: Path) -> None:
    folder = copy_bank(tmp_path)
    path = folder / "protocol" / "longevity.toml"
    edit(path, 'per = "collagen_years"', 'per = "collagen_yrs"')
    problems = lint_bundle(load_bundle(folder, lint=False))
    assert [(p.message, p.file, p.line) for p in problems if "per names" in p.message] == [
        (
            "longevity factor 'longevity.collagen_decline': per names unknown fact 'collagen_yrs'",
            path,
            line_of(path, '"collagen_yrs"'),
        )
    ]
