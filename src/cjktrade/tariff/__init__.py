"""Tariffs: the duty-expression language, the three importers' schedules, agreements and the
best-rate choice.

``quote(context, code, importer=, origin=, as_of=, customs_value=, quantity=)`` is the engine's
entry point; ``cjktrade.services.tariff.context(importer)`` loads the reference data it needs:

>>> from datetime import date
>>> from cjktrade.services.tariff import context
>>> answer = quote(context("JP"), "6105.90.020", importer="JP", origin="CN", as_of=date(2026, 11, 28))
>>> answer.lines[0].best.label
'RCEP (China)'
"""

from cjktrade.tariff.decide import Candidate, LineQuote, TariffContext, TariffQuote, quote
from cjktrade.tariff.expressions import evaluate, format_cell, parse_cn, parse_jp, parse_kr, parse_report

__all__ = [
    "Candidate",
    "LineQuote",
    "TariffContext",
    "TariffQuote",
    "evaluate",
    "format_cell",
    "parse_cn",
    "parse_jp",
    "parse_kr",
    "parse_report",
    "quote",
]
