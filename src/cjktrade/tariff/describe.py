"""Plain-English rendering of a duty expression, for people reading a quote beside the raw text.

>>> from decimal import Decimal
>>> from cjktrade.tariff.expressions import AdValorem, HigherOf, Specific
>>> describe(HigherOf((AdValorem(Decimal(30)), Specific(Decimal(4300), "JPY", "pair"))))
'the higher of 30% and 4,300 JPY per pair'
"""

from __future__ import annotations

from decimal import Decimal

from cjktrade.tariff.expr_formula import format_gate
from cjktrade.tariff.expressions import (
    AdValorem,
    Ceiling,
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
    PartnerRates,
    Provisional,
    RateRange,
    Specific,
    TariffQuota,
    Unbound,
    Unparsed,
    Varies,
)


def _number(value: Decimal) -> str:
    text = f"{value.normalize():,f}" if value else "0"
    return text


def describe(expr: Expr) -> str:
    if isinstance(expr, Free):
        return "free"
    if isinstance(expr, AdValorem):
        return f"{_number(expr.percent)}%"
    if isinstance(expr, Specific):
        per = f"{_number(expr.per_quantity)} " if expr.per_quantity != 1 else ""
        return f"{_number(expr.amount)} {expr.currency} per {per}{expr.per_unit}"
    if isinstance(expr, Compound):
        return " + ".join(describe(p) for p in expr.parts)
    if isinstance(expr, HigherOf | LowerOf):
        word = "higher" if isinstance(expr, HigherOf) else "lower"
        parts = [describe(p) for p in expr.parts]
        return f"the {word} of {', '.join(parts[:-1])} and {parts[-1]}"
    if isinstance(expr, Ceiling):
        return f"{describe(expr.expr)}, at most {describe(expr.maximum)}"
    if isinstance(expr, Floor):
        return f"{describe(expr.expr)}, at least {describe(expr.minimum)}"
    if isinstance(expr, GatePrice):
        return f"gate price: {format_gate(expr)} per {expr.per_unit}, not below zero"
    if isinstance(expr, Provisional):
        return f"MFN {describe(expr.base)}, provisional {describe(expr.provisional)} (the lower applies)"
    if isinstance(expr, Footnote):
        return f"{describe(expr.resolved)} (footnote {expr.mark}: {expr.text})"
    if isinstance(expr, PartnerRates):
        return "; ".join(f"{describe(g.rate)} for {', '.join(g.labels)}" for g in expr.groups)
    if isinstance(expr, TariffQuota):
        out = "no rate" if expr.out_of_quota is None else describe(expr.out_of_quota)
        return f"in quota {describe(expr.in_quota)}; out of quota {out}"
    if isinstance(expr, Conditional):
        return "; ".join(f"{label}: {describe(e)}" for label, e in expr.branches)
    if isinstance(expr, RateRange):
        return f"from {describe(expr.low)} to {describe(expr.high)} depending on the goods"
    if isinstance(expr, Varies):
        return " or ".join(describe(m) for m in expr.members) + " depending on the goods"
    if isinstance(expr, Partial):
        return f"{describe(expr.expr)} for part of the line"
    if isinstance(expr, Unbound):
        return "excluded (not bound)"
    if isinstance(expr, NoRate):
        return "no rate"
    if isinstance(expr, Marked):
        return f"{describe(expr.expr)} [{expr.mark}]"
    if isinstance(expr, Noted):
        return f"{describe(expr.expr) if expr.expr else ''} [note {expr.note}]".strip()
    if isinstance(expr, Parenthesised):
        return f"({describe(expr.expr)})"
    if isinstance(expr, Unparsed):
        return f"UNPARSED: {expr.raw}"
    return type(expr).__name__
