"""The commercial invoice (UN/CEFACT Recommendation 6 data; W3C traceability ``CommercialInvoice``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from cjktrade.documents.models_common import (
    Amount,
    CountryCode,
    CurrencyCode,
    DocModel,
    HsSubheading,
    Language,
    Party,
    Quantity,
    Text,
    Transport,
)


class PreferenceClaim(DocModel):
    """The origin claim of a line, taken from its verdict: agreement, criterion, country of origin."""

    agreement: Text
    criterion: Text
    country_of_origin: CountryCode


class InvoiceLine(DocModel):
    line_number: Annotated[int, Field(ge=1)]
    description: Text
    hs_code: HsSubheading | None = None
    quantity: Quantity
    unit_price: Amount
    line_total: Amount
    country_of_origin: CountryCode | None = None
    preference_claim: PreferenceClaim | None = None


class CommercialInvoice(DocModel):
    type: Literal["CommercialInvoice"] = "CommercialInvoice"
    language: Language = "en"
    invoice_number: Text
    invoice_date: date
    seller: Party
    buyer: Party
    consignee: Party | None = None
    currency: CurrencyCode
    terms_of_delivery: Text | None = None
    terms_of_payment: Text | None = None
    transport: Transport | None = None
    destination_country: CountryCode
    lines: Annotated[list[InvoiceLine], Field(min_length=1)]
    total: Amount
    remarks: Text | None = None
