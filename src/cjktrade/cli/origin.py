"""``cjktrade origin``: product-specific rules and bill-of-materials verdicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from cjktrade.cli.output import JsonOption, emit_json, errors_as_exit, table
from cjktrade.core.steps import step_lines

app = typer.Typer(help="Rules of origin: PSRs and BOM verdicts ('Made in East Asia').", no_args_is_help=True)


@app.command()
def rule(
    hs: str = typer.Argument(..., help="HS code, e.g. 8507.60 or 87.03"),
    agreement: str = typer.Option("RCEP", "--agreement", help="RCEP or CPTPP"),
    as_json: bool = JsonOption,
) -> None:
    """The product-specific rule: canonical form, the source's own wording, and plain English."""
    from cjktrade.services.origin import rule as find

    with errors_as_exit(as_json):
        answer = find(hs, agreement)
    if as_json:
        emit_json(answer)
        return
    typer.echo(answer["canonical"] or "(not executable: see the source wording)")
    table(
        None,
        ["", ""],
        [
            ("agreement", f"{answer['agreement']} ({answer['hs_version']}), scope {answer['scope']}"),
            ("source wording", answer["source_wording"]),
            ("English", answer["english"] or ""),
            ("legal source", answer["legal_source"]),
            ("derivation", answer["derivation"]),
        ],
    )


@app.command()
def check(
    bom: Path = typer.Argument(..., help="BOM file: .json, .csv or .xlsx (docs/bom-format.md)"),
    to: str = typer.Option(..., "--to", help="Importer: JP, KR or CN"),
    on: str | None = typer.Option(None, "--date", help="YYYY-MM-DD (default: today)"),
    scenario: Path | None = typer.Option(None, "--scenario", help="TOML/JSON file of scenario agreements"),
    as_json: bool = JsonOption,
) -> None:
    """Evaluate the BOM under every agreement in force between producer and importer, ranked by duty saved."""
    from cjktrade.services.origin import check_file

    with errors_as_exit(as_json):
        answer = check_file(bom, to, on, scenario)
    if as_json:
        emit_json(answer)
        return
    product = answer["product"]
    typer.echo(
        f"{product['description']} ({product['hs_code']}), made in {product['producer']}, into {answer['importer']} on {answer['date']}"
    )
    rows = [
        (
            a["name"] + (" [scenario]" if a["scenario"] else ""),
            a["status"],
            (a.get("rule") or {}).get("canonical", ""),
            _saving(a),
        )
        for a in answer["agreements"]
    ]
    table("Agreements", ["agreement", "verdict", "rule", "duty saved"], rows)
    for entry in answer["agreements"]:
        verdict = entry.get("verdict")
        if not verdict:
            typer.echo(f"\n{entry['name']}: {entry['status']} — {entry.get('reason', '')}")
            continue
        typer.echo(
            f"\n{entry['name']}: {verdict['status']}"
            + (f" ({verdict['criterion']})" if verdict.get("criterion") else "")
        )
        for line in step_lines(verdict["steps"]):
            typer.echo(f"  {line}")
        for remedy in verdict.get("to_pass") or []:
            typer.echo(f"  → to pass: {remedy.get('text', remedy)}")
        for fact in verdict.get("missing_facts") or []:
            typer.echo(f"  ? missing: {fact.get('question', fact)}")


def _saving(entry: dict[str, Any]) -> str:
    saving = (entry.get("duty_saving") or {}).get("best_saving")
    return f"{saving['amount']} {saving['currency']}" if saving else ""
