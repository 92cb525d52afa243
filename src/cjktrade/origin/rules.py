"""The product-specific-rule (PSR) language of the origin engine, in one import.

The tree (``rule_nodes``), its canonical text (``rule_text``), its English rendering
(``rule_english``), the PSR record with its HS scope and lookup (``rule_scope``) and the row form of
the compiled data (``rule_record``) live in small modules; this one gathers them.

>>> from decimal import Decimal
>>> rule = parse_rule("CTH or RVC40")
>>> rule == Or((TariffShift("heading"), RegionalValueContent(Decimal("40"))))
True
>>> format_rule(rule), describe_en(rule)
('CTH or RVC40', 'A change to this heading from any other heading, or a regional value content of at least 40%')
"""

from __future__ import annotations

from cjktrade.origin.rule_english import describe_en
from cjktrade.origin.rule_errors import RuleSyntaxError, UnparsedWordingError
from cjktrade.origin.rule_nodes import (
    DEFAULT_RVC_METHODS,
    RVC_METHODS,
    SHIFT_LEVELS,
    And,
    ChemicalReaction,
    HsRange,
    NamedProcess,
    Or,
    ProducedExclusively,
    ProductCase,
    ProductSplit,
    RegionalValueContent,
    Requirement,
    Rule,
    RvcMethod,
    ShiftLevel,
    TariffShift,
    WhollyObtained,
)
from cjktrade.origin.rule_record import psr_from_row, psr_to_row
from cjktrade.origin.rule_scope import Derivation, HsScope, PsrRule, find_rule
from cjktrade.origin.rule_text import format_rule, parse_rule

__all__ = [
    "DEFAULT_RVC_METHODS",
    "RVC_METHODS",
    "SHIFT_LEVELS",
    "And",
    "ChemicalReaction",
    "Derivation",
    "HsRange",
    "HsScope",
    "NamedProcess",
    "Or",
    "ProducedExclusively",
    "ProductCase",
    "ProductSplit",
    "PsrRule",
    "RegionalValueContent",
    "Requirement",
    "Rule",
    "RuleSyntaxError",
    "RvcMethod",
    "ShiftLevel",
    "TariffShift",
    "UnparsedWordingError",
    "WhollyObtained",
    "describe_en",
    "find_rule",
    "format_rule",
    "parse_rule",
    "psr_from_row",
    "psr_to_row",
]
