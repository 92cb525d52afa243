"""General equilibrium: resistances, counterfactuals, invariants, and agreement with the peer."""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjktrade.scenarios import (
    COUNTRY_MEASURES,
    ScenarioSettings,
    agreement_shock,
    compute_outcomes,
    estimate_ppml,
    run_scenario,
    solve_baseline,
    solve_counterfactual,
)

CJK = ("CHN", "JPN", "KOR")


@pytest.fixture(scope="module")
def cjk_scenario(sample):
    return {
        formulation: run_scenario(
            sample, agreement_shock(sample, CJK), ScenarioSettings(formulation=formulation)
        )
        for formulation in ("full", "one-step")
    }


def _random_economy(n: int, seed: int):
    rng = np.random.default_rng(seed)
    log_costs = rng.normal(-4.0, 1.0, (n, n))
    np.fill_diagonal(log_costs, 0.0)
    return rng.lognormal(0, 1, n), rng.lognormal(0, 1, n), log_costs


@settings(max_examples=30, deadline=None)
@given(n=st.integers(3, 9), seed=st.integers(0, 10_000), formulation=st.sampled_from(["full", "one-step"]))
def test_solve_counterfactual_without_shock_changes_nothing(n, seed, formulation):
    output, expenditure, log_costs = _random_economy(n, seed)
    baseline = solve_baseline(output, expenditure, log_costs, sigma=5.0, reference=0)
    counterfactual = solve_counterfactual(baseline, log_costs.copy(), formulation)
    outcome = compute_outcomes(baseline, counterfactual)
    np.testing.assert_allclose(outcome.countries, 0.0, atol=1e-8)
    np.testing.assert_allclose(outcome.trade_change_percent, 0.0, atol=1e-8)


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 10_000), cut=st.floats(0.05, 1.0), formulation=st.sampled_from(["full", "one-step"])
)
def test_solve_counterfactual_symmetric_countries_change_symmetrically(seed, cut, formulation):
    # Countries 0↔1 and 2↔3 are mirror images (costs, output, expenditure); a cut between 0 and 1
    # must move 0 and 1 alike, and 2 and 3 alike.
    rng = np.random.default_rng(seed)
    swap = np.array([1, 0, 3, 2])
    raw = rng.normal(-4.0, 1.0, (4, 4))
    log_costs = (raw + raw[np.ix_(swap, swap)]) / 2
    np.fill_diagonal(log_costs, 0.0)
    size = rng.lognormal(0, 1, 2).repeat(2)
    baseline = solve_baseline(size, size, log_costs, sigma=5.0, reference=2)
    shocked = log_costs.copy()
    shocked[0, 1] += cut
    shocked[1, 0] += cut
    outcome = compute_outcomes(baseline, solve_counterfactual(baseline, shocked, formulation))
    np.testing.assert_allclose(outcome.countries[:, 0], outcome.countries[:, 1], rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(outcome.countries[:, 2], outcome.countries[:, 3], rtol=1e-7, atol=1e-8)
    change = outcome.trade_change_percent
    np.testing.assert_allclose(change, change[np.ix_(swap, swap)], rtol=1e-7, atol=1e-8)
    assert outcome.measure("real_gdp_change_percent")[0] > 0 > outcome.measure("real_gdp_change_percent")[2]


def test_solve_baseline_satisfies_resistance_equations_on_2006_sample(sample):
    estimate = estimate_ppml(sample, reference_importer="DEU")
    before, _ = agreement_shock(sample, CJK).log_costs(sample, estimate.variables, estimate.coefficients)
    baseline = solve_baseline(
        sample.output, sample.expenditure, before, sigma=5.0, reference=sample.index("DEU")
    )
    costs = np.exp(before)
    outward, inward = np.exp(baseline.resistances.log_outward), np.exp(baseline.resistances.log_inward)
    np.testing.assert_allclose(outward, costs @ (baseline.expenditure_shares / inward), rtol=1e-11)
    np.testing.assert_allclose(inward, costs.T @ (baseline.output_shares / outward), rtol=1e-11)
    assert inward[sample.index("DEU")] == 1.0


def test_full_counterfactual_clears_goods_markets_on_2006_sample(cjk_scenario):
    # Y_i'/Y' = (β_i p_i)^(1−σ) Π_i'^(1−σ), with (β_i)^(1−σ) = y_i / Π_i^(1−σ) (Yotov et al. 2016, Ch. 2).
    result = cjk_scenario["full"]
    baseline, counterfactual, sigma = result.baseline, result.counterfactual, result.settings.sigma
    new_shares = counterfactual.output / counterfactual.output.sum()
    implied = (
        baseline.output_shares
        * counterfactual.prices ** (1 - sigma)
        * np.exp(counterfactual.resistances.log_outward - baseline.resistances.log_outward)
    )
    np.testing.assert_allclose(new_shares, implied, rtol=1e-10)
    # ...and modelled sales add up to expenditure in every market.
    after = result.outcomes.counterfactual_trade
    np.testing.assert_allclose(after.sum(axis=0), counterfactual.expenditure, rtol=1e-10)


def test_cjk_agreement_raises_member_welfare_and_lowers_third_countries(cjk_scenario):
    outcome, data = cjk_scenario["full"].outcomes, cjk_scenario["full"].data
    welfare = outcome.measure("real_gdp_change_percent")
    members = [data.index(c) for c in CJK]
    assert all(welfare[k] > 0 for k in members)
    assert all(welfare[k] < 0 for k in range(data.size) if k not in members)
    change = outcome.trade_change_percent
    assert change[data.index("CHN"), data.index("JPN")] > 40  # exp(0.471) − 1 ≈ 60% before GE effects
    assert change[data.index("USA"), data.index("JPN")] < 0  # diversion away from a third country


def test_full_and_one_step_welfare_agree_within_one_percent_for_members(cjk_scenario, sample):
    # The documented methodological difference: prices move less in the full equilibrium (exponent
    # 1/σ with updated shares, not 1/(σ−1)), but welfare is nearly the same.
    full, one = (cjk_scenario[f].outcomes.measure("real_gdp_change_percent") for f in ("full", "one-step"))
    for country in CJK:
        k = sample.index(country)
        assert full[k] == pytest.approx(one[k], rel=0.01)
    prices = [
        cjk_scenario[f].outcomes.measure("factory_gate_price_change_percent") for f in ("full", "one-step")
    ]
    assert abs(prices[0][sample.index("CHN")]) < abs(prices[1][sample.index("CHN")])


GEGRAVITY_COLUMNS = {
    "factory_gate_price_change_percent": "factory gate price change (percent)",
    "real_gdp_change_percent": "GDP change (percent)",
    "foreign_exports_change_percent": "foreign exports change (percent)",
    "foreign_imports_change_percent": "foreign imports change (percent)",
    "intranational_trade_change_percent": "intranational trade change (percent)",
    "inward_resistance_change_percent": "imr change (percent)",
    "outward_resistance_change_percent": "omr change (percent)",
    "output_change_percent": "output change (percent)",
    "expenditure_change_percent": "expenditure change (percent)",
}


def gegravity_cjk(sample_csv, coefficients: dict[str, float]):
    """The peer's OneSectorGE on the same data, coefficients and counterfactual (tight tolerances)."""
    ge = pytest.importorskip("gegravity")
    frame = pd.read_csv(sample_csv)
    estimates = pd.DataFrame({"var": list(coefficients), "beta": list(coefficients.values()), "se": 0.1})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # gegravity uses pandas idioms that pandas 3 deprecates
        baseline = ge.BaselineData(
            frame, imp_var_name="importer", exp_var_name="exporter", year_var_name="year",
            trade_var_name="trade", expend_var_name="E", output_var_name="Y",
        )  # fmt: skip
        model = ge.OneSectorGE(
            baseline, year="2006", reference_importer="DEU", sigma=5, cost_variables=list(coefficients),
            cost_coeff_values=ge.CostCoeffs(estimates, "var", "beta", "se"), quiet=True,
        )  # fmt: skip
        # Without a constant the OMRs are ~100× the IMRs; gegravity needs the rescale to converge.
        model.build_baseline(omr_rescale=100, mr_tolerance=1e-14, mr_max_iter=100_000)
        experiment = model.baseline_data.copy()
        pairs = experiment.exporter.isin(CJK) & experiment.importer.isin(CJK)
        experiment.loc[pairs & (experiment.exporter != experiment.importer), "pta"] = 1
        model.define_experiment(experiment)
        model.simulate(ge_tolerance=1e-14, ge_max_iter=100_000)
    return model


def test_one_step_agrees_with_gegravity_one_sector_ge_on_cjk_pta(cjk_scenario, sample, sample_csv):
    result = cjk_scenario["one-step"]
    coefficients = dict(zip(result.estimate.variables, result.estimate.coefficients.tolist(), strict=True))
    started = time.perf_counter()
    model = gegravity_cjk(sample_csv, coefficients)
    assert time.perf_counter() - started < 30
    countries = list(sample.countries)
    peer = model.country_results.reindex(countries)
    worst = 0.0
    for ours_name, peer_name in GEGRAVITY_COLUMNS.items():
        ours, theirs = result.outcomes.measure(ours_name), peer[peer_name].to_numpy()
        worst = max(worst, float(np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-6))))
    bilateral = (
        model.bilateral_trade_results["trade change (percent)"]
        .unstack()
        .reindex(index=countries, columns=countries)
    )
    theirs = bilateral.to_numpy()
    worst = max(worst, float(np.max(np.abs(result.outcomes.trade_change_percent - theirs) / np.abs(theirs))))
    assert worst <= 1e-4
    assert set(GEGRAVITY_COLUMNS) == set(COUNTRY_MEASURES)
