"""Korea's import tariff rates by 10-digit HSK (관세청 품목번호별 관세율표, 2026-02-11).

Raw: kr_tariff_2026/hs.json. Output: kr_tariff.jsonl.gz with
- one ``line`` row per HSK code: Korean and English names, the rate types present (percent ad
  valorem; a rate type absent from ``rates`` had no valid row, which is not the same as 0 = free),
  and the source's flags (``specific_duty``: a per-unit duty exists but its amount is not in the
  source; ``estimated``: rate types taken from an expired row; ``customs_confirmation``: 세관장확인);
- ``heading`` / ``subheading`` rows with the Korean names of 4- and 6-digit codes;
- one ``meta`` row with the rate-type columns, source text and build date.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tools.refdata.common import clean, output_entry, raw_entry, write_jsonl_gz

DATASET = "kr_tariff"
RAW = "kr_tariff_2026/hs.json"


def build(raw_dir: Path, out_dir: Path) -> dict[str, Any]:
    source = json.loads((raw_dir / RAW).read_text(encoding="utf-8"))
    cols: list[str] = source["cols"]
    rows: list[dict[str, Any]] = [
        {"kind": "meta", "cols": cols, "source": source["source"], "built": source["built"]}
    ]
    for code, name in sorted(source["h4"].items()):
        rows.append({"kind": "heading", "code": code, "ko": clean(name)})
    for code, name in sorted(source["h6"].items()):
        rows.append({"kind": "subheading", "code": code, "ko": clean(name)})
    specific = 0
    for rec in sorted(source["codes"], key=lambda r: r["c"]):
        if len(rec["r"]) != len(cols):
            raise ValueError(f"{RAW}: {rec['c']} has {len(rec['r'])} rates for {len(cols)} columns")
        row: dict[str, Any] = {
            "kind": "line",
            "code": rec["c"],
            "ko": clean(rec["n"]),
            "en": clean(rec.get("e")),
            "rates": {col: value for col, value in zip(cols, rec["r"], strict=True) if value is not None},
        }
        if rec.get("p"):
            row["parent_ko"] = clean(rec["p"])
        if rec.get("k"):
            row["standard_names"] = rec["k"]
        if rec.get("u"):
            row["specific_duty"] = True
            specific += 1
        if rec.get("x"):
            row["estimated"] = rec["x"]
        if rec.get("q"):
            row["customs_confirmation"] = True
        rows.append(row)
    name = f"{DATASET}.jsonl.gz"
    count = write_jsonl_gz(out_dir / name, rows)
    lines = len(source["codes"])
    return {
        "title": "Korea import tariff rates (품목번호별 관세율표)",
        "version": f"table of 2026-02-11, rates valid on {source['built']}",
        "source": "Korea Customs Service (관세청), 품목번호별 관세율표, data.go.kr 15051179; compiled by tbco-ship-it/jikguse",
        "licence": "Korea Customs Service public data (공공데이터); the compiling repository has no licence file",
        "attribution": "출처: 관세청 (Korea Customs Service), 품목번호별 관세율표 2026-02-11, 공공데이터포털 data.go.kr 15051179.",
        "raw": [raw_entry(raw_dir, RAW)],
        "outputs": [output_entry(out_dir, name, count)],
        "counts": {
            "national_lines_10_digit": lines,
            "rate_types": len(cols),
            "lines_with_specific_duty": specific,
        },
        "gaps": [
            f"Korea: specific (per-unit) duty amounts are not in the source; {specific} lines have one and "
            "their amount is reported as missing.",
            "Korea: end-use (용도세율) rates are not in the source.",
        ],
    }
