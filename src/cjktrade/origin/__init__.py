"""Rules of origin: the product-specific-rule (PSR) language and the readers of RCEP and CPTPP wording.

``parse_rule`` / ``format_rule`` give a PSR's canonical text ("CTH or RVC40"), ``describe_en`` its
English, ``find_rule`` the most specific rule for an HS code. See ``cjktrade.origin.rules``.
"""

from cjktrade.origin.cptpp_wording import CptppReading, read_cptpp_rule_set
from cjktrade.origin.rcep_kr_wording import parse_kr_rcep_wording
from cjktrade.origin.rules import (
    And,
    ChemicalReaction,
    HsRange,
    HsScope,
    NamedProcess,
    Or,
    ProducedExclusively,
    ProductCase,
    ProductSplit,
    PsrRule,
    RegionalValueContent,
    Requirement,
    Rule,
    RuleSyntaxError,
    TariffShift,
    UnparsedWordingError,
    WhollyObtained,
    describe_en,
    find_rule,
    format_rule,
    parse_rule,
    psr_from_row,
    psr_to_row,
)

__all__ = [
    "And",
    "ChemicalReaction",
    "CptppReading",
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
    "TariffShift",
    "UnparsedWordingError",
    "WhollyObtained",
    "describe_en",
    "find_rule",
    "format_rule",
    "parse_kr_rcep_wording",
    "parse_rule",
    "psr_from_row",
    "psr_to_row",
    "read_cptpp_rule_set",
]
