"""Use case: convert an amount between currencies on a date, reporting the rate, its date and source."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from cjktrade.core.errors import InvalidInputError
from cjktrade.core.money import to_decimal
from cjktrade.fx.rates import convert as convert_with
from cjktrade.fx.rates import convert_at_rate
from cjktrade.refdata.ecb import ecb_table


def parse_date(text: object, field: str = "date") -> date | None:
    if text is None or text == "":
        return None
    if not isinstance(text, str):
        raise InvalidInputError(f"{field}: {text!r} is not a date in the form YYYY-MM-DD.")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"{field}: {text!r} is not a date in the form YYYY-MM-DD.") from None


def as_of(on: object, field: str = "date") -> date:
    """The date a use case runs as of: a ``date``, a YYYY-MM-DD text, or today when none is given."""
    return (on if isinstance(on, date) else parse_date(on, field)) or date.today()


def convert(
    amount: str | Decimal,
    from_currency: str,
    to_currency: str,
    on: str | date | None = None,
    rate: str | Decimal | None = None,
) -> dict[str, Any]:
    """Convert at the ECB cross rate of the date (or at ``rate``, units of TO per FROM, if given)."""
    value: Decimal = to_decimal(amount, field="amount")
    day = on if isinstance(on, date) else parse_date(on)
    if rate is not None:
        return convert_at_rate(
            value,
            from_currency,
            to_currency,
            to_decimal(rate, field="rate"),
            day or date.today(),
            "rate supplied by the user",
        ).as_dict()
    return convert_with(ecb_table(), value, from_currency, to_currency, day).as_dict()
