"""``cjktrade scenario``: trade-policy scenarios by structural gravity."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from cjktrade.cli.output import JsonOption, emit_json, errors_as_exit, table

app = typer.Typer(
    help="Trade-policy scenarios: what an agreement would do, by structural gravity (Yotov et al. 2016).",
    no_args_is_help=True,
)


@app.callback()
def scenario() -> None:
    """Trade-policy scenarios by structural gravity (more scenario kinds may join `gravity`)."""


@contextmanager
def _draw_progress(draws: int) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr while Monte Carlo draws run (only on a terminal)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    if not draws or not console.is_terminal:
        yield None
        return
    with Progress(
        TextColumn("Monte Carlo draws"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("draws", total=draws)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


@app.command("gravity")
def gravity(
    agreement: str = typer.Option(
        ...,
        "--agreement",
        help="Members of the agreement, comma-separated: CHN,JPN,KOR (alpha-3, alpha-2 or names).",
    ),
    data: Path | None = typer.Option(
        None,
        "--data",
        help="CSV with exporter, importer, trade, Y, E, pta [, lndist, contiguity, common_language, "
        "international, year] (default: the shipped 2006 sample). See docs/scenarios.md.",
    ),
    sigma: float | None = typer.Option(
        None,
        "--sigma",
        help="Elasticity of substitution, above 1 (an assumption; default 5, the gegravity example).",
        show_default=False,
    ),
    reference_importer: str | None = typer.Option(
        None,
        "--reference-importer",
        help="Country whose inward resistance is normalised to 1 (default DEU, the gegravity example).",
        show_default=False,
    ),
    draws: int = typer.Option(1000, "--draws", help="Monte Carlo draws for 95% intervals (0: no intervals)."),
    seed: int | None = typer.Option(
        None,
        "--seed",
        help="Random seed of the draws (same seed, same intervals; default 2006).",
        show_default=False,
    ),
    formulation: str = typer.Option(
        "full", "--formulation", help="full (full-endowment GE) or one-step (the peer gegravity's)."
    ),
    tariff_link: bool = typer.Option(
        False,
        "--tariff-link",
        help="Take the cost change from the loaded CN/JP/KR schedules' preference margins instead of the pta coefficient.",
    ),
    chart: Path | None = typer.Option(
        None, "--chart", help="Write the welfare bar chart here (.png/.svg/.pdf) and the heat map beside it."
    ),
    tables: Path | None = typer.Option(
        None, "--tables", help="Write the result tables as CSV into this folder."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Estimate PPML gravity, simulate the agreement in general equilibrium, report who gains and loses.

    `cjktrade scenario gravity --agreement CHN,JPN,KOR --json` on the shipped 2006 sample.
    """
    from cjktrade.services import gravity as service

    with errors_as_exit(as_json):
        if tariff_link and not as_json:
            typer.echo(
                "computing preference margins from the tariff schedules (all ad valorem lines)…", err=True
            )
        # Options left out take the service's defaults (stated, with their source, in one place).
        given: dict[str, Any] = {"sigma": sigma, "reference_importer": reference_importer, "seed": seed}
        with _draw_progress(draws) as progress:
            answer = service.run_gravity(
                agreement=agreement,
                data_file=data,
                **{name: value for name, value in given.items() if value is not None},
                draws=draws,
                formulation=formulation,
                tariff_link=tariff_link,
                progress=progress,
            )
        written = {
            "charts": service.write_charts(answer, chart) if chart else [],
            "tables": service.write_tables(answer, tables) if tables else [],
        }
    answer["files_written"] = written
    if as_json:
        emit_json(answer)
        return
    _print(answer)


def _pct(value: float | None, ci: list[float | None] | None = None) -> str:
    if value is None:
        return "—"
    text = f"{value:+.3f}"
    if ci and ci[0] is not None and ci[1] is not None:
        text += f" [{ci[0]:+.3f}, {ci[1]:+.3f}]"
    return text


def _country_rows(rows: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    measures = (
        "foreign_exports_change_percent",
        "foreign_imports_change_percent",
        "factory_gate_price_change_percent",
        "real_gdp_change_percent",
    )
    return [(r["country"], *(_pct(r[m], (r.get("ci") or {}).get(m)) for m in measures)) for r in rows]


COUNTRY_COLUMNS = ["country", "exports %", "imports %", "factory-gate price %", "real GDP (welfare) %"]


def _print(answer: dict[str, Any]) -> None:
    data, scenario = answer["data"], answer["scenario"]
    typer.echo(f"Data: {data['source']} — {data['countries']} countries, year {data['year'] or 'n/a'}")
    for note in data.get("notes") or []:
        typer.echo(f"note: {note}")
    typer.echo(f"Scenario: {scenario['description']}")
    estimation = answer["estimation"]
    table(
        f"PPML estimates ({estimation['observations']} flows; {estimation['covariance']})",
        ["variable", "coefficient", "robust s.e.", "p-value"],
        [
            (c["variable"], f"{c['coefficient']:.4f}", f"{c['robust_se']:.4f}", f"{c['p_value']:.3g}")
            for c in estimation["coefficients"]
        ],
    )
    interval = " [95% interval]" if answer["monte_carlo"] else ""
    table(f"Members: change in %{interval}", COUNTRY_COLUMNS, _country_rows(answer["member_effects"]))
    table(
        f"Largest third-country effects (by |real GDP change|){interval}",
        COUNTRY_COLUMNS,
        _country_rows(answer["largest_third_country_effects"]),
    )
    members = [r for r in answer["trade_diversion"] if r["member"]]
    table(
        "Trade creation and diversion (members' imports, %)",
        ["importer", "from members", "from non-members"],
        [
            (
                r["country"],
                _pct(r["imports_from_members_change_percent"]),
                _pct(r["imports_from_non_members_change_percent"]),
            )
            for r in members
        ],
    )
    link = answer.get("tariff_link")
    if link:
        table(
            "Tariff link: average ad valorem rates of the loaded schedules (data)",
            ["importer", "origin", "lines", "MFN-type %", "best %", "margin (pp)"],
            [
                (
                    p["importer"],
                    p["origin"],
                    str(p["lines_used"]),
                    f"{p['mfn_average_percent']:.2f}",
                    f"{p['best_average_percent']:.2f}",
                    f"{p['margin_average_percent']:.2f}",
                )
                for p in link["pairs"]
            ],
        )
        typer.echo(
            f"trade elasticity {link['trade_elasticity']['value']:g} (assumption: {link['trade_elasticity']['why']})"
        )
        for assumption in link["assumptions"]:
            typer.echo(f"assumption: {assumption}")
    for name, item in answer["assumptions"].items():
        typer.echo(f"assumption: {name} = {item['value']} — {item['why']}")
    mc = answer["monte_carlo"]
    if mc:
        typer.echo(
            f"Monte Carlo: {mc['solved']} of {mc['draws']} draws solved (seed {mc['seed']}); {mc['method']}."
        )
    for note in answer["notes"]:
        typer.echo(f"note: {note}")
    for path in answer["files_written"]["charts"] + answer["files_written"]["tables"]:
        typer.echo(f"wrote {path}")
