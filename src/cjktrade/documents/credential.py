"""Wrap a document as a W3C VC 2.0 and secure it with JOSE (vc-jose-cose): sign, and present.

The JWS payload *is* the credential (vc-jose-cose §3.1.1; no ``vc`` claim). Headers: ``alg: EdDSA``,
``kid`` the DID URL of the signing key, ``typ: vc+jwt`` and ``cty: vc`` (§3.1.1) — or ``typ:
vc+sd-jwt`` when claims are selectively disclosable (§3.2.1, SD-JWT). ``iat`` (RFC 7519 §4.1.6) says
when it was signed: it decides whether the key had been rotated out by then.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cjktrade.core.errors import InvalidInputError
from cjktrade.documents import sdjwt
from cjktrade.documents.did import did_of
from cjktrade.documents.jws import parse_compact, sign_compact
from cjktrade.documents.models_common import DocModel
from cjktrade.documents.models_credential import VC_CONTEXT
from cjktrade.documents.registry import DocumentType
from cjktrade.documents.timefmt import add_years, epoch_seconds, format_instant

TYP_JWT = "vc+jwt"
TYP_SD_JWT = "vc+sd-jwt"
MEDIA_TYPES = {TYP_JWT: "application/vc+jwt", TYP_SD_JWT: "application/vc+sd-jwt"}


@dataclass(frozen=True)
class Signer:
    """The issuer's private key, the ``kid`` naming its public key, and the issuer's display name."""

    key: Ed25519PrivateKey
    kid: str
    issuer_name: str | None = None

    @property
    def did(self) -> str:
        return did_of(self.kid)

    def __repr__(self) -> str:  # never show key material, even by accident in a log
        return f"Signer(kid={self.kid!r})"


def new_credential_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def credential_payload(
    doc_type: DocumentType,
    subject: DocModel,
    *,
    credential_id: str,
    issuer_did: str,
    issuer_name: str | None,
    issued_at: datetime,
    schema_base_url: str,
    status: dict[str, Any] | None,
) -> dict[str, Any]:
    """The unsecured credential (VC 2.0 §4), its disclosable claims marked ``sdjwt.Disclosable``."""
    payload: dict[str, Any] = {
        "@context": [VC_CONTEXT],
        "id": credential_id,
        "type": ["VerifiableCredential", doc_type.vc_type],
        "name": doc_type.title,
        "issuer": {"id": issuer_did, **({"name": issuer_name} if issuer_name else {})},
        "validFrom": format_instant(issued_at),
    }
    if doc_type.validity_years is not None:
        payload["validUntil"] = format_instant(add_years(issued_at, doc_type.validity_years))
    payload["credentialSubject"] = subject.model_dump(mode="json", by_alias=True, exclude_none=True)
    payload["credentialSchema"] = {
        "id": f"{schema_base_url.rstrip('/')}/{doc_type.schema_file}",
        "type": "JsonSchema",
    }
    if status is not None:
        payload["credentialStatus"] = status
    payload["iat"] = epoch_seconds(issued_at)
    marked = sdjwt.mark(payload, doc_type.disclosable)
    assert isinstance(marked, dict)
    return marked


def sign(payload: dict[str, Any], signer: Signer) -> str:
    """The compact credential: a JWS, or an SD-JWT (JWS ``~`` disclosures ``~``) when claims are marked."""
    concealed, disclosures = sdjwt.conceal(payload)
    if not disclosures:
        return sign_compact({"kid": signer.kid, "typ": TYP_JWT, "cty": "vc"}, payload, signer.key)
    jwt = sign_compact({"kid": signer.kid, "typ": TYP_SD_JWT, "cty": "vc"}, concealed, signer.key)
    return sdjwt.join(jwt, disclosures)


def is_sd_jwt(credential: str) -> bool:
    return "~" in credential


def media_type(credential: str) -> str:
    return MEDIA_TYPES[TYP_SD_JWT if is_sd_jwt(credential) else TYP_JWT]


def present(credential: str, reveal: Iterable[str] = ()) -> str:
    """The credential with only the disclosures needed to show the claims at ``reveal`` (claim paths,
    ``*``/``[*]`` wildcards). ``present(c)`` withholds every disclosable claim; a plain JWS is returned as is.

    The holder needs no key: the issuer's signature covers the digests, and a verifier recomputes
    them from whatever disclosures are kept (RFC 9901 §5).
    """
    credential = credential.strip()
    if not is_sd_jwt(credential):
        return credential
    jwt, disclosures = sdjwt.split(credential)
    revealed = sdjwt.reveal(parse_compact(jwt).payload, disclosures, in_place=True)
    paths = [path for path, _ in revealed.disclosed]
    for wanted in reveal:
        if not any(sdjwt.keep_for([wanted])(path) for path in paths):
            raise InvalidInputError(
                f"nothing to disclose at {wanted!r}: the disclosable claims are "
                f"{', '.join(paths) if paths else 'none (this credential holds no disclosures)'}."
            )
    keep = sdjwt.keep_for(reveal)
    return sdjwt.join(jwt, [encoded for path, encoded in revealed.disclosed if keep(path)])


def disclosed_payload(credential: str) -> dict[str, Any]:
    """The credential's claims with its disclosures in place — unverified: for display, not for trust."""
    credential = credential.strip()
    if not is_sd_jwt(credential):
        return parse_compact(credential).payload
    jwt, disclosures = sdjwt.split(credential)
    return sdjwt.reveal(parse_compact(jwt).payload, disclosures, in_place=True).payload
