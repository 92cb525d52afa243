"""A PSR record as one JSON-ready row of the compiled data sets, and back.

The compilers in ``tools/refdata`` write these rows; the reference-data loader reads them. The rule
travels as canonical text (``format_rule``), read back with ``parse_rule``.

>>> from cjktrade.origin.rule_scope import HsScope
>>> from cjktrade.origin.rule_text import parse_rule
>>> psr = PsrRule("RCEP", "HS2022", HsScope.parse("8507.60"), parse_rule("CTSH or RVC40"),
...               "6단위 세번변경기준 또는 ...", "statute row 1", None)
>>> psr_from_row(psr_to_row(psr)) == psr
True
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from cjktrade.origin.rule_scope import Derivation, HsScope, PsrRule
from cjktrade.origin.rule_text import format_rule, parse_rule


def psr_to_row(psr: PsrRule) -> dict[str, Any]:
    return {
        "agreement": psr.agreement,
        "hs_version": psr.hs_version,
        "scope": str(psr.scope),
        "level": psr.scope.level,
        "rule": None if psr.rule is None else format_rule(psr.rule),
        "original": psr.original_text,
        "source": psr.legal_source,
        "valid_from": None if psr.valid_from is None else psr.valid_from.isoformat(),
        "derivation": psr.derivation,
        "notes": list(psr.notes),
    }


def psr_from_row(row: dict[str, Any]) -> PsrRule:
    return PsrRule(
        agreement=row["agreement"],
        hs_version=row["hs_version"],
        scope=HsScope.parse(row["scope"]),
        rule=None if row["rule"] is None else parse_rule(row["rule"]),
        original_text=row["original"],
        legal_source=row["source"],
        valid_from=None if row["valid_from"] is None else date.fromisoformat(row["valid_from"]),
        derivation=cast(Derivation, row["derivation"]),
        notes=tuple(row.get("notes") or ()),
    )
