"""Agreements registry and the meaning of every tariff column, from the curated files in
tools/refdata/curated/ (no raw public source lists them). Validates country codes, groups and
cross-references, then writes agreements.json.gz: one ``agreement`` row per agreement (parties
expanded), one ``column`` row per (importer, column), one ``group`` row per country group.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pycountry

from tools.refdata.common import CURATED, curated_entry, output_entry, write_jsonl_gz

DATASET = "agreements"
FILES = ("agreements.json", "tariff_columns.json")
ISO = {c.alpha_2 for c in pycountry.countries} | {"XK"}


def _expand(items: list[str] | str, groups: dict[str, list[str]]) -> list[str]:
    out: list[str] = []
    for item in [items] if isinstance(items, str) else items:
        members = groups.get(item, [item])
        for code in members:
            if code not in ISO:
                raise ValueError(f"unknown country or group {code!r}")
            out.append(code)
    return sorted(set(out))


def build(raw_dir: Path, out_dir: Path) -> dict[str, Any]:
    registry = json.loads((CURATED / FILES[0]).read_text(encoding="utf-8"))
    columns = json.loads((CURATED / FILES[1]).read_text(encoding="utf-8"))
    groups: dict[str, list[str]] = registry["groups"]
    rows: list[dict[str, Any]] = [
        {"kind": "group", "id": name, "members": _expand(members, {})}
        for name, members in sorted(groups.items())
    ]
    known: set[str] = set()
    for agreement in registry["agreements"]:
        for when in agreement["in_force"].values():
            date.fromisoformat(when)
        parties = _expand(agreement["parties"], groups)
        rows.append({"kind": "agreement", **agreement, "parties": parties})
        known.add(agreement["id"])
    for importer, spec in sorted((k, v) for k, v in columns.items() if k != "about"):
        for name, column in sorted(spec["columns"].items()):
            if column.get("agreement") and column["agreement"] not in known:
                raise ValueError(f"{importer} column {name}: unknown agreement {column['agreement']}")
            row = {"kind": "column", "importer": importer, "column": name, "source": spec["source"], **column}
            if "origins" in column:
                row["origins"] = _expand(column["origins"], groups)
                row["origin_groups"] = column["origins"]
            rows.append(row)
    name = f"{DATASET}.jsonl.gz"
    count = write_jsonl_gz(out_dir / name, rows)
    unverified = sum(1 for a in registry["agreements"] if not a.get("in_force_verified"))
    return {
        "title": "Trade agreements registry and tariff column meanings (curated)",
        "version": "curated, see tools/refdata/curated",
        "source": "Curated by the cjktrade project from DOMAIN.md and the schedules' own column headings; "
        "each fact carries its source and a verified flag",
        "licence": "Apache-2.0 (cjktrade project)",
        "attribution": "cjktrade project; agreement facts marked verified=false are background knowledge to be "
        "confirmed against the agreements' texts.",
        "raw": [curated_entry(f) for f in FILES],
        "outputs": [output_entry(out_dir, name, count)],
        "counts": {
            "agreements": len(known),
            "columns": sum(1 for r in rows if r["kind"] == "column"),
            "agreements_with_unverified_dates": unverified,
        },
        "gaps": [
            f"Agreements: entry-into-force dates of {unverified} agreements are background knowledge, not yet "
            "checked against the texts (answers that depend on them say so).",
            "Japan's GSP and LDC beneficiary lists and China's list of 43 least-developed beneficiaries are not "
            "loaded; those rates are shown but never chosen as best.",
        ],
    }
