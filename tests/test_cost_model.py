"""Cost a client can check (issue 12): the series from the fewest sessions at the lowest
price to the most at the highest, add-ons on their own line ("not sure" never raises the
low end), top-ups per the advised interval, "not priced" rather than 0 to 0 at home, and
the currency and number format from the clinic's settings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from intake_tui.core.bundle import load_bundle
from intake_tui.core.conditions import AnswerValue
from intake_tui.core.errors import BankError
from intake_tui.core.recommend.extras import visits_a_year
from tests.model_support import BUNDLE, PROPERTY_SETTINGS, bundled_recommendation, rendered
from tests.strategies import answer_sets
from tests.support import (
    baseline_answers,
    copy_bank,
    edit,
    fixture_answers,
    line_of,
)


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_cost_bounds_are_fewest_times_cheapest_to_most_times_dearest(
    answers: dict[str, AnswerValue],
) -> None:
    rec = bundled_recommendation(answers)
    cost, timeline = rec.cost, rec.timeline
    if cost is None or not cost.lines:
        return
    assert timeline is not None
    assert (cost.sessions_min, cost.sessions_max) == (timeline.sessions_min, timeline.sessions_max)
    base, add_ons = cost.lines[0], cost.lines[1:]
    assert cost.series_low == timeline.sessions_min * base.per_session_low
    assert cost.series_high == timeline.sessions_max * base.per_session_high
    firm_low = sum(a.per_session_low for a in add_ons if not a.optional)
    all_high = sum(a.per_session_high for a in add_ons)
    assert cost.with_add_ons_low == timeline.sessions_min * (base.per_session_low + firm_low)
    assert cost.with_add_ons_high == timeline.sessions_max * (base.per_session_high + all_high)
    low_visits, high_visits = visits_a_year(rec.longevity.interval_months)
    assert cost.visits_a_year == (low_visits, high_visits)
    assert cost.maintenance_year_low == low_visits * (base.per_session_low + firm_low)
    assert cost.maintenance_year_high == high_visits * (base.per_session_high + all_high)


@PROPERTY_SETTINGS
@given(answer_sets(BUNDLE, adults_only=True))
def test_a_cost_is_never_zero_to_zero(answers: dict[str, AnswerValue]) -> None:
    cost = bundled_recommendation(answers).cost
    if cost is not None and cost.priced and cost.lines:
        assert cost.series_low > 0 and cost.series_high > 0


@pytest.mark.parametrize(("months", "visits"), [(6, (2, 2)), (9, (1, 2)), (12, (1, 1))])
def test_top_up_visits_follow_the_advised_interval(months: int, visits: tuple[int, int]) -> None:
    assert visits_a_year(months) == visits


def test_prp_not_sure_raises_the_high_end_only() -> None:
    undecided = bundled_recommendation(baseline_answers() | {"prp_interest": "not_sure"}).cost
    without = bundled_recommendation(baseline_answers() | {"prp_interest": "no"}).cost
    assert undecided is not None and without is not None
    assert undecided.with_add_ons_low == without.series_low == undecided.series_low
    assert undecided.with_add_ons_high > without.series_high
    assert undecided.maintenance_year_low == without.maintenance_year_low


def test_prp_yes_is_in_the_series_and_the_top_ups_at_both_ends() -> None:
    chosen = bundled_recommendation(baseline_answers() | {"prp_interest": "yes"}).cost
    without = bundled_recommendation(baseline_answers()).cost
    assert chosen is not None and without is not None
    assert chosen.series_low == without.series_low
    assert chosen.with_add_ons_low > without.series_low
    assert chosen.maintenance_year_low > without.maintenance_year_low


def test_home_without_a_device_price_says_not_priced_never_zero() -> None:
    answers = baseline_answers() | {
        "setting": "home",
        "home_device_length": "0_3_to_0_5",
        "home_serums": "no",
    }
    answers.pop("prp_interest")
    cost = bundled_recommendation(answers).cost
    assert cost is not None and cost.priced is False
    text = rendered(BUNDLE, answers)
    cost_part = text[text.index("## Cost") :].split("\n## ")[0]
    assert "Not priced." in cost_part
    assert " 0 " not in cost_part and "0 to" not in cost_part


def _fixture_report(folder: Path, answers: dict[str, AnswerValue]) -> str:
    return rendered(load_bundle(folder), answers)


def test_currency_and_number_format_come_from_the_settings(tmp_path: Path) -> None:
    folder = copy_bank(tmp_path)
    settings_file = folder / "settings.toml"
    edit(
        settings_file,
        'currency = "USD"\n',
        'currency = "GBP"\nmoney_format = "£{amount}"\nthousands_separator = " "\n',
    )
    edit(settings_file, "price_high = 700", "price_high = 7000")
    text = _fixture_report(folder, fixture_answers())
    assert "£300 to £7 000" in text
    assert "USD" not in text


def test_a_money_format_without_the_amount_is_named_with_its_file(tmp_path: Path) -> None:
    folder = copy_bank(tmp_path)
    settings_file = folder / "settings.toml"
    edit(settings_file, 'currency = "USD"\n', 'currency = "USD"\nmoney_format = "{currency}"\n')
    with pytest.raises(BankError) as caught:
        load_bundle(folder)
    message = str(caught.value)
    assert "settings.toml" in message and "money_format" in message
    assert line_of(settings_file, "money_format") > 0


def test_a_home_device_price_is_shown_as_a_one_off(tmp_path: Path) -> None:
    folder = copy_bank(tmp_path)
    edit(
        folder / "settings.toml",
        'price_note = "Fixture: no price at home."\n',
        'price_note = "Fixture: no price at home."\ndevice_price_low = 60\n'
        "device_price_high = 1200\n",
    )
    answers = {k: v for k, v in fixture_answers().items() if k != "prp_interest"}
    text = _fixture_report(folder, answers | {"setting": "home"})
    assert "Device (one-off): about USD 60 to USD 1,200." in text
