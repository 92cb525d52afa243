"""What changes between the baseline and the counterfactual, per country and per pair.

Trade is the model's (Yotov et al. 2016, Ch. 1, the structural gravity equation)::

    X_ij = E_j · (Y_i / Y) · t_ij^(1−σ) / (Π_i^(1−σ) P_j^(1−σ))

evaluated with baseline and with counterfactual values, so changes are model-consistent (the
peer reports "baseline modeled trade" the same way). Percent changes are ``100 · (new/old − 1)``.

Welfare is real expenditure ``E_i / P_i`` and real GDP is ``Y_i / P_i`` (Yotov et al. 2016, Ch. 2,
the welfare effects); with ``E_i = φ_i Y_i`` both change by ``p̂_i / P̂_i``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cjktrade.scenarios.data import FloatArray
from cjktrade.scenarios.equilibrium import Baseline, Counterfactual

COUNTRY_MEASURES: tuple[str, ...] = (
    "foreign_exports_change_percent",
    "foreign_imports_change_percent",
    "intranational_trade_change_percent",
    "factory_gate_price_change_percent",
    "output_change_percent",
    "expenditure_change_percent",
    "real_gdp_change_percent",
    "inward_resistance_change_percent",
    "outward_resistance_change_percent",
)


@dataclass(frozen=True)
class Outcomes:
    countries: FloatArray  # (measure, country) in the order of COUNTRY_MEASURES
    baseline_trade: FloatArray  # modelled X_ij
    counterfactual_trade: FloatArray

    @property
    def trade_change_percent(self) -> FloatArray:
        change: FloatArray = 100 * (self.counterfactual_trade / self.baseline_trade - 1)
        return change

    def measure(self, name: str) -> FloatArray:
        values: FloatArray = self.countries[COUNTRY_MEASURES.index(name)]
        return values


def modelled_trade(
    log_costs: FloatArray,
    output: FloatArray,
    expenditure: FloatArray,
    log_outward: FloatArray,
    log_inward: FloatArray,
) -> FloatArray:
    log_share = np.log(output / output.sum())
    flows: FloatArray = np.exp(
        log_costs
        + log_share[:, None]
        + np.log(expenditure)[None, :]
        - log_outward[:, None]
        - log_inward[None, :]
    )
    return flows


def _percent(new: FloatArray, old: FloatArray) -> FloatArray:
    change: FloatArray = 100 * np.expm1(np.log(new) - np.log(old))
    return change


def compute_outcomes(baseline: Baseline, counterfactual: Counterfactual) -> Outcomes:
    sigma = baseline.sigma
    old, new = baseline.resistances, counterfactual.resistances
    before = modelled_trade(
        baseline.log_costs, baseline.output, baseline.expenditure, old.log_outward, old.log_inward
    )
    after = modelled_trade(
        counterfactual.log_costs,
        counterfactual.output,
        counterfactual.expenditure,
        new.log_outward,
        new.log_inward,
    )
    domestic = np.eye(before.shape[0], dtype=bool)
    foreign_before, foreign_after = np.where(domestic, 0.0, before), np.where(domestic, 0.0, after)
    # P̂ and Π̂ from the changes of their (1−σ) powers.
    inward_hat = np.exp((new.log_inward - old.log_inward) / (1 - sigma))
    outward_hat = np.exp((new.log_outward - old.log_outward) / (1 - sigma))
    prices = counterfactual.prices
    measures = np.stack(
        [
            _percent(foreign_after.sum(axis=1), foreign_before.sum(axis=1)),
            _percent(foreign_after.sum(axis=0), foreign_before.sum(axis=0)),
            _percent(np.diag(after), np.diag(before)),
            100 * np.expm1(np.log(prices)),
            _percent(counterfactual.output, baseline.output),
            _percent(counterfactual.expenditure, baseline.expenditure),
            100 * np.expm1(np.log(prices) - np.log(inward_hat)),
            100 * np.expm1(np.log(inward_hat)),
            100 * np.expm1(np.log(outward_hat)),
        ]
    )
    return Outcomes(measures, before, after)
