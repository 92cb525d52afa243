"""RCEP product-specific rules of origin (Annex 3A) in Korea's HS2022 transposition, Korean statute wording.

Raw: rcep_psr_kr_hs2022/kr_rcep_psr_hs2022.csv (협정, 류, 호, 소호, 적용단위, 기준). Each rule is read by
``cjktrade.origin.rcep_kr_wording``; the few composite rules it refuses (split by product
description, provisos) come from the reviewed overrides/rcep_psr_overrides.csv, matched on the
chapter, heading, subheading and the exact source text. Output: rcep_psr.jsonl.gz, one row per rule
(canonical rule text, original text, scope, legal source with the source line).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from cjktrade.origin.rcep_kr_wording import parse_kr_rcep_wording
from cjktrade.origin.rules import (
    Derivation,
    HsScope,
    PsrRule,
    Rule,
    UnparsedWordingError,
    format_rule,
    parse_rule,
    psr_to_row,
)
from tools.refdata.common import output_entry, raw_entry, sha256_file, write_jsonl_gz

DATASET = "rcep_psr"
RAW = "rcep_psr_kr_hs2022/kr_rcep_psr_hs2022.csv"
OVERRIDES = Path(__file__).resolve().parent / "overrides" / "rcep_psr_overrides.csv"
STATUTE = (
    "「자유무역협정의 이행을 위한 관세법의 특례에 관한 법률 시행규칙」 [별표] RCEP 품목별 원산지결정기준"
)
# The statute version the raw file reproduces (ORIGIN.md): in force from this date.
EFFECTIVE = date(2026, 5, 1)
COUNT_KEYS: dict[str, str] = {
    "automatic": "parsed_automatically",
    "override": "via_overrides",
    "unparsed": "unparsed",
}


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _overrides(path: Path) -> dict[tuple[str, str, str], dict[str, str]]:
    table: dict[tuple[str, str, str], dict[str, str]] = {}
    for row in _read_csv(path):
        key = (row["chapter"], row["heading"], row["subheading"])
        canonical = format_rule(parse_rule(row["canonical_rule"]))
        if canonical != row["canonical_rule"] or not row["reviewer_note"].strip() or key in table:
            raise ValueError(f"{path.name}: row {key} must hold one canonical rule and a reviewer note")
        table[key] = row
    return table


def _scope(row: dict[str, str], line: int) -> HsScope:
    unit = row["적용단위"].strip()
    if unit not in (row["류"], row["호"], row["소호"]):
        raise ValueError(f"{RAW} line {line}: 적용단위 {unit!r} is none of 류/호/소호 {row!r}")
    return HsScope.parse(unit)


def compile_rules(raw_dir: Path, overrides_path: Path = OVERRIDES) -> tuple[list[PsrRule], dict[str, int]]:
    """Every rule of the raw file as a ``PsrRule``; counts of how each was read."""
    overrides = _overrides(overrides_path)
    used: set[tuple[str, str, str]] = set()
    rules: list[PsrRule] = []
    counts = {"parsed_automatically": 0, "via_overrides": 0, "unparsed": 0, "total": 0}
    for line, row in enumerate(_read_csv(raw_dir / RAW), start=2):  # line 1 is the header
        key = (row["류"], row["호"], row["소호"])
        text = row["기준"]
        source = f"{STATUTE} (시행 {EFFECTIVE.isoformat()}), {RAW} line {line} (적용단위 {row['적용단위']})"
        rule: Rule | None = None
        derivation: Derivation
        notes: tuple[str, ...] = ()
        try:
            rule, derivation = parse_kr_rcep_wording(text), "automatic"
        except UnparsedWordingError as refused:
            override = overrides.get(key)
            if override is not None and override["source_rule_text"] == text:
                used.add(key)
                rule, derivation = parse_rule(override["canonical_rule"]), "override"
                notes = (f"reviewed override ({OVERRIDES.name}): {override['reviewer_note']}",)
            else:
                derivation, notes = "unparsed", (f"not read: {refused.message}",)
        if derivation == "automatic" and key in overrides:
            # An override may only stand in for wording the reader refuses; else it would hide a reading.
            raise ValueError(f"{OVERRIDES.name}: {key} is read automatically; remove its override")
        counts[COUNT_KEYS[derivation]] += 1
        counts["total"] += 1
        rules.append(
            PsrRule(
                agreement="RCEP",
                hs_version="HS2022",
                scope=_scope(row, line),
                rule=rule,
                original_text=text,
                legal_source=source,
                valid_from=EFFECTIVE,
                derivation=derivation,
                notes=notes,
            )
        )
    stale = sorted(set(overrides) - used)
    if stale:
        raise ValueError(f"{OVERRIDES.name}: overrides {stale} match no refused rule with the same text")
    return rules, counts


def build(raw_dir: Path, out_dir: Path) -> dict[str, Any]:
    rules, counts = compile_rules(raw_dir)
    name = f"{DATASET}.jsonl.gz"
    count = write_jsonl_gz(out_dir / name, (psr_to_row(r) for r in rules))
    unparsed = [f"{r.scope}: {r.original_text}" for r in rules if r.rule is None]
    return {
        "title": "RCEP product-specific rules of origin (Annex 3A), Korea's HS2022 transposition",
        "version": f"HS2022; {STATUTE}, in force {EFFECTIVE.isoformat()}",
        "source": f"{STATUTE}, Korean national law information centre; rows carried verbatim by "
        "jslee2011070102-ship-it/export-study (data/fta_psr.csv, commit d1f63f6bed7521941e4f0f33e54c5e5779b62721)",
        "licence": "Statute text: not a protected work (Korean Copyright Act art. 7)",
        "attribution": f"{STATUTE} (대한민국 법령, 국가법령정보센터).",
        "raw": [raw_entry(raw_dir, RAW)],
        "overrides": {
            "path": "tools/refdata/overrides/rcep_psr_overrides.csv",
            "sha256": sha256_file(OVERRIDES),
        },
        "outputs": [output_entry(out_dir, name, count)],
        "counts": counts,
        "gaps": [
            "Annex 3A headnotes and chapter notes are not in the source; the general rules of Chapter 3 "
            "(de minimis, accumulation, minimal operations) live in the origin engine.",
            "The treaty's own English text (HS2012) is not here: these are Korea's HS2022 transposition in Korean; "
            "transpose a code of another HS version before looking it up.",
            "Rules split by product description or qualified by a proviso are held as user-answered "
            "conditions (reviewed overrides); descriptions keep the Korean wording with an English gloss.",
            *(f"Unparsed, kept as text only: {u}" for u in unparsed),
        ],
    }
