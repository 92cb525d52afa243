"""Confidence intervals for general-equilibrium effects by Monte Carlo over the estimates.

The GE effects are functions of the estimated cost coefficients. Following the peer (gegravity
``MonteCarloGE``, and the parametric bootstrap of Anderson & Yotov), coefficient vectors are drawn
from the multivariate normal ``N(b̂, V̂)`` with the robust covariance of the PPML estimate; for
each draw the baseline resistances are re-solved and the counterfactual re-run; the interval is
the central ``level`` share of the simulated effects (percentile method). Draws are reproducible
from ``seed`` (NumPy's PCG64). Each draw starts from the previous one's solution (warm start).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from cjktrade.core.errors import InvalidInputError
from cjktrade.scenarios.data import BoolArray, FloatArray, GravityData
from cjktrade.scenarios.equilibrium import Counterfactual, Formulation, solve_baseline, solve_counterfactual
from cjktrade.scenarios.outcomes import COUNTRY_MEASURES, compute_outcomes
from cjktrade.scenarios.resistances import Resistances, SolverDidNotConvergeError
from cjktrade.scenarios.shocks import CostShock, log_costs_pair

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class MonteCarloSummary:
    requested: int
    solved: int
    seed: int
    level: float
    country_low: FloatArray  # (measure, country), as Outcomes.countries
    country_high: FloatArray
    tracked_pairs: BoolArray  # pairs with a trade-change interval
    trade_low: FloatArray  # NaN outside tracked_pairs
    trade_high: FloatArray

    @property
    def failed(self) -> int:
        return self.requested - self.solved


@dataclass(frozen=True)
class DrawSettings:
    draws: int
    seed: int
    level: float = 0.95


def run_monte_carlo(
    data: GravityData,
    variables: tuple[str, ...],
    coefficients: FloatArray,
    covariance: FloatArray,
    shock: CostShock,
    *,
    sigma: float,
    reference: int,
    formulation: Formulation,
    settings: DrawSettings,
    tracked_pairs: BoolArray,
    progress: Progress | None = None,
) -> MonteCarloSummary:
    if settings.draws < 2:
        raise InvalidInputError(f"Monte Carlo needs at least 2 draws; got {settings.draws}.")
    if not 0 < settings.level < 1:
        raise InvalidInputError(f"confidence level must be between 0 and 1; got {settings.level}.")
    rng = np.random.default_rng(settings.seed)
    # Cholesky-free square root: the robust covariance may be only positive semi-definite.
    draws = rng.multivariate_normal(coefficients, covariance, size=settings.draws, method="eigh")
    design = shock.design(data, variables)
    countries: list[FloatArray] = []
    pairs: list[FloatArray] = []
    base_start: Resistances | None = None
    cf_start: Counterfactual | None = None
    for done, beta in enumerate(draws, 1):
        before, after = log_costs_pair(design, beta)
        try:
            baseline = solve_baseline(
                data.output, data.expenditure, before, sigma=sigma, reference=reference, start=base_start
            )
            counterfactual = solve_counterfactual(baseline, after, formulation, cf_start)
        except SolverDidNotConvergeError:
            base_start, cf_start = None, None  # an extreme draw: do not warm-start the next from it
        else:
            base_start, cf_start = baseline.resistances, counterfactual
            outcome = compute_outcomes(baseline, counterfactual)
            countries.append(outcome.countries)
            pairs.append(outcome.trade_change_percent[tracked_pairs])
        if progress is not None:
            progress(done, settings.draws)
    tail = 100 * (1 - settings.level) / 2
    size = data.size
    trade_low, trade_high = np.full((size, size), np.nan), np.full((size, size), np.nan)
    if len(countries) < 2:
        nan = np.full((len(COUNTRY_MEASURES), size), np.nan)
        return MonteCarloSummary(
            settings.draws,
            len(countries),
            settings.seed,
            settings.level,
            nan,
            nan,
            tracked_pairs,
            trade_low,
            trade_high,
        )
    country_stack, pair_stack = np.stack(countries), np.stack(pairs)
    low, high = np.percentile(country_stack, [tail, 100 - tail], axis=0)
    pair_low, pair_high = np.percentile(pair_stack, [tail, 100 - tail], axis=0)
    trade_low[tracked_pairs], trade_high[tracked_pairs] = pair_low, pair_high
    return MonteCarloSummary(
        settings.draws,
        len(countries),
        settings.seed,
        settings.level,
        low,
        high,
        tracked_pairs,
        trade_low,
        trade_high,
    )
