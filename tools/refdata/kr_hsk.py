"""Korea's HSK nomenclature (HS부호, Korea Customs Service, 2026-01-01): 10-digit lines in Korean and English.

Raw: kr_hsk_2026-01-01/hsk_codes_2026-01-01.csv (UTF-8 with BOM). Output: kr_hsk.jsonl.gz.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tools.refdata.common import clean, output_entry, raw_entry, write_jsonl_gz

DATASET = "kr_hsk"
RAW = "kr_hsk_2026-01-01/hsk_codes_2026-01-01.csv"


def build(raw_dir: Path, out_dir: Path) -> dict[str, Any]:
    with (raw_dir / RAW).open(encoding="utf-8-sig", newline="") as handle:
        raw_rows = list(csv.DictReader(handle))
    rows = []
    for row in raw_rows:
        code = row["hs10"].strip()
        if len(code) != 10 or not code.isdigit() or row["hs6"].strip() != code[:6]:
            raise ValueError(f"{RAW}: malformed HSK row {row!r}")
        parents = [clean(p) for p in row["상위설명"].split(" > ") if clean(p)]
        rows.append(
            {"code": code, "ko": clean(row["품목명"]), "en": clean(row["영문품목명"]), "parents_ko": parents}
        )
    rows.sort(key=lambda r: r["code"])
    name = f"{DATASET}.jsonl.gz"
    count = write_jsonl_gz(out_dir / name, rows)
    return {
        "title": "Korea HSK nomenclature (HS부호)",
        "version": "2026-01-01",
        "source": "Korea Customs Service (관세청), HS부호, data.go.kr, 2026-01-01",
        "licence": "Korea Customs Service public data (공공데이터); no licence file in the repository that carried it",
        "attribution": "출처: 관세청 (Korea Customs Service), HS부호 2026-01-01, 공공데이터포털 data.go.kr.",
        "raw": [raw_entry(raw_dir, RAW)],
        "outputs": [output_entry(out_dir, name, count)],
        "counts": {"national_lines_10_digit": count, "hs6": len({r["code"][:6] for r in rows})},
        "gaps": [],
    }
