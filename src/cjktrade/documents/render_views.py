"""Render a credential as a PDF in its language, with a QR code that carries it (or its URL).

What is printed is what the credential *presents*: render the public presentation (no cost
build-up) for paper that travels with the goods. The layout follows Form RCEP (boxes 1-17), the
CPTPP Annex 3-B elements and UN/CEFACT Recommendation 6 for the invoice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from cjktrade.core.countries import get_country
from cjktrade.core.errors import InvalidInputError
from cjktrade.documents.models_common import Language, Party, Transport
from cjktrade.documents.models_invoice import CommercialInvoice
from cjktrade.documents.models_origin import (
    CptppCertificationOfOrigin,
    OriginItem,
    RcepCertificateOfOrigin,
    RcepDeclarationOfOrigin,
)
from cjktrade.documents.registry import type_of_credential
from cjktrade.documents.render_labels import COUNTRY_LANGUAGE, LABELS, Labels
from cjktrade.documents.render_qr import QrKind, qr_image
from cjktrade.documents.render_sheet import CONTENT_WIDTH, Cell, FontFile, Sheet
from cjktrade.documents.timefmt import parse_instant

HALF = CONTENT_WIDTH / 2


def render_pdf(
    payload: dict[str, Any],
    *,
    font: FontFile,
    qr_text: str,
    qr_kind: QrKind,
    language: Language | None = None,
    rendered_at: datetime,
) -> bytes:
    """The PDF of a credential's claims (``payload``: its presented, verified-or-not JSON).

    The PDF's creation date is the credential's ``validFrom``, or ``rendered_at`` (given by the
    caller: engines read no clock) when the credential states none.
    """
    doc_type = type_of_credential(payload.get("type"))
    if doc_type is None:
        raise InvalidInputError(
            f"the credential's type {payload.get('type')!r} is not a document this renderer knows: "
            "a certificate or declaration of origin, a CPTPP certification or a commercial invoice."
        )
    subject = doc_type.subject_model.model_validate(payload["credentialSubject"])
    lang = language or cast(Language, getattr(subject, "language", "en"))
    words = LABELS[lang]
    created = parse_instant(payload.get("validFrom"), "validFrom") if "validFrom" in payload else rendered_at
    sheet = Sheet(font, title=doc_type.title, language=lang, created=created)
    view = _View(words, lang)
    if isinstance(subject, RcepCertificateOfOrigin):
        view.certificate(sheet, subject)
    elif isinstance(subject, RcepDeclarationOfOrigin):
        view.declaration(sheet, subject)
    elif isinstance(subject, CptppCertificationOfOrigin):
        view.cptpp(sheet, subject)
    elif isinstance(subject, CommercialInvoice):
        view.invoice(sheet, subject)
    view.verification(sheet, payload, qr_text, qr_kind)
    return sheet.output()


class _View:
    def __init__(self, words: Labels, lang: Language) -> None:
        self.w = words
        self.lang = lang

    def country(self, code: str) -> str:
        country = get_country(code)
        return f"{country.name(COUNTRY_LANGUAGE[self.lang])} ({code})" if country else code

    def party(self, party: Party | None, note: str | None = None) -> str:
        if party is None:
            return note or ""
        a = party.address
        lines = [
            party.name,
            a.street_address,
            " ".join(p for p in (a.postal_code, a.address_locality, a.address_region) if p),
        ]
        lines.append(self.country(a.address_country))
        if party.registered_id:
            lines.append(f"{party.id_scheme or 'ID'}: {party.registered_id}")
        lines += [c for c in (party.email, party.telephone) if c]
        return "\n".join(line for line in lines if line)

    def transport(self, transport: Transport | None) -> str:
        if transport is None:
            return ""
        pairs = [
            (self.w["departure"], transport.departure_date.isoformat() if transport.departure_date else None),
            (self.w["vessel"], transport.vessel_or_flight),
            (self.w["loading"], transport.port_of_loading),
            (self.w["discharge"], transport.port_of_discharge),
            (self.w["route"], transport.route),
        ]
        return "\n".join(f"{k}: {v}" for k, v in pairs if v)

    def flag(self, on: bool, label: str) -> str:
        return f"{self.w['yes'] if on else self.w['no']} {label}"

    def items(self, sheet: Sheet, items: list[OriginItem], country_label: str) -> None:
        widths = (11.0, 25.0, 52.0, 17.0, 27.0, 22.0, 32.0)
        labels = ("box6", "box7", "box8", "box9", "box10", country_label, "box12")
        sheet.row([Cell(w, self.w[k]) for w, k in zip(widths, labels, strict=True)])
        for item in items:
            packages = f"{item.packages.count} {item.packages.kind}\n" if item.packages else ""
            rvc = item.origin_determination.regional_value_content
            criterion = item.origin_criterion_code
            if item.origin_criterion != criterion:
                criterion += f"\n{item.origin_criterion}"
            if rvc is not None:
                criterion += f"\n{self.w['rvc']} {rvc.percent}% ({rvc.method})"
            quantity = f"{item.quantity.value} {item.quantity.unit_code}" if item.quantity else ""
            if item.fob_value:
                quantity += f"\nFOB {item.fob_value.amount} {item.fob_value.currency}"
            bodies = (
                str(item.item_number),
                item.marks_and_numbers or "",
                packages + item.description,
                item.hs_code,
                criterion,
                self.country(item.country_of_origin),
                quantity.strip(),
            )
            sheet.row([Cell(w, "", b) for w, b in zip(widths, bodies, strict=True)])

    def invoices_and_remarks(
        self, sheet: Sheet, doc: RcepCertificateOfOrigin | RcepDeclarationOfOrigin
    ) -> None:
        invoices = "\n".join(f"{i.number}  {i.date.isoformat()}" for i in doc.invoices)
        sheet.row([Cell(HALF, self.w["box13"], invoices), Cell(HALF, self.w["box14"], doc.remarks or "")])

    def box17(
        self, sheet: Sheet, doc: RcepCertificateOfOrigin | RcepDeclarationOfOrigin, retroactive: bool | None
    ) -> None:
        flags = [
            self.flag(doc.back_to_back, self.w["back_to_back"]),
            self.flag(doc.third_party_invoicing, self.w["third_party"]),
        ]
        if retroactive is not None:
            flags.append(self.flag(retroactive, self.w["retroactive"]))
        body = "    ".join(flags)
        if doc.third_party_invoicing_party:
            body += f"\n{self.w['invoiced_by']}: {self.party(doc.third_party_invoicing_party).replace(chr(10), ', ')}"
        sheet.row([Cell(CONTENT_WIDTH, self.w["box17"], body)])

    def certificate(self, sheet: Sheet, doc: RcepCertificateOfOrigin) -> None:
        sheet.heading(
            [
                (self.w["rcep"], 9),
                (self.w["title_certificate"], 14),
                (f"{self.w['form']}    {self.w['number']} {doc.certificate_number}", 9),
                (f"{self.w['issued_in']}: {self.country(doc.issued_in)}", 8.5),
            ]
        )
        sheet.row(
            [
                Cell(HALF, self.w["box1"], self.party(doc.exporter)),
                Cell(HALF, self.w["box2"], self.party(doc.importer)),
            ]
        )
        official = f"{self.w['no']}  /  {self.w['no']}"
        sheet.row(
            [
                Cell(HALF, self.w["box3"], self.party(doc.producer, doc.producer_note)),
                Cell(HALF, self.w["box5"], official),
            ],
            min_height=18,
        )
        sheet.row([Cell(CONTENT_WIDTH, self.w["box4"], self.transport(doc.transport))])
        self.items(sheet, doc.items, "box11")
        self.invoices_and_remarks(sheet, doc)
        declaration = doc.exporter_declaration
        box15 = (
            f"{self.w['statement15']}\n{self.w['exported_to']}: {self.country(doc.importing_country)}\n"
            f"{self.w['place_date']}: {declaration.place}, {declaration.date.isoformat()}\n"
            f"{self.w['signatory']}: {declaration.signatory}"
            + (f", {declaration.position}" if declaration.position else "")
        )
        cert = doc.certification
        box16 = (
            f"{self.w['statement16']}\n{self.w['issuing_body']}: {cert.issuing_body.name}\n"
            f"{self.w['place_date']}: {cert.place}, {cert.date.isoformat()}"
            + (f"\n{self.w['signatory']}: {cert.signatory}" if cert.signatory else "")
        )
        sheet.row([Cell(HALF, self.w["box15"], box15), Cell(HALF, self.w["box16"], box16)])
        self.box17(sheet, doc, doc.issued_retroactively)

    def declaration(self, sheet: Sheet, doc: RcepDeclarationOfOrigin) -> None:
        sheet.heading(
            [
                (self.w["rcep"], 9),
                (self.w["title_declaration"], 14),
                (f"{self.w['number']} {doc.declaration_number}", 9),
            ]
        )
        role = f"{self.w['declarant']}: {self.w['role_' + doc.declarant_role]}"
        if doc.approved_exporter_authorisation_code:
            role += f"\n{self.w['authorisation']}: {doc.approved_exporter_authorisation_code}"
        sheet.row([Cell(CONTENT_WIDTH, "", role)])
        sheet.row(
            [
                Cell(HALF, self.w["box1"], self.party(doc.exporter)),
                Cell(HALF, self.w["box2"], self.party(doc.importer)),
            ]
        )
        sheet.row(
            [
                Cell(HALF, self.w["box3"], self.party(doc.producer, doc.producer_note)),
                Cell(HALF, self.w["box4"], self.transport(doc.transport)),
            ]
        )
        self.items(sheet, doc.items, "box11")
        self.invoices_and_remarks(sheet, doc)
        signed = doc.declaration
        statement = (
            f"{self.w['statement_declaration']}\n{self.w['exported_to']}: {self.country(doc.importing_country)}\n"
            f"{self.w['place_date']}: {signed.place}, {signed.date.isoformat()}\n{self.w['signatory']}: {signed.signatory}"
            + (f", {signed.position}" if signed.position else "")
        )
        sheet.row([Cell(CONTENT_WIDTH, self.w["declarant"], statement)])
        self.box17(sheet, doc, None)

    def cptpp(self, sheet: Sheet, doc: CptppCertificationOfOrigin) -> None:
        sheet.heading(
            [
                (self.w["cptpp"], 9),
                (self.w["title_cptpp"], 14),
                (f"{self.w['number']} {doc.certification_number}", 9),
            ]
        )
        sheet.row(
            [
                Cell(HALF, self.w["c1"], self.w["role_" + doc.certifier_role]),
                Cell(HALF, self.w["c2"], self.party(doc.certifier)),
            ]
        )
        sheet.row(
            [
                Cell(HALF, self.w["c3"], self.party(doc.exporter)),
                Cell(HALF, self.w["c4"], self.party(doc.producer, doc.producer_note)),
            ]
        )
        sheet.row([Cell(CONTENT_WIDTH, self.w["c5"], self.party(doc.importer))])
        widths = (12.0, 104.0, 24.0, 46.0)
        sheet.row(
            [Cell(w, t) for w, t in zip(widths, ("#", self.w["c6"], self.w["hs"], self.w["c7"]), strict=True)]
        )
        for item in doc.items:
            criterion = f"{item.origin_criterion_code} ({item.origin_criterion})"
            sheet.row(
                [
                    Cell(w, "", b)
                    for w, b in zip(
                        widths,
                        (str(item.item_number), item.description, item.hs_code, criterion),
                        strict=True,
                    )
                ]
            )
        period = doc.blanket_period
        sheet.row(
            [
                Cell(
                    CONTENT_WIDTH,
                    self.w["c8"],
                    f"{period.start.isoformat()} – {period.end.isoformat()}" if period else "",
                )
            ]
        )
        signed = doc.certification
        sheet.row(
            [
                Cell(
                    CONTENT_WIDTH,
                    self.w["c9"],
                    f"{self.w['statement_cptpp']}\n{self.w['place_date']}: {signed.place}, {signed.date.isoformat()}\n"
                    f"{self.w['signatory']}: {signed.signatory}"
                    + (f", {signed.position}" if signed.position else ""),
                )
            ]
        )

    def invoice(self, sheet: Sheet, doc: CommercialInvoice) -> None:
        sheet.heading(
            [
                (self.w["title_invoice"], 14),
                (
                    f"{self.w['number']} {doc.invoice_number}    {self.w['date']} {doc.invoice_date.isoformat()}",
                    9,
                ),
            ]
        )
        sheet.row(
            [
                Cell(HALF, self.w["seller"], self.party(doc.seller)),
                Cell(HALF, self.w["buyer"], self.party(doc.buyer)),
            ]
        )
        terms = "\n".join(
            f"{k}: {v}"
            for k, v in (
                (self.w["delivery"], doc.terms_of_delivery),
                (self.w["payment"], doc.terms_of_payment),
            )
            if v
        )
        sheet.row(
            [
                Cell(HALF, self.w["consignee"], self.party(doc.consignee)),
                Cell(HALF, "", f"{terms}\n{self.transport(doc.transport)}".strip()),
            ]
        )
        widths = (10.0, 62.0, 18.0, 30.0, 20.0, 22.0, 24.0)
        heads = ("line", "description", "hs", "origin", "quantity", "unit_price", "amount")
        sheet.row([Cell(w, self.w[h]) for w, h in zip(widths, heads, strict=True)])
        for line in doc.lines:
            origin = self.country(line.country_of_origin) if line.country_of_origin else ""
            if line.preference_claim:
                claim = line.preference_claim
                origin += f"\n{self.w['preference']}: {claim.agreement} {claim.criterion}"
            bodies = (
                str(line.line_number), line.description, line.hs_code or "", origin,
                f"{line.quantity.value} {line.quantity.unit_code}", line.unit_price.amount, line.line_total.amount,
            )  # fmt: skip
            sheet.row([Cell(w, "", b) for w, b in zip(widths, bodies, strict=True)])
        sheet.row(
            [
                Cell(CONTENT_WIDTH - 24.0, "", self.w["total"]),
                Cell(24.0, "", f"{doc.total.amount} {doc.total.currency}"),
            ]
        )
        if doc.remarks:
            sheet.row([Cell(CONTENT_WIDTH, self.w["remarks"], doc.remarks)])

    def verification(self, sheet: Sheet, payload: dict[str, Any], qr_text: str, qr_kind: QrKind) -> None:
        issuer = payload.get("issuer") or {}
        lines = [
            self.w["verify_qr_credential"] if qr_kind == "credential" else self.w["verify_qr_url"],
            f"{self.w['issuer']}: {issuer.get('name', '')} {issuer.get('id', '')}".strip(),
            f"{self.w['credential']}: {payload.get('id', '')}",
        ]
        if qr_kind == "url":
            lines.append(qr_text)
        if self.lang != "en":
            lines.append(self.w["courtesy"])
        sheet.panel_with_image(self.w["verify"], "\n".join(lines), qr_image(qr_text))
