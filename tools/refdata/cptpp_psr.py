"""CPTPP product-specific rules of origin (Annex 4-A) from the UK Online Trade Tariff's rules-of-origin data.

Raw: psr_uk_trade_tariff/cptpp.json (rule_sets: heading, min, max, rules[] of markdown text with an
``or``/null operator and class tags). Each rule set is read by ``cjktrade.origin.cptpp_wording``;
a set it cannot read is kept as text (rule null, derivation "unparsed"), never guessed. Output:
cptpp_psr.jsonl.gz, one row per rule set, in the source's order.

HS version: HS2012, as Annex 4-A is written. The file agrees: heading 3826 (new in HS2012) has rules,
while 9620 (new in HS2017) and 8485 / 8549 (new in HS2022) have none, and 8541.40 is not yet split.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cjktrade.origin.cptpp_wording import plain_text, read_cptpp_rule_set
from cjktrade.origin.rules import HsScope, PsrRule, UnparsedWordingError, psr_to_row
from tools.refdata.common import output_entry, raw_entry, write_jsonl_gz

DATASET = "cptpp_psr"
RAW = "psr_uk_trade_tariff/cptpp.json"
LICENCE_FILE = "psr_uk_trade_tariff/LICENCE.txt"
ANNEX = "CPTPP Annex 4-A (Product-Specific Rules of Origin)"


def _read_set(position: int, rule_set: dict[str, Any]) -> PsrRule:
    heading = rule_set["heading"]
    scope = HsScope.parse(heading)
    if not rule_set["min"].startswith(scope.first):
        raise ValueError(
            f"{RAW} rule set {position} ({heading}): min {rule_set['min']} is outside the heading"
        )
    fragments = [(r["rule"], r["operator"]) for r in rule_set["rules"]]
    original = "\n\n".join(plain_text(markdown) for markdown, _ in fragments)
    tags = sorted({tag for r in rule_set["rules"] for tag in r["class"]})
    notes = [f"UK tariff class tags: {', '.join(tags)}"] if tags else []
    source = (
        f"{ANNEX}, as published in the UK Online Trade Tariff ({RAW} rule set {position}, heading {heading})"
    )
    try:
        reading = read_cptpp_rule_set(fragments)
    except UnparsedWordingError as refused:
        notes.append(f"not read: {refused.message}")
        return PsrRule("CPTPP", "HS2012", scope, None, original, source, None, "unparsed", tuple(notes))
    return PsrRule(
        "CPTPP", "HS2012", scope, reading.rule, original, source, None, "automatic", (*reading.notes, *notes)
    )


def compile_rules(raw_dir: Path) -> tuple[list[PsrRule], dict[str, int]]:
    """Every rule set as a ``PsrRule``; counts of how each was read."""
    rule_sets = json.loads((raw_dir / RAW).read_text(encoding="utf-8"))["rule_sets"]
    rules = [_read_set(position, rule_set) for position, rule_set in enumerate(rule_sets, start=1)]
    parsed = sum(1 for r in rules if r.rule is not None)
    counts = {
        "parsed_automatically": parsed,
        "via_overrides": 0,
        "unparsed": len(rules) - parsed,
        "total": len(rules),
    }
    return rules, counts


def build(raw_dir: Path, out_dir: Path) -> dict[str, Any]:
    rules, counts = compile_rules(raw_dir)
    name = f"{DATASET}.jsonl.gz"
    count = write_jsonl_gz(out_dir / name, (psr_to_row(r) for r in rules))
    share = f"{100 * counts['parsed_automatically'] / counts['total']:.1f}%"
    return {
        "title": "CPTPP product-specific rules of origin (Annex 4-A)",
        "version": "HS2012 (Annex 4-A); UK Online Trade Tariff rules-of-origin data as carried in psr_uk_trade_tariff",
        "source": "UK Online Trade Tariff, rules-of-origin data for CPTPP (UK schema: heading range, rules[] "
        "with markdown text, operator, class tags)",
        "licence": "MIT, Crown Copyright (Government Digital Service), see LICENCE.txt",
        "attribution": "Contains public sector information from the UK Online Trade Tariff, Crown Copyright "
        "(Government Digital Service), MIT licence.",
        "raw": [raw_entry(raw_dir, RAW), raw_entry(raw_dir, LICENCE_FILE)],
        "outputs": [output_entry(out_dir, name, count)],
        "counts": counts,
        "gaps": [
            f"{share} of the {counts['total']} rule sets are executable; the others are kept as text only.",
            "Rules are written in HS2012: transpose a code of a later HS version before looking it up.",
            "Validity dates are not in the source (valid_from is null); entry into force differs by Party.",
            "Appendix 1 (vehicles and parts) and the Chapter 3 general rules are referenced, not encoded.",
            "Conditions stated in words (processes, weight or value limits on named materials, product "
            "descriptions) are kept verbatim for the user to answer.",
            *(f"Unparsed, kept as text only: {r.scope}: {r.notes[-1]}" for r in rules if r.rule is None),
        ],
    }
