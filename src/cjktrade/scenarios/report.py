"""The JSON-ready answer of a scenario: every figure labelled data, estimate, assumption or model.

Pure: takes a ``ScenarioResult`` and returns plain dicts, lists, strings and floats.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from cjktrade.scenarios.data import FloatArray
from cjktrade.scenarios.outcomes import COUNTRY_MEASURES
from cjktrade.scenarios.scenario import ScenarioResult

FORMULATION_TEXT = {
    "full": "full-endowment general equilibrium (prices, shares and resistances solved together; "
    "Yotov et al. 2016, Ch. 2, iterated to convergence)",
    "one-step": "one-step (resistances with baseline shares, prices p = Π/Π'; the peer gegravity's OneSectorGE)",
}
FIGURE_KINDS = {
    "data": "trade flows, output (Y), expenditure (E) and the cost variables of the input data",
    "estimate": "PPML coefficients and their robust standard errors (estimated from the data)",
    "assumption": "sigma, the reference importer, the formulation and any tariff elasticity: "
    "chosen parameters, not data",
    "model": "every change in percent: the structural gravity model's output given the above",
}
SOURCES = [
    "Yotov, Piermartini, Monteiro & Larch (2016), An Advanced Guide to Trade Policy Analysis: The "
    "Structural Gravity Model, WTO/UNCTAD: Ch. 1 (PPML with fixed effects), Ch. 2 (GE counterfactuals).",
    "Anderson & van Wincoop (2003), Gravity with Gravitas (multilateral resistances).",
    "Santos Silva & Tenreyro (2006), The Log of Gravity (PPML).",
]


def _float(value: float | np.floating[Any]) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None


def _country_rows(result: ScenarioResult) -> list[dict[str, Any]]:
    data, outcomes, mc = result.data, result.outcomes, result.monte_carlo
    members = set(result.shock.members)
    rows = []
    for k, country in enumerate(data.countries):
        row: dict[str, Any] = {"country": country, "member": country in members}
        for m, name in enumerate(COUNTRY_MEASURES):
            row[name] = _float(outcomes.countries[m, k])
        if mc is not None:
            row["ci"] = {
                name: [_float(mc.country_low[m, k]), _float(mc.country_high[m, k])]
                for m, name in enumerate(COUNTRY_MEASURES)
            }
        rows.append(row)
    return rows


def _bilateral_rows(result: ScenarioResult) -> list[dict[str, Any]]:
    data, outcomes, mc = result.data, result.outcomes, result.monte_carlo
    change = outcomes.trade_change_percent
    rows = []
    for i, exporter in enumerate(data.countries):
        for j, importer in enumerate(data.countries):
            row: dict[str, Any] = {
                "exporter": exporter,
                "importer": importer,
                "baseline_modelled_trade": _float(outcomes.baseline_trade[i, j]),
                "counterfactual_trade": _float(outcomes.counterfactual_trade[i, j]),
                "trade_change_percent": _float(change[i, j]),
            }
            if mc is not None and mc.tracked_pairs[i, j]:
                row["ci"] = [_float(mc.trade_low[i, j]), _float(mc.trade_high[i, j])]
            rows.append(row)
    return rows


def _group_change(
    before: FloatArray, after: FloatArray, rows: FloatArray, columns: FloatArray
) -> float | None:
    selected = np.outer(rows, columns) & ~np.eye(len(rows), dtype=bool)
    old = float(before[selected].sum())
    return None if old <= 0 else 100 * (float(after[selected].sum()) / old - 1)


def _diversion(result: ScenarioResult) -> list[dict[str, Any]]:
    """Trade creation among members and diversion away from (and by) third countries."""
    data, outcomes = result.data, result.outcomes
    member = np.array([c in set(result.shock.members) for c in data.countries])
    before, after = outcomes.baseline_trade, outcomes.counterfactual_trade
    rows = []
    for k, country in enumerate(data.countries):
        me = np.zeros(data.size, dtype=bool)
        me[k] = True
        rows.append(
            {
                "country": country,
                "member": bool(member[k]),
                "imports_from_members_change_percent": _group_change(before, after, member, me),
                "imports_from_non_members_change_percent": _group_change(before, after, ~member, me),
                "exports_to_members_change_percent": _group_change(before, after, me, member),
                "exports_to_non_members_change_percent": _group_change(before, after, me, ~member),
            }
        )
    return rows


def _cost_change(result: ScenarioResult) -> list[dict[str, Any]]:
    data, sigma = result.data, result.settings.sigma
    change = result.counterfactual.log_costs - result.baseline.log_costs
    rows = []
    for i, j in zip(*np.nonzero(np.abs(change) > 1e-15), strict=True):
        rows.append(
            {
                "exporter": data.countries[i],
                "importer": data.countries[j],
                "log_cost_change": float(change[i, j]),  # Δ ln t^(1−σ)
                # The same change as an ad valorem equivalent of t itself: t'/t − 1 = exp(Δ/(1−σ)) − 1.
                "trade_cost_equivalent_percent": 100 * math.expm1(float(change[i, j]) / (1 - sigma)),
            }
        )
    return rows


def scenario_report(result: ScenarioResult, *, top: int = 5) -> dict[str, Any]:
    settings, estimate, data = result.settings, result.estimate, result.data
    countries = _country_rows(result)
    third = [r for r in countries if not r["member"]]
    third.sort(key=lambda r: -abs(r["real_gdp_change_percent"] or 0.0))
    mc = result.monte_carlo
    return {
        "data": {
            "source": data.source,
            "year": data.year,
            "countries": len(data.countries),
            "pairs": data.size**2,
            "kind": "data",
        },
        "estimation": {
            "method": "PPML with exporter and importer fixed effects (the reference importer's importer "
            "effect is dropped); Newton/IRLS",
            "covariance": estimate.covariance_type,
            "observations": estimate.observations,
            "iterations": estimate.iterations,
            "coefficients": estimate.table(),
            "kind": "estimate",
        },
        "assumptions": {
            "sigma": {
                "value": settings.sigma,
                "kind": "assumption",
                "why": "elasticity of substitution; "
                "5 in the peer's documented example and Yotov et al. (2016), Ch. 2",
            },
            "reference_importer": {
                "value": settings.reference_importer,
                "kind": "assumption",
                "why": "its inward resistance is normalised to 1 (numeraire)",
            },
            "formulation": {
                "value": settings.formulation,
                "kind": "assumption",
                "why": FORMULATION_TEXT[settings.formulation],
            },
            "trade_imbalances": {
                "value": "E_i/Y_i fixed at the data",
                "kind": "assumption",
                "why": "Yotov et al. (2016), Ch. 2: expenditure moves with output",
            },
        },
        "scenario": {
            "description": result.shock.description,
            "members": list(result.shock.members),
            "cost_changes": _cost_change(result),
            "solver_iterations": result.counterfactual.iterations,
        },
        "member_effects": [r for r in countries if r["member"]],
        "largest_third_country_effects": third[:top],
        "countries": countries,
        "trade_diversion": _diversion(result),
        "bilateral": _bilateral_rows(result),
        "monte_carlo": None
        if mc is None
        else {
            "draws": mc.requested,
            "solved": mc.solved,
            "failed": mc.failed,
            "seed": mc.seed,
            "level": mc.level,
            "method": "coefficients drawn from N(b, V) with the robust covariance; percentile intervals",
        },
        "figure_kinds": FIGURE_KINDS,
        "sources": SOURCES,
        "notes": [
            "Changes are the model's (modelled baseline trade versus counterfactual trade), in percent.",
            "Trade levels are in the units of the input data.",
            "Third countries are ranked by the absolute change in real GDP (welfare).",
        ],
    }
