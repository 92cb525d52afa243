"""Proofs of origin: RCEP certificate (Form RCEP boxes 1-17) and declaration, CPTPP certification.

Every item carries ``origin_determination``: the evidence taken from the origin verdict (rule,
criterion, RVC figures). Its ``cost_build_up`` — supplier prices and the figures they imply — is
selectively disclosable (SD-JWT): customs see the criterion and the RVC result; the exporter
discloses the cost build-up when a verification asks for it (RCEP Art. 3.24).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal, Self

from pydantic import Field, field_validator, model_validator

from cjktrade.documents.models_common import (
    Amount,
    CountryCode,
    DecimalText,
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


class RuleApplied(DocModel):
    """The product-specific rule: canonical text, the source's own words and the legal source."""

    agreement: Text
    scope: Text
    hs_version: Text
    canonical: Text | None = None
    original_text: Text
    legal_source: Text


class RegionalValueContent(DocModel):
    """The RVC result customs need: method, percent against threshold (RCEP Art. 3.5). No money."""

    criterion: Text
    method: Text
    percent: DecimalText
    threshold: DecimalText
    formula: Text
    article: Text


class MaterialLine(DocModel):
    """One material of the bill of materials, with its price: disclosed only on request."""

    line: Text
    description: Text
    hs_code: Text
    status: Text
    origin_country: CountryCode | None = None
    value: Amount
    value_basis: Text | None = None
    supplier_declaration: Text | None = None


class DeMinimisFigures(DocModel):
    criterion: Text
    materials: list[Text]
    value: Amount
    fob: Amount
    value_percent: DecimalText
    limit_percent: DecimalText


class CostBuildUp(DocModel):
    """The figures behind the criterion. Each field is a separate disclosure, each material too."""

    fob: Amount | None = None
    regional_value: Amount | None = None
    terms: dict[str, Amount] | None = None
    non_originating_value: Amount | None = None
    value_added_in_country_of_origin: Amount | None = None
    originating_contributions: dict[str, Amount] | None = None
    de_minimis: list[DeMinimisFigures] | None = None
    materials: list[MaterialLine] | None = None
    explanation: list[Text] | None = None
    country_of_origin_notes: list[Text] | None = None


class OriginDetermination(DocModel):
    agreement: Text
    rule: RuleApplied
    criterion: Text
    criteria_met: list[Text]
    regional_value_content: RegionalValueContent | None = None
    accumulation_applied: bool
    de_minimis_applied: bool
    producer_country: CountryCode
    importing_party: CountryCode
    cost_build_up: CostBuildUp | None = None


class OriginItem(DocModel):
    """One good: RCEP Form boxes 6-12 (CPTPP Annex 3-B elements 6-7)."""

    item_number: Annotated[int, Field(ge=1)]
    marks_and_numbers: Text | None = None
    packages: Packages | None = None
    description: Text
    hs_code: HsSubheading
    origin_criterion: Text
    origin_criterion_code: Text
    country_of_origin: CountryCode
    quantity: Quantity | None = None
    fob_value: Amount | None = None
    origin_determination: OriginDetermination


class Certification(DocModel):
    """RCEP Form box 16: the issuing body's certification."""

    issuing_body: Party
    place: Text
    date: date
    signatory: Text | None = None


class _RcepProof(DocModel):
    language: Language = "en"
    exporter: Party
    producer: Party | None = None
    producer_note: Text | None = None
    importer: Party
    transport: Transport | None = None
    items: Annotated[list[OriginItem], Field(min_length=1)]
    invoices: list[InvoiceReference] = Field(default_factory=list)
    remarks: Text | None = None
    importing_country: CountryCode
    back_to_back: bool = False
    third_party_invoicing: bool = False
    third_party_invoicing_party: Party | None = None

    @model_validator(mode="after")
    def _third_party_named(self) -> Self:
        if self.third_party_invoicing_party is not None and not self.third_party_invoicing:
            raise ValueError("thirdPartyInvoicingParty is given but thirdPartyInvoicing is false")
        return self


class RcepCertificateOfOrigin(_RcepProof):
    """RCEP Art. 3.17 certificate of origin issued by an issuing body (Form RCEP)."""

    type: Literal["RcepCertificateOfOrigin"] = "RcepCertificateOfOrigin"
    certificate_number: Text
    issued_in: CountryCode
    exporter_declaration: Signature
    certification: Certification
    issued_retroactively: bool = False


class RcepDeclarationOfOrigin(_RcepProof):
    """RCEP Art. 3.18 declaration of origin by an approved exporter (with its authorisation code,
    Art. 3.19.2(c)) or by the exporter or producer (Art. 3.18.1(b))."""

    type: Literal["RcepDeclarationOfOrigin"] = "RcepDeclarationOfOrigin"
    declaration_number: Text
    declarant_role: Literal["approved-exporter", "exporter", "producer"]
    approved_exporter_authorisation_code: Text | None = None
    declaration: Signature

    @model_validator(mode="after")
    def _code_when_approved(self) -> Self:
        if self.declarant_role == "approved-exporter" and not self.approved_exporter_authorisation_code:
            raise ValueError(
                "an approved exporter's declaration must carry its authorisation code (RCEP Art. 3.19.2(c))"
            )
        return self


class CptppCertificationOfOrigin(DocModel):
    """CPTPP Art. 3.20 certification of origin with the minimum data of Annex 3-B (elements 1-9)."""

    type: Literal["CptppCertificationOfOrigin"] = "CptppCertificationOfOrigin"
    language: Language = "en"
    certification_number: Text
    certifier_role: Literal["importer", "exporter", "producer"]
    certifier: Party
    exporter: Party | None = None
    producer: Party | None = None
    producer_note: Text | None = None
    importer: Party | None = None
    items: Annotated[list[OriginItem], Field(min_length=1)]
    blanket_period: Period | None = None
    invoices: list[InvoiceReference] = Field(default_factory=list)
    importing_country: CountryCode
    certification: Signature

    @field_validator("blanket_period")
    @classmethod
    def _blanket_at_most_a_year(cls, period: Period | None) -> Period | None:
        if period is not None and not period.start <= period.end <= period.start + timedelta(days=366):
            raise ValueError(
                "the blanket period must run forwards and for at most 12 months (CPTPP Annex 3-B, 8)"
            )
        return period
