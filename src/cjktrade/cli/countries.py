"""``cjktrade country``: country codes and names in four languages."""

from __future__ import annotations

from typing import Any

import typer

from cjktrade.cli.output import JsonOption, emit_json, errors_as_exit, table

app = typer.Typer(help="Countries: ISO 3166 codes with names in en/zh/ja/ko.", no_args_is_help=True)

COLUMNS = ["code", "alpha-3", "en", "zh", "ja", "ko", "RCEP"]


def _row(c: dict[str, Any]) -> list[str]:
    return [
        c["alpha2"],
        c["alpha3"],
        *(c["names"][lang] for lang in ("en", "zh", "ja", "ko")),
        "yes" if c["rcep_party"] else "",
    ]


@app.command()
def lookup(
    text: str = typer.Argument(..., help="A code (JP, JPN) or a name in en/zh/ja/ko (日本, 일본)."),
    as_json: bool = JsonOption,
) -> None:
    """Resolve a country from its code or its name in any of the four languages."""
    from cjktrade.services.countries import lookup as resolve

    with errors_as_exit(as_json):
        answer = resolve(text)
    if as_json:
        emit_json(answer)
        return
    table(None, COLUMNS, [_row(answer)])


@app.command()
def rcep(as_json: bool = JsonOption) -> None:
    """The fifteen RCEP parties."""
    from cjktrade.services.countries import rcep_parties

    answer = rcep_parties()
    if as_json:
        emit_json(answer)
        return
    table("RCEP parties", COLUMNS, [_row(c) for c in answer])
