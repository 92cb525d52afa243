"""PPML with exporter and importer fixed effects on one cross-section, with robust standard errors.

Yotov et al. (2016), Ch. 1: structural gravity is estimated by Poisson pseudo-maximum likelihood
(Santos Silva & Tenreyro 2006), which keeps zero flows and is consistent under heteroskedasticity;
exporter and importer fixed effects absorb the multilateral resistances and the output and
expenditure terms. One importer effect (the reference importer's) is dropped for identification,
as Yotov et al. do with the reference country in Ch. 2.

The estimator is Newton's method (for the Poisson log link it is the same as IRLS). The Hessian
``X'WX`` is assembled block by block from N×N matrices instead of a dense dummy matrix, so 150
countries (22,500 flows, 304 parameters) take milliseconds per iteration. The covariance is the
heteroskedasticity-consistent sandwich ``H⁻¹ (X' diag(u²) X) H⁻¹`` (HC0, as statsmodels'
``GLM(...).fit(cov_type="HC0")``); ``stata_correction`` multiplies it by n/(n−1), as Stata's
``vce(robust)`` does — the standard errors quoted in the gegravity README are of that kind.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cjktrade.core.errors import CjktradeError, InvalidInputError
from cjktrade.scenarios.data import DEFAULT_COST_VARIABLES, FloatArray, GravityData

_TOLERANCE = 1e-10
_MAX_ITERATIONS = 100


class EstimationError(CjktradeError):
    slug = "estimation-failed"


@dataclass(frozen=True)
class PPMLResult:
    variables: tuple[str, ...]
    coefficients: FloatArray
    covariance: FloatArray  # robust, of the coefficients only
    exporter_effects: FloatArray
    importer_effects: FloatArray  # the reference importer's is 0
    reference_importer: str
    fitted: FloatArray
    deviance: float
    iterations: int
    observations: int
    covariance_type: str

    @property
    def standard_errors(self) -> FloatArray:
        result: FloatArray = np.sqrt(np.diag(self.covariance))
        return result

    def coefficient(self, name: str) -> float:
        return float(self.coefficients[self.variables.index(name)])

    def table(self) -> list[dict[str, float | str]]:
        """Coefficient, robust standard error, z, two-sided p-value and 95% interval per variable."""
        rows: list[dict[str, float | str]] = []
        for name, beta, se in zip(self.variables, self.coefficients, self.standard_errors, strict=True):
            z = float(beta / se) if se > 0 else math.inf
            rows.append(
                {
                    "variable": name,
                    "coefficient": float(beta),
                    "robust_se": float(se),
                    "z": z,
                    "p_value": math.erfc(abs(z) / math.sqrt(2)),
                    "ci95_low": float(beta - 1.959963984540054 * se),
                    "ci95_high": float(beta + 1.959963984540054 * se),
                }
            )
        return rows


def estimate_ppml(
    data: GravityData,
    variables: Sequence[str] = DEFAULT_COST_VARIABLES,
    *,
    reference_importer: str,
    stata_correction: bool = False,
) -> PPMLResult:
    """PPML of trade on ``variables`` with exporter and importer fixed effects."""
    names = tuple(variables)
    regressors = np.stack([data.covariate(name) for name in names])
    reference = data.index(reference_importer)
    _check_identified(data, regressors, names)
    scale = float(data.trade.mean())
    flows = data.trade / scale  # PPML slopes do not depend on the unit; O(1) numbers condition better
    design = _Design(regressors, reference)
    params, fitted, deviance, iterations = _newton(flows, design)
    hessian = design.cross(fitted)
    meat = design.cross((flows - fitted) ** 2)
    bread = np.linalg.inv(hessian)
    covariance = (bread @ meat @ bread)[: len(names), : len(names)]
    n = flows.size
    if stata_correction:
        covariance = covariance * n / (n - 1)
    k, size = len(names), data.size
    importer = np.zeros(size)
    importer[design.keep] = params[k + size :]
    return PPMLResult(
        variables=names,
        coefficients=params[:k].copy(),
        covariance=(covariance + covariance.T) / 2,
        exporter_effects=params[k : k + size] + math.log(scale),
        importer_effects=importer,
        reference_importer=reference_importer,
        fitted=fitted * scale,
        deviance=deviance * scale,
        iterations=iterations,
        observations=n,
        covariance_type="HC0 × n/(n−1) (Stata robust)" if stata_correction else "HC0 (robust sandwich)",
    )


class _Design:
    """X = [regressors | exporter dummies | importer dummies without the reference], never built."""

    def __init__(self, regressors: FloatArray, reference: int) -> None:
        self.z = regressors
        self.k, self.n = regressors.shape[0], regressors.shape[1]
        self.keep = np.arange(self.n) != reference

    def linear(self, params: FloatArray) -> FloatArray:
        k, n = self.k, self.n
        importer = np.zeros(n)
        importer[self.keep] = params[k + n :]
        eta: FloatArray = (
            np.tensordot(params[:k], self.z, axes=1) + params[k : k + n, None] + importer[None, :]
        )
        return eta

    def score(self, values: FloatArray) -> FloatArray:
        """X'v for a vector v laid out as an N×N matrix."""
        return np.concatenate(
            [(self.z * values).sum(axis=(1, 2)), values.sum(axis=1), values.sum(axis=0)[self.keep]]
        )

    def cross(self, weights: FloatArray) -> FloatArray:
        """X' diag(w) X, block by block."""
        k = self.k
        flat = self.z.reshape(k, -1)
        zw = self.z * weights
        zz = (flat * weights.reshape(-1)) @ flat.T
        z_exp = zw.sum(axis=2)
        z_imp = zw.sum(axis=1)[:, self.keep]
        pair = weights[:, self.keep]
        return np.block(
            [
                [zz, z_exp, z_imp],
                [z_exp.T, np.diag(weights.sum(axis=1)), pair],
                [z_imp.T, pair.T, np.diag(weights.sum(axis=0)[self.keep])],
            ]
        )


def _deviance(flows: FloatArray, fitted: FloatArray) -> float:
    positive = flows > 0
    ratio = np.where(positive, flows, 1.0) / fitted
    terms = np.where(positive, flows * np.log(ratio), 0.0)
    return float(2.0 * np.sum(terms - (flows - fitted)))


def _newton(flows: FloatArray, design: _Design) -> tuple[FloatArray, FloatArray, float, int]:
    # Start as IRLS does, from mu = (y + mean y) / 2: one weighted least-squares step gives params.
    start = (flows + flows.mean()) / 2
    eta0 = np.log(start)
    params = _solve(design.cross(start), design.score(start * eta0 + flows - start))
    fitted = np.exp(design.linear(params))
    deviance = _deviance(flows, fitted)
    for iteration in range(1, _MAX_ITERATIONS + 1):
        step = _solve(design.cross(fitted), design.score(flows - fitted))
        length = 1.0
        while True:  # step halving: Poisson deviance must not rise
            trial = params + length * step
            trial_fitted = np.exp(design.linear(trial))
            trial_deviance = _deviance(flows, trial_fitted)
            if np.isfinite(trial_deviance) and trial_deviance <= deviance * (1 + 1e-12) + 1e-12:
                break
            length /= 2
            if length < 1e-8:
                raise EstimationError("PPML did not converge: the Poisson deviance stopped falling.")
        change = abs(deviance - trial_deviance) / (abs(trial_deviance) + 0.1)
        params, fitted, deviance = trial, trial_fitted, trial_deviance
        if float(np.max(np.abs(length * step))) < _TOLERANCE or change < 1e-15:
            return params, fitted, deviance, iteration
    raise EstimationError(f"PPML did not converge in {_MAX_ITERATIONS} iterations.")


def _solve(matrix: FloatArray, vector: FloatArray) -> FloatArray:
    try:
        result: FloatArray = np.asarray(np.linalg.solve(matrix, vector), dtype=np.float64)
    except np.linalg.LinAlgError:
        raise EstimationError(
            "PPML: the estimating equations are singular (a variable is collinear with the fixed effects)."
        ) from None
    return result


def _check_identified(data: GravityData, regressors: FloatArray, names: tuple[str, ...]) -> None:
    """Name what would make the estimate undefined, before iterating."""
    exports, imports = data.trade.sum(axis=1), data.trade.sum(axis=0)
    for label, totals in (("exports", exports), ("imports", imports)):
        empty = [c for c, v in zip(data.countries, totals, strict=True) if v <= 0]
        if empty:
            # A country with no flows at all has a fixed effect of minus infinity (no PPML estimate).
            raise InvalidInputError(
                f"no {label} at all for {', '.join(empty)}: PPML cannot estimate its effect."
            )
    # With every pair present the two-way fixed effects are removed by double demeaning; what is
    # left of a variable is the variation the slope is identified from.
    within = (
        regressors
        - regressors.mean(axis=2, keepdims=True)
        - regressors.mean(axis=1, keepdims=True)
        + regressors.mean(axis=(1, 2), keepdims=True)
    ).reshape(len(names), -1)
    for name, column in zip(names, within, strict=True):
        if float(np.max(np.abs(column))) < 1e-12:
            raise InvalidInputError(
                f"variable {name!r} varies only by exporter or by importer (or not at all): the fixed "
                "effects absorb it, so its coefficient is not identified.",
                hint="Leave it out of the cost variables.",
            )
    if np.linalg.matrix_rank(within) < len(names):
        raise InvalidInputError(
            f"the variables {', '.join(names)} are collinear once the fixed effects are removed.",
            hint="Leave one of them out.",
        )
