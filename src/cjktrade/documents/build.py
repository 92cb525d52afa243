"""A document (the credential subject) from verdicts and shipment data — pure, no I/O.

Origin documents need one originating verdict per item (``items[i].verdict`` picks one; default:
the item's position) and refuse any other verdict. The invoice takes verdicts only for the lines
that claim a preference. An optional BOM per verdict adds each material and its price to the
selectively disclosable cost build-up.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from pydantic.alias_generators import to_camel

from cjktrade.core.countries import RCEP_PARTIES
from cjktrade.core.money import Money
from cjktrade.documents.build_origin import origin_item
from cjktrade.documents.errors import InvalidShipmentError, InvalidVerdictError
from cjktrade.documents.models_common import Amount, DocModel, Party, Signature
from cjktrade.documents.models_invoice import CommercialInvoice, InvoiceLine, PreferenceClaim
from cjktrade.documents.models_origin import (
    Certification,
    CptppCertificationOfOrigin,
    MaterialLine,
    OriginItem,
    RcepCertificateOfOrigin,
    RcepDeclarationOfOrigin,
)
from cjktrade.documents.models_shipment import Shipment
from cjktrade.documents.registry import DocumentType
from cjktrade.documents.verdict_view import VerdictView


def read_shipment(data: object) -> Shipment:
    """The shipment, or ``InvalidShipmentError`` naming every faulty field by its JSON path."""
    try:
        return Shipment.model_validate(data)
    except ValidationError as error:
        raise InvalidShipmentError(
            "invalid shipment: " + "; ".join(_issue(e) for e in error.errors()),
            hint='See the shipment format in docs/documents.md ("format": "cjktrade-shipment/1").',
        ) from None


def _issue(error: Any) -> str:
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{to_camel(p)}" for p in error["loc"]).lstrip(".")
    return f"{path or 'shipment'}: {error['msg']}"


def build_subject(
    doc_type: DocumentType,
    verdicts: Sequence[Mapping[str, Any]],
    shipment_data: object,
    *,
    issued_on: date,
    boms: Sequence[Mapping[str, Any] | None] = (),
) -> DocModel:
    shipment = read_shipment(shipment_data)
    views = [VerdictView.read(v, f"verdict {i}") for i, v in enumerate(verdicts)]
    try:
        if doc_type.name == "commercial-invoice":
            return _invoice(shipment, views)
        items = _origin_items(doc_type, shipment, views, boms)
        if doc_type.name == "rcep-certificate-of-origin":
            return _certificate(shipment, items, issued_on)
        if doc_type.name == "rcep-declaration-of-origin":
            return _declaration(shipment, items)
        return _cptpp(shipment, items)
    except ValidationError as error:
        # A rule across fields of the document (e.g. a CPTPP blanket period of at most 12 months).
        raise InvalidShipmentError(
            f"the {doc_type.title} cannot be made: " + "; ".join(_issue(e) for e in error.errors())
        ) from None


def _require(value: Any, field: str, why: str) -> Any:
    if value is None:
        raise InvalidShipmentError(f"shipment.{field} is required: {why}.")
    return value


def _origin_items(
    doc_type: DocumentType,
    shipment: Shipment,
    views: list[VerdictView],
    boms: Sequence[Mapping[str, Any] | None],
) -> list[OriginItem]:
    if not views:
        raise InvalidVerdictError(f"a {doc_type.title} is made from origin verdicts: give one per item.")
    used: set[int] = set()
    items: list[OriginItem] = []
    importer_country = shipment.importer.address.address_country
    for position, item in enumerate(shipment.items):
        where = f"shipment.items[{position}]"
        index = position if item.verdict is None else item.verdict
        if index >= len(views):
            raise InvalidShipmentError(f"{where} has no verdict (index {index}): give one verdict per item.")
        for field in ("hs_code", "country_of_origin"):
            if getattr(item, field) is not None:
                raise InvalidShipmentError(
                    f"{where}: {field} comes from the verdict in a proof of origin; remove it from the shipment."
                )
        view = views[index]
        if view.agreement != doc_type.agreement:
            raise InvalidVerdictError(
                f"{view.where}: a {doc_type.title} needs a {doc_type.agreement} verdict, not {view.agreement}."
            )
        if view.text("importer") != importer_country:
            raise InvalidShipmentError(
                f"{where}: the verdict was made for import into {view.text('importer')}, but the importer is in "
                f"{importer_country}: evaluate the good for the actual importing Party."
            )
        bom = boms[index] if index < len(boms) else None
        materials = _materials(bom, view) if bom is not None else None
        items.append(origin_item(position + 1, view, item, where=where, materials=materials))
        used.add(index)
    unused = sorted(set(range(len(views))) - used)
    if unused:
        raise InvalidShipmentError(f"verdict(s) {unused} belong to no item: every verdict must be an item's.")
    return items


def _materials(bom: Mapping[str, Any], view: VerdictView) -> list[MaterialLine]:
    from cjktrade.origin.bom_io import read_bom_json

    parsed = read_bom_json(json.dumps(bom))
    product = parsed.product
    if f"{product.hs6[:4]}.{product.hs6[4:]}" != view.hs_subheading:
        raise InvalidVerdictError(
            f"{view.where}: the BOM is of {product.hs_code}, the verdict of {view.hs_subheading}."
        )
    fob = view.any_fob()
    if fob is not None and Money(fob.amount, fob.currency) != product.fob:
        raise InvalidVerdictError(
            f"{view.where}: the BOM's FOB {product.fob} is not the verdict's {fob.amount} {fob.currency}."
        )
    return [
        MaterialLine(
            line=m.line,
            description=m.description,
            hs_code=m.hs_code,
            status=m.status or "sub-assembly",
            origin_country=m.origin_country,
            value=Amount(amount=str(m.value.amount), currency=m.value.currency),
            value_basis=m.value_basis,
            supplier_declaration=m.supplier_declaration,
        )
        for m in parsed.materials
    ]


def _rcep_party(country: str, what: str) -> str:
    if country not in RCEP_PARTIES:
        raise InvalidShipmentError(
            f"{what} {country} is not an RCEP Party: an RCEP proof is issued in a Party."
        )
    return country


def _certificate(shipment: Shipment, items: list[OriginItem], issued_on: date) -> RcepCertificateOfOrigin:
    body: Party = _require(
        shipment.issuing_body, "issuingBody", "a certificate is issued by an issuing body (box 16)"
    )
    place = shipment.certification_place or body.address.address_locality
    return RcepCertificateOfOrigin(
        language=shipment.language,
        certificate_number=shipment.document_number,
        issued_in=_rcep_party(shipment.issued_in or shipment.exporter.address.address_country, "issued in"),
        exporter_declaration=_require(
            shipment.declaration, "declaration", "box 15 is the exporter's declaration"
        ),
        certification=Certification(
            issuing_body=body,
            place=_require(place, "certificationPlace", "box 16 says where the issuing body certifies"),
            date=issued_on,
            signatory=shipment.certification_signatory,
        ),
        issued_retroactively=shipment.issued_retroactively,
        **_rcep_common(shipment, items),
    )


def _rcep_common(shipment: Shipment, items: list[OriginItem]) -> dict[str, Any]:
    return {
        "exporter": shipment.exporter,
        "producer": shipment.producer,
        "producer_note": shipment.producer_note,
        "importer": shipment.consignee or shipment.importer,
        "transport": shipment.transport,
        "items": items,
        "invoices": shipment.invoices,
        "remarks": shipment.remarks,
        "importing_country": _rcep_party(shipment.importer.address.address_country, "importing country"),
        "back_to_back": shipment.back_to_back,
        "third_party_invoicing": shipment.third_party_invoicing,
        "third_party_invoicing_party": shipment.third_party_invoicing_party,
    }


def _declaration(shipment: Shipment, items: list[OriginItem]) -> RcepDeclarationOfOrigin:
    role = _require(
        shipment.declarant_role, "declarantRole", "approved-exporter, exporter or producer (Art. 3.18.1)"
    )
    if role == "approved-exporter" and not shipment.approved_exporter_authorisation_code:
        raise InvalidShipmentError(
            "shipment.approvedExporterAuthorisationCode is required: an approved exporter's declaration carries "
            "its authorisation code (RCEP Art. 3.19.2(c))."
        )
    _rcep_party(shipment.exporter.address.address_country, "the exporter's country")
    return RcepDeclarationOfOrigin(
        language=shipment.language,
        declaration_number=shipment.document_number,
        declarant_role=role,
        approved_exporter_authorisation_code=shipment.approved_exporter_authorisation_code,
        declaration=_require(shipment.declaration, "declaration", "the declarant signs, with place and date"),
        **_rcep_common(shipment, items),
    )


def _cptpp(shipment: Shipment, items: list[OriginItem]) -> CptppCertificationOfOrigin:
    role = _require(shipment.certifier_role, "certifierRole", "importer, exporter or producer (Annex 3-B, 1)")
    by_role = {"exporter": shipment.exporter, "producer": shipment.producer, "importer": shipment.importer}
    certifier = shipment.certifier or by_role[role]
    signature: Signature = _require(
        shipment.declaration, "declaration", "the certifier signs and dates (Annex 3-B, 9)"
    )
    return CptppCertificationOfOrigin(
        language=shipment.language,
        certification_number=shipment.document_number,
        certifier_role=role,
        certifier=_require(certifier, "certifier", f"the certifier ({role}) is named (Annex 3-B, 2)"),
        exporter=shipment.exporter,
        producer=shipment.producer,
        producer_note=shipment.producer_note,
        importer=shipment.importer,
        items=items,
        blanket_period=shipment.blanket_period,
        invoices=shipment.invoices,
        importing_country=shipment.importer.address.address_country,
        certification=signature,
    )


def _invoice(shipment: Shipment, views: list[VerdictView]) -> CommercialInvoice:
    lines: list[InvoiceLine] = []
    total: Money | None = None
    for position, item in enumerate(shipment.items):
        where = f"shipment.items[{position}]"
        unit_price: Amount = _require(
            item.unit_price, f"items[{position}].unitPrice", "an invoice line has a price"
        )
        quantity = _require(item.quantity, f"items[{position}].quantity", "an invoice line has a quantity")
        line_total = (Money(unit_price.amount, unit_price.currency) * Decimal(quantity.value)).rounded()
        total = line_total if total is None else total + line_total
        hs_code, country, claim = item.hs_code, item.country_of_origin, None
        index = item.verdict if item.verdict is not None else (position if position < len(views) else None)
        if index is not None:
            if index >= len(views):
                raise InvalidShipmentError(
                    f"{where}.verdict {index}: there are only {len(views)} verdict(s)."
                )
            if hs_code is not None or country is not None:
                raise InvalidShipmentError(
                    f"{where}: with a verdict, the HS code and origin come from it; remove them."
                )
            view = views[index]
            view.require_originating()
            criterion = item.claim_criterion or view.text("criterion")
            country = (view.country_of_origin or {}).get("party") or view.text("producer_country")
            hs_code = view.hs_subheading
            claim = PreferenceClaim(
                agreement=view.agreement, criterion=criterion, country_of_origin=str(country)
            )
        lines.append(
            InvoiceLine(
                line_number=position + 1,
                description=item.description,
                hs_code=hs_code,
                quantity=quantity,
                unit_price=unit_price,
                line_total=Amount(amount=str(line_total.amount), currency=line_total.currency),
                country_of_origin=country,
                preference_claim=claim,
            )
        )
    assert total is not None
    currency = shipment.currency or total.currency
    if currency != total.currency:
        raise InvalidShipmentError(
            f"shipment.currency {currency} differs from the line prices' {total.currency}."
        )
    return CommercialInvoice(
        language=shipment.language,
        invoice_number=shipment.document_number,
        invoice_date=_require(shipment.invoice_date, "invoiceDate", "an invoice is dated"),
        seller=shipment.exporter,
        buyer=shipment.importer,
        consignee=shipment.consignee,
        currency=currency,
        terms_of_delivery=shipment.terms_of_delivery,
        terms_of_payment=shipment.terms_of_payment,
        transport=shipment.transport,
        destination_country=(shipment.consignee or shipment.importer).address.address_country,
        lines=lines,
        total=Amount(amount=str(total.amount), currency=total.currency),
        remarks=shipment.remarks,
    )
