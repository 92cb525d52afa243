"""``cjktrade data``: what reference data is loaded."""

from __future__ import annotations

import typer

from cjktrade.cli.output import JsonOption, emit_json, errors_as_exit, table

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
    table(
        f"Reference data (version {answer['data_version']})",
        ["data set", "version", "rows", "licence", "attribution"],
        [(d["id"], d["version"], d["rows"], d["licence"], d["attribution"]) for d in answer["datasets"]],
    )
    fx = answer["exchange_rates"]
    if fx["loaded"]:
        typer.echo(f"exchange rates: {fx['source']}, {fx['first_day']} to {fx['last_day']}; {fx['licence']}")
    else:
        typer.echo(f"exchange rates: not loaded: {fx['error']}")
    table("Known gaps", ["data set", "gap"], [(g["dataset"], g["gap"]) for g in answer["gaps"]])
