"""Compact JWS (RFC 7515 §7.1) with EdDSA over Ed25519 (RFC 8037), as vc-jose-cose uses it.

Only ``alg: EdDSA`` is accepted: the algorithm is fixed by the issuer's key type, never taken on
trust from the header (RFC 8725 §3.1, "none" and algorithm substitution). A header naming a
critical extension we do not implement is refused (RFC 7515 §4.1.11).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from cjktrade.documents.encoding import b64url_decode, b64url_encode, json_bytes, json_object
from cjktrade.documents.errors import MalformedCredentialError

ALGORITHM = "EdDSA"


@dataclass(frozen=True)
class ParsedJws:
    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes


def sign_compact(header: dict[str, Any], payload: dict[str, Any], key: Ed25519PrivateKey) -> str:
    """``BASE64URL(header).BASE64URL(payload).BASE64URL(signature)`` with ``alg`` set to EdDSA."""
    protected = b64url_encode(json_bytes({"alg": ALGORITHM, **header}))
    signing_input = f"{protected}.{b64url_encode(json_bytes(payload))}"
    return f"{signing_input}.{b64url_encode(key.sign(signing_input.encode('ascii')))}"


def parse_compact(token: str) -> ParsedJws:
    """Split and decode a compact JWS; ``MalformedCredentialError`` says what is wrong with it."""
    parts = token.split(".")
    if len(parts) != 3:
        raise MalformedCredentialError(
            f"a compact JWS has three dot-separated parts, this has {len(parts)} (RFC 7515 §7.1)."
        )
    header = json_object(b64url_decode(parts[0]), "JWS protected header")
    if header.get("alg") != ALGORITHM:
        raise MalformedCredentialError(
            f"alg {header.get('alg')!r} is not accepted: credentials here are signed with EdDSA (RFC 8037)."
        )
    if "crit" in header:
        raise MalformedCredentialError(f"critical header parameters {header['crit']!r} are not supported.")
    payload = json_object(b64url_decode(parts[1]), "JWS payload")
    signature = b64url_decode(parts[2])
    return ParsedJws(header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), signature)


def signature_valid(parsed: ParsedJws, public_key: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(parsed.signature, parsed.signing_input)
    except (InvalidSignature, ValueError):
        return False
    return True
