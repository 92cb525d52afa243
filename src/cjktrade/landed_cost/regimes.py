"""Country regimes as typed values from the compiled data (data, not code branches)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

# The rounding rules the regime data may name; any other name is refused when the data is read.
ROUNDING_MODES = {"truncate": ROUND_DOWN, "round_half_up": ROUND_HALF_UP}


@dataclass(frozen=True)
class Rule:
    """One sourced fact of a regime; ``verified`` False means answers using it say so."""

    id: str
    source: str
    verified: bool
    data: Mapping[str, Any]

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def decimal(self, key: str) -> Decimal:
        return Decimal(str(self.data[key]))


@dataclass(frozen=True)
class CountryRegime:
    country: str
    currency: str
    rules: Mapping[str, Rule]
    rounding: Mapping[str, Rule]

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> CountryRegime:
        rules: dict[str, Rule] = {}
        for key, value in row.items():
            if key in ("country", "currency", "taxes", "rounding"):
                continue
            if isinstance(value, dict):
                rules[key] = Rule(key, value.get("source", ""), bool(value.get("verified")), value)
        for tax in row.get("taxes", []):
            rules[tax["id"]] = Rule(tax["id"], tax["source"], bool(tax["verified"]), tax)
        rounding = {
            r["step"]: Rule(r["step"], r["source"], bool(r["verified"]), r) for r in row.get("rounding", [])
        }
        for rule in rounding.values():
            if rule.get("rule") not in ROUNDING_MODES:
                raise ValueError(
                    f"{row['country']} rounding of {rule.id}: unknown rule {rule.get('rule')!r} "
                    f"(the data may use {', '.join(ROUNDING_MODES)})."
                )
        return cls(row["country"], row["currency"], rules, rounding)

    def rule(self, key: str) -> Rule | None:
        return self.rules.get(key)

    def round(self, step: str, amount: Decimal) -> tuple[Decimal, Rule | None]:
        """Apply the country's rounding for ``step`` (or its general ``tax`` rule); None when none."""
        rule = self.rounding.get(step) or self.rounding.get("tax")
        if rule is None:
            return amount, None
        unit = rule.decimal("unit")
        mode = ROUNDING_MODES[str(rule.get("rule"))]
        if unit >= 1:
            return (amount / unit).quantize(Decimal(1), rounding=mode) * unit, rule
        return amount.quantize(unit, rounding=mode), rule


def ratio(text: str) -> Decimal:
    """'22/78' as an exact fraction applied in Decimal arithmetic (numerator, then division)."""
    fraction = Fraction(text)
    return Decimal(fraction.numerator) / Decimal(fraction.denominator)
