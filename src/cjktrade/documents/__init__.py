"""Verifiable trade documents: proofs of origin and invoices as signed W3C Verifiable Credentials.

Pure engine: typed values in, credentials, verifications and PDFs out; no clock, no network, and
no file but the font the caller passes. The pipeline::

    verdicts + shipment ──build_subject──► document ──credential_payload──► VC 2.0
        ──sign──► vc+jwt / vc+sd-jwt ──present──► presentation ──Verifier.verify──► named checks
                                      └──render_pdf──► PDF with QR

Documents: RCEP certificate of origin (Form RCEP boxes 1-17), RCEP declaration of origin, CPTPP
certification of origin, commercial invoice (``DOCUMENT_TYPES``). Issuers are ``did:key`` or
``did:web``; keys are Ed25519, sealed with a passphrase; revocation uses a Bitstring Status List.
Use cases with storage are in ``cjktrade.services.documents``; the format is in docs/documents.md.
"""

import importlib
from typing import Any

from cjktrade.documents.build import build_subject, read_shipment
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
    KeyResolver,
    PublishedKey,
    VerificationKey,
    chain,
    did_key,
    did_key_document,
    did_key_kid,
    did_key_resolver,
    did_web_document,
    did_web_from_host,
    did_web_url,
    document_resolver,
    keys_from_did_document,
    table_resolver,
)
from cjktrade.documents.errors import (
    InvalidShipmentError,
    InvalidVerdictError,
    MalformedCredentialError,
    MissingFontError,
    NotOriginatingError,
    UnknownIssuerError,
    WrongPassphraseError,
)
from cjktrade.documents.keys import generate_key, open_private_key, public_jwk, public_raw, seal_private_key
from cjktrade.documents.registry import DOCUMENT_TYPES, DocumentType, document_type
from cjktrade.documents.schemas import json_schemas
from cjktrade.documents.status_list import (
    decode_list,
    encode_list,
    get_bit,
    new_bitstring,
    set_bit,
    status_entry,
)
from cjktrade.documents.verify import Check, StatusSource, Verification, Verifier

# Rendering pulls in fpdf2 and Pillow (a quarter of a second): loaded on first use only.
_LAZY = {
    "render_pdf": "cjktrade.documents.render_views",
    "qr_content": "cjktrade.documents.render_qr",
    "FontFile": "cjktrade.documents.render_sheet",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'cjktrade.documents' has no attribute {name!r}")


__all__ = [
    "DOCUMENT_TYPES",
    "Check",
    "DocumentType",
    "FontFile",
    "InvalidShipmentError",
    "InvalidVerdictError",
    "KeyResolver",
    "MalformedCredentialError",
    "MissingFontError",
    "NotOriginatingError",
    "PublishedKey",
    "Signer",
    "StatusSource",
    "UnknownIssuerError",
    "Verification",
    "VerificationKey",
    "Verifier",
    "WrongPassphraseError",
    "build_subject",
    "chain",
    "credential_payload",
    "decode_list",
    "did_key",
    "did_key_document",
    "did_key_kid",
    "did_key_resolver",
    "did_web_document",
    "did_web_from_host",
    "did_web_url",
    "disclosed_payload",
    "document_resolver",
    "document_type",
    "encode_list",
    "generate_key",
    "get_bit",
    "json_schemas",
    "keys_from_did_document",
    "media_type",
    "new_bitstring",
    "new_credential_id",
    "open_private_key",
    "present",
    "public_jwk",
    "public_raw",
    "qr_content",
    "read_shipment",
    "render_pdf",
    "seal_private_key",
    "set_bit",
    "sign",
    "status_entry",
    "table_resolver",
]
