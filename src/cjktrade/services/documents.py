"""Use cases for verifiable trade documents: issuer keys, issue, verify, present, revoke, render.

State lives in a folder, ``CJKTRADE_HOME`` (default ``~/.local/share/cjktrade``)::

    issuers/<name>.json              the issuer's public record: DID, keys, rotation dates
    issuers/<name>/<key>.sealed.json its private keys, sealed with the passphrase (0600)
    documents/<uuid>.json            each issued document (the credential as issued)
    status-lists/<id>.json           each status list: its bits and its signed credential

``DocumentStore`` is the small protocol the platform's database will implement too;
``FileDocumentStore`` keeps it in the folder. URLs in credentials (status lists, schemas, the
verification URL in QR codes) start with ``CJKTRADE_PUBLIC_URL`` (default http://127.0.0.1:8000).
The passphrase is never logged, stored or returned; the API reads it from
``CJKTRADE_KEY_PASSPHRASE`` on the server.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cjktrade.core.errors import InvalidInputError, NotFoundError
from cjktrade.documents.build import build_subject
from cjktrade.documents.credential import (
    Signer,
    credential_payload,
    disclosed_payload,
    media_type,
    new_credential_id,
    present,
    sign,
)
from cjktrade.documents.did import (
    chain,
    did_key_resolver,
    did_web_from_host,
    did_web_url,
    document_resolver,
)
from cjktrade.documents.errors import MissingFontError
from cjktrade.documents.jws import parse_compact
from cjktrade.documents.models_common import LANGUAGES, Language
from cjktrade.documents.registry import DOCUMENT_TYPES, document_type
from cjktrade.documents.status_list import (
    PURPOSE_REVOCATION,
    get_bit,
    set_bit,
    status_entry,
    status_list_subject,
)
from cjktrade.documents.timefmt import epoch_seconds, format_instant
from cjktrade.documents.verify import StatusSource, Verifier

if TYPE_CHECKING:
    from cjktrade.documents.render_sheet import FontFile


from cjktrade.services.document_store import (
    FONT_CANDIDATES,
    FONT_ENV,
    PASSPHRASE_ENV,
    TTC_FACE,
    DocumentRecord,
    DocumentStore,
    FileDocumentStore,
    IssuerRecord,
    KeyStore,
    Settings,
    StatusListRecord,
    Workspace,
    _check_name,
    _now,
    server_passphrase,
    workspace,
)

# The store's names that the front-ends and tests reach through this module.
__all__ = [
    "PASSPHRASE_ENV",
    "DocumentStore",
    "FileDocumentStore",
    "KeyStore",
    "Settings",
    "Workspace",
    "did_document",
    "did_document_of",
    "document_types",
    "issue_document",
    "json_schema",
    "list_issuers",
    "locate_font",
    "new_issuer",
    "present_document",
    "public_document",
    "render_document",
    "revoke_document",
    "rotate_key",
    "server_passphrase",
    "status_list_credential",
    "verify_document",
    "workspace",
]


# --- use cases: issuers ----------------------------------------------------------------------------


def new_issuer(
    name: str,
    passphrase: str,
    *,
    display_name: str | None = None,
    web_host: str | None = None,
    web_did: str | None = None,
    ws: Workspace | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """A new issuer with its first key. ``web_host`` makes it ``did:web:HOST:api:v1:issuers:NAME``
    (its DID document is then served by this platform); ``web_did`` names any did:web DID whose
    document you publish yourself; neither gives a did:key issuer."""
    ws = ws or workspace()
    if web_host and web_did:
        raise InvalidInputError("give web_host or web_did, not both.")
    if web_host:
        web_did = did_web_from_host(web_host, f"api/v1/issuers/{_check_name(name)}")
    if web_did is not None and not web_did.startswith("did:web:"):
        raise InvalidInputError(f"{web_did!r} is not a did:web DID.")
    record = ws.keys.create(name, passphrase, display_name=display_name, web_did=web_did, now=_now(now))
    return _issuer_answer(record)


def _issuer_answer(record: IssuerRecord) -> dict[str, Any]:
    answer = record.as_dict()
    answer["didDocument"] = record.did_document()
    if record.web_did:
        answer["publishAt"] = did_web_url(record.web_did)
    return answer


def list_issuers(ws: Workspace | None = None) -> list[dict[str, Any]]:
    return [r.as_dict() for r in (ws or workspace()).keys.all()]


def rotate_key(
    name: str,
    passphrase: str,
    *,
    compromised: bool = False,
    ws: Workspace | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Replace the issuer's key: see ``KeyStore.rotate``."""
    ws = ws or workspace()
    return _issuer_answer(ws.keys.rotate(name, passphrase, now=_now(now), compromised=compromised))


def did_document(name: str, ws: Workspace | None = None) -> dict[str, Any]:
    return (ws or workspace()).keys.get(name).did_document()


def did_document_of(did: str, ws: Workspace | None = None) -> dict[str, Any]:
    """The DID document of a did:web issuer kept here, by its DID (for ``/.well-known/did.json``)."""
    record = (ws or workspace()).keys.by_did(did)
    if record is None or record.web_did != did:
        raise NotFoundError(f"no issuer here has the DID {did}.")
    return record.did_document()


# --- use cases: documents --------------------------------------------------------------------------


def issue_document(
    type_name: str,
    verdicts: Sequence[Mapping[str, Any]],
    shipment: Mapping[str, Any],
    *,
    issuer: str,
    passphrase: str,
    boms: Sequence[Mapping[str, Any] | None] = (),
    ws: Workspace | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Issue a document as a signed credential with a revocation status entry; keep it in the store."""
    ws = ws or workspace()
    issued_at = _now(now)
    doc_type = document_type(type_name)
    subject = build_subject(doc_type, verdicts, shipment, issued_on=issued_at.date(), boms=boms)
    signer = ws.keys.signer(issuer, passphrase)
    record = ws.keys.get(issuer)
    with ws.store.lock():
        status_list, index = _allocate(ws, record, signer, issued_at)
    credential_id = new_credential_id()
    list_url = ws.settings.status_list_url(status_list)
    payload = credential_payload(
        doc_type,
        subject,
        credential_id=credential_id,
        issuer_did=signer.did,
        issuer_name=signer.issuer_name,
        issued_at=issued_at,
        schema_base_url=ws.settings.schema_base,
        status=status_entry(list_url, index),
    )
    credential = sign(payload, signer)
    ws.store.put_document(
        DocumentRecord(credential_id, doc_type.name, issuer, credential, issued_at, status_list, index)
    )
    notes = []
    if getattr(subject, "declarant_role", None) in ("exporter", "producer"):
        notes.append(
            "RCEP Art. 3.16.1(c), 3.18.1(b): a declaration of origin by an exporter or producer is accepted only where "
            "the importing Party has implemented it (CN, JP and KR must within 10 years of entry into force); "
            "Japan Customs accepts Japanese exporters' declarations only for AU and NZ (as of 2022-12-01)."
        )
    return {
        "id": credential_id,
        "type": doc_type.name,
        "issuer": signer.did,
        "kid": signer.kid,
        "mediaType": media_type(credential),
        "credential": credential,
        "validFrom": payload["validFrom"],
        "validUntil": payload.get("validUntil"),
        "statusListCredential": list_url,
        "statusListIndex": index,
        "documentUrl": ws.settings.document_url(credential_id),
        "notes": notes,
    }


def _allocate(ws: Workspace, record: IssuerRecord, signer: Signer, now: datetime) -> tuple[str, int]:
    """A random unused index in the issuer's first list with room: random, so that an index says
    nothing about when or in what order documents were issued (Bitstring Status List §6.1)."""
    number = 1
    while True:
        list_id = f"{record.name}-{PURPOSE_REVOCATION}-{number}"
        status = ws.store.get_status_list(list_id)
        if status is None:
            status = StatusListRecord(list_id, record.name, PURPOSE_REVOCATION)
        index = _free_index(status.allocated)
        if index is not None:
            set_bit(status.allocated, index)
            if status.credential is None:
                status.credential = _sign_status_list(ws, status, signer, now)
            ws.store.put_status_list(status)
            return list_id, index
        number += 1


def _free_index(allocated: bytearray) -> int | None:
    size = len(allocated) * 8
    for _ in range(64):
        index = secrets.randbelow(size)
        if not get_bit(allocated, index):
            return index
    return next((i for i in range(size) if not get_bit(allocated, i)), None)  # nearly full: scan


def _sign_status_list(ws: Workspace, status: StatusListRecord, signer: Signer, now: datetime) -> str:
    url = ws.settings.status_list_url(status.id)
    payload = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": signer.did, **({"name": signer.issuer_name} if signer.issuer_name else {})},
        "validFrom": format_instant(now),
        "credentialSubject": status_list_subject(url, status.bits, status.purpose),
        "iat": epoch_seconds(now),
    }
    return sign(payload, signer)


def revoke_document(
    document_id: str, *, passphrase: str, ws: Workspace | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """Set the document's bit and publish the re-signed status list. Revocation is final."""
    ws = ws or workspace()
    moment = _now(now)
    record = ws.store.get_document(document_id)
    if record.status_list is None or record.status_index is None:
        raise InvalidInputError(f"document {document_id} has no status entry: it cannot be revoked.")
    signer = ws.keys.signer(record.issuer, passphrase)
    with ws.store.lock():
        status = ws.store.get_status_list(record.status_list)
        if status is None:
            raise NotFoundError(f"the status list {record.status_list} of document {document_id} is missing.")
        already = get_bit(status.bits, record.status_index)
        if not already:
            set_bit(status.bits, record.status_index)
            status.credential = _sign_status_list(ws, status, signer, moment)
            ws.store.put_status_list(status)
            record = replace(record, revoked_at=moment)
            ws.store.put_document(record)
    return {
        "id": record.id,
        "revoked": True,
        "revokedAt": format_instant(record.revoked_at) if record.revoked_at else None,
        "alreadyRevoked": already,
        "statusListCredential": ws.settings.status_list_url(status.id),
        "statusListIndex": record.status_index,
    }


def status_list_credential(list_id: str, ws: Workspace | None = None) -> str:
    """The published status list credential (compact JWS, ``application/vc+jwt``)."""
    status = (ws or workspace()).store.get_status_list(list_id)
    if status is None or status.credential is None:
        raise NotFoundError(f"no status list {list_id} is published here.")
    return status.credential


def _status_source(ws: Workspace, given: str | None) -> StatusSource:
    prefix = ws.settings.status_list_url("")

    def source(url: str) -> str | None:
        if given is not None:
            try:
                if parse_compact(given.strip()).payload.get("id") == url:
                    return given
            except InvalidInputError:
                return None
        if url.startswith(prefix):
            status = ws.store.get_status_list(url[len(prefix) :])
            return status.credential if status else None
        return None

    return source


def verify_document(
    credential: str,
    *,
    did_document: Mapping[str, Any] | None = None,
    status_list: str | None = None,
    ws: Workspace | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Verify offline: keys from ``did_document`` (the issuer's, e.g. a did:web document fetched
    beforehand), then from issuers kept here, then from a did:key itself; the status list given, or
    one published here."""
    ws = ws or workspace()
    resolvers = [document_resolver([did_document])] if did_document is not None else []
    resolver = chain(*resolvers, ws.keys.resolver(), did_key_resolver)
    result = Verifier(resolver, _status_source(ws, status_list)).verify(
        credential, now=now or datetime.now(UTC)
    )
    return result.as_dict()


def present_document(credential: str, reveal: Sequence[str] = ()) -> str:
    """A presentation that shows only the disclosable claims at ``reveal`` (e.g.
    ``credentialSubject.items[*].originDetermination.costBuildUp`` for the full cost build-up)."""
    return present(credential, reveal)


def public_document(
    document_id: str, ws: Workspace | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """What a verification URL (the QR code of a large document) shows: the credential without its
    cost build-up, and its verification."""
    ws = ws or workspace()
    record = ws.store.get_document(document_id)
    public = present(record.credential)
    return {
        "id": record.id,
        "type": record.type,
        "mediaType": media_type(public),
        "credential": public,
        "verification": verify_document(public, ws=ws, now=now),
    }


def locate_font(language: Language, settings: Settings | None = None) -> FontFile:
    """The CJK font to render ``language`` with; ``MissingFontError`` names the package to install."""
    from cjktrade.documents.render_sheet import FontFile

    settings = settings or Settings.from_env()
    candidates = [settings.font_path] if settings.font_path else list(FONT_CANDIDATES)
    for path in candidates:
        if path and Path(path).is_file():
            return FontFile(path, TTC_FACE[language] if path.lower().endswith(".ttc") else 0)
    raise MissingFontError(
        f"no CJK font found to render documents (looked for {', '.join(str(c) for c in candidates)}).",
        dataset="fonts-noto-cjk",
        hint=f"Install the Debian/Ubuntu package: sudo apt-get install fonts-noto-cjk (or set {FONT_ENV} "
        "to a font file with CJK glyphs).",
    )


def render_document(
    credential: str, *, language: str | None = None, ws: Workspace | None = None
) -> dict[str, Any]:
    """The PDF of a credential's public presentation (never its cost build-up), with a QR code that
    carries that presentation — or its verification URL when it does not fit."""
    from cjktrade.documents.render_qr import qr_content
    from cjktrade.documents.render_views import render_pdf

    ws = ws or workspace()
    if language is not None and language not in LANGUAGES:
        raise InvalidInputError(f"language {language!r}: use one of {', '.join(LANGUAGES)}.")
    public = present(credential)
    payload = disclosed_payload(public)
    stated = payload.get("credentialSubject", {}).get("language")
    chosen: Language = next((lang for lang in LANGUAGES if lang == (language or stated)), "en")
    text, kind = qr_content(public, ws.settings.document_url(str(payload.get("id", ""))))
    pdf = render_pdf(
        payload,
        font=locate_font(chosen, ws.settings),
        qr_text=text,
        qr_kind=kind,
        language=chosen,
        rendered_at=datetime.now(UTC),
    )
    return {"pdf": pdf, "language": chosen, "qr": kind, "qrContent": text}


def document_types() -> list[dict[str, Any]]:
    return [
        {
            "type": t.name,
            "title": t.title,
            "vcType": t.vc_type,
            "schema": t.schema_file,
            "agreement": t.agreement,
        }
        for t in DOCUMENT_TYPES.values()
    ]


def json_schema(file_name: str) -> dict[str, Any]:
    """A published JSON schema of the package (``documents/schemas/<name>.v<n>.json``)."""
    from importlib import resources

    if not re.fullmatch(r"[a-z0-9-]+\.v[0-9]+\.json", file_name):
        raise NotFoundError(f"no schema {file_name!r}.")
    resource = resources.files("cjktrade.documents") / "schemas" / file_name
    if not resource.is_file():
        raise NotFoundError(f"no schema {file_name!r}.")
    value: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return value
