"""Counterfactual changes in trade costs: a new agreement, or tariff changes.

Trade costs enter structural gravity as ``t_ij^(1−σ) = exp(Σ_k b_k x_kij)`` with the estimated
coefficients ``b`` (Yotov et al. 2016, Ch. 2, Step I: costs are built from the estimates; the
fixed effects are not part of them).

- **Agreement**: the agreement variable (``pta``) becomes 1 for every international pair among the
  members; its estimated coefficient carries the effect (Yotov et al. 2016, Ch. 2, the "RTA"
  counterfactuals).
- **Tariffs**: an ad valorem tariff moves the cost factor ``t_ij`` by ``(1 + τ') / (1 + τ)``, so
  ``ln t^(1−σ)`` moves by ``−ε · ln((1 + τ') / (1 + τ))`` where ε is the trade elasticity,
  ``σ − 1`` in this model. Tariffs are treated as trade costs; tariff revenue is not modelled.

>>> round(tariff_log_cost_change(10.0, 0.0, elasticity=4.0), 4)
0.3812
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from cjktrade.core.errors import InvalidInputError
from cjktrade.scenarios.data import FloatArray, GravityData


@dataclass(frozen=True, slots=True)
class TariffChange:
    exporter: str
    importer: str
    old_percent: float
    new_percent: float


@dataclass(frozen=True)
class CostShock:
    """New values of some cost variables, and/or a fixed change of ln t^(1−σ)."""

    description: str
    members: tuple[str, ...]
    new_covariates: Mapping[str, FloatArray] = field(default_factory=dict)
    fixed_log_cost_change: FloatArray | None = None

    def design(
        self, data: GravityData, variables: Sequence[str]
    ) -> tuple[FloatArray, FloatArray, FloatArray | None]:
        """Cost variables (variable, exporter, importer) before and after, and the fixed change."""
        before = np.stack([data.covariate(name) for name in variables])
        after = before.copy()
        for name, values in self.new_covariates.items():
            if name in variables:
                after[list(variables).index(name)] = values
        return before, after, self.fixed_log_cost_change

    def log_costs(
        self, data: GravityData, variables: Sequence[str], coefficients: FloatArray
    ) -> tuple[FloatArray, FloatArray]:
        """ln t^(1−σ) before and after the shock, for these coefficients."""
        return log_costs_pair(self.design(data, variables), coefficients)


def log_costs_pair(
    design: tuple[FloatArray, FloatArray, FloatArray | None], coefficients: FloatArray
) -> tuple[FloatArray, FloatArray]:
    before_stack, after_stack, fixed = design
    before: FloatArray = np.tensordot(coefficients, before_stack, axes=1)
    after: FloatArray = np.tensordot(coefficients, after_stack, axes=1)
    if fixed is not None:
        after = after + fixed
    return before, after


def agreement_shock(data: GravityData, members: Iterable[str], variable: str = "pta") -> CostShock:
    chosen = tuple(members)
    if len(set(chosen)) < 2:
        raise InvalidInputError("an agreement needs at least two different members.")
    mask = data.pair_mask(chosen)
    current = data.covariate(variable)
    new = np.where(mask, 1.0, current)
    already = int(np.sum(mask & (current == 1)))
    note = f" ({already} of {int(mask.sum())} member pairs already had {variable} = 1)" if already else ""
    return CostShock(f"{variable} = 1 among {', '.join(chosen)}{note}", chosen, {variable: new}, None)


def tariff_log_cost_change(old_percent: float, new_percent: float, *, elasticity: float) -> float:
    """Change of ln t^(1−σ) when an ad valorem tariff moves from ``old`` to ``new`` percent."""
    if old_percent <= -100 or new_percent <= -100:
        raise InvalidInputError(f"a tariff must be above −100%; got {old_percent} → {new_percent}.")
    return -elasticity * math.log((1 + new_percent / 100) / (1 + old_percent / 100))


def tariff_shock(
    data: GravityData, changes: Iterable[TariffChange], *, elasticity: float, description: str
) -> CostShock:
    shift = np.zeros((data.size, data.size))
    members: list[str] = []
    for change in changes:
        i, j = data.index(change.exporter), data.index(change.importer)
        if i == j:
            raise InvalidInputError(
                f"tariff change {change.exporter}→{change.importer}: no tariff on domestic flows."
            )
        shift[i, j] = tariff_log_cost_change(change.old_percent, change.new_percent, elasticity=elasticity)
        members += [m for m in (change.exporter, change.importer) if m not in members]
    return CostShock(description, tuple(members), {}, shift)
