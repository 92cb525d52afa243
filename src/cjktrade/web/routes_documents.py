"""Verifiable documents: issue one from a stored origin verdict, verify one (uploaded, pasted, or by
its verification link or QR content), and download its PDF. Calls ``services.documents``.

The verification link and the PDF show the public presentation only (never the cost build-up), so
they need no sign-in; issuing does, and uses the server's issuer passphrase
(``CJKTRADE_KEY_PASSPHRASE``), never one typed into a page.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cjktrade.core.errors import InvalidInputError
from cjktrade.services import documents, records
from cjktrade.web import i18n
from cjktrade.web.forms import USER_ERRORS, FormErrors, field_errors, flatten
from cjktrade.web.rendering import locale_of, page
from cjktrade.web.routes_account import see_other
from cjktrade.web.routes_origin import read_upload
from cjktrade.web.rows import form_json
from cjktrade.web.security import FormDep, PrincipalDep, WebDb

router = APIRouter()

SHIPMENT_FORMAT = "cjktrade-shipment/1"
ISSUE_CHOICES = ("type", "issuer")
ISSUE_FIELDS = (*ISSUE_CHOICES, "documentNumber", "language", "exporter-", "importer-", "items-", "transport-",
                "invoices-", "declaration-", "issuingBody-", "certificationPlace", "declarantRole",
                "approvedExporterAuthorisationCode", "certifierRole", "invoiceDate", "currency",
                "termsOfDelivery", "termsOfPayment")  # fmt: skip
# A verification link ends with the document's id: …/documents/<id> (web page or API).
_LINK = re.compile(r"/documents/([A-Za-z0-9:._%-]+?)/?(?:[?#].*)?$")


def _verdict_entry(verdict: dict[str, Any]) -> dict[str, Any] | None:
    """The stored check's answer for the verdict's own agreement (the one a document is made from)."""
    content = verdict.get("content") or {}
    return next(
        (a for a in content.get("agreements", []) if a.get("agreement") == verdict["agreement"]), None
    )


def _types_for(agreement: str) -> list[dict[str, Any]]:
    return [t for t in documents.document_types() if t["agreement"] in (agreement, None)]


def _issue_page(request: Request, verdict: dict[str, Any], values: dict[str, Any], errors: FormErrors,
                status: int = 200) -> Response:  # fmt: skip
    entry = _verdict_entry(verdict) or {}
    return page(request, "document_issue.html", status=status, verdict=verdict, entry=entry,
                types=_types_for(verdict["agreement"]), issuers=documents.list_issuers(),
                criteria=(entry.get("verdict") or {}).get("criteria_met", []), values=values, errors=errors)  # fmt: skip


@router.get("/documents/issue")
def issue_form(request: Request, db: WebDb, principal: PrincipalDep, verdict: int) -> Response:
    found = records.get_verdict(db, principal, verdict)
    importer = (found.get("content") or {}).get("importer", "")
    producer = ((found.get("content") or {}).get("product") or {}).get("producer", "")
    values = {"language": i18n.tag(locale_of(request)), "importer-address-addressCountry": importer,
              "exporter-address-addressCountry": producer}  # fmt: skip
    return _issue_page(request, found, values, FormErrors())


@router.post("/documents/issue")
def issue(request: Request, db: WebDb, principal: PrincipalDep, form: FormDep) -> Response:
    principal.require("editor")
    found = records.get_verdict(db, principal, int(str(form.get("verdict") or "0") or 0))
    records.require_issuer(db, principal, str(form.get("issuer") or ""))
    data = form_json(form, skip=frozenset({"verdict", *ISSUE_CHOICES}))
    choices = {k: str(form.get(k) or "") for k in ISSUE_CHOICES}
    values = {**choices, **flatten(data)}
    try:
        entry = _verdict_entry(found)
        if entry is None or not entry.get("verdict"):
            raise InvalidInputError("this verdict has no evaluation to make a document from.")
        issued = documents.issue_document(
            choices["type"], [entry["verdict"]], {"format": SHIPMENT_FORMAT, **data},
            issuer=choices["issuer"], passphrase=documents.server_passphrase(),
        )  # fmt: skip
    except USER_ERRORS as error:
        return _issue_page(request, found, values, field_errors(error, ISSUE_FIELDS), status=400)
    records.record_issued_document(db, principal, issued["type"], issued["id"], issued["credential"])
    return page(request, "document_issued.html", issued=issued)


@router.get("/documents/verify")
def verify_form(request: Request) -> Response:
    return page(request, "document_verify.html", result=None, values={}, errors=FormErrors())


@router.post("/documents/verify")
def verify(request: Request, form: FormDep) -> Response:
    """A credential uploaded or pasted; a pasted verification link opens the document's page."""
    text = str(form.get("credential") or "").strip()
    upload = form.get("file")
    try:
        if not text and getattr(upload, "filename", None):
            text = read_upload(upload)[0].decode("utf-8", errors="replace").strip()
        if not text:
            raise InvalidInputError(
                "credential: paste a credential or a verification link, or upload a file."
            )
        link = _LINK.search(text) if text.startswith(("http://", "https://", "/")) else None
        if link:
            return see_other(f"/documents/{link.group(1)}")
        result = documents.verify_document(text)
    except USER_ERRORS as error:
        return page(request, "document_verify.html", status=400, result=None, values={"credential": text},
                    errors=field_errors(error, ("credential", "file")))  # fmt: skip
    return page(request, "document_verify.html", result=result, values={}, errors=FormErrors())


@router.get("/documents/{document_id}")
def show(request: Request, document_id: str) -> Response:
    """The verification link's page: the public presentation and its verification."""
    public = documents.public_document(document_id)
    return page(request, "document_show.html", document=public, result=public["verification"])


@router.get("/documents/{document_id}/pdf")
def pdf(request: Request, document_id: str, lang: str = "") -> Response:
    credential = documents.public_document(document_id)["credential"]  # the PDF shows the public claims only
    language = i18n.tag(i18n.parse(lang) or locale_of(request))
    rendered = documents.render_document(credential, language=language)
    filename = re.sub(r"[^A-Za-z0-9._-]", "_", document_id)[-60:] + ".pdf"
    return Response(rendered["pdf"], media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})  # fmt: skip


@router.get("/documents/{document_id}/credential")
def credential_file(request: Request, document_id: str) -> Response:
    """The public presentation as a file, to hand to whoever verifies it."""
    public = documents.public_document(document_id)
    filename = re.sub(r"[^A-Za-z0-9._-]", "_", document_id)[-60:] + ".jwt"
    return Response(public["credential"], media_type=public["mediaType"] or "application/jwt",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})  # fmt: skip
