"""The shipment data a document is made from (format ``cjktrade-shipment/1``).

It holds what only the trader knows — parties, packages, transport, invoices, signatures — and
never an origin figure: the HS code, criterion, RCEP country of origin and FOB of an origin item
come from its verdict. ``claimCriterion`` chooses among the criteria the verdict found met.
"""

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
    InvoiceReference,
    Language,
    Packages,
    Party,
    Period,
    Quantity,
    Signature,
    Text,
    Transport,
)

SHIPMENT_FORMAT = "cjktrade-shipment/1"


class ShipmentItem(DocModel):
    """One good. ``verdict`` is the index of its verdict (default: the item's own position).

    ``unit_price``, ``hs_code`` and ``country_of_origin`` serve invoice lines; the last two only for
    lines without a verdict (with one, they come from the verdict).
    """

    description: Text
    marks_and_numbers: Text | None = None
    packages: Packages | None = None
    quantity: Quantity | None = None
    claim_criterion: Text | None = None
    verdict: Annotated[int, Field(ge=0)] | None = None
    unit_price: Amount | None = None
    hs_code: HsSubheading | None = None
    country_of_origin: CountryCode | None = None


class Shipment(DocModel):
    format: Literal["cjktrade-shipment/1"]
    document_number: Text
    language: Language = "en"
    exporter: Party
    importer: Party
    producer: Party | None = None
    producer_note: Text | None = None
    consignee: Party | None = None
    transport: Transport | None = None
    items: Annotated[list[ShipmentItem], Field(min_length=1)]
    invoices: list[InvoiceReference] = Field(default_factory=list)
    remarks: Text | None = None
    # RCEP Form box 17 and its third-party invoicing company.
    back_to_back: bool = False
    third_party_invoicing: bool = False
    third_party_invoicing_party: Party | None = None
    issued_retroactively: bool = False
    # Box 15 (exporter), the declaration of origin, or CPTPP element 9: who signs, where, when.
    declaration: Signature | None = None
    # Certificate of origin: the issuing body (box 16) and where it certifies.
    issuing_body: Party | None = None
    issued_in: CountryCode | None = None
    certification_place: Text | None = None
    certification_signatory: Text | None = None
    # Declaration of origin (RCEP Art. 3.18).
    declarant_role: Literal["approved-exporter", "exporter", "producer"] | None = None
    approved_exporter_authorisation_code: Text | None = None
    # CPTPP certification (Annex 3-B elements 1, 2, 8).
    certifier_role: Literal["importer", "exporter", "producer"] | None = None
    certifier: Party | None = None
    blanket_period: Period | None = None
    # Commercial invoice.
    invoice_date: date | None = None
    currency: CurrencyCode | None = None
    terms_of_delivery: Text | None = None
    terms_of_payment: Text | None = None
