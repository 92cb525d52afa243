"""``cjktrade tariff``: duties for a line and origin, and the three tariffs side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from cjktrade.cli.output import JsonOption, emit_json, errors_as_exit, table
from cjktrade.core.errors import InvalidInputError


def _duty(candidate: dict[str, Any]) -> str:
    duty = candidate.get("duty")
    return f"{duty['amount']} {duty['currency']}" if duty else ""


def tariff(
    code: str = typer.Argument(
        ..., help="National line (JP 9, KR 10, CN 8 digits) or HS6; or 'compare' followed by an HS6."
    ),
    hs6: str | None = typer.Argument(None, help="With 'compare': the HS6 subheading."),
    to: str | None = typer.Option(None, "--to", help="Importer: JP, KR or CN."),
    origin: str | None = typer.Option(None, "--from", help="Country of origin (code or name)."),
    on: str | None = typer.Option(None, "--date", help="YYYY-MM-DD (default: today)."),
    value: str | None = typer.Option(None, "--value", help="Customs value of the goods."),
    currency: str | None = typer.Option(
        None, "--currency", help="Currency of --value (default: the importer's)."
    ),
    quantity: str | None = typer.Option(None, "--quantity", help="Quantity, for specific duties."),
    unit: str | None = typer.Option(
        None, "--unit", help="Unit of --quantity: kg, l, pair, piece, unit, t, ..."
    ),
    scenario: Path | None = typer.Option(None, "--scenario", help="TOML/JSON file of scenario agreements."),
    as_json: bool = JsonOption,
) -> None:
    """Every applicable duty (MFN and each agreement) with the best choice explained.

    `cjktrade tariff compare HS6 --from CN` shows what JP and KR charge a Chinese product.
    """
    from cjktrade.services import tariff as service

    with errors_as_exit(as_json):
        if code == "compare":
            if not hs6 or not origin:
                raise InvalidInputError("usage: cjktrade tariff compare HS6 --from COUNTRY")
            answer = service.compare(hs6, origin, on)
            if as_json:
                emit_json(answer)
            else:
                _print_compare(answer)
            return
        if hs6 is not None:
            raise InvalidInputError(f"unexpected argument {hs6!r}; give one code.")
        if not to or not origin:
            raise InvalidInputError("give the importer and the origin: --to JP --from CN")
        answer = service.quote_code(code, to, origin, on, value, currency, quantity, unit, scenario)
    if as_json:
        emit_json(answer)
        return
    _print_quote(answer)


def _print_quote(answer: dict[str, Any]) -> None:
    schedule = answer["schedule"]
    typer.echo(
        f"Import into {answer['importer']} from {answer['origin']} on {answer['date']} — {schedule['title']} ({schedule['version']})"
    )
    if answer.get("currency_conversion"):
        fx = answer["currency_conversion"]
        typer.echo(f"customs value converted at {fx['rate']} ({fx['rate_date']}, {fx['source']})")
    for line in answer["lines"]:
        title = f"{line['display_code']}  {line['description']}" + (
            f"  [{line['variant']}]" if line["variant"] else ""
        )
        rows = [
            (c["label"], c["status"], c["raw"].replace("\n", " / "), _duty(c)) for c in line["candidates"]
        ]
        table(title, ["regime", "status", "raw text", "duty"], rows)
        for c in line["candidates"]:
            typer.echo(
                f"  {c['label']}: {c['expression'] or '—'}. {c['reason']}"
                + (f" (inherited from {c['inherited_from']})" if c["inherited_from"] else "")
            )
        best = line["best"]
        for text in line["explanation"]:
            typer.echo(text)
        if best and best["conditions"]:
            typer.echo("conditions: " + "; ".join(best["conditions"]))
        for note in line["line_notes"]:
            typer.echo(f"note: {note}")
        typer.echo("")
    for note in answer["notes"]:
        typer.echo(f"note: {note}")


def _print_compare(answer: dict[str, Any]) -> None:
    typer.echo(f"{answer['hs6']} from {answer['origin']} on {answer['date']}")
    for importer, part in answer["importers"].items():
        if "error" in part:
            typer.echo(f"{importer}: {part['error']}")
            continue
        rows = []
        for line in part["lines"]:
            for regime in line["regimes"]:
                rows.append((line["display_code"], regime["label"], regime["status"], regime["expression"]))
            if line["best"]:
                rows.append(
                    (
                        line["display_code"],
                        "→ best",
                        "",
                        f"{line['best']['label']}: {line['best']['expression']}",
                    )
                )
        table(f"{importer} charges", ["line", "regime", "status", "rate"], rows)
