"""Japan's applied import tariff (実行関税率表), version 2026-07-09, from Japan Customs' data.

Raw: jp_tariff_2026-07-09/tariffdata_json.tar.gz (one tree per chapter). Output:
- jp_tariff.jsonl.gz: every node of the trees in document order, flattened, with its parent id.
  A node whose ``hs_code`` (3-digit statistical suffix) is set is a 9-digit national line:
  code9 = the digits of ``stat_code`` + ``hs_code``. Rate cells are kept as raw text (non-empty
  cells only); their parsing and inheritance belong to the tariff engine.
- jp_tariff_notes.jsonl.gz: section and chapter notes, and the table of import laws (他法令).
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path
from typing import Any

from tools.refdata.common import clean, output_entry, raw_entry, write_jsonl_gz

DATASET = "jp_tariff"
RAW = "jp_tariff_2026-07-09/tariffdata_json.tar.gz"
LICENCE_FILE = "jp_tariff_2026-07-09/LICENSE.upstream-MIT.txt"


def _members(raw_dir: Path) -> dict[str, Any]:
    with tarfile.open(raw_dir / RAW, "r:gz") as archive:
        out: dict[str, Any] = {}
        for member in archive.getmembers():
            if member.isfile() and member.name.endswith(".json"):
                handle = archive.extractfile(member)
                assert handle is not None
                out[Path(member.name).name] = json.loads(handle.read().decode("utf-8"))
        return out


def _flatten(
    chapter: str, nodes: list[dict[str, Any]], parent: int | None, out: list[dict[str, Any]]
) -> None:
    for node in nodes:
        ident = len(out)
        stat = node["stat_code"].strip()
        suffix = (node.get("hs_code") or "").strip()
        digits = stat.replace(".", "")
        row: dict[str, Any] = {
            "id": ident,
            "parent": parent,
            "chapter": chapter,
            "level": node["level"],
            "stat_code": stat,
            "code": digits + suffix if suffix else None,
            "desc": clean(node["desc"]),
        }
        rates = {k: v for k, v in (node.get("rate") or {}).items() if v and v.strip()}
        if rates:
            row["rates"] = rates
        unit = {k: v for k, v in (node.get("unit") or {}).items() if v}
        if unit:
            row["unit"] = unit
        if node.get("law"):
            row["law"] = node["law"]
        out.append(row)
        _flatten(chapter, node.get("children") or [], ident, out)


def build(raw_dir: Path, out_dir: Path) -> dict[str, Any]:
    members = _members(raw_dir)
    index = members["index.json"]
    nodes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for entry in sorted(index["chapters"], key=lambda c: c["chapter"]):
        _flatten(entry["chapter"], members[entry["file_name"]], None, nodes)
        notes.append(
            {
                "kind": "chapter",
                "chapter": entry["chapter"],
                "section_note": entry.get("section_note", ""),
                "chapter_note": entry.get("chapter_note", ""),
            }
        )
    for code, law in sorted(members["import_law_table.json"].items()):
        notes.append({"kind": "law", "code": code, **law})
    name, notes_name = f"{DATASET}.jsonl.gz", f"{DATASET}_notes.jsonl.gz"
    count = write_jsonl_gz(out_dir / name, nodes)
    notes_count = write_jsonl_gz(out_dir / notes_name, notes)
    lines = [n for n in nodes if n["code"]]
    return {
        "title": "Japan applied import tariff (実行関税率表)",
        "version": index["version"].replace("_", "-"),
        "source": "Japan Customs, 実行関税率表 (tariff as of 2026-07-09), JSON compiled by the Japan Tariff MCP repository",
        "licence": "MIT (repository); tariff data from Japan Customs",
        "attribution": "出典：税関ホームページ 実行関税率表 (Japan Customs). Compilation © 2025 Japan Tariff MCP, MIT licence.",
        "raw": [raw_entry(raw_dir, RAW), raw_entry(raw_dir, LICENCE_FILE)],
        "outputs": [output_entry(out_dir, name, count), output_entry(out_dir, notes_name, notes_count)],
        "counts": {
            "nodes": count,
            "national_lines_9_digit": len(lines),
            "hs6": len({n["code"][:6] for n in lines}),
            "chapters": len(index["chapters"]),
        },
        "gaps": [
            "Japan: year-by-year RCEP and EPA staging is not in the source; the rates are those in force on 2026-07-09."
        ],
    }
