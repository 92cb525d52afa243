"""Cost shocks (agreement, tariffs) and Monte Carlo intervals."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cjktrade.core.errors import InvalidInputError
from cjktrade.scenarios import (
    COUNTRY_MEASURES,
    ScenarioSettings,
    TariffChange,
    agreement_shock,
    run_scenario,
    tariff_log_cost_change,
    tariff_shock,
)

CJK = ("CHN", "JPN", "KOR")


@pytest.mark.parametrize(
    ("old", "new", "elasticity", "expected"),
    [
        (10.0, 0.0, 4.0, 4 * math.log(1.1)),  # removing a 10% tariff, σ = 5
        (5.0, 5.0, 4.0, 0.0),
        (0.0, 10.0, 4.0, -4 * math.log(1.1)),
    ],
    ids=["cut-10pct", "no-change", "raise-10pct"],
)
def test_tariff_log_cost_change_follows_elasticity(old, new, elasticity, expected):
    assert tariff_log_cost_change(old, new, elasticity=elasticity) == pytest.approx(expected, abs=1e-15)


def test_tariff_log_cost_change_rejects_tariff_at_minus_100():
    with pytest.raises(InvalidInputError):
        tariff_log_cost_change(-100.0, 0.0, elasticity=4.0)


def test_agreement_shock_sets_pta_only_on_international_member_pairs(sample):
    shock = agreement_shock(sample, CJK)
    new, old = shock.new_covariates["pta"], sample.covariate("pta")
    changed = {
        (sample.countries[i], sample.countries[j]) for i, j in zip(*np.nonzero(new != old), strict=True)
    }
    assert changed == {(a, b) for a in CJK for b in CJK if a != b}  # source: pta = 0 among CN/JP/KR in 2006


def test_tariff_shock_without_change_changes_nothing(sample):
    shock = tariff_shock(
        sample, [TariffChange("CHN", "JPN", 4.6, 4.6)], elasticity=4.0, description="no change"
    )
    result = run_scenario(sample, shock, ScenarioSettings())
    np.testing.assert_allclose(result.outcomes.countries, 0.0, atol=1e-9)


def test_tariff_shock_rejects_domestic_pair(sample):
    with pytest.raises(InvalidInputError, match="domestic"):
        tariff_shock(sample, [TariffChange("CHN", "CHN", 5, 0)], elasticity=4.0, description="")


def test_run_monte_carlo_same_seed_same_intervals(sample):
    shock = agreement_shock(sample, CJK)
    a = run_scenario(sample, shock, ScenarioSettings(draws=40, seed=7))
    b = run_scenario(sample, shock, ScenarioSettings(draws=40, seed=7), estimate=a.estimate)
    assert a.monte_carlo is not None and b.monte_carlo is not None
    np.testing.assert_array_equal(a.monte_carlo.country_low, b.monte_carlo.country_low)
    np.testing.assert_array_equal(a.monte_carlo.trade_high, b.monte_carlo.trade_high)


def test_run_monte_carlo_interval_brackets_point_estimate_for_members(sample):
    result = run_scenario(sample, agreement_shock(sample, CJK), ScenarioSettings(draws=200))
    mc = result.monte_carlo
    assert mc is not None and mc.solved == 200 and mc.failed == 0
    welfare = result.outcomes.measure("real_gdp_change_percent")
    row = COUNTRY_MEASURES.index("real_gdp_change_percent")
    for country in CJK:
        k = sample.index(country)
        low, high = mc.country_low[row, k], mc.country_high[row, k]
        assert low < welfare[k] < high
        assert low > 0  # the pta coefficient is significant: welfare gains are too
    # Pairs with no member carry no interval (not tracked, to bound memory).
    assert np.isnan(mc.trade_low[sample.index("USA"), sample.index("DEU")])
    assert not np.isnan(mc.trade_low[sample.index("USA"), sample.index("JPN")])


def test_run_monte_carlo_with_zero_covariance_collapses_intervals(sample):
    from dataclasses import replace

    base = run_scenario(sample, agreement_shock(sample, CJK), ScenarioSettings())
    exact = replace(base.estimate, covariance=np.zeros_like(base.estimate.covariance))
    result = run_scenario(sample, agreement_shock(sample, CJK), ScenarioSettings(draws=5), estimate=exact)
    assert result.monte_carlo is not None
    np.testing.assert_allclose(result.monte_carlo.country_low, base.outcomes.countries, atol=1e-9)
    np.testing.assert_allclose(result.monte_carlo.country_high, base.outcomes.countries, atol=1e-9)


def test_scenario_settings_reject_sigma_not_above_one():
    with pytest.raises(InvalidInputError, match="sigma"):
        ScenarioSettings(sigma=1.0)


def test_run_monte_carlo_reports_progress_for_every_draw(sample):
    seen: list[tuple[int, int]] = []
    run_scenario(
        sample,
        agreement_shock(sample, CJK),
        ScenarioSettings(draws=5),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(k, 5) for k in range(1, 6)]
