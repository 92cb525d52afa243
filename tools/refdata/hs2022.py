"""HS 2022 nomenclature in English (UN Comtrade reference table, datasets/harmonized-system).

Raw: hs2022_en/harmonized-system.csv, hs-sections.csv. Output: hs2022.jsonl.gz with one row per
section, chapter (2 digits), heading (4) and subheading (6).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tools.refdata.common import clean, output_entry, raw_entry, write_jsonl_gz

DATASET = "hs2022"
RAW = ("hs2022_en/harmonized-system.csv", "hs2022_en/hs-sections.csv")
KIND = {"2": "chapter", "4": "heading", "6": "subheading"}
# UN Comtrade adds chapter 99 ("Commodities not specified according to kind") for statistics; it is
# not part of the WCO's HS 2022 nomenclature, so codes such as 9999.99 are not accepted as HS codes.
UN_EXTENSION = "99"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def rows(raw_dir: Path) -> list[dict[str, Any]]:
    sections = _read_csv(raw_dir / RAW[1])
    result: list[dict[str, Any]] = [
        {"kind": "section", "code": s["section"].strip(), "order": i + 1, "en": clean(s["name"])}
        for i, s in enumerate(sections)
    ]
    for row in _read_csv(raw_dir / RAW[0]):
        if row["level"] not in KIND:  # the "TOTAL" pseudo-row
            continue
        if row["hscode"].startswith(UN_EXTENSION):
            continue
        result.append(
            {
                "kind": KIND[row["level"]],
                "code": row["hscode"],
                "parent": None if row["parent"] == "TOTAL" else row["parent"],
                "section": row["section"],
                "en": clean(row["description"]),
            }
        )
    return result


def build(raw_dir: Path, out_dir: Path) -> dict[str, Any]:
    data = rows(raw_dir)
    name = f"{DATASET}.jsonl.gz"
    count = write_jsonl_gz(out_dir / name, data)
    kinds = {
        k: sum(1 for r in data if r["kind"] == k) for k in ("section", "chapter", "heading", "subheading")
    }
    return {
        "title": "HS 2022 nomenclature (English)",
        "version": "HS 2022 (datapackage 2022.0)",
        "source": "UN Comtrade reference table via datasets/harmonized-system (World Customs Organization HS 2022)",
        "licence": "ODC-PDDL-1.0",
        "attribution": "Harmonized System 2022, World Customs Organization; table from UN Comtrade "
        "(datasets/harmonized-system, Open Data Commons PDDL 1.0).",
        "raw": [raw_entry(raw_dir, r) for r in RAW],
        "outputs": [output_entry(out_dir, name, count)],
        "counts": kinds,
        "gaps": [
            "HS: UN Comtrade's statistical chapter 99 is left out; it is not part of the WCO nomenclature.",
            "Chinese, Japanese and Korean descriptions of HS codes come only from the national tariffs "
            "(China 2026, Japan 2026-07-09, Korea HSK 2026-01-01); there is no official multilingual HS text here.",
        ],
    }
