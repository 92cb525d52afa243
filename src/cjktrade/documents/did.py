"""Issuer identity: ``did:key`` and ``did:web`` identifiers, DID documents, and key resolution.

``did:key`` (W3C CCG did:key v0.7) is the public key itself: ``did:key:`` + multikey, so it resolves
offline but cannot rotate. ``did:web`` (W3C CCG did:web) names a DID document published over HTTPS:
``did:web:example.com`` at ``https://example.com/.well-known/did.json``, ``did:web:example.com:a:b``
at ``https://example.com/a/b/did.json``; the issuer can rotate keys in it. A rotated-out key stays in
the document with the Controlled Identifiers 1.0 ``revoked`` time (§2.2 verification methods), so
credentials it signed before then still verify and signatures it makes afterwards do not.

>>> did_web_url("did:web:example.com")
'https://example.com/.well-known/did.json'
>>> did_web_url("did:web:trade.example.com%3A8443:api:v1:issuers:acme")
'https://trade.example.com:8443/api/v1/issuers/acme/did.json'
>>> did_web_from_host("trade.example.com:8443", "api/v1/issuers/acme")
'did:web:trade.example.com%3A8443:api:v1:issuers:acme'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import quote, unquote

from cjktrade.core.errors import InvalidInputError
from cjktrade.documents.errors import MalformedCredentialError
from cjktrade.documents.keys import multikey, public_jwk, raw_from_jwk, raw_from_multikey
from cjktrade.documents.timefmt import format_instant, parse_instant

DID_CONTEXT = "https://www.w3.org/ns/did/v1"
CID_CONTEXT = "https://www.w3.org/ns/cid/v1"  # Controlled Identifiers 1.0: JsonWebKey, Multikey, revoked
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"


@dataclass(frozen=True)
class VerificationKey:
    """A public key an issuer signs with: ``kid`` (a DID URL), its DID, and when it was rotated out.

    ``revoked`` None means in use. ``aliases`` are other DIDs of the same issuer (a did:key issuer
    gets a new DID at each rotation) that may sign its status lists. ``rotation_known`` is False when
    nothing but the identifier was available (a bare did:key): rotation cannot then be checked.
    """

    kid: str
    did: str
    public_key: bytes
    revoked: datetime | None = None
    aliases: frozenset[str] = field(default_factory=frozenset)
    rotation_known: bool = True


class KeyResolver(Protocol):
    """Finds the public key a ``kid`` names, or None when it is not known."""

    def __call__(self, kid: str) -> VerificationKey | None: ...


def did_of(kid: str) -> str:
    """The DID part of a DID URL (``did:web:x#key-1`` → ``did:web:x``)."""
    return kid.split("#", 1)[0]


def did_key(raw: bytes) -> str:
    return "did:key:" + multikey(raw)


def did_key_kid(raw: bytes) -> str:
    """did:key §3.1.2: the verification method's fragment is the multikey itself."""
    value = multikey(raw)
    return f"did:key:{value}#{value}"


def did_web_from_host(host: str, path: str = "") -> str:
    """The did:web DID for a DID document published at ``https://host/path/did.json``."""
    host = host.strip().strip("/")
    if not host or "/" in host:
        raise InvalidInputError(f"{host!r} is not a host name (e.g. trade.example.com or example.com:8443).")
    parts = [quote(host, safe="")] + [quote(p, safe="") for p in path.strip("/").split("/") if p]
    return "did:web:" + ":".join(parts)


def did_web_url(did: str) -> str:
    """did:web §3.2 (read): where the DID document of ``did`` is published."""
    if not did.startswith("did:web:") or len(did) == len("did:web:"):
        raise InvalidInputError(f"{did!r} is not a did:web identifier (did:web:HOST[:PATH...]).")
    host, *path = did[len("did:web:") :].split(":")
    location = "/".join(unquote(p) for p in path) if path else ".well-known"
    return f"https://{unquote(host)}/{location}/did.json"


def did_key_document(raw: bytes) -> dict[str, Any]:
    """The DID document a did:key expands to (did:key §3.1.2), with a Multikey verification method."""
    did, kid = did_key(raw), did_key_kid(raw)
    method = {"id": kid, "type": "Multikey", "controller": did, "publicKeyMultibase": multikey(raw)}
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": [method],
        "authentication": [kid],
        "assertionMethod": [kid],
        "capabilityInvocation": [kid],
        "capabilityDelegation": [kid],
    }


@dataclass(frozen=True)
class PublishedKey:
    """One key of a did:web document: its fragment, public key and rotation time (None: current)."""

    fragment: str
    public_key: bytes
    revoked: datetime | None = None


def did_web_document(did: str, keys: Sequence[PublishedKey]) -> dict[str, Any]:
    """The DID document to publish for a did:web issuer: every key it ever signed with.

    Rotated-out keys stay under ``assertionMethod`` with their ``revoked`` time so that credentials
    issued before the rotation keep verifying; only the current keys authenticate.
    """
    methods: list[dict[str, Any]] = []
    for key in keys:
        method: dict[str, Any] = {
            "id": f"{did}#{key.fragment}",
            "type": "JsonWebKey",
            "controller": did,
            "publicKeyJwk": public_jwk(key.public_key),
        }
        if key.revoked is not None:
            method["revoked"] = format_instant(key.revoked)
        methods.append(method)
    current = [m["id"] for m in methods if "revoked" not in m]
    return {
        "@context": [DID_CONTEXT, CID_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
        "authentication": current,
    }


def keys_from_did_document(document: Mapping[str, Any]) -> dict[str, VerificationKey]:
    """The assertion keys of a DID document by kid (Ed25519 only: JsonWebKey or Multikey forms)."""
    did = document.get("id")
    if not isinstance(did, str) or not did.startswith("did:"):
        raise MalformedCredentialError("the DID document has no 'id' DID.")
    methods = {m.get("id"): m for m in _list(document.get("verificationMethod")) if isinstance(m, dict)}
    found: dict[str, VerificationKey] = {}
    for reference in _list(document.get("assertionMethod")):
        method = methods.get(reference) if isinstance(reference, str) else reference
        if not isinstance(method, dict) or not isinstance(method.get("id"), str):
            continue
        kid = _absolute(did, method["id"])
        if did_of(kid) != did:
            continue  # a document speaks only for its own DID
        raw = _method_key(method)
        if raw is None:
            continue
        revoked = parse_instant(method["revoked"], "revoked") if "revoked" in method else None
        found[kid] = VerificationKey(kid, did, raw, revoked)
    return found


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _absolute(did: str, method_id: str) -> str:
    return did + method_id if method_id.startswith("#") else method_id


def _method_key(method: Mapping[str, Any]) -> bytes | None:
    if isinstance(method.get("publicKeyJwk"), dict):
        return raw_from_jwk(method["publicKeyJwk"])
    if isinstance(method.get("publicKeyMultibase"), str):
        return raw_from_multikey(method["publicKeyMultibase"])
    return None


def did_key_resolver(kid: str) -> VerificationKey | None:
    """Resolves a ``did:key`` kid from the identifier alone: no rotation record exists for it."""
    if not kid.startswith("did:key:z"):
        return None
    did = did_of(kid)
    value = did[len("did:key:") :]
    if kid not in (did, f"{did}#{value}"):
        return None
    try:
        raw = raw_from_multikey(value)
    except MalformedCredentialError:
        return None
    return VerificationKey(f"{did}#{value}", did, raw, rotation_known=False)


def document_resolver(documents: Iterable[Mapping[str, Any]]) -> KeyResolver:
    keys: dict[str, VerificationKey] = {}
    for document in documents:
        keys.update(keys_from_did_document(document))
    return table_resolver(keys.values())


def table_resolver(keys: Iterable[VerificationKey]) -> KeyResolver:
    table = {k.kid: k for k in keys}

    def resolve(kid: str) -> VerificationKey | None:
        return table.get(kid)

    return resolve


def chain(*resolvers: KeyResolver) -> KeyResolver:
    """The first resolver that knows the kid answers."""

    def resolve(kid: str) -> VerificationKey | None:
        for resolver in resolvers:
            key = resolver(kid)
            if key is not None:
                return key
        return None

    return resolve
