"""China's 2026 import tariff (《中华人民共和国进出口税则》2026, 进口税则), 8-digit lines.

Raw: cn_tariff_2026/import_raw.json and meta.json (chapters, sections, rules text, footnotes by PDF
page). Output: cn_tariff.jsonl.gz with
- one ``line`` row per 8-digit code: the Chinese name as printed (dash prefix kept in ``name``,
  stripped in ``zh``), the parent path, and the raw rate strings (MFN, agreement, special
  preferential, general) with the footnotes their circled marks refer to, resolved by page;
- ``chapter`` and ``section`` rows with their Chinese titles, and one ``rules`` row with the
  规则与说明 and 归类总规则 texts (the agreement code table and the rules for applying rates).
The rate strings are kept verbatim: parsing them is the tariff engine's job, and so is saying that a
partner missing from a damaged agreement string (about 1,071 records, see ORIGIN.md) is unknown.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tools.refdata.common import clean, output_entry, raw_entry, write_jsonl_gz

DATASET = "cn_tariff"
RAW = ("cn_tariff_2026/import_raw.json", "cn_tariff_2026/meta.json")
MARKS = re.compile(r"[①-⑳]")
RATE_FIELDS = ("mfn", "agr", "pref", "gen")


def build(raw_dir: Path, out_dir: Path) -> dict[str, Any]:
    records = json.loads((raw_dir / RAW[0]).read_text(encoding="utf-8"))
    meta = json.loads((raw_dir / RAW[1]).read_text(encoding="utf-8"))
    notes_by_page: dict[str, dict[str, str]] = meta.get("notes", {})
    rows: list[dict[str, Any]] = [
        {"kind": "rules", "rules": meta["rules"], "general_rules": meta["general_rules"]},
    ]
    for chapter in meta["chapters"]:
        rows.append({"kind": "chapter", "code": f"{chapter['no']:02d}", "zh": clean(chapter["title"])})
    ranges = {sec: (lo, hi) for sec, lo, hi in meta["sec_range"]}
    for section in meta["sections"]:
        lo, hi = ranges[section["no"]]
        rows.append(
            {"kind": "section", "number": section["no"], "zh": clean(section["title"]), "chapters": [lo, hi]}
        )
    unresolved = 0
    for rec in records:
        code = rec["code"].strip()
        if len(code) != 8 or not code.isdigit():
            raise ValueError(f"{RAW[0]}: malformed code in record {rec['no']}")
        row: dict[str, Any] = {
            "kind": "line",
            "code": code,
            "name": rec["name"],
            "zh": clean(rec["name"].lstrip("-－— ")),
            "level": rec["level"],
            "path": [clean(p) for p in rec.get("path") or []],
            "page": rec["page"],
            **{field: rec.get(field) or "" for field in RATE_FIELDS},
        }
        marks = sorted({m for field in RATE_FIELDS for m in MARKS.findall(rec.get(field) or "")})
        if marks:
            page_notes = notes_by_page.get(str(rec["page"]), {})
            row["footnotes"] = {m: page_notes[m] for m in marks if m in page_notes}
            unresolved += sum(1 for m in marks if m not in page_notes)
        rows.append(row)
    if unresolved:
        raise ValueError(f"{unresolved} footnote marks have no text in meta.json notes")
    name = f"{DATASET}.jsonl.gz"
    count = write_jsonl_gz(out_dir / name, rows)
    return {
        "title": "China import tariff 2026 (进出口税则, 进口税则)",
        "version": "2026 (in force 2026-01-01)",
        "source": "《中华人民共和国进出口税则》(2026), annex to the 关税法; lines parsed from the official PDF "
        "by mosgpt-alt/shuimatong (commit 8a7b829)",
        "licence": "Statute annex (PRC Copyright Law art. 5); compilation under MIT with a data notice",
        "attribution": "《中华人民共和国进出口税则》(2026)，国务院关税税则委员会。Compiled by 税码通 (MIT).",
        "raw": [raw_entry(raw_dir, r) for r in RAW],
        "outputs": [output_entry(out_dir, name, count)],
        "counts": {"national_lines_8_digit": len(records), "chapters": len(meta["chapters"])},
        "gaps": [
            "China: about 1,071 agreement-rate strings lost a wrapped PDF line; a partner missing from such "
            "a line is unknown, not 'no preference'.",
            "China: 'ex' (partial-line) markers were lost, so some names carry ex-item text and provisional "
            "rates for ex-items may be missing.",
            "China: Chinese descriptions exist for national lines and headings only where this tariff prints them.",
        ],
    }
