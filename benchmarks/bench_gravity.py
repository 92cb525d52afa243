"""Structural gravity: agreement with, and speed against, the peer gegravity; then 150 countries.

1. On the gegravity 2006 sample (raw CSV from ../shared/data), the China–Japan–Korea pta
   counterfactual with the same PPML coefficients is solved by gegravity ``OneSectorGE`` and by this
   engine. The "one-step" formulation is the peer's; it must agree within 1e-4 (relative) on every
   country measure and every bilateral change. The default "full" formulation is the exact
   full-endowment equilibrium; its difference to the peer is printed, not asserted (docs/scenarios.md).
   Speed: median wall time of the same work (baseline + counterfactual + results, coefficients given),
   gegravity at its default tolerances.
2. 150 countries: synthetic but realistic data (random locations on a sphere, great-circle distances,
   contiguity under 900 km, 12 language groups, regional agreements, lognormal economies, flows drawn
   around the structural gravity model with gamma noise and zeros for the smallest flows), on 2 cores:
   PPML estimation + baseline + full-endowment counterfactual + report, target ≤ 10 s; then 100
   Monte Carlo draws. Peak memory by tracemalloc (Python allocations incl. NumPy) and max RSS.

Run from the repository root: ``.venv/bin/python benchmarks/bench_gravity.py``.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path

# Two cores: BLAS must read its thread count before NumPy is imported (hence the late imports).
for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "2")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from cjktrade.scenarios import (  # noqa: E402
    COUNTRY_MEASURES,
    GravityData,
    ScenarioSettings,
    agreement_shock,
    compute_outcomes,
    estimate_ppml,
    run_scenario,
    scenario_report,
    solve_baseline,
    solve_counterfactual,
    solve_resistances,
)
from cjktrade.services.gravity import read_csv  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_RAW = Path(os.environ.get("CJKTRADE_RAW_DATA", REPO.parent / "shared" / "data"))
SAMPLE = "gravity/gegravity_sample_data_set_2006.csv"

CJK = ("CHN", "JPN", "KOR")
PEER_COLUMNS = {
    "factory_gate_price_change_percent": "factory gate price change (percent)",
    "real_gdp_change_percent": "GDP change (percent)",
    "foreign_exports_change_percent": "foreign exports change (percent)",
    "foreign_imports_change_percent": "foreign imports change (percent)",
    "intranational_trade_change_percent": "intranational trade change (percent)",
    "inward_resistance_change_percent": "imr change (percent)",
    "outward_resistance_change_percent": "omr change (percent)",
    "output_change_percent": "output change (percent)",
    "expenditure_change_percent": "expenditure change (percent)",
}


def median_time(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peer_model(csv_path: Path, coefficients: dict[str, float], tolerance: float | None) -> object:
    import gegravity as ge

    frame = pd.read_csv(csv_path)
    estimates = pd.DataFrame({"var": list(coefficients), "beta": list(coefficients.values()), "se": 0.1})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        baseline = ge.BaselineData(
            frame, imp_var_name="importer", exp_var_name="exporter", year_var_name="year",
            trade_var_name="trade", expend_var_name="E", output_var_name="Y",
        )  # fmt: skip
        model = ge.OneSectorGE(
            baseline, year="2006", reference_importer="DEU", sigma=5, cost_variables=list(coefficients),
            cost_coeff_values=ge.CostCoeffs(estimates, "var", "beta", "se"), quiet=True,
        )  # fmt: skip
        tight = {} if tolerance is None else {"mr_tolerance": tolerance, "mr_max_iter": 100_000}
        model.build_baseline(omr_rescale=100, **tight)
        experiment = model.baseline_data.copy()
        pairs = experiment.exporter.isin(CJK) & experiment.importer.isin(CJK)
        experiment.loc[pairs & (experiment.exporter != experiment.importer), "pta"] = 1
        model.define_experiment(experiment)
        model.simulate(**({} if tolerance is None else {"ge_tolerance": tolerance, "ge_max_iter": 100_000}))
    return model


def max_relative_difference(ours: np.ndarray, theirs: np.ndarray) -> float:
    return float(np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-6)))


def compare_with_peer() -> None:
    csv_path = DEFAULT_RAW / SAMPLE
    data = read_csv(csv_path)[0]
    started = time.perf_counter()
    estimate = estimate_ppml(data, reference_importer="DEU")
    estimate_s = time.perf_counter() - started
    coefficients = dict(zip(estimate.variables, estimate.coefficients.tolist(), strict=True))
    shock = agreement_shock(data, CJK)
    before, after = shock.log_costs(data, estimate.variables, estimate.coefficients)
    reference = data.index("DEU")

    def ours(formulation: str) -> object:
        baseline = solve_baseline(data.output, data.expenditure, before, sigma=5.0, reference=reference)
        counterfactual = solve_counterfactual(baseline, after, formulation)  # type: ignore[arg-type]
        return compute_outcomes(baseline, counterfactual)

    countries = list(data.countries)
    model = peer_model(csv_path, coefficients, 1e-14)
    peer_countries = model.country_results.reindex(countries)  # type: ignore[attr-defined]
    peer_bilateral = (
        model.bilateral_trade_results["trade change (percent)"]  # type: ignore[attr-defined]
        .unstack()
        .reindex(index=countries, columns=countries)
        .to_numpy()
    )
    print("== gegravity 2006 sample, CHN–JPN–KOR pta = 1, σ = 5, reference importer DEU ==")
    print(f"PPML estimate (ours): {estimate.iterations} Newton iterations in {estimate_s * 1000:.1f} ms")
    for formulation in ("one-step", "full"):
        outcome = ours(formulation)
        worst = {
            name: max_relative_difference(outcome.measure(name), peer_countries[column].to_numpy())  # type: ignore[attr-defined]
            for name, column in PEER_COLUMNS.items()
        }
        bilateral = max_relative_difference(outcome.trade_change_percent, peer_bilateral)  # type: ignore[attr-defined]
        overall = max(*worst.values(), bilateral)
        points = max(
            float(np.max(np.abs(outcome.measure(n) - peer_countries[c].to_numpy())))  # type: ignore[attr-defined]
            for n, c in PEER_COLUMNS.items()
        )
        verdict = "OK ≤ 1e-4" if overall <= 1e-4 else "documented methodological difference"
        print(
            f"{formulation:>8}: max relative difference vs gegravity {overall:.2e}, largest country-measure "
            f"gap {points:.4f} percentage points ({verdict})"
        )
        if formulation == "full":
            welfare = outcome.measure("real_gdp_change_percent")  # type: ignore[attr-defined]
            peer_welfare = peer_countries["GDP change (percent)"].to_numpy()
            for country in CJK:
                k = countries.index(country)
                print(
                    f"          {country} real GDP change: full {welfare[k]:.4f}%  gegravity {peer_welfare[k]:.4f}%"
                )
    assert set(PEER_COLUMNS) == set(COUNTRY_MEASURES)

    peer_s = median_time(lambda: peer_model(csv_path, coefficients, None), 5)
    one_step_s = median_time(lambda: ours("one-step"), 200)
    full_s = median_time(lambda: ours("full"), 200)
    print(
        f"speed: gegravity {peer_s * 1000:.0f} ms; ours one-step {one_step_s * 1000:.2f} ms "
        f"({peer_s / one_step_s:,.0f}× faster), full {full_s * 1000:.2f} ms ({peer_s / full_s:,.0f}× faster); "
        f"target ≥ 10×"
    )


def synthetic_world(n: int, seed: int = 150) -> GravityData:
    """Realistic-looking data: geography, languages, regional agreements, structural gravity flows."""
    rng = np.random.default_rng(seed)
    codes = tuple(f"C{k:03d}" for k in range(n))
    latitude = np.arcsin(rng.uniform(-0.8, 0.95, n))
    longitude = rng.uniform(-np.pi, np.pi, n)
    xyz = np.stack(
        [np.cos(latitude) * np.cos(longitude), np.cos(latitude) * np.sin(longitude), np.sin(latitude)], 1
    )
    km = 6371 * np.arccos(np.clip(xyz @ xyz.T, -1, 1))
    area = rng.lognormal(11.5, 1.8, n)  # km², small states to continents
    np.fill_diagonal(km, 0.67 * np.sqrt(area / np.pi))  # internal distance (Head & Mayer's approximation)
    international = 1.0 - np.eye(n)
    contiguity = ((km < 900) & (international > 0)).astype(float)
    language = rng.integers(0, 12, n)
    common_language = (language[:, None] == language[None, :]).astype(float)
    region = np.digitize(longitude, np.linspace(-np.pi, np.pi, 7))
    same_region = region[:, None] == region[None, :]
    pta = ((same_region & (rng.random((n, n)) < 0.6)) | (rng.random((n, n)) < 0.08)).astype(float)
    pta = np.maximum(pta, pta.T) * international
    covariates = {
        "lndist": np.log(km),
        "contiguity": contiguity,
        "common_language": common_language,
        "pta": pta,
        "international": international,
    }
    beta = np.array([-0.9, 0.6, 0.25, 0.4, -2.5])
    log_costs = np.tensordot(beta, np.stack(list(covariates.values())), axes=1)
    size = rng.lognormal(11, 1.5, n)
    shares = size / size.sum()
    mr = solve_resistances(log_costs, shares, shares, 0)
    mean = size.sum() * np.exp(
        log_costs
        + np.log(shares)[:, None]
        + np.log(shares)[None, :]
        - mr.log_outward[:, None]
        - mr.log_inward[None, :]
    )
    trade = rng.gamma(2.0, mean / 2.0)  # heteroskedastic: variance ∝ mean² (PPML stays consistent)
    trade[trade < np.quantile(trade, 0.08)] = 0.0  # the smallest flows are reported as zero
    return GravityData(codes, trade, trade.sum(axis=1), trade.sum(axis=0), covariates, 2006, "synthetic")


def large_world() -> None:
    if hasattr(os, "sched_setaffinity"):
        cores = sorted(os.sched_getaffinity(0))[:2]
        os.sched_setaffinity(0, cores)
    data = synthetic_world(150)
    members = tuple(data.countries[k] for k in np.argsort(-data.output)[:3])  # the three largest economies
    print(f"\n== 150 countries (synthetic), agreement among the 3 largest ({', '.join(members)}), 2 cores ==")
    tracemalloc.start()
    started = time.perf_counter()
    result = run_scenario(data, agreement_shock(data, members), ScenarioSettings(reference_importer="C000"))
    answer = scenario_report(result)
    pipeline_s = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"estimate ({result.estimate.iterations} Newton iterations, {result.estimate.observations:,} flows, "
        f"{len(result.estimate.variables) + 2 * data.size - 1} parameters) + baseline + full GE "
        f"({result.counterfactual.iterations} price iterations) + report: {pipeline_s:.2f} s (target ≤ 10 s); "
        f"peak traced memory {peak / 2**20:.0f} MiB"
    )
    print(f"pta estimate {result.estimate.coefficient('pta'):.3f} (data generated with 0.4)")
    welfare = [f"{r['country']} {r['real_gdp_change_percent']:+.3f}%" for r in answer["member_effects"]]
    print("members' real GDP change: " + ", ".join(welfare))
    started = time.perf_counter()
    drawn = run_scenario(
        data,
        agreement_shock(data, members),
        ScenarioSettings(reference_importer="C000", draws=100),
        estimate=result.estimate,
    )
    draws_s = time.perf_counter() - started
    assert drawn.monte_carlo is not None
    print(f"100 Monte Carlo draws: {draws_s:.2f} s ({drawn.monte_carlo.solved} solved)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS of the whole benchmark process: {rss:.0f} MiB")


def main() -> int:
    if not (DEFAULT_RAW / SAMPLE).is_file():
        print(f"raw sample {DEFAULT_RAW / SAMPLE} not found; set CJKTRADE_RAW_DATA", file=sys.stderr)
        return 2
    compare_with_peer()
    large_world()
    return 0


if __name__ == "__main__":
    sys.exit(main())
