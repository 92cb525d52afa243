"""``cjktrade hs``: classification commands."""

from __future__ import annotations

from typing import Any

import typer

from cjktrade.cli.output import JsonOption, emit_json, errors_as_exit, progress_printer, table

app = typer.Typer(help="HS codes and national tariff lines of China, Japan and Korea.", no_args_is_help=True)


@app.command()
def search(
    query: str = typer.Argument(..., help="Words in en/zh/ja/ko, or a code such as 8507.60."),
    lang: str | None = typer.Option(
        None, "--lang", help="Only match descriptions in this language: en, zh, ja, ko."
    ),
    limit: int = typer.Option(10, "--limit", help="How many results (1-100)."),
    as_json: bool = JsonOption,
) -> None:
    """Find HS codes and national lines by description or code."""
    from cjktrade.refdata import hs_index
    from cjktrade.services import classification

    with errors_as_exit(as_json):
        hs_index.connection(progress_printer())
        answer = classification.search(query, lang=lang, limit=limit)
    if as_json:
        emit_json(answer)
        return
    rows = [
        (
            i,
            r["display_code"],
            r["country"] or "HS",
            r["match"],
            r["matched_lang"] or "",
            _best_text(r, r["matched_lang"]),
        )
        for i, r in enumerate(answer["results"], 1)
    ]
    if not rows:
        typer.echo(f"no match for {query!r}")
        return
    table(f"Search: {query}", ["#", "code", "scope", "match", "lang", "description"], rows)


def _best_text(item: dict[str, Any], lang: str | None) -> str:
    descriptions = item["descriptions"]
    return descriptions.get(lang or "en") or next(iter(descriptions.values()), "")


@app.command()
def show(
    code: str = typer.Argument(..., help="HS code (2/4/6 digits) or national line (CN 8, JP 9, KR 10)."),
    as_json: bool = JsonOption,
) -> None:
    """Show a code: its hierarchy, descriptions in every language, and the national lines under it."""
    from cjktrade.services import classification

    with errors_as_exit(as_json):
        answer = classification.show(code, progress=progress_printer())
    if as_json:
        emit_json(answer)
        return
    title = f"{answer['display_code']}  ({answer['kind']})"
    rows = [(lang, text) for lang, text in answer["descriptions"].items()]
    if answer.get("parents"):
        rows.append(("path", " > ".join(answer["parents"])))
    table(title, ["lang", "description"], rows)
    hierarchy = [(n["display_code"], n["kind"], n["descriptions"].get("en", "")) for n in answer["hierarchy"]]
    if hierarchy:
        table("Hierarchy (HS 2022)", ["code", "level", "description"], hierarchy)
    if answer.get("children"):
        table(
            "Under it",
            ["code", "description"],
            [(c["display_code"], c["descriptions"].get("en", "")) for c in answer["children"]],
        )
    _print_lines(answer.get("national_lines") or {})
    if answer.get("national_line_counts"):
        typer.echo(
            "national lines under it: "
            + ", ".join(f"{k} {v}" for k, v in answer["national_line_counts"].items())
        )
    for missing in answer.get("missing", []):
        typer.echo(f"note: {missing['message']}")


def _print_lines(by_country: dict[str, list[dict[str, Any]]]) -> None:
    lang = {"JP": "ja", "KR": "ko", "CN": "zh"}
    for country, lines in by_country.items():
        rows = [
            (
                line["display_code"],
                line["descriptions"].get(lang[country], ""),
                line["descriptions"].get("en", ""),
            )
            for line in lines
        ]
        if rows:
            table(f"{country} national lines", ["code", "description", "English"], rows)


@app.command()
def concordance(
    code: str = typer.Argument(..., help="6-digit HS subheading."), as_json: bool = JsonOption
) -> None:
    """The JP, KR and CN national breakdowns of one HS subheading side by side."""
    from cjktrade.services import classification

    with errors_as_exit(as_json):
        answer = classification.concordance(code)
    if as_json:
        emit_json(answer)
        return
    node = answer["subheading"]
    lines = answer["national_lines"]
    countries = list(lines)
    depth = max((len(v) for v in lines.values()), default=0)
    rows = []
    for i in range(depth):
        row = []
        for country in countries:
            if i < len(lines[country]):
                line = lines[country][i]
                text = next(iter(line["descriptions"].values()), "")
                row.append(f"{line['display_code']} {text}")
            else:
                row.append("")
        rows.append(row)
    table(f"{node['display_code']} {node['descriptions'].get('en', '')}", countries, rows)
