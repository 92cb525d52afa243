"""The shipment a landed-cost quote is for: a documented JSON schema (pydantic), validated strictly.

Every error names the line and field (``lines[1].value.amount: …``); nothing is computed on a guess,
so a missing value is an error, never zero.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cjktrade.core.countries import resolve_country
from cjktrade.core.errors import InvalidInputError
from cjktrade.core.money import Money, validate_currency
from cjktrade.hs.codes import normalise_code

Positive = Annotated[Decimal, Field(ge=0, lt=10**15, allow_inf_nan=False)]
Percent = Annotated[Decimal, Field(ge=0, lt=100, allow_inf_nan=False)]
INCOTERMS_WITH_FREIGHT = {"CIF", "CIP"}  # the price already covers freight and insurance to the border
INCOTERMS_NEED_INSURANCE = {"CFR", "CPT"}
INCOTERMS_NEED_BOTH = {"EXW", "FCA", "FAS", "FOB"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Amount(_Model):
    amount: Positive
    currency: str

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return validate_currency(value)

    def money(self) -> Money:
        return Money(self.amount, self.currency)


class UserRate(_Model):
    """A rate the shipper supplies: 1 ``from_currency`` = ``rate`` ``to_currency``."""

    from_currency: str = Field(alias="from")
    to_currency: str = Field(alias="to")
    rate: Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]
    source: str = "rate supplied with the shipment"


class ShipmentLine(_Model):
    code: str = Field(description="National line (JP 9, KR 10, CN 8 digits) or HS6")
    description: str = ""
    origin: str = Field(description="Country of origin, ISO alpha-2 or a name")
    value: Amount = Field(description="Value of the line at the shipment's Incoterm")
    quantity: Positive | None = None
    unit: str | None = Field(None, description="Unit of quantity: kg, l, pair, piece, unit, ...")
    weight_kg: Positive | None = None
    proof_of_origin: bool = Field(False, description="A proof of origin for a preference is held")
    regime: str | None = Field(None, description="Force a tariff candidate id, e.g. JP:WTO協定")
    consumption_tax_rate: Percent | None = Field(
        None, description="China: consumption-tax rate in % (0 if not subject)"
    )
    vat_rate: Percent | None = Field(
        None,
        description="Override the VAT rate in % (e.g. China's reduced rate, as the regime data states it)",
    )
    reduced_consumption_tax: bool = Field(
        False, description="Japan: the reduced consumption-tax rate of the regime data applies"
    )
    retail_price: bool = Field(False, description="Japan, individuals: value is the overseas retail price")

    @field_validator("code")
    @classmethod
    def _digits(cls, value: str) -> str:
        """The code's digits (8507.60, 8507-60 and full-width ８５０７６０ alike), as the tariff reads it,
        so that the category checks on prefixes see the same code as the duty."""
        return normalise_code(value)

    @field_validator("origin")
    @classmethod
    def _alpha2(cls, value: str) -> str:
        """ISO alpha-2, whatever form was given: rules such as Korea's US threshold compare codes."""
        return resolve_country(value).alpha2


class Shipment(_Model):
    importer: str
    importer_type: Literal["business", "individual"] = "business"
    channel: Literal["general", "cbec", "postal"] = "general"
    date: date
    incoterm: str = "CIF"
    freight: Amount | None = None
    insurance: Amount | None = None
    display_currency: str | None = None
    rates: list[UserRate] = []
    cbec_annual_used: Amount | None = Field(None, description="China CBEC: amount already used this year")
    lines: Annotated[list[ShipmentLine], Field(min_length=1)]

    @field_validator("display_currency")
    @classmethod
    def _display(cls, value: str | None) -> str | None:
        return None if value is None else validate_currency(value)

    @field_validator("incoterm")
    @classmethod
    def _incoterm(cls, value: str) -> str:
        term = value.strip().upper()
        if term not in INCOTERMS_WITH_FREIGHT | INCOTERMS_NEED_INSURANCE | INCOTERMS_NEED_BOTH:
            raise ValueError(
                f"{value!r}: use EXW, FCA, FAS, FOB, CFR, CPT, CIF or CIP (DAP/DPU/DDP prices include costs beyond the border)"
            )
        return term


def _where(location: tuple[Any, ...]) -> str:
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "shipment"


def parse_shipment(data: str | bytes | dict[str, Any]) -> Shipment:
    """A validated shipment from JSON text or a mapping; ``InvalidInputError`` lists every problem."""
    try:
        if isinstance(data, str | bytes):
            return Shipment.model_validate_json(data)
        return Shipment.model_validate(data)
    except ValidationError as error:
        problems = [f"{_where(e['loc'])}: {e['msg']}" for e in error.errors()]
        raise InvalidInputError("invalid shipment: " + "; ".join(problems)) from None


def shipment_schema() -> dict[str, Any]:
    return Shipment.model_json_schema(by_alias=True)
