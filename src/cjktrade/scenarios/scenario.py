"""One scenario end to end: estimate, solve the baseline, apply the shock, draw intervals.

Pure: takes the data and the shock, returns arrays; ``report.scenario_report`` turns the result
into the JSON-ready answer. The steps are those of Yotov et al. (2016), Ch. 2: (I) estimate and
solve the baseline, (II) define the counterfactual, (III) solve it and compare.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cjktrade.core.errors import InvalidInputError
from cjktrade.scenarios.data import DEFAULT_COST_VARIABLES, GravityData
from cjktrade.scenarios.equilibrium import (
    FORMULATIONS,
    Baseline,
    Counterfactual,
    Formulation,
    solve_baseline,
    solve_counterfactual,
)
from cjktrade.scenarios.montecarlo import DrawSettings, MonteCarloSummary, Progress, run_monte_carlo
from cjktrade.scenarios.outcomes import Outcomes, compute_outcomes
from cjktrade.scenarios.ppml import PPMLResult, estimate_ppml
from cjktrade.scenarios.shocks import CostShock

# The peer's documented example (gegravity README): σ = 5, reference importer Germany.
DEFAULT_SIGMA = 5.0
DEFAULT_REFERENCE_IMPORTER = "DEU"
DEFAULT_SEED = 2006
# A guard against typing errors in front-ends, not an economic bound (the engine needs only σ > 1).
MAX_SIGMA = 50.0


@dataclass(frozen=True)
class ScenarioSettings:
    sigma: float = DEFAULT_SIGMA
    reference_importer: str = DEFAULT_REFERENCE_IMPORTER
    variables: tuple[str, ...] = DEFAULT_COST_VARIABLES
    formulation: Formulation = "full"
    draws: int = 0
    seed: int = DEFAULT_SEED
    level: float = 0.95
    stata_correction: bool = False

    def __post_init__(self) -> None:
        if not self.sigma > 1:
            raise InvalidInputError(
                f"sigma (elasticity of substitution) must be greater than 1; got {self.sigma}."
            )
        if self.formulation not in FORMULATIONS:
            raise InvalidInputError(
                f"formulation {self.formulation!r}: use one of {', '.join(FORMULATIONS)}."
            )
        if self.draws < 0 or self.draws == 1:
            raise InvalidInputError(f"draws must be 0 (no intervals) or at least 2; got {self.draws}.")


@dataclass(frozen=True)
class ScenarioResult:
    data: GravityData
    settings: ScenarioSettings
    estimate: PPMLResult
    shock: CostShock
    baseline: Baseline
    counterfactual: Counterfactual
    outcomes: Outcomes
    monte_carlo: MonteCarloSummary | None


def run_scenario(
    data: GravityData,
    shock: CostShock,
    settings: ScenarioSettings,
    progress: Progress | None = None,
    estimate: PPMLResult | None = None,
) -> ScenarioResult:
    """Estimate (unless ``estimate`` is given), solve baseline and counterfactual, draw intervals."""
    reference = data.index(settings.reference_importer)
    if estimate is None:
        estimate = estimate_ppml(
            data,
            settings.variables,
            reference_importer=settings.reference_importer,
            stata_correction=settings.stata_correction,
        )
    before, after = shock.log_costs(data, estimate.variables, estimate.coefficients)
    baseline = solve_baseline(
        data.output, data.expenditure, before, sigma=settings.sigma, reference=reference
    )
    counterfactual = solve_counterfactual(baseline, after, settings.formulation)
    outcomes = compute_outcomes(baseline, counterfactual)
    summary = None
    if settings.draws:
        members = np.zeros(data.size, dtype=bool)
        for country in shock.members:
            members[data.index(country)] = True
        summary = run_monte_carlo(
            data,
            estimate.variables,
            estimate.coefficients,
            estimate.covariance,
            shock,
            sigma=settings.sigma,
            reference=reference,
            formulation=settings.formulation,
            settings=DrawSettings(settings.draws, settings.seed, settings.level),
            tracked_pairs=members[:, None] | members[None, :],
            progress=progress,
        )
    return ScenarioResult(data, settings, estimate, shock, baseline, counterfactual, outcomes, summary)
