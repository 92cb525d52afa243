"""Rules of origin: the product-specific-rule (PSR) language, the readers of RCEP and CPTPP wording,
bills of materials, and the evaluator that turns a BOM into a verdict citing its rule.

``parse_rule`` / ``format_rule`` give a PSR's canonical text ("CTH or RVC40"), ``describe_en`` its
English, ``find_rule`` the most specific rule for an HS code. ``evaluate(bom, rule, ...)`` gives a
``Verdict`` (originating / not originating / undetermined) with every step, article and figure.
"""

from cjktrade.origin.bom import BillOfMaterials, CostElements, InvalidBomError, Material, Product
from cjktrade.origin.bom_io import (
    BomFileError,
    bom_to_csv,
    bom_to_json,
    read_bom,
    read_bom_csv,
    read_bom_json,
    read_bom_xlsx,
)
from cjktrade.origin.cptpp_wording import CptppReading, read_cptpp_rule_set
from cjktrade.origin.evaluate import evaluate, rule_lookup
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
from cjktrade.origin.verdict import CountryOfOrigin, Question, Remedy, RvcComputation, Verdict

__all__ = [
    "And",
    "BillOfMaterials",
    "BomFileError",
    "ChemicalReaction",
    "CostElements",
    "CountryOfOrigin",
    "CptppReading",
    "HsRange",
    "HsScope",
    "InvalidBomError",
    "Material",
    "NamedProcess",
    "Or",
    "ProducedExclusively",
    "Product",
    "ProductCase",
    "ProductSplit",
    "PsrRule",
    "Question",
    "RegionalValueContent",
    "Remedy",
    "Requirement",
    "Rule",
    "RuleSyntaxError",
    "RvcComputation",
    "TariffShift",
    "UnparsedWordingError",
    "Verdict",
    "WhollyObtained",
    "bom_to_csv",
    "bom_to_json",
    "describe_en",
    "evaluate",
    "find_rule",
    "format_rule",
    "parse_kr_rcep_wording",
    "parse_rule",
    "psr_from_row",
    "psr_to_row",
    "read_bom",
    "read_bom_csv",
    "read_bom_json",
    "read_bom_xlsx",
    "read_cptpp_rule_set",
    "rule_lookup",
]
