"""Verify a credential: five named checks, each pass / fail / unknown with its reason.

* ``integrity`` — the Ed25519 signature over header and payload (RFC 7515 §5.2) and, for an
  SD-JWT, every presented disclosure matching a signed digest (RFC 9901 §7.1);
* ``issuer`` — the signing key (``kid``) belongs to the credential's ``issuer`` and had not been
  rotated out when the credential was signed (``iat``);
* ``status`` — the credential's bit in its Bitstring Status List is not set (§3.2 validate); the
  list credential is itself verified;
* ``validity`` — now lies within ``validFrom`` .. ``validUntil`` (VC 2.0 §4.9);
* ``schema`` — the credential conforms to the JSON schema its ``credentialSchema`` names.

``unknown`` means the check could not be made (no status list at hand offline, or the integrity
check already failed); ``verified`` is true only when every check passes. Nothing is fetched:
keys come from the ``KeyResolver`` and status lists from the ``StatusSource`` the caller gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import ValidationError

from cjktrade.documents import sdjwt
from cjktrade.documents.credential import TYP_JWT, TYP_SD_JWT, is_sd_jwt, media_type
from cjktrade.documents.did import KeyResolver, VerificationKey, did_of
from cjktrade.documents.errors import MalformedCredentialError
from cjktrade.documents.jws import ParsedJws, parse_compact, signature_valid
from cjktrade.documents.registry import type_of_credential, type_of_schema
from cjktrade.documents.status_list import decode_list, get_bit
from cjktrade.documents.timefmt import format_instant, from_epoch, parse_instant

Outcome = Literal["pass", "fail", "unknown"]
CHECK_NAMES = ("integrity", "issuer", "status", "validity", "schema")
StatusSource = Callable[[str], str | None]
"""A status list credential (compact JWS) by its URL, or None when it is not at hand."""

# Clocks differ: tolerate this much when comparing now with validFrom (RFC 7519 §4.1.5 "leeway").
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class Check:
    name: str
    outcome: Outcome
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "outcome": self.outcome, "reason": self.reason}


@dataclass(frozen=True)
class Verification:
    """The checks, and the claims as presented (disclosures in place) once integrity holds."""

    checks: tuple[Check, ...]
    credential: dict[str, Any] | None = None
    disclosed: tuple[str, ...] = ()
    media_type: str | None = None

    @property
    def verified(self) -> bool:
        return all(c.outcome == "pass" for c in self.checks)

    def check(self, name: str) -> Check:
        return next(c for c in self.checks if c.name == name)

    def as_dict(self) -> dict[str, Any]:
        return {
            "verified": self.verified,
            "checks": [c.as_dict() for c in self.checks],
            "mediaType": self.media_type,
            "disclosed": list(self.disclosed),
            "credential": self.credential,
        }


def _not_checked(failed: Check) -> tuple[Check, ...]:
    rest = [Check(n, "unknown", f"not checked: the {failed.name} check failed") for n in CHECK_NAMES[1:]]
    return (failed, *rest)


@dataclass
class _StatusListCache:
    entries: dict[str, bytes | str] = field(default_factory=dict)
    limit: int = 64


class Verifier:
    """Verifies credentials against one key resolver and status source; remembers verified lists."""

    def __init__(self, resolver: KeyResolver, status_lists: StatusSource | None = None) -> None:
        self.resolver = resolver
        self.status_lists = status_lists
        self._lists = _StatusListCache()

    def verify(self, credential: str, *, now: datetime) -> Verification:
        text = credential.strip()
        try:
            jwt, disclosures = sdjwt.split(text) if is_sd_jwt(text) else (text, None)
            parsed = parse_compact(jwt)
        except MalformedCredentialError as error:
            return Verification(
                _not_checked(Check("integrity", "fail", f"malformed credential: {error.message}"))
            )
        kind = media_type(text)
        expected = TYP_JWT if disclosures is None else TYP_SD_JWT
        typ, kid = parsed.header.get("typ"), parsed.header.get("kid")
        if typ != expected:
            return self._failed(
                f"typ {typ!r} does not match the form of the credential ({expected} expected)", kind
            )
        if not isinstance(kid, str) or not kid.startswith("did:"):
            return self._failed("the header has no kid naming the signing key as a DID URL", kind)
        key = self.resolver(kid)
        if key is None:
            integrity = Check(
                "integrity",
                "fail",
                f"the signing key {kid} could not be resolved: give the issuer's DID document",
            )
            issuer = Check("issuer", "fail", f"{kid} is not a key known for the issuer {did_of(kid)}")
            rest = [Check(n, "unknown", "not checked: the signing key is unknown") for n in CHECK_NAMES[2:]]
            return Verification((integrity, issuer, *rest), media_type=kind)
        if not signature_valid(parsed, key.public_key):
            return self._failed(
                f"the signature does not match {kid}: the credential was altered or signed by another key",
                kind,
            )
        payload: dict[str, Any] = parsed.payload
        disclosed: tuple[str, ...] = ()
        if disclosures is not None:
            try:
                revealed = sdjwt.reveal(payload, disclosures, in_place=True)
            except MalformedCredentialError as error:
                return self._failed(
                    f"a disclosure does not match the signed credential: {error.message}", kind
                )
            payload, disclosed = revealed.payload, tuple(path for path, _ in revealed.disclosed)
        shown = f"; {len(disclosed)} disclosure(s) match signed digests" if disclosures is not None else ""
        checks = (
            Check("integrity", "pass", f"Ed25519 signature by {kid} is valid{shown}"),
            _issuer_check(payload, key),
            self._status_check(payload, key, now),
            _validity_check(payload, now),
            _schema_check(payload),
        )
        return Verification(checks, payload, disclosed, kind)

    def _failed(self, reason: str, kind: str) -> Verification:
        return Verification(_not_checked(Check("integrity", "fail", reason)), media_type=kind)

    def _status_check(self, payload: dict[str, Any], key: VerificationKey, now: datetime) -> Check:
        entry = payload.get("credentialStatus")
        if entry is None:
            return Check(
                "status", "pass", "the credential has no credentialStatus: its issuer cannot revoke it"
            )
        if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
            return Check("status", "fail", "credentialStatus is not a BitstringStatusListEntry")
        url, index, purpose = (
            entry.get("statusListCredential"),
            entry.get("statusListIndex"),
            entry.get("statusPurpose"),
        )
        if (
            not isinstance(url, str)
            or not isinstance(index, str)
            or not index.isdigit()
            or not isinstance(purpose, str)
        ):
            return Check(
                "status", "fail", "credentialStatus lacks a statusListCredential URL, index or purpose"
            )
        source = self.status_lists(url) if self.status_lists is not None else None
        if source is None:
            return Check(
                "status",
                "unknown",
                f"the status list {url} is not at hand: fetch it and give it, or verify online",
            )
        bits = self._list_bits(source.strip(), url, purpose, payload.get("issuer"), key, now)
        if isinstance(bits, str):
            return Check("status", "fail", f"the status list {url} cannot be trusted: {bits}")
        position = int(index)
        if position >= len(bits) * 8:
            return Check("status", "fail", f"index {position} lies outside the status list {url}")
        if get_bit(bits, position):
            word = "revoked" if purpose == "revocation" else purpose
            return Check("status", "fail", f"{word}: the issuer set bit {position} of {url} ({purpose})")
        return Check("status", "pass", f"not {purpose}-flagged: bit {position} of {url} is 0")

    def _list_bits(
        self, source: str, url: str, purpose: str, issuer: object, key: VerificationKey, now: datetime
    ) -> bytes | str:
        cache_key = f"{url}|{purpose}|{_issuer_id(issuer)}|{key.kid}|{source}"
        cached = self._lists.entries.get(cache_key)
        if cached is None:
            cached = _verify_status_list(source, url, purpose, _issuer_id(issuer), key, self.resolver, now)
            if len(self._lists.entries) >= self._lists.limit:
                self._lists.entries.pop(next(iter(self._lists.entries)))
            self._lists.entries[cache_key] = cached
        return cached


def _issuer_id(issuer: object) -> str | None:
    value = issuer.get("id") if isinstance(issuer, dict) else issuer
    return value if isinstance(value, str) else None


def _signed_at(payload: dict[str, Any]) -> datetime:
    if "iat" in payload:
        return from_epoch(payload["iat"], "iat")
    return parse_instant(payload.get("validFrom"), "validFrom")


def _issuer_check(payload: dict[str, Any], key: VerificationKey) -> Check:
    issuer = _issuer_id(payload.get("issuer"))
    if issuer is None:
        return Check("issuer", "fail", "the credential names no issuer")
    if key.did != issuer:
        return Check("issuer", "fail", f"signed with {key.kid}, which is not a key of the issuer {issuer}")
    try:
        signed = _signed_at(payload)
    except MalformedCredentialError as error:
        return Check("issuer", "fail", f"the signing time is unreadable: {error.message}")
    if key.revoked is not None and signed >= key.revoked:
        return Check(
            "issuer",
            "fail",
            f"key {key.kid} was rotated out on {format_instant(key.revoked)}; this credential was signed on "
            f"{format_instant(signed)}, after the rotation",
        )
    reason = f"{key.kid} is a key of the issuer {issuer}"
    if key.revoked is not None:
        reason += f", rotated out on {format_instant(key.revoked)}, after this credential was signed ({format_instant(signed)})"
    if not key.rotation_known:
        reason += (
            "; a bare did:key is the key itself: whether it was rotated out needs the issuer's key record"
        )
    return Check("issuer", "pass", reason)


def _validity_check(payload: dict[str, Any], now: datetime) -> Check:
    try:
        start = parse_instant(payload.get("validFrom"), "validFrom")
        end = parse_instant(payload["validUntil"], "validUntil") if "validUntil" in payload else None
    except MalformedCredentialError as error:
        return Check("validity", "fail", error.message)
    if now + CLOCK_SKEW < start:
        return Check("validity", "fail", f"not yet valid: valid from {format_instant(start)}")
    if end is not None and now > end:
        doc_type = type_of_credential(payload.get("type"))
        basis = f" ({doc_type.validity_basis})" if doc_type and doc_type.validity_basis else ""
        return Check(
            "validity",
            "fail",
            f"expired: valid until {format_instant(end)}, now {format_instant(now)}{basis}",
        )
    until = f" until {format_instant(end)}" if end is not None else " with no end date"
    return Check("validity", "pass", f"valid from {format_instant(start)}{until}")


def _schema_check(payload: dict[str, Any]) -> Check:
    schema = payload.get("credentialSchema")
    schema_id = schema.get("id") if isinstance(schema, dict) else None
    doc_type = type_of_schema(schema_id) if isinstance(schema_id, str) else None
    if doc_type is None:
        return Check("schema", "fail", f"credentialSchema {schema_id!r} is not a schema known here")
    if type_of_credential(payload.get("type")) is not doc_type:
        return Check(
            "schema",
            "fail",
            f"the credential's type does not include {doc_type.vc_type}, which its schema requires",
        )
    try:
        doc_type.credential_model.model_validate(payload)
    except ValidationError as error:
        issues = "; ".join(".".join(str(p) for p in e["loc"]) + f": {e['msg']}" for e in error.errors()[:3])
        return Check("schema", "fail", f"does not conform to {doc_type.schema_file}: {issues}")
    return Check("schema", "pass", f"conforms to {doc_type.schema_file}")


def _verify_status_list(
    source: str,
    url: str,
    purpose: str,
    issuer: str | None,
    credential_key: VerificationKey,
    resolver: KeyResolver,
    now: datetime,
) -> bytes | str:
    """The list's bits, or why it cannot be trusted: it must be signed by a current key of the
    credential's issuer, be the list the entry names, for the same purpose, and be in its validity."""
    try:
        parsed: ParsedJws = parse_compact(source)
    except MalformedCredentialError as error:
        return error.message
    kid = parsed.header.get("kid")
    key = resolver(kid) if isinstance(kid, str) else None
    if key is None:
        return f"its signing key {kid!r} is unknown"
    if not signature_valid(parsed, key.public_key):
        return "its signature does not match"
    body = parsed.payload
    list_issuer = _issuer_id(body.get("issuer"))
    if list_issuer != key.did or not (list_issuer == issuer or list_issuer in credential_key.aliases):
        return f"it is issued by {list_issuer}, not by the credential's issuer {issuer}"
    try:
        signed = _signed_at(body)
    except MalformedCredentialError as error:
        return error.message
    if key.revoked is not None and signed >= key.revoked:
        return f"it was signed with {kid} after that key was rotated out"
    if "BitstringStatusListCredential" not in (body.get("type") or []) or body.get("id") != url:
        return "it is not the BitstringStatusListCredential the entry names"
    validity = _validity_check(body, now)
    if validity.outcome != "pass":
        return validity.reason
    subject = body.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("statusPurpose") != purpose:
        return f"its statusPurpose is not {purpose!r}"
    try:
        return decode_list(str(subject.get("encodedList")))
    except MalformedCredentialError as error:
        return error.message
