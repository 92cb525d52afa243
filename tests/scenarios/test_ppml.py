"""PPML with exporter and importer fixed effects on the gegravity 2006 sample."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from cjktrade.core.errors import InvalidInputError
from cjktrade.scenarios import DEFAULT_COST_VARIABLES, GravityData, estimate_ppml


@pytest.fixture(scope="module")
def statsmodels_fit(sample_csv):
    frame = pd.read_csv(sample_csv)
    dummies = pd.get_dummies(frame[["exporter", "importer"]], dtype=float).drop(columns=["importer_DEU"])
    design = pd.concat([frame[list(DEFAULT_COST_VARIABLES)].astype(float), dummies], axis=1)
    return sm.GLM(frame["trade"].astype(float), design, family=sm.families.Poisson()).fit(cov_type="HC0")


def test_estimate_ppml_matches_statsmodels_glm_poisson_on_2006_sample(sample, statsmodels_fit):
    ours = estimate_ppml(sample, reference_importer="DEU")
    expected = statsmodels_fit.params[list(DEFAULT_COST_VARIABLES)].to_numpy()
    expected_se = statsmodels_fit.bse[list(DEFAULT_COST_VARIABLES)].to_numpy()
    np.testing.assert_allclose(ours.coefficients, expected, rtol=1e-7)
    np.testing.assert_allclose(ours.standard_errors, expected_se, rtol=1e-6)
    assert ours.observations == 900


def test_estimate_ppml_fixed_effects_match_statsmodels(sample, statsmodels_fit):
    ours = estimate_ppml(sample, reference_importer="DEU")
    chn = sample.index("CHN")
    assert ours.exporter_effects[chn] == pytest.approx(statsmodels_fit.params["exporter_CHN"], rel=1e-7)
    assert ours.importer_effects[chn] == pytest.approx(statsmodels_fit.params["importer_CHN"], rel=1e-7)
    assert ours.importer_effects[sample.index("DEU")] == 0.0


# gegravity README ("Prepare the trade cost parameters": "estimated separately via PPML"), same data.
README_ESTIMATES = [
    ("lndist", -0.3898623, 0.0729915),
    ("contiguity", 0.891577, 0.1327354),
    ("common_language", 0.0326249, 0.0840702),
    ("pta", 0.4711383, 0.1076578),
    ("international", -3.412584, 0.2151235),
]


@pytest.mark.parametrize(
    ("variable", "beta", "stderr"),
    README_ESTIMATES,
    ids=[f"gegravity-README-{v}" for v, _, _ in README_ESTIMATES],
)
def test_estimate_ppml_reproduces_gegravity_readme_estimates(sample, variable, beta, stderr):
    # The README's standard errors are HC0 × n/(n−1) (Stata's vce(robust)).
    ours = estimate_ppml(sample, reference_importer="DEU", stata_correction=True)
    k = ours.variables.index(variable)
    assert ours.coefficients[k] == pytest.approx(beta, abs=6e-7)
    assert ours.standard_errors[k] == pytest.approx(stderr, abs=6e-8)


def test_estimate_ppml_slopes_unchanged_when_trade_values_rescaled(sample):
    scaled = GravityData(
        sample.countries, sample.trade * 1000, sample.output, sample.expenditure, sample.covariates
    )
    a, b = estimate_ppml(sample, reference_importer="DEU"), estimate_ppml(scaled, reference_importer="DEU")
    np.testing.assert_allclose(a.coefficients, b.coefficients, rtol=1e-8)
    np.testing.assert_allclose(a.standard_errors, b.standard_errors, rtol=1e-6)


def test_estimate_ppml_slopes_unchanged_by_reference_importer(sample):
    a, b = estimate_ppml(sample, reference_importer="DEU"), estimate_ppml(sample, reference_importer="JPN")
    np.testing.assert_allclose(a.coefficients, b.coefficients, rtol=1e-8)


def test_estimate_ppml_rejects_variable_absorbed_by_fixed_effects(sample):
    landlocked = np.repeat(np.arange(sample.size, dtype=float)[:, None] % 2, sample.size, axis=1)
    data = GravityData(
        sample.countries,
        sample.trade,
        sample.output,
        sample.expenditure,
        {**sample.covariates, "exporter_only": landlocked},
    )
    with pytest.raises(InvalidInputError, match="exporter_only"):
        estimate_ppml(data, ("lndist", "exporter_only"), reference_importer="DEU")


def test_estimate_ppml_rejects_country_without_exports(sample):
    trade = sample.trade.copy()
    trade[sample.index("ZAF"), :] = 0
    data = GravityData(sample.countries, trade, sample.output, sample.expenditure, sample.covariates)
    with pytest.raises(InvalidInputError, match="no exports at all for ZAF"):
        estimate_ppml(data, reference_importer="DEU")


def test_estimate_ppml_table_has_intervals_around_coefficients(sample):
    for row in estimate_ppml(sample, reference_importer="DEU").table():
        assert row["ci95_low"] < row["coefficient"] < row["ci95_high"]
        assert 0 <= row["p_value"] <= 1
