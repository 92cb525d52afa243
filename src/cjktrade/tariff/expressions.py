"""The duty-expression language of the tariff engine: parse, print back, evaluate, report.

A tariff cell is parsed into a :class:`Cell` that keeps the raw text beside a typed expression
(``expr_types``). Parsers: :func:`parse_jp` (Japan 実行関税率表), :func:`parse_cn` (China 进口税则,
with footnotes), :func:`parse_kr` (Korea, percentages). :func:`format_cell` prints a cell back as
equivalent text (:func:`equivalent`: same after NFKC and whitespace removal); :func:`evaluate`
computes the duty in ``Decimal`` money or lists what must be chosen; :func:`parse_report` counts
what was understood. Notation and evidence: docs/tariff-notation.md.

>>> from decimal import Decimal
>>> from cjktrade.core.money import Money
>>> cell = parse_jp("30%又は4,300円/足のうちいずれか高い税率")
>>> evaluate(cell, Money(10000, "JPY"), {"pair": Decimal(1)}).duty
Money('4300', 'JPY')
>>> format_cell(cell)
'30%又は4,300円/足のうちいずれか高い税率'
"""

from __future__ import annotations

from cjktrade.tariff.expr_cn import CN_AGREEMENT_LABELS, CN_PREFERENTIAL_LABELS
from cjktrade.tariff.expr_eval import DutyResult, evaluate
from cjktrade.tariff.expr_format import format_cell
from cjktrade.tariff.expr_parse import parse_cn, parse_jp, parse_kr
from cjktrade.tariff.expr_report import ColumnCounts, Report, UnparsedCell, parse_report
from cjktrade.tariff.expr_text import canonical_text, equivalent
from cjktrade.tariff.expr_types import (
    AdValorem,
    Ceiling,
    Cell,
    Compound,
    Conditional,
    Expr,
    Floor,
    Footnote,
    Free,
    GatePrice,
    HigherOf,
    LowerOf,
    Marked,
    NoRate,
    Noted,
    Parenthesised,
    Partial,
    PartnerGroup,
    PartnerRates,
    Provisional,
    RateRange,
    Specific,
    TariffQuota,
    Unbound,
    Unparsed,
    Varies,
)

__all__ = [
    "CN_AGREEMENT_LABELS",
    "CN_PREFERENTIAL_LABELS",
    "AdValorem",
    "Ceiling",
    "Cell",
    "ColumnCounts",
    "Compound",
    "Conditional",
    "DutyResult",
    "Expr",
    "Floor",
    "Footnote",
    "Free",
    "GatePrice",
    "HigherOf",
    "LowerOf",
    "Marked",
    "NoRate",
    "Noted",
    "Parenthesised",
    "Partial",
    "PartnerGroup",
    "PartnerRates",
    "Provisional",
    "RateRange",
    "Report",
    "Specific",
    "TariffQuota",
    "Unbound",
    "Unparsed",
    "UnparsedCell",
    "Varies",
    "canonical_text",
    "equivalent",
    "evaluate",
    "format_cell",
    "parse_cn",
    "parse_jp",
    "parse_kr",
    "parse_report",
]
