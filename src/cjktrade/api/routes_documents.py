"""/api/v1/documents, /api/v1/status-lists, /api/v1/issuers: verifiable trade documents.

Mount ``router`` under ``/api/v1`` and ``well_known_router`` at the root::

    POST /api/v1/documents                       issue (signed-in editor; server key, passphrase from
                                                 CJKTRADE_KEY_PASSPHRASE); kept in the organisation's records
    GET  /api/v1/issued-documents                the organisation's issued documents
    POST /api/v1/issued-documents/{id}/revoke    revoke one of them (its status-list bit is set)
    POST /api/v1/documents/verify                verify a credential: named checks
    GET  /api/v1/documents/types                 the document types and their schemas
    GET  /api/v1/documents/schemas/{file}        a published JSON schema (credentialSchema.id)
    GET  /api/v1/documents/{id}                  the public presentation and its verification (QR URL)
    GET  /api/v1/status-lists/{id}               a Bitstring Status List credential (application/vc+jwt)
    GET  /api/v1/issuers/{name}/did.json         DID document: did:web:HOST:api:v1:issuers:NAME resolves here
    GET  /.well-known/did.json                   DID document of the issuer whose DID is did:web:HOST
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from cjktrade.api.deps import DbDep, PrincipalDep
from cjktrade.core.errors import InvalidInputError
from cjktrade.services import documents, records

router = APIRouter(tags=["documents"])
well_known_router = APIRouter(tags=["documents"])


class IssueRequest(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    type: str = Field(..., description="rcep-certificate-of-origin, rcep-declaration-of-origin, "
                      "cptpp-certification-of-origin or commercial-invoice")  # fmt: skip
    issuer: str = Field(..., description="Issuer name (cjktrade keys list)")
    verdict_ids: list[int] = Field(
        default_factory=list,
        description="Stored verdicts of the organisation (POST …/boms/{v}/verdicts), one per item",
    )
    verdicts: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Or Verdict.as_dict() of each item, as `cjktrade origin check` gives it",
    )
    shipment: dict[str, Any] = Field(..., description="Shipment data (cjktrade-shipment/1)")
    boms: list[dict[str, Any] | None] = Field(
        default_factory=list, description="BOM of each verdict (optional)"
    )


class VerifyRequest(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    credential: str = Field(
        ..., description="Compact credential: application/vc+jwt or application/vc+sd-jwt"
    )
    did_document: dict[str, Any] | None = Field(
        None, alias="didDocument", description="The issuer's DID document"
    )
    status_list: str | None = Field(None, alias="statusList", description="The status list credential")


@router.post("/documents", status_code=201, summary="Issue a document as a signed verifiable credential")
def issue_document(db: DbDep, principal: PrincipalDep, body: IssueRequest) -> dict[str, Any]:
    records.require_issuer(db, principal, body.issuer)
    if body.verdict_ids and body.verdicts:
        raise InvalidInputError("give verdict_ids or verdicts, not both.")
    verdicts = records.stored_verdicts(db, principal, body.verdict_ids) if body.verdict_ids else body.verdicts
    issued = documents.issue_document(
        body.type,
        verdicts,
        body.shipment,
        issuer=body.issuer,
        passphrase=documents.server_passphrase(),
        boms=body.boms,
    )
    records.record_issued_document(db, principal, issued["type"], issued["id"], issued["credential"])
    return issued


@router.get("/issued-documents", summary="The organisation's issued documents")
def list_issued_documents(
    db: DbDep, principal: PrincipalDep, limit: int = 20, cursor: int | None = None
) -> dict[str, Any]:
    return records.list_issued_documents(db, principal, limit, cursor)


@router.post("/issued-documents/{record_id}/revoke", summary="Revoke one of the organisation's documents")
def revoke_issued_document(db: DbDep, principal: PrincipalDep, record_id: int) -> dict[str, Any]:
    row = records.issued_document(db, principal, record_id, for_change=True)
    result = documents.revoke_document(row.credential_id, passphrase=documents.server_passphrase())
    records.mark_revoked(db, principal, row)
    return result


@router.post("/documents/verify", summary="Verify a credential: integrity, issuer, status, validity, schema")
def verify_document(body: VerifyRequest) -> dict[str, Any]:
    return documents.verify_document(
        body.credential, did_document=body.did_document, status_list=body.status_list
    )


@router.get("/documents/types", summary="The document types and their JSON schemas")
def document_types() -> list[dict[str, Any]]:
    return documents.document_types()


@router.get(
    "/documents/schemas/{file_name}", summary="A published JSON schema (a credential's credentialSchema)"
)
def json_schema(file_name: str) -> JSONResponse:
    return JSONResponse(documents.json_schema(file_name), media_type="application/schema+json")


@router.get("/documents/{document_id}", summary="The public presentation of a document and its verification")
def public_document(document_id: str) -> dict[str, Any]:
    return documents.public_document(document_id)


@router.get("/status-lists/{list_id}", summary="A Bitstring Status List credential")
def status_list(list_id: str) -> Response:
    credential = documents.status_list_credential(list_id)
    # Verifiers may cache the list; a short max-age bounds how long a revocation can go unseen.
    return Response(credential, media_type="application/vc+jwt", headers={"Cache-Control": "max-age=300"})


@router.get("/issuers/{name}/did.json", summary="The DID document of an issuer")
def issuer_did_document(name: str) -> JSONResponse:
    return JSONResponse(documents.did_document(name), media_type="application/did+json")


@well_known_router.get("/.well-known/did.json", summary="The DID document of did:web:HOST (did:web §3.2)")
def well_known_did_document(request: Request) -> JSONResponse:
    from cjktrade.documents.did import did_web_from_host

    did = did_web_from_host(request.url.netloc)
    return JSONResponse(documents.did_document_of(did), media_type="application/did+json")
