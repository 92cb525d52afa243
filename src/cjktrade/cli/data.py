"""``cjktrade data``: what reference data is loaded."""

from __future__ import annotations

import typer

from cjktrade.cli.output import JsonOption, emit_json, errors_as_exit

app = typer.Typer(
    help="Reference data: versions, licences, attribution and known gaps.", no_args_is_help=True
)


@app.command()
def status(as_json: bool = JsonOption) -> None:
    """Every data set with its version, rows, licence and attribution, and the known gaps."""
    from cjktrade.services.data_status import status as data_status

    with errors_as_exit(as_json):
        answer = data_status()
    if as_json:
        emit_json(answer)
        return
    typer.echo(f"Reference data (version {answer['data_version']}, from {answer['data_dir']})\n")
    for d in answer["datasets"]:
        state = "loaded" if d["loaded"] else "FILES MISSING"
        typer.echo(f"{d['id']}: {d['title']} [{state}]")
        typer.echo(f"  version:     {d['version']}")
        typer.echo(
            f"  rows:        {d['rows']:,}  " + ", ".join(f"{k} {v:,}" for k, v in d["counts"].items())
        )
        typer.echo(f"  source:      {d['source']}")
        typer.echo(f"  licence:     {d['licence']}")
        typer.echo(f"  attribution: {d['attribution']}\n")
    fx = answer["exchange_rates"]
    if fx["loaded"]:
        typer.echo(f"exchange rates: {fx['source']}, {fx['first_day']} to {fx['last_day']}")
        typer.echo(f"  licence:     {fx['licence']}")
        typer.echo(f"  attribution: {fx['attribution']}\n")
    else:
        typer.echo(f"exchange rates: not loaded: {fx['error']}\n")
    typer.echo("Known gaps:")
    for gap in answer["gaps"]:
        typer.echo(f"  - [{gap['dataset']}] {gap['gap']}")


@app.command("parse-report")
def parse_report(as_json: bool = JsonOption) -> None:
    """Per schedule and column: how many tariff cells the expression parser understood, and the rest."""
    from cjktrade.services.origin import rules_report
    from cjktrade.services.tariff import parse_report as report

    with errors_as_exit(as_json):
        answer = report()
        answer["rules_of_origin"] = rules_report()
    if as_json:
        emit_json(answer)
        return
    for agreement, part in answer["rules_of_origin"].items():
        if not part["loaded"]:
            typer.echo(f"{agreement} product-specific rules: not loaded")
            continue
        typer.echo(
            f"{agreement} product-specific rules: {part['executable']:,} of {part['total']:,} executable "
            f"({part['executable_percent']}%): {part['parsed_automatically']:,} parsed automatically, "
            f"{part['via_overrides']} via reviewed overrides"
        )
        for item in part["unparsed"]:
            typer.echo(f"  not executable, kept as text: {item['scope']}: {item['text'][:140]}")
    for name, part in answer["schedules"].items():
        typer.echo(
            f"{name.upper()}: {part['parsed']:,} of {part['cells']:,} non-empty cells parsed ({part['parsed_percent']}%), "
            f"{part['unparsed']} unparsed, {part['round_trip_ok']:,} print back equivalent"
            + (
                f", {part['damaged']:,} damaged agreement strings (partners unknown)"
                if part["damaged"]
                else ""
            )
        )
        for column, counts in part["columns"].items():
            typer.echo(
                f"  {column:<28} {counts['parsed']:>8,} / {counts['cells']:<8,} {counts['parsed_percent']:>7}%"
            )
    for missing in answer["not_loaded"]:
        typer.echo(f"not loaded: {missing}")
    typer.echo(f"\nUnparsed cells ({len(answer['unparsed'])}):")
    for cell in answer["unparsed"]:
        raw = cell["raw"].replace("\n", " / ")
        typer.echo(f"  [{cell['schedule']}] {cell['column']} {cell['code']}: {raw}  ({cell['reason']})")
