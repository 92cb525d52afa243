"""Verification: the five named checks on issued credentials, and the attacks each one stops."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjktrade.documents import sdjwt
from cjktrade.documents.credential import Signer, disclosed_payload, present, sign
from cjktrade.documents.did import chain, did_key_kid, did_key_resolver
from cjktrade.documents.encoding import b64url_encode, json_bytes
from cjktrade.documents.jws import parse_compact, sign_compact
from cjktrade.documents.keys import generate_key, public_raw
from cjktrade.documents.verify import Verifier
from cjktrade.services.documents import (
    Workspace,
    _status_source,
    revoke_document,
    rotate_key,
    verify_document,
)
from tests.documents import (
    ISSUED_AT,
    PASSPHRASE,
    SUPPLIER_PRICES,
    VERIFIED_AT,
    issued_certificate,
    make_workspace,
    new_issuer,
)


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    workspace = make_workspace(tmp_path_factory.mktemp("home"))
    new_issuer(workspace)
    return workspace


@pytest.fixture(scope="module")
def certificate(ws: Workspace) -> dict[str, Any]:
    return issued_certificate(ws)


def checks(result: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {c["name"]: (c["outcome"], c["reason"]) for c in result["checks"]}


def verifier(ws: Workspace) -> Verifier:
    return Verifier(chain(ws.keys.resolver(), did_key_resolver), _status_source(ws, None))


def test_verify_issued_certificate_all_checks_pass(ws: Workspace, certificate: dict[str, Any]) -> None:
    result = verify_document(certificate["credential"], ws=ws, now=VERIFIED_AT)
    assert result["verified"], result["checks"]
    assert [c["name"] for c in result["checks"]] == ["integrity", "issuer", "status", "validity", "schema"]
    assert result["mediaType"] == "application/vc+sd-jwt"
    assert "not revocation-flagged" in checks(result)["status"][1]


def test_verify_tampered_credential_any_byte_position_fails(
    ws: Workspace, certificate: dict[str, Any]
) -> None:
    # Every position of the credential as issued — header, payload, signature, each disclosure and
    # each '~' — changed by one bit: none may verify. (A lenient base64url decoder would let some
    # signature characters through; see documents.encoding.)
    text = certificate["credential"]
    check = verifier(ws)
    survivors = [
        i
        for i in range(len(text))
        if check.verify(text[:i] + chr(ord(text[i]) ^ 1) + text[i + 1 :], now=VERIFIED_AT).verified
    ]
    assert survivors == []


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_verify_credential_with_any_byte_replaced_fails(
    ws: Workspace, certificate: dict[str, Any], data: st.DataObject
) -> None:
    text = certificate["credential"]
    position = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    replacement = data.draw(st.characters(codec="utf-8").filter(lambda c: c != text[position]))
    tampered = text[:position] + replacement + text[position + 1 :]
    assert not verifier(ws).verify(tampered, now=VERIFIED_AT).verified


def test_verify_signature_by_different_key_fails_integrity(
    ws: Workspace, certificate: dict[str, Any]
) -> None:
    jwt, disclosures = sdjwt.split(certificate["credential"])
    parsed = parse_compact(jwt)
    forged = sdjwt.join(sign_compact(parsed.header, parsed.payload, generate_key()), disclosures)
    result = verify_document(forged, ws=ws, now=VERIFIED_AT)
    outcome, reason = checks(result)["integrity"]
    assert (result["verified"], outcome) == (False, "fail") and "signature does not match" in reason


def test_verify_key_of_another_did_fails_issuer(ws: Workspace, certificate: dict[str, Any]) -> None:
    # An attacker signs with their own did:key but keeps the victim as issuer.
    attacker = generate_key()
    payload = disclosed_payload(certificate["credential"])
    forged = sign(payload, Signer(attacker, did_key_kid(public_raw(attacker))))
    result = checks(verify_document(forged, ws=ws, now=VERIFIED_AT))
    assert result["integrity"][0] == "pass"
    assert result["issuer"][0] == "fail" and "not a key of the issuer" in result["issuer"][1]


def test_verify_unknown_key_fails_issuer(ws: Workspace, certificate: dict[str, Any]) -> None:
    jwt, disclosures = sdjwt.split(certificate["credential"])
    parsed = parse_compact(jwt)
    header = {**parsed.header, "kid": "did:web:unknown.example#key-1"}
    forged = sdjwt.join(sign_compact(header, parsed.payload, generate_key()), disclosures)
    result = checks(verify_document(forged, ws=ws, now=VERIFIED_AT))
    assert result["integrity"][0] == "fail" and "could not be resolved" in result["integrity"][1]
    assert result["issuer"][0] == "fail"


def test_verify_alg_none_refused(ws: Workspace, certificate: dict[str, Any]) -> None:
    jwt, _ = sdjwt.split(certificate["credential"])
    header = b64url_encode(json_bytes({"alg": "none", "typ": "vc+jwt"}))
    unsigned = f"{header}.{jwt.split('.')[1]}."
    result = checks(verify_document(unsigned, ws=ws, now=VERIFIED_AT))
    assert result["integrity"][0] == "fail" and "alg 'none' is not accepted" in result["integrity"][1]


def test_verify_disclosure_of_another_credential_fails(ws: Workspace, certificate: dict[str, Any]) -> None:
    other = issued_certificate(ws)["credential"]
    foreign = sdjwt.split(other)[1][0]
    result = checks(
        verify_document(present(certificate["credential"]) + foreign + "~", ws=ws, now=VERIFIED_AT)
    )
    assert result["integrity"][0] == "fail" and "disclosure" in result["integrity"][1]


def test_verify_after_validity_fails_expired(ws: Workspace, certificate: dict[str, Any]) -> None:
    later = ISSUED_AT + timedelta(days=366)
    outcome, reason = checks(verify_document(certificate["credential"], ws=ws, now=later))["validity"]
    assert outcome == "fail" and reason.startswith("expired: valid until 2027-05-01T09:00:00Z")
    assert "RCEP Art. 3.16.6" in reason


def test_verify_before_valid_from_fails(ws: Workspace, certificate: dict[str, Any]) -> None:
    outcome, reason = checks(
        verify_document(certificate["credential"], ws=ws, now=ISSUED_AT - timedelta(days=1))
    )["validity"]
    assert outcome == "fail" and reason.startswith("not yet valid")


def test_verify_offline_without_status_list_status_unknown(
    ws: Workspace, certificate: dict[str, Any]
) -> None:
    result = Verifier(ws.keys.resolver()).verify(certificate["credential"], now=VERIFIED_AT)
    assert result.check("status").outcome == "unknown" and not result.verified
    assert result.check("integrity").outcome == "pass"


def test_verify_signed_but_invalid_document_fails_schema(ws: Workspace, certificate: dict[str, Any]) -> None:
    payload = disclosed_payload(certificate["credential"])
    payload["credentialSubject"]["items"][0]["hsCode"] = "8507"
    signer = ws.keys.signer("kcci", PASSPHRASE)
    result = checks(verify_document(sign(payload, signer), ws=ws, now=VERIFIED_AT))
    assert result["integrity"][0] == "pass"
    assert result["schema"][0] == "fail" and "hsCode" in result["schema"][1]


def test_verify_status_list_signed_by_other_issuer_fails(
    tmp_path: Path, certificate: dict[str, Any], ws: Workspace
) -> None:
    other = make_workspace(tmp_path)
    new_issuer(other, "rogue")
    forged_list = issued_list_of(other, certificate)
    source = {certificate["statusListCredential"]: forged_list}
    resolver = chain(ws.keys.resolver(), other.keys.resolver(), did_key_resolver)
    result = Verifier(resolver, source.get).verify(certificate["credential"], now=VERIFIED_AT)
    assert result.check("status").outcome == "fail" and "cannot be trusted" in result.check("status").reason


def issued_list_of(ws: Workspace, certificate: dict[str, Any]) -> str:
    """A status list credential with the certificate's list URL, signed by ``ws``'s issuer 'rogue'."""
    from cjktrade.documents.status_list import new_bitstring, status_list_subject

    signer = ws.keys.signer("rogue", PASSPHRASE)
    url = certificate["statusListCredential"]
    payload = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": signer.did},
        "validFrom": "2026-05-01T00:00:00Z",
        "credentialSubject": status_list_subject(url, new_bitstring()),
    }
    return sign(payload, signer)


def test_verify_revoked_certificate_fails_revoked(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    new_issuer(ws)
    issued = issued_certificate(ws)
    answer = revoke_document(issued["id"], passphrase=PASSPHRASE, ws=ws, now=ISSUED_AT + timedelta(days=2))
    assert answer["revoked"] and not answer["alreadyRevoked"]
    outcome, reason = checks(verify_document(issued["credential"], ws=ws, now=VERIFIED_AT))["status"]
    assert outcome == "fail" and reason.startswith("revoked:")
    assert revoke_document(issued["id"], passphrase=PASSPHRASE, ws=ws)["alreadyRevoked"]


def test_verify_after_rotation_old_documents_pass_new_signatures_fail(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    new_issuer(ws, web_host="trade.example.com")
    before = issued_certificate(ws)
    old_signer = ws.keys.signer("kcci", PASSPHRASE)
    rotated_at = ISSUED_AT + timedelta(days=30)
    rotate_key("kcci", PASSPHRASE, ws=ws, now=rotated_at)

    still = checks(verify_document(before["credential"], ws=ws, now=rotated_at + timedelta(days=1)))
    assert still["issuer"][0] == "pass" and "rotated out on 2026-05-31" in still["issuer"][1]
    assert all(outcome == "pass" for outcome, _ in still.values())

    # The old key, used after its rotation (a leaked key, say), no longer speaks for the issuer.
    late = disclosed_payload(before["credential"]) | {
        "iat": int((rotated_at + timedelta(days=1)).timestamp())
    }
    result = checks(verify_document(sign(late, old_signer), ws=ws, now=rotated_at + timedelta(days=2)))
    assert result["issuer"][0] == "fail" and "after the rotation" in result["issuer"][1]

    after = issued_certificate(ws, now=rotated_at + timedelta(days=1))
    assert after["kid"].endswith("#key-2")
    assert verify_document(after["credential"], ws=ws, now=rotated_at + timedelta(days=2))["verified"]


def test_verify_offline_with_did_web_document_only(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    answer = new_issuer(ws, web_host="trade.example.com")
    issued = issued_certificate(ws)
    status = ws.store.get_status_list(issued["statusListCredential"].rsplit("/", 1)[1])
    assert status is not None and status.credential is not None
    stranger = make_workspace(tmp_path / "stranger")
    result = verify_document(
        issued["credential"],
        did_document=answer["didDocument"],
        status_list=status.credential,
        ws=stranger,
        now=VERIFIED_AT,
    )
    assert result["verified"], result["checks"]


def test_verify_with_jwcrypto_independent_implementation(ws: Workspace, certificate: dict[str, Any]) -> None:
    from jwcrypto import jwk, jws

    record = ws.keys.get("kcci")
    key = jwk.JWK(**record.keys[0].as_dict()["publicKeyJwk"])
    for credential in (certificate["credential"], issued_invoice(ws)):
        token = jws.JWS()
        token.deserialize(sdjwt.split(credential)[0] if "~" in credential else credential)
        token.verify(key, alg="EdDSA")
        header = token.jose_header
        assert header["alg"] == "EdDSA" and header["cty"] == "vc" and header["kid"] == record.keys[0].kid
        assert header["typ"] in ("vc+jwt", "vc+sd-jwt")
        assert json.loads(token.payload)["issuer"]["id"] == record.did


def test_jwcrypto_rejects_tampered_credential(ws: Workspace) -> None:
    from jwcrypto import jwk, jws
    from jwcrypto.common import JWException

    credential = issued_invoice(ws)
    head, _, signature = credential.split(".")
    payload = parse_compact(credential).payload
    payload["credentialSubject"]["total"]["amount"] = "1.00"
    token = jws.JWS()
    token.deserialize(f"{head}.{b64url_encode(json_bytes(payload))}.{signature}")
    with pytest.raises(JWException):
        token.verify(jwk.JWK(**ws.keys.get("kcci").keys[0].as_dict()["publicKeyJwk"]), alg="EdDSA")


def issued_invoice(ws: Workspace) -> str:
    from cjktrade.services.documents import issue_document
    from tests.documents import battery_verdict, shipment

    answer = issue_document(
        "commercial-invoice",
        [battery_verdict()],
        shipment(),
        issuer="kcci",
        passphrase=PASSPHRASE,
        ws=ws,
        now=ISSUED_AT,
    )
    assert answer["mediaType"] == "application/vc+jwt"
    return str(answer["credential"])


def test_present_withholds_every_supplier_price(ws: Workspace, certificate: dict[str, Any]) -> None:
    presentation = present(certificate["credential"])
    jwt, disclosures = sdjwt.split(presentation)
    assert disclosures == []
    decoded = json.dumps(parse_compact(jwt).payload, ensure_ascii=False)
    assert not any(price in decoded or price in presentation for price in SUPPLIER_PRICES)
    result = verify_document(presentation, ws=ws, now=VERIFIED_AT)
    assert result["verified"]
    item = result["credential"]["credentialSubject"]["items"][0]
    assert item["originDetermination"]["costBuildUp"] == {}


def test_present_full_cost_build_up_on_request(ws: Workspace, certificate: dict[str, Any]) -> None:
    presentation = present(
        certificate["credential"], ["credentialSubject.items[*].originDetermination.costBuildUp"]
    )
    result = verify_document(presentation, ws=ws, now=VERIFIED_AT)
    assert result["verified"]
    costs = result["credential"]["credentialSubject"]["items"][0]["originDetermination"]["costBuildUp"]
    assert [m["value"]["amount"] for m in costs["materials"]] == ["50.00", "20.00"]
    assert costs["terms"]["VNM"] == {"amount": "20.00", "currency": "USD"}


def test_present_one_material_only(ws: Workspace, certificate: dict[str, Any]) -> None:
    presentation = present(
        certificate["credential"], ["credentialSubject.items[0].originDetermination.costBuildUp.materials[1]"]
    )
    result = verify_document(presentation, ws=ws, now=VERIFIED_AT)
    costs = result["credential"]["credentialSubject"]["items"][0]["originDetermination"]["costBuildUp"]
    assert result["verified"] and [m["line"] for m in costs["materials"]] == ["2"] and "terms" not in costs


def test_verify_reports_clock_skew_tolerance(ws: Workspace, certificate: dict[str, Any]) -> None:
    slightly_early = datetime(2026, 5, 1, 8, 58, tzinfo=UTC)
    assert (
        checks(verify_document(certificate["credential"], ws=ws, now=slightly_early))["validity"][0] == "pass"
    )


def test_verify_after_compromise_nothing_signed_by_old_key_passes(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    new_issuer(ws, web_host="trade.example.com")
    before = issued_certificate(ws)
    rotate_key("kcci", PASSPHRASE, compromised=True, ws=ws, now=ISSUED_AT + timedelta(days=5))
    result = checks(verify_document(before["credential"], ws=ws, now=VERIFIED_AT))
    assert result["issuer"][0] == "fail" and "rotated out on 2026-01-01" in result["issuer"][1]


def test_present_unknown_claim_path_lists_disclosable_ones(certificate: dict[str, Any]) -> None:
    with pytest.raises(
        ValueError, match=r"nothing to disclose at 'credentialSubject.exporter'.*costBuildUp.fob"
    ):
        present(certificate["credential"], ["credentialSubject.exporter"])
