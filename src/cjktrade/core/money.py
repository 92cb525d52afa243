"""Money: a ``Decimal`` amount with an ISO 4217 currency.

Floats never enter: constructing from a float raises. Mixing currencies raises and names both.

>>> Money("12.50", "USD") + Money("0.50", "usd")
Money('13.00', 'USD')
>>> Money(1, "JPY") + Money(1, "USD")
Traceback (most recent call last):
...
cjktrade.core.errors.CurrencyMismatchError: cannot combine JPY and USD amounts: convert one first (cjktrade fx convert).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache, lru_cache

from cjktrade.core.errors import CurrencyMismatchError, InvalidInputError, UnknownCurrencyError


@lru_cache(maxsize=1)
def _iso4217_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


def validate_currency(code: str) -> str:
    """Return the upper-cased ISO 4217 code, or raise ``UnknownCurrencyError``.

    >>> validate_currency("jpy")
    'JPY'
    """
    normalised = code.strip().upper() if isinstance(code, str) else ""
    if normalised not in _iso4217_codes():
        raise UnknownCurrencyError(
            f"unknown currency {code!r}: not an ISO 4217 code.",
            hint="Use a code such as CNY, JPY, KRW or USD.",
        )
    return normalised


@cache
def minor_units(currency: str) -> int:
    """Decimal places of the currency's minor unit (JPY 0, KRW 0, CNY 2, USD 2), per CLDR."""
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(currency))


# Larger amounts are refused as input: no shipment is worth a quadrillion, and exponents such as
# 1e999999 would overflow the arithmetic later instead of being reported here.
LARGEST = Decimal(10) ** 15
_SEEN: dict[str, str] = {}


def _remember(currency: str) -> str:
    code = validate_currency(currency)
    _SEEN[currency] = code
    return code


@cache
def _minor_unit(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def to_decimal(value: object, *, field: str = "amount") -> Decimal:
    """A finite ``Decimal`` from an int, str or Decimal; floats and NaN/infinity are refused."""
    if isinstance(value, bool | float):
        raise InvalidInputError(f"{field}: {value!r} must be given as a string or Decimal, not a float.")
    try:
        result = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise InvalidInputError(f"{field}: {value!r} is not a number.") from None
    if not result.is_finite():
        raise InvalidInputError(f"{field}: {value!r} is not a finite number.")
    if abs(result) >= LARGEST:
        raise InvalidInputError(f"{field}: {value!r} is too large (at most {LARGEST:,} - 1).")
    return result


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __init__(self, amount: object, currency: str) -> None:
        # Fast path for the common case (a finite Decimal and a code seen before): arithmetic on
        # Money in a 50-line quote creates tens of thousands of them.
        value = amount if type(amount) is Decimal and amount.is_finite() else to_decimal(amount)
        code = _SEEN.get(currency) or _remember(currency)
        object.__setattr__(self, "amount", value)
        object.__setattr__(self, "currency", code)

    @classmethod
    def _trusted(cls, amount: Decimal, currency: str) -> Money:
        """Build from a Decimal and a currency already validated (results of Money arithmetic)."""
        money = object.__new__(cls)
        object.__setattr__(money, "amount", amount)
        object.__setattr__(money, "currency", currency)
        return money

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r}, {self.currency!r})"

    def __str__(self) -> str:
        """To the minor unit when that loses nothing (273.00 CNY, 17000 JPY), else in full."""
        truncated = self.amount.quantize(_minor_unit(self.currency), rounding=ROUND_DOWN)
        shown = truncated if truncated == self.amount else self.amount.normalize()
        return f"{shown:f} {self.currency}"

    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"expected Money, got {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                f"cannot combine {self.currency} and {other.currency} amounts:"
                " convert one first (cjktrade fx convert)."
            )

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money._trusted(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money._trusted(self.amount - other.amount, self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, float):
            raise TypeError("multiply Money by a Decimal or int, not a float")
        product = self.amount * factor
        if not product.is_finite():
            raise InvalidInputError(f"{self} × {factor} is not a finite amount.")
        return Money._trusted(product, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def rounded(self, places: int | None = None, rounding: str = ROUND_HALF_UP) -> Money:
        """Rounded to ``places`` decimals (default: the currency's minor unit)."""
        digits = minor_units(self.currency) if places is None else places
        return Money(self.amount.quantize(Decimal(1).scaleb(-digits), rounding=rounding), self.currency)


def money_json(value: Money | None) -> dict[str, str] | None:
    """``{"amount", "currency"}`` with the amount as ``str(money)`` shows it (exact, as text)."""
    if value is None:
        return None
    amount, currency = str(value).split(" ")
    return {"amount": amount, "currency": currency}
