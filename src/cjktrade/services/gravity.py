"""Use case: what a trade agreement (e.g. China–Japan–Korea) would do, by structural gravity.

Loads the shipped 2006 sample (reference data set ``gravity``) or a user CSV, runs the engine in
``cjktrade.scenarios`` (PPML estimate, general-equilibrium counterfactual, Monte Carlo intervals),
and returns the JSON-ready answer; writes tables (CSV) and charts (PNG/SVG/PDF) on request.

User CSV columns (one row per exporter→importer pair, domestic flows included, one year):

==================  ========================================================================
``exporter``        ISO 3166 alpha-3 code (``CHN``)
``importer``        ISO 3166 alpha-3 code
``trade``           trade value, exporter to importer (≥ 0; the diagonal is domestic sales)
``Y`` / ``output``  the exporter's output (same on every row of that exporter)
``E`` / ``expenditure``  the importer's expenditure (same on every row of that importer)
``pta``             1 if the pair has a preferential trade agreement, else 0 (required)
``lndist``          log distance; if absent, ln of CEPII GeoDist ``distw`` (``dist`` where
                    ``distw`` is missing) — needs the ``gravity`` data set
``contiguity``      1 if the pair shares a border; if absent, CEPII ``contig``
``common_language`` 1 if they share an official language; if absent, CEPII ``comlang_off``
``international``   1 if exporter ≠ importer; if absent, derived from the codes
``year``            optional; if present, a single year
==================  ========================================================================

Tariff link: the trade-cost change of the agreement is taken from the loaded tariff schedules
instead of the ``pta`` coefficient — for each ordered pair among CN, JP and KR, every national
line whose applied MFN-type rate and best preferential rate for that origin are ad valorem (those
``cjktrade.tariff.bulk.compile_table`` compiles; lines with specific, compound or conditional
duties are left out and counted) gives an MFN-type rate and a best rate; the unweighted averages
become the tariff change ``τ_MFN → τ_pref``, turned into a cost change with the trade elasticity
``σ − 1`` (an assumption). The rates are data; the elasticity, the absence of trade weights and
the idea that a CJK FTA delivers today's best preference are assumptions, and the answer says so.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import textwrap
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from cjktrade.core.countries import resolve_country
from cjktrade.core.errors import CjktradeError, InvalidInputError, NotFoundError
from cjktrade.refdata import loader
from cjktrade.scenarios import (
    DEFAULT_COST_VARIABLES,
    CostShock,
    GravityData,
    PairRecord,
    ScenarioSettings,
    TariffChange,
    agreement_shock,
    run_scenario,
    scenario_report,
    tariff_shock,
)
from cjktrade.scenarios.scenario import (  # re-exported: the front-ends' defaults and limits
    DEFAULT_REFERENCE_IMPORTER as DEFAULT_REFERENCE_IMPORTER,
)
from cjktrade.scenarios.scenario import DEFAULT_SEED as DEFAULT_SEED
from cjktrade.scenarios.scenario import DEFAULT_SIGMA as DEFAULT_SIGMA
from cjktrade.scenarios.scenario import MAX_SIGMA as MAX_SIGMA

DATASET = "gravity"
DISTANCES = "gravity_distances.jsonl.gz"
ALIASES = {"output": "Y", "expenditure": "E"}
GEODIST_FILL = {"lndist": "distw", "contiguity": "contig", "common_language": "comlang_off"}
CJK_ALPHA3 = {"CN": "CHN", "JP": "JPN", "KR": "KOR"}
_lock = threading.Lock()

Progress = Callable[[int, int], None]


# --- data in ---------------------------------------------------------------------------------------


def _shipped_records() -> tuple[list[PairRecord], int]:
    loader.require(DATASET, "the gravity scenario on the shipped sample")
    records, years = [], set()
    for n, row in enumerate(loader.rows(DATASET), 1):
        years.add(int(row["year"]))
        covariates = {name: float(row[name]) for name in DEFAULT_COST_VARIABLES}
        records.append(
            PairRecord(
                row["exporter"],
                row["importer"],
                float(row["trade"]),
                float(row["Y"]),
                float(row["E"]),
                covariates,
                f"{DATASET} row {n}",
            )
        )
    return records, years.pop()


@lru_cache(maxsize=2)
def _shipped(data_version: str) -> GravityData:
    records, year = _shipped_records()
    entry = loader.manifest()["datasets"][DATASET]
    return GravityData.from_records(records, year=year, source=f"{entry['title']} ({entry['version']})")


def shipped_data() -> GravityData:
    """The 2006 sample of the ``gravity`` reference data set (30 countries incl. CHN, JPN, KOR)."""
    with _lock:
        return _shipped(loader.manifest_sha256())


def read_csv(path: str | Path | None = None, *, text: str | None = None) -> tuple[GravityData, list[str]]:
    """A user's gravity table (columns in the module docstring) and notes on what was filled in."""
    if (path is None) == (text is None):
        raise InvalidInputError("give a CSV file or CSV text, not both or neither.")
    if path is not None:
        file = Path(path)
        if not file.is_file():
            raise InvalidInputError(f"gravity data file {file} does not exist.")
        text, name = file.read_text(encoding="utf-8-sig"), str(file)
    else:
        name = "the CSV text"
    assert text is not None
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [ALIASES.get(h.strip(), h.strip()) for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in ("exporter", "importer", "trade", "Y", "E", "pta") if c not in header]
    if missing:
        hint = (
            " (which pairs have an agreement is data; cjktrade does not guess it)" if "pta" in missing else ""
        )
        raise InvalidInputError(
            f"{name}: missing column(s) {', '.join(missing)}{hint}.",
            hint="Columns: exporter, importer, trade, Y, E, pta [, lndist, contiguity, common_language, "
            "international, year] — see docs/scenarios.md.",
        )
    rows = [(line, row) for line, row in enumerate(reader, 2)]
    if not rows:
        raise InvalidInputError(f"{name}: no data rows.")
    notes: list[str] = []
    year = _single_year(rows, header, name)
    fill = [c for c in GEODIST_FILL if c not in header]
    geodist = _geodist(rows, fill, notes) if fill else {}
    records = []
    for line, row in rows:
        exporter, importer = _code(row, "exporter", line), _code(row, "importer", line)
        covariates: dict[str, float] = {}
        for variable in DEFAULT_COST_VARIABLES:
            if variable in header:
                covariates[variable] = _number(row, variable, line)
            elif variable == "international":
                covariates[variable] = float(exporter != importer)
            else:
                covariates[variable] = geodist[(exporter, importer)][variable]
        records.append(
            PairRecord(
                exporter,
                importer,
                _number(row, "trade", line),
                _number(row, "Y", line),
                _number(row, "E", line),
                covariates,
                f"line {line}",
            )
        )
    if "international" not in header:
        notes.append("international = 1 where exporter ≠ importer (derived from the codes).")
    return GravityData.from_records(records, year=year, source=f"user data {name}"), notes


def _code(row: Mapping[str, str | None], column: str, line: int) -> str:
    text = (row.get(column) or "").strip().upper()
    if len(text) != 3 or not text.isalpha():
        raise InvalidInputError(
            f"line {line}, column {column!r}: {text!r} is not an ISO alpha-3 country code."
        )
    return text


def _number(row: Mapping[str, str | None], column: str, line: int) -> float:
    text = (row.get(column) or "").strip()
    try:
        value = float(text)
    except ValueError:
        raise InvalidInputError(f"line {line}, column {column!r}: {text!r} is not a number.") from None
    if not math.isfinite(value):
        raise InvalidInputError(f"line {line}, column {column!r}: {text!r} is not a finite number.")
    return value


def _single_year(rows: list[tuple[int, dict[str, str]]], header: list[str], name: str) -> int | None:
    if "year" not in header:
        return None
    years = {int(_number(row, "year", line)) for line, row in rows}
    if len(years) > 1:
        raise InvalidInputError(
            f"{name}: rows of {len(years)} years ({', '.join(map(str, sorted(years)))}); a scenario runs on "
            "one cross-section.",
            hint="Keep the rows of one year.",
        )
    return years.pop()


def _geodist(
    rows: list[tuple[int, dict[str, str]]], fill: list[str], notes: list[str]
) -> dict[tuple[str, str], dict[str, float]]:
    """Cost variables the CSV lacks, from CEPII GeoDist (data, with the substitutions named)."""
    loader.require(DATASET, f"filling {', '.join(fill)} from CEPII GeoDist")
    wanted = {(_code(r, "exporter", n), _code(r, "importer", n)) for n, r in rows}
    found: dict[tuple[str, str], dict[str, float]] = {}
    simple_distance = 0
    for entry in loader.rows(DATASET, DISTANCES):
        key = (entry["iso_o"], entry["iso_d"])
        if key not in wanted:
            continue
        distance = entry["distw"]
        if distance is None:
            distance, simple_distance = entry["dist"], simple_distance + 1
        found[key] = {
            "lndist": math.log(float(distance)),
            "contiguity": float(entry["contig"]),
            "common_language": float(entry["comlang_off"]),
        }
    absent = sorted(wanted - set(found))
    if absent:
        shown = ", ".join(f"{e}→{i}" for e, i in absent[:6])
        raise InvalidInputError(
            f"CEPII GeoDist has no entry for {len(absent)} pair(s) ({shown}); give {', '.join(fill)} in the CSV."
        )
    notes.append(
        f"{', '.join(fill)} taken from CEPII GeoDist (lndist = ln distw, contiguity = contig, "
        "common_language = comlang_off; Mayer & Zignago 2011)"
        + (f"; {simple_distance} pair(s) without distw use dist (main cities)." if simple_distance else ".")
    )
    return found


def resolve_members(data: GravityData, agreement: str | Sequence[str]) -> tuple[str, ...]:
    """Agreement members as the data's codes; accepts alpha-3, alpha-2 or names ("CHN", "JP", "Korea")."""
    tokens = [t.strip() for t in (agreement.split(",") if isinstance(agreement, str) else agreement)]
    members: list[str] = []
    for token in filter(None, tokens):
        code = data_country(data, token, "agreement member")
        if code not in members:
            members.append(code)
    if len(members) < 2:
        raise InvalidInputError(
            "an agreement needs at least two members, e.g. --agreement CHN,JPN,KOR.",
        )
    return tuple(members)


def data_country(data: GravityData, token: str, role: str) -> str:
    """The data's code for a country given as alpha-3, alpha-2 or a name."""
    code = token.strip().upper()
    if code not in data.countries:
        with contextlib.suppress(CjktradeError):
            code = resolve_country(token).alpha3
    if code not in data.countries:
        raise NotFoundError(
            f"{role} {token!r} is not in the gravity data.",
            hint=f"Countries in the data: {', '.join(data.countries)}.",
        )
    return code


# --- tariff link ---------------------------------------------------------------------------------


@lru_cache(maxsize=2)
def _margins(data_version: str) -> tuple[dict[str, Any], ...]:
    from cjktrade.services import tariff as tariff_service
    from cjktrade.tariff.bulk import compile_table

    pairs = []
    for importer in ("CN", "JP", "KR"):
        ctx = tariff_service.context(importer)
        schedule = ctx.schedules[importer]
        origins = [o for o in ("CN", "JP", "KR") if o != importer]
        as_of = schedule.info.valid_from
        table = compile_table(ctx, importer, schedule.codes(), origins, as_of)
        for origin in origins:
            rates = [
                r for (code, o), r in sorted(table.rates.items()) if o == origin and r.mfn_percent is not None
            ]
            skipped = sum(1 for _, o in table.not_compiled if o == origin)
            no_mfn = sum(1 for (_, o), r in table.rates.items() if o == origin and r.mfn_percent is None)
            mfn = [float(r.mfn_percent) for r in rates if r.mfn_percent is not None]
            best = [float(r.percent) for r in rates]
            regimes = Counter(
                r.label for r in rates if r.mfn_percent is not None and r.percent < r.mfn_percent
            )
            pairs.append(
                {
                    "importer": importer,
                    "origin": origin,
                    "schedule": f"{schedule.info.title} ({schedule.info.version})",
                    "as_of": as_of.isoformat(),
                    "lines_used": len(rates),
                    "lines_left_out_not_ad_valorem": skipped,
                    "lines_left_out_no_mfn_rate": no_mfn,
                    "lines_with_a_preference": sum(regimes.values()),
                    "mfn_average_percent": sum(mfn) / len(mfn) if mfn else None,
                    "best_average_percent": sum(best) / len(best) if best else None,
                    "margin_average_percent": (sum(mfn) - sum(best)) / len(mfn) if mfn else None,
                    "preferences_used": dict(regimes.most_common()),
                }
            )
    return tuple(pairs)


def preference_margins() -> list[dict[str, Any]]:
    """Average MFN-type and best preferential ad valorem rates per ordered CN/JP/KR pair (data)."""
    with _lock:
        version = loader.manifest_sha256()
    return [dict(p) for p in _margins(version)]


def _tariff_link(
    data: GravityData, members: tuple[str, ...], sigma: float
) -> tuple[CostShock, dict[str, Any]]:
    alpha2 = {v: k for k, v in CJK_ALPHA3.items()}
    outside = [m for m in members if m not in alpha2]
    if outside:
        raise InvalidInputError(
            f"--tariff-link uses the China, Japan and Korea schedules; {', '.join(outside)} has none here.",
            hint="Use members among CHN, JPN, KOR, or leave out --tariff-link to use the pta coefficient.",
        )
    margins = [
        p
        for p in preference_margins()
        if CJK_ALPHA3[p["importer"]] in members and CJK_ALPHA3[p["origin"]] in members
    ]
    elasticity = sigma - 1
    changes = [
        TariffChange(
            CJK_ALPHA3[p["origin"]],
            CJK_ALPHA3[p["importer"]],
            p["mfn_average_percent"],
            p["best_average_percent"],
        )
        for p in margins
        if p["mfn_average_percent"] is not None
    ]
    shock = tariff_shock(
        data,
        changes,
        elasticity=elasticity,
        description=f"tariffs among {', '.join(members)} fall from the average MFN-type rate to the average best "
        "preferential rate of the loaded schedules (pta unchanged)",
    )
    detail = {
        "pairs": margins,
        "trade_elasticity": {
            "value": elasticity,
            "kind": "assumption",
            "why": "σ − 1, the trade elasticity of this model (t^(1−σ))",
        },
        "data": "MFN-type and best preferential rates per national line: the loaded tariff schedules "
        "(cjktrade.tariff.decide rules; best = lowest applicable rate for goods originating in the partner)",
        "assumptions": [
            "A China–Japan–Korea FTA is taken to deliver the best preference in force today (RCEP, "
            "China–Korea FTA, APTA) — a real agreement may cut deeper or shallower.",
            "Lines are averaged without trade weights (HS-level CN/JP/KR flows are not loaded).",
            "Lines with specific, compound or conditional duties are left out (counted per pair).",
            "Tariffs are treated as trade costs; tariff revenue is not modelled.",
            "2026 preferences are applied to 2006 trade (the only gravity sample loaded).",
        ],
        "method": "unweighted average over every national line whose MFN-type and best rates are ad valorem "
        "(cjktrade.tariff.bulk.compile_table on all lines of each schedule)",
    }
    return shock, detail


# --- the use case ----------------------------------------------------------------------------------


def run_gravity(
    *,
    agreement: str | Sequence[str],
    data_file: str | Path | None = None,
    csv_text: str | None = None,
    sigma: float = DEFAULT_SIGMA,
    reference_importer: str = DEFAULT_REFERENCE_IMPORTER,
    draws: int = 0,
    seed: int = DEFAULT_SEED,
    formulation: str = "full",
    tariff_link: bool = False,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Estimate, simulate the agreement, and report; the front-ends call only this."""
    if data_file is not None or csv_text is not None:
        data, data_notes = read_csv(data_file, text=csv_text)
    else:
        data, data_notes = shipped_data(), []
    if not 1 < sigma <= MAX_SIGMA:
        raise InvalidInputError(
            f"sigma: use an elasticity of substitution above 1 and at most {MAX_SIGMA:g}."
        )
    members = resolve_members(data, agreement)
    reference = data_country(data, reference_importer, "reference importer")
    settings = ScenarioSettings(
        sigma=sigma,
        reference_importer=reference,
        formulation=formulation,  # type: ignore[arg-type]  # validated by ScenarioSettings
        draws=draws,
        seed=seed,
    )
    link = None
    if tariff_link:
        shock, link = _tariff_link(data, members, sigma)
    else:
        shock = agreement_shock(data, members)
    result = run_scenario(data, shock, settings, progress)
    answer = scenario_report(result)
    answer["data"]["notes"] = data_notes
    if link is not None:
        beta = result.estimate.coefficient("pta")
        link["for_comparison"] = {
            "pta_coefficient": beta,
            "pta_trade_cost_equivalent_percent": 100 * math.expm1(-beta / (sigma - 1)),
            "why": "the estimated pta effect as an ad valorem trade-cost change with the same elasticity",
        }
        answer["tariff_link"] = link
    answer["data_version"] = loader.manifest_sha256()[:16] if data_file is None and csv_text is None else None
    return answer


# --- tables and charts out -------------------------------------------------------------------------


def write_tables(answer: Mapping[str, Any], directory: str | Path) -> list[str]:
    """countries.csv, bilateral.csv, coefficients.csv and trade_diversion.csv into ``directory``."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in (
        ("coefficients", answer["estimation"]["coefficients"]),
        ("countries", [_flat(r) for r in answer["countries"]]),
        ("bilateral", [_flat(r) for r in answer["bilateral"]]),
        ("trade_diversion", answer["trade_diversion"]),
    ):
        path = folder / f"{name}.csv"
        columns = list(dict.fromkeys(k for row in rows for k in row))
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        written.append(str(path))
    return written


def _flat(row: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if k != "ci"}
    ci = row.get("ci")
    if isinstance(ci, dict):
        for name, (low, high) in ci.items():
            out[f"{name}_ci_low"], out[f"{name}_ci_high"] = low, high
    elif isinstance(ci, list):
        out["ci_low"], out["ci_high"] = ci
    return out


def heatmap_path(chart: str | Path) -> Path:
    """Where the heat map goes beside the welfare chart: ``out.png`` → ``out-heatmap.png``."""
    path = Path(chart)
    return path.with_name(f"{path.stem}-heatmap{path.suffix}")


def write_charts(answer: Mapping[str, Any], chart: str | Path) -> list[str]:
    """Welfare bar chart at ``chart`` and the bilateral heat map beside it (format from the suffix)."""
    path = Path(chart)
    if path.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise InvalidInputError(f"chart {path}: use a .png, .svg or .pdf file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    _welfare_chart(answer, path)
    heat = heatmap_path(path)
    _heatmap(answer, heat)
    return [str(path), str(heat)]


def _figure(width: float, height: float) -> Any:
    # The object API with an Agg canvas: no pyplot, no global backend switch, safe in a server.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _caption(answer: Mapping[str, Any]) -> str:
    a = answer["assumptions"]
    return (
        f"{answer['scenario']['description']}. σ = {a['sigma']['value']:g} (assumption), "
        f"{a['formulation']['value']} GE; data: {answer['data']['source']}"
    )


def _welfare_chart(answer: Mapping[str, Any], path: Path) -> None:
    rows = sorted(answer["countries"], key=lambda r: r["real_gdp_change_percent"])
    names = [r["country"] for r in rows]
    values = [r["real_gdp_change_percent"] for r in rows]
    colours = ["#c0392b" if r["member"] else "#7f8c8d" for r in rows]
    figure = _figure(7, max(4.0, 0.22 * len(rows) + 1.5))
    axes = figure.add_subplot()
    errors = None
    if all("ci" in r for r in rows):
        low = [v - r["ci"]["real_gdp_change_percent"][0] for v, r in zip(values, rows, strict=True)]
        high = [r["ci"]["real_gdp_change_percent"][1] - v for v, r in zip(values, rows, strict=True)]
        errors = [low, high]
    axes.barh(names, values, color=colours, xerr=errors, error_kw={"elinewidth": 0.8, "capsize": 2})
    axes.axvline(0, color="black", linewidth=0.6)
    axes.set_xlabel("real GDP (welfare) change, %" + (" — bars: 95% interval" if errors else ""))
    axes.set_title("Welfare change by country (members in red)", loc="left")
    axes.tick_params(axis="y", labelsize=7)
    _add_caption(figure, answer)
    figure.savefig(path, dpi=150)


def _add_caption(figure: Any, answer: Mapping[str, Any]) -> None:
    # A figure-level label takes part in the constrained layout, so it never overlaps the axes.
    figure.supxlabel(textwrap.fill(_caption(answer), 140), fontsize=6, x=0.01, ha="left")


def _heatmap(answer: Mapping[str, Any], path: Path) -> None:
    import numpy as np
    from matplotlib.colors import SymLogNorm

    countries = [r["country"] for r in answer["countries"]]
    index = {c: k for k, c in enumerate(countries)}
    grid = np.full((len(countries), len(countries)), np.nan)
    for row in answer["bilateral"]:
        grid[index[row["exporter"]], index[row["importer"]]] = row["trade_change_percent"]
    limit = float(np.nanmax(np.abs(grid))) or 1.0
    figure = _figure(8, 7)
    axes = figure.add_subplot()
    # Member pairs move by tens of percent, third countries by fractions of one: a symmetric log
    # scale shows both.
    image = axes.imshow(grid, cmap="RdBu_r", norm=SymLogNorm(linthresh=0.1, vmin=-limit, vmax=limit))
    axes.set_xticks(range(len(countries)), countries, rotation=90, fontsize=6)
    axes.set_yticks(range(len(countries)), countries, fontsize=6)
    axes.set_xlabel("importer")
    axes.set_ylabel("exporter")
    axes.set_title("Bilateral trade change, % (symmetric log colour scale)", loc="left")
    figure.colorbar(image, ax=axes, shrink=0.8, label="%")
    _add_caption(figure, answer)
    figure.savefig(path, dpi=150)
