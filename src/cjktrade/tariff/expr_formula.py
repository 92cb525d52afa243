"""Gate-price formulas (差額関税): parse, print and compute arithmetic over 円 and 課税価格.

Japan writes the duty on pork, beef-related goods, copper, lead… as a difference between a
reference price and the customs value, all per unit of quantity, e.g. ``535.53円/kg-課税価格/kg``,
``(500円-課税価格)/kg``, ``((500円-課税価格)×10/16)/kg``, ``(524円×1.002-課税価格)/kg``.
One small grammar covers them all (text already normalised by ``expr_text.prepare``)::

    gate    := arith ["/" UNIT]
    arith   := term (("+" | "-") term)*
    term    := factor (("×" | "/") factor)*        -- "/" followed by a unit ends the formula
    factor  := JP_NUMBER "円" ["/" UNIT] | "課税価格" ["/" UNIT] | JP_NUMBER | "(" arith ")"

>>> gate = parse_gate("535.53円/kg-課税価格/kg", {"kg": "kg"})
>>> format_formula(gate.formula)
'535.53円/kg-課税価格/kg'
>>> per_unit_duty(gate.formula, Decimal("400"))
Decimal('135.53')
"""

from __future__ import annotations

import re
from decimal import Decimal

from cjktrade.core.errors import InvalidInputError
from cjktrade.tariff.expr_text import JP_NUMBER, jp_number, to_number
from cjktrade.tariff.expr_types import FBinary, FCustomsValue, FGroup, FNumber, Formula, FYen, GatePrice


class _Parser:
    """Recursive descent over the token list; ``None`` from :func:`parse_gate` on any surprise."""

    def __init__(self, text: str, units: dict[str, str]) -> None:
        self.text = text
        self.pos = 0
        self.units = units
        self.labels: set[str] = set()

    def peek(self, pattern: str) -> re.Match[str] | None:
        return re.compile(pattern).match(self.text, self.pos)

    def take(self, pattern: str) -> str | None:
        match = self.peek(pattern)
        if match is None:
            return None
        self.pos = match.end()
        return match.group(0)

    def unit(self) -> str | None:
        # The longest unit label that follows a "/" (kg before l; kl before l).
        for label in sorted(self.units, key=len, reverse=True):
            if self.text.startswith("/" + label, self.pos):
                self.pos += 1 + len(label)
                self.labels.add(label)
                return label
        return None

    def arith(self) -> Formula:
        left = self.term()
        while (op := self.take(r"[-+]")) is not None:
            left = FBinary("+" if op == "+" else "-", left, self.term())
        return left

    def term(self) -> Formula:
        left = self.factor()
        while True:
            if self.take("×") is not None:
                left = FBinary("×", left, self.factor())
            elif self.peek(r"/[\d(]"):
                self.pos += 1
                left = FBinary("/", left, self.factor())
            else:
                return left

    def factor(self) -> Formula:
        if self.take(r"\(") is not None:
            inner = self.arith()
            if self.take(r"\)") is None:
                raise ValueError("unbalanced parenthesis")
            return FGroup(inner)
        if self.take("課税価格") is not None:
            return FCustomsValue(self.unit())
        numeral = self.take(JP_NUMBER)
        if numeral is None:
            raise ValueError(f"unexpected text at {self.text[self.pos :]!r}")
        if self.take("円") is not None:
            return FYen(to_number(numeral), self.unit())
        return FNumber(to_number(numeral), numeral)


def parse_gate(text: str, units: dict[str, str]) -> GatePrice | None:
    """A :class:`GatePrice` when ``text`` is a formula over 課税価格 with one unit, else None."""
    if "課税価格" not in text:
        return None
    parser = _Parser(text, units)
    try:
        formula = parser.arith()
    except (ValueError, ArithmeticError):
        return None
    outer = parser.unit()
    if parser.pos != len(text) or len(parser.labels) != 1:
        return None  # trailing text, or no/mixed units: not a formula we can price
    label = parser.labels.pop()
    return GatePrice(formula=formula, per_unit=units[label], label=label, outer_label=outer is not None)


def format_formula(formula: Formula) -> str:
    """The formula as Japan prints it (no spaces, thousands separators)."""
    if isinstance(formula, FNumber):
        return formula.text or jp_number(formula.value)
    if isinstance(formula, FYen):
        return jp_number(formula.amount) + "円" + (f"/{formula.per_label}" if formula.per_label else "")
    if isinstance(formula, FCustomsValue):
        return "課税価格" + (f"/{formula.per_label}" if formula.per_label else "")
    if isinstance(formula, FGroup):
        return f"({format_formula(formula.inner)})"
    return format_formula(formula.left) + formula.op + format_formula(formula.right)


def format_gate(gate: GatePrice) -> str:
    return format_formula(gate.formula) + (f"/{gate.label}" if gate.outer_label else "")


def total_duty(formula: Formula, customs_value: Decimal, quantity: Decimal) -> Decimal:
    """``quantity × formula(customs_value / quantity)`` without dividing by the quantity.

    Every formula in the schedules is linear in the customs value, so each yen-per-unit term is
    scaled to a total (amount × quantity, or the customs value itself) and numbers stay numbers:
    the result is exact where the division route would round (1.03 × 34.48 - 1 stays 34.5144).
    """
    value, is_money = _scaled(formula, customs_value, quantity)
    if not is_money:
        raise InvalidInputError(f"gate-price formula {format_formula(formula)} has no amount of money in it.")
    return value


def _scaled(formula: Formula, customs_value: Decimal, quantity: Decimal) -> tuple[Decimal, bool]:
    if isinstance(formula, FNumber):
        return formula.value, False
    if isinstance(formula, FYen):
        return formula.amount * quantity, True
    if isinstance(formula, FCustomsValue):
        return customs_value, True
    if isinstance(formula, FGroup):
        return _scaled(formula.inner, customs_value, quantity)
    left, left_money = _scaled(formula.left, customs_value, quantity)
    right, right_money = _scaled(formula.right, customs_value, quantity)
    if formula.op in "+-":
        if left_money != right_money:
            raise InvalidInputError(f"gate-price formula adds money to a number: {format_formula(formula)}.")
        return (left + right if formula.op == "+" else left - right), left_money
    if formula.op == "×":
        if left_money and right_money:
            raise InvalidInputError(f"gate-price formula multiplies two amounts: {format_formula(formula)}.")
        return left * right, left_money or right_money
    if right_money or right == 0:
        raise InvalidInputError(
            f"gate-price formula divides by an amount or by zero: {format_formula(formula)}."
        )
    return left / right, left_money


def per_unit_duty(formula: Formula, customs_value_per_unit: Decimal) -> Decimal:
    """The formula's value (yen per unit) for a given customs value per unit; may be negative."""
    if isinstance(formula, FNumber):
        return formula.value
    if isinstance(formula, FYen):
        return formula.amount
    if isinstance(formula, FCustomsValue):
        return customs_value_per_unit
    if isinstance(formula, FGroup):
        return per_unit_duty(formula.inner, customs_value_per_unit)
    left = per_unit_duty(formula.left, customs_value_per_unit)
    right = per_unit_duty(formula.right, customs_value_per_unit)
    if formula.op == "+":
        return left + right
    if formula.op == "-":
        return left - right
    if formula.op == "×":
        return left * right
    if right == 0:
        raise InvalidInputError(f"gate-price formula divides by zero ({format_formula(formula)}).")
    return left / right
