"""Trade-policy scenarios by structural gravity (Yotov, Piermartini, Monteiro & Larch 2016).

Pure engine, no file I/O: the caller hands in a ``GravityData`` (a square table of trade flows
with output, expenditure and trade-cost variables) and a ``CostShock``; ``run_scenario`` estimates
PPML with exporter and importer fixed effects, solves the baseline multilateral resistances, the
counterfactual general equilibrium and, on request, Monte Carlo intervals; ``scenario_report``
makes the JSON-ready answer. ``cjktrade.services.gravity`` loads data and adds the tariff link.

>>> import numpy as np
>>> records = [
...     PairRecord(e, i, 100.0 if e == i else 10.0 / (1 + abs(ord(e[0]) - ord(i[0]))), 120.0, 120.0,
...                {"international": float(e != i), "lndist": float(abs(ord(e[0]) - ord(i[0]))),
...                 "pta": 0.0}, f"{e}{i}")
...     for e in ("AAA", "BBB", "CCC") for i in ("AAA", "BBB", "CCC")
... ]
>>> data = GravityData.from_records(records)
>>> shock = CostShock("no change", ("AAA", "BBB"))
>>> result = run_scenario(data, shock, ScenarioSettings(reference_importer="AAA",
...                                                     variables=("lndist", "international")))
>>> bool(np.allclose(result.outcomes.countries, 0.0))
True
"""

from cjktrade.scenarios.data import DEFAULT_COST_VARIABLES, GravityData, PairRecord
from cjktrade.scenarios.equilibrium import (
    FORMULATIONS,
    Baseline,
    Counterfactual,
    Formulation,
    solve_baseline,
    solve_counterfactual,
)
from cjktrade.scenarios.montecarlo import DrawSettings, MonteCarloSummary, run_monte_carlo
from cjktrade.scenarios.outcomes import COUNTRY_MEASURES, Outcomes, compute_outcomes
from cjktrade.scenarios.ppml import EstimationError, PPMLResult, estimate_ppml
from cjktrade.scenarios.report import scenario_report
from cjktrade.scenarios.resistances import Resistances, SolverDidNotConvergeError, solve_resistances
from cjktrade.scenarios.scenario import (
    DEFAULT_REFERENCE_IMPORTER,
    DEFAULT_SEED,
    DEFAULT_SIGMA,
    MAX_SIGMA,
    ScenarioResult,
    ScenarioSettings,
    run_scenario,
)
from cjktrade.scenarios.shocks import (
    CostShock,
    TariffChange,
    agreement_shock,
    tariff_log_cost_change,
    tariff_shock,
)

__all__ = [
    "COUNTRY_MEASURES",
    "DEFAULT_COST_VARIABLES",
    "DEFAULT_REFERENCE_IMPORTER",
    "DEFAULT_SEED",
    "DEFAULT_SIGMA",
    "FORMULATIONS",
    "MAX_SIGMA",
    "Baseline",
    "CostShock",
    "Counterfactual",
    "DrawSettings",
    "EstimationError",
    "Formulation",
    "GravityData",
    "MonteCarloSummary",
    "Outcomes",
    "PPMLResult",
    "PairRecord",
    "Resistances",
    "ScenarioResult",
    "ScenarioSettings",
    "SolverDidNotConvergeError",
    "TariffChange",
    "agreement_shock",
    "compute_outcomes",
    "estimate_ppml",
    "run_monte_carlo",
    "run_scenario",
    "scenario_report",
    "solve_baseline",
    "solve_counterfactual",
    "solve_resistances",
    "tariff_log_cost_change",
    "tariff_shock",
]
