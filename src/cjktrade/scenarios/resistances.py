"""Multilateral resistance terms for given trade costs and output/expenditure shares.

The system (Anderson & van Wincoop 2003; Yotov et al. 2016, Ch. 1, the structural gravity system
and Ch. 2, Step I "solve the baseline"), with ``T_ij = t_ij^(1−σ)``, output shares ``y_i`` and
expenditure shares ``e_j``::

    Π_i^(1−σ) = Σ_j T_ij e_j / P_j^(1−σ)        (outward resistance of exporter i)
    P_j^(1−σ) = Σ_i T_ij y_i / Π_i^(1−σ)        (inward resistance of importer j)

determines the terms up to one scale, fixed by P_ref = 1 for the reference importer (Yotov et al.
normalise to Germany's; so does the peer, gegravity). Both sets of shares sum to one, so the
reference importer's own equation then holds by itself (the system is a matrix-balancing problem).

It is solved in logarithms by Newton's method: the Jacobian is the identity plus the two
row-/column-normalised weight matrices, so a (2N−1)² linear solve per step gives quadratic
convergence; a warm start (the previous draw, the baseline) usually needs one or two steps. If a
step does not reduce the residual, a Sinkhorn sweep (always contracting) is taken instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cjktrade.core.errors import CjktradeError
from cjktrade.scenarios.data import FloatArray

TOLERANCE = 1e-12
MAX_ITERATIONS = 200


class SolverDidNotConvergeError(CjktradeError):
    slug = "solver-did-not-converge"


@dataclass(frozen=True, slots=True)
class Resistances:
    """Logarithms of Π_i^(1−σ) (outward) and P_j^(1−σ) (inward); ``log_inward[reference] == 0``."""

    log_outward: FloatArray
    log_inward: FloatArray
    iterations: int


def _logsumexp(values: FloatArray, axis: int) -> FloatArray:
    peak = values.max(axis=axis, keepdims=True)
    result: FloatArray = (peak + np.log(np.exp(values - peak).sum(axis=axis, keepdims=True))).squeeze(axis)
    return result


def solve_resistances(
    log_costs: FloatArray,
    output_shares: FloatArray,
    expenditure_shares: FloatArray,
    reference: int,
    start: Resistances | None = None,
) -> Resistances:
    """Π^(1−σ) and P^(1−σ) (in logs) for ``log_costs`` = ln t^(1−σ), exporters in rows."""
    n = log_costs.shape[0]
    keep = np.arange(n) != reference
    log_y, log_e = np.log(output_shares), np.log(expenditure_shares)
    outward = np.zeros(n) if start is None else start.log_outward.copy()
    inward = np.zeros(n) if start is None else start.log_inward - start.log_inward[reference]
    identity = np.eye(n)
    for iteration in range(MAX_ITERATIONS):
        by_exporter = log_costs + log_e[None, :] - inward[None, :]
        by_importer = log_costs + log_y[:, None] - outward[:, None]
        out_sum, in_sum = _logsumexp(by_exporter, 1), _logsumexp(by_importer, 0)
        residual = np.concatenate([outward - out_sum, (inward - in_sum)[keep]])
        error = float(np.max(np.abs(residual)))
        if error < TOLERANCE:
            return Resistances(outward, inward, iteration)
        row_weights = np.exp(by_exporter - out_sum[:, None])
        column_weights = np.exp(by_importer - in_sum[None, :])
        jacobian = np.block(
            [
                [identity, row_weights[:, keep]],
                [column_weights[:, keep].T, identity[: n - 1, : n - 1]],
            ]
        )
        step = np.linalg.solve(jacobian, -residual)
        new_outward, new_inward = outward + step[:n], inward.copy()
        new_inward[keep] += step[n:]
        if (
            np.all(np.isfinite(step))
            and _residual(log_costs, log_y, log_e, new_outward, new_inward, keep) < error
        ):
            outward, inward = new_outward, new_inward
            continue
        # Fallback: one Sinkhorn (RAS) sweep, then renormalise to P_ref = 1.
        inward = in_sum
        outward = _logsumexp(log_costs + log_e[None, :] - inward[None, :], 1)
        shift = inward[reference]
        inward, outward = inward - shift, outward + shift
    raise SolverDidNotConvergeError(
        f"multilateral resistances did not converge in {MAX_ITERATIONS} iterations.",
        hint="Check the trade-cost coefficients: extreme values make the system ill-conditioned.",
    )


def _residual(
    log_costs: FloatArray,
    log_y: FloatArray,
    log_e: FloatArray,
    outward: FloatArray,
    inward: FloatArray,
    keep: np.ndarray,
) -> float:
    out_sum = _logsumexp(log_costs + log_e[None, :] - inward[None, :], 1)
    in_sum = _logsumexp(log_costs + log_y[:, None] - outward[:, None], 0)
    return float(max(np.max(np.abs(outward - out_sum)), np.max(np.abs((inward - in_sum)[keep]))))
