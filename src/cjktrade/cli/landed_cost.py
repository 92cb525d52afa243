"""``cjktrade landed-cost``: what a shipment costs to import, every figure with its source."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from cjktrade.cli.output import JsonOption, emit_json, errors_as_exit, table


def _amount(money: dict[str, str] | None) -> str:
    return "" if money is None else f"{money['amount']} {money['currency']}"


def landed_cost(
    shipment: Path = typer.Argument(..., help="Shipment JSON file (schema: docs/landed-cost.md)."),
    as_json: bool = JsonOption,
) -> None:
    """Duty, VAT / consumption tax, de minimis and China's CBEC regime for a shipment."""
    from cjktrade.services.landed_cost import quote_file

    with errors_as_exit(as_json):
        answer = quote_file(shipment)
    if as_json:
        emit_json(answer)
        return
    _print(answer)


def _print(answer: dict[str, Any]) -> None:
    labels = answer["tax_labels"]
    rows = [
        (line["line"], line["code"], line["origin"], _amount(line["customs_value"]),
         (line["duty_regime"] or {}).get("label", ""), _amount(line["duty"]), _amount(line["excise"]), _amount(line["vat"]))
        for line in answer["lines"]
    ]  # fmt: skip
    table(
        f"Landed cost into {answer['importer']} on {answer['date']} ({answer['channel']}, {answer['importer_type']})",
        ["#", "code", "origin", "customs value", "duty regime", "duty", "excise", "VAT"],
        rows,
    )
    totals = answer["totals"]
    typer.echo(f"VAT column: {labels.get('vat', 'VAT')}; excise column: {labels.get('excise', '')}")
    for key in ("customs_value", "duty", "excise", "vat", "taxes", "landed_cost"):
        typer.echo(f"  {key.replace('_', ' '):<14} {_amount(totals[key])}")
    if answer["display"]:
        shown = answer["display"]["totals"]
        typer.echo(
            f"  in {answer['display']['currency']}: taxes {_amount(shown['taxes'])}, landed cost {_amount(shown['landed_cost'])}"
        )
    comparison = answer["comparison"]
    if comparison.get("not_computed"):
        typer.echo(comparison["not_computed"])
    else:
        typer.echo(
            f"best agreement vs MFN: taxes {_amount(comparison['with_best_agreement'])} vs {_amount(comparison['mfn_only'])}"
            f" — the preference saves {_amount(comparison['preference_saves'])}"
        )
    for outcome in answer["outcome"]:
        typer.echo(f"• {outcome}")
    typer.echo("\nHow it was computed:")
    for step in answer["explanation"]:
        flag = "" if step["verified"] else "  [unverified source]"
        where = "" if step["line"] is None else f"line {step['line']}: "
        typer.echo(f"  {where}{step['text']}{flag}")
    for record in answer["currency_conversions"]:
        typer.echo(
            f"rate: 1 {record['from']} = {record['rate']} {record['to']} ({record['rate_date']}, {record['source']})"
        )
    if answer["unverified_sources_used"]:
        typer.echo("\nUnverified sources used (check before relying on the figures):")
        for source in answer["unverified_sources_used"]:
            typer.echo(f"  - {source}")
