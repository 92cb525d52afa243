"""``cjktrade fx``: exchange rates."""

from __future__ import annotations

import typer

from cjktrade.cli.output import JsonOption, emit_json, errors_as_exit, table

app = typer.Typer(help="Exchange rates (ECB reference rates, cross rates via EUR).", no_args_is_help=True)


@app.command()
def convert(
    amount: str = typer.Argument(..., help="Amount to convert, e.g. 1000 or 1234.56."),
    from_currency: str = typer.Argument(..., metavar="FROM", help="ISO 4217 code, e.g. USD."),
    to_currency: str = typer.Argument(..., metavar="TO", help="ISO 4217 code, e.g. JPY."),
    on: str | None = typer.Option(None, "--date", help="YYYY-MM-DD; default: the latest published day."),
    rate: str | None = typer.Option(
        None, "--rate", help="Use this rate (units of TO per FROM) instead of ECB's."
    ),
    as_json: bool = JsonOption,
) -> None:
    """Convert an amount; always reports the rate used, its date and its source."""
    from cjktrade.services.fx import convert as convert_amount

    with errors_as_exit(as_json):
        answer = convert_amount(amount, from_currency, to_currency, on, rate)
    if as_json:
        emit_json(answer)
        return
    table(
        f"{answer['amount']} {answer['from']} = {answer['converted']} {answer['to']}",
        ["", ""],
        [
            ("rate", f"1 {answer['from']} = {answer['rate']} {answer['to']}"),
            ("rate date", answer["rate_date"]),
            ("requested date", answer["requested_date"]),
            ("method", answer["method"]),
            ("source", answer["source"]),
        ],
    )
    if answer["note"]:
        typer.echo(f"note: {answer['note']}")
