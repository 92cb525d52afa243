"""Exact percentages for origin tests: Decimal only, comparisons by cross-multiplication.

A share is compared with its limit without dividing (``part × 100 ≥ threshold × whole``), so no
rounding can turn 39.999…% into 40%. Displayed percentages are cut (not rounded) to two decimals.

>>> percent(Decimal("30.00"), Decimal("100.00")), percent(Decimal(1), Decimal(3))
(Decimal('30'), Decimal('33.33333333333333333333333333333333333333'))
>>> at_least_percent(Decimal("39.999"), Decimal(100), Decimal(40)), percent_text(Decimal("39.999"))
(False, '39.99')
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal, localcontext

PRECISION = 40


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """``part / whole × 100`` to 40 significant digits (exact whenever the quotient terminates)."""
    with localcontext() as context:
        context.prec = PRECISION
        return (part * 100) / whole


def at_least_percent(part: Decimal, whole: Decimal, threshold: Decimal) -> bool:
    with localcontext() as context:
        context.prec = PRECISION * 2
        return part * 100 >= threshold * whole


def at_most_percent(part: Decimal, whole: Decimal, limit: Decimal) -> bool:
    with localcontext() as context:
        context.prec = PRECISION * 2
        return part * 100 <= limit * whole


def share_of(whole: Decimal, threshold: Decimal) -> Decimal:
    """``threshold`` percent of ``whole``, exactly."""
    with localcontext() as context:
        context.prec = PRECISION * 2
        return whole * threshold / 100


def percent_text(value: Decimal) -> str:
    """A percentage for people: cut to two decimals, no trailing zeros (``30``, ``33.33``, ``-5.5``)."""
    cut = value.quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    text = format(cut, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
