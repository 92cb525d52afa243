"""Baseline and counterfactual general equilibrium of the one-sector endowment gravity model.

Yotov et al. (2016), Ch. 2 ("General equilibrium trade policy analysis with structural gravity"):
each country is endowed with its own good; the factory-gate price ``p_i`` clears the market for
it, expenditure is a fixed multiple of output (``E_i = φ_i Y_i``, trade imbalances held as in the
data), and the calibrated ``(β_i)^(1−σ) = y_i / Π_i^(1−σ)`` is the baseline market-clearing
condition ``Y_i / Y = (β_i p_i)^(1−σ) Π_i^(1−σ)`` with ``p_i = 1``.

Two formulations of the counterfactual:

``"full"`` (default) — the full-endowment equilibrium: prices, output and expenditure shares and
  the resistances are solved together, so the market-clearing condition holds again after the
  shock. This is the fixed point that Yotov et al.'s iterative procedure (Ch. 2, "full endowment"
  step, repeated until the prices stop changing) converges to. With ``Y' = Σ p_i Y_i`` it reads
  ``p_i^σ = (Y'/Y) · Π_i^(1−σ)' / Π_i^(1−σ)`` and is iterated from ``p = 1``; each iteration
  re-solves the resistances from the previous ones (warm start).
``"one-step"`` — the peer's formulation (gegravity ``OneSectorGE``): the resistances are solved
  with the *baseline* output and expenditure shares and the new costs (the "conditional" terms),
  and prices follow as ``p_i^(1−σ) = Π_i^(1−σ) / Π_i^(1−σ)'``, i.e. ``p_i = Π_i / Π_i'``. It is
  the first round of the full procedure; market clearing holds only to first order. It is kept
  to check this engine against the peer (agreement ≤ 1e-4), and to let users reproduce it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np

from cjktrade.core.errors import InvalidInputError
from cjktrade.scenarios.data import FloatArray
from cjktrade.scenarios.resistances import Resistances, SolverDidNotConvergeError, solve_resistances

Formulation = Literal["full", "one-step"]
FORMULATIONS: tuple[Formulation, ...] = ("full", "one-step")
_PRICE_TOLERANCE = 1e-12
_MAX_PRICE_ITERATIONS = 500


@dataclass(frozen=True)
class Baseline:
    output: FloatArray  # Y_i
    expenditure: FloatArray  # E_i
    log_costs: FloatArray  # ln t_ij^(1−σ)
    resistances: Resistances
    sigma: float
    reference: int

    @property
    def output_shares(self) -> FloatArray:
        shares: FloatArray = self.output / self.output.sum()
        return shares

    @property
    def expenditure_shares(self) -> FloatArray:
        shares: FloatArray = self.expenditure / self.expenditure.sum()
        return shares


@dataclass(frozen=True)
class Counterfactual:
    log_costs: FloatArray
    resistances: Resistances
    prices: FloatArray  # factory-gate prices, baseline = 1
    output: FloatArray
    expenditure: FloatArray
    formulation: Formulation
    iterations: int


def solve_baseline(
    output: FloatArray,
    expenditure: FloatArray,
    log_costs: FloatArray,
    *,
    sigma: float,
    reference: int,
    start: Resistances | None = None,
) -> Baseline:
    if not sigma > 1:
        raise InvalidInputError(f"sigma (elasticity of substitution) must be greater than 1; got {sigma}.")
    resistances = solve_resistances(
        log_costs, output / output.sum(), expenditure / expenditure.sum(), reference, start
    )
    return Baseline(output, expenditure, log_costs, resistances, sigma, reference)


def solve_counterfactual(
    baseline: Baseline,
    log_costs: FloatArray,
    formulation: Formulation = "full",
    start: Counterfactual | None = None,
) -> Counterfactual:
    """The equilibrium after trade costs change to ``log_costs`` (ln t'^(1−σ))."""
    if formulation not in FORMULATIONS:
        raise InvalidInputError(f"formulation {formulation!r}: use one of {', '.join(FORMULATIONS)}.")
    sigma, reference = baseline.sigma, baseline.reference
    y0, e0 = baseline.output_shares, baseline.expenditure_shares
    base_outward = baseline.resistances.log_outward
    warm = start.resistances if start is not None else baseline.resistances
    conditional = solve_resistances(log_costs, y0, e0, reference, warm)
    if formulation == "one-step":
        prices = np.exp((conditional.log_outward - base_outward) / (sigma - 1))
        return _counterfactual(baseline, log_costs, conditional, prices, formulation, 1)
    prices = np.ones_like(y0) if start is None else start.prices.copy()
    resistances = conditional if start is None else start.resistances
    world = baseline.output.sum()
    for iteration in range(1, _MAX_PRICE_ITERATIONS + 1):
        output = prices * baseline.output
        expenditure = prices * baseline.expenditure
        resistances = solve_resistances(
            log_costs, output / output.sum(), expenditure / expenditure.sum(), reference, resistances
        )
        log_new = (math.log(output.sum() / world) + resistances.log_outward - base_outward) / sigma
        change = float(np.max(np.abs(log_new - np.log(prices))))
        prices = np.exp(log_new)
        if change < _PRICE_TOLERANCE:
            return _counterfactual(baseline, log_costs, resistances, prices, formulation, iteration)
    raise SolverDidNotConvergeError(
        f"factory-gate prices did not converge in {_MAX_PRICE_ITERATIONS} iterations.",
        hint="Try formulation 'one-step', or check the size of the trade-cost shock.",
    )


def _counterfactual(
    baseline: Baseline,
    log_costs: FloatArray,
    resistances: Resistances,
    prices: FloatArray,
    formulation: Formulation,
    iterations: int,
) -> Counterfactual:
    # E_i = φ_i Y_i with φ_i fixed at its baseline value (Yotov et al. 2016, Ch. 2): imbalances
    # are exogenous, so expenditure moves with the value of output.
    return Counterfactual(
        log_costs,
        resistances,
        prices,
        prices * baseline.output,
        prices * baseline.expenditure,
        formulation,
        iterations,
    )
