"""The documents API: issue, verify, status lists, DID documents; errors as RFC 9457 problems."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cjktrade.api import problems
from cjktrade.api.routes_documents import router, well_known_router
from cjktrade.api.routes_records import router as records_router
from cjktrade.services.documents import Settings, workspace
from tests.documents import (
    PASSPHRASE,
    battery_bom,
    battery_verdict,
    new_issuer,
    private_key_texts,
    shipment,
)


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("CJKTRADE_HOME", str(tmp_path))
    monkeypatch.setenv("CJKTRADE_PUBLIC_URL", "https://trade.example.com")
    monkeypatch.setenv("CJKTRADE_KEY_PASSPHRASE", PASSPHRASE)
    new_issuer(
        workspace(Settings(tmp_path, public_url="https://trade.example.com", kdf_log_n=12)),
        web_host="trade.example.com",
    )
    monkeypatch.setenv("CJKTRADE_DATABASE_URL", f"sqlite:///{tmp_path / 'platform.db'}")
    app = FastAPI()
    problems.install(app)
    app.include_router(router, prefix="/api/v1")
    app.include_router(records_router, prefix="/api/v1")
    app.include_router(well_known_router)
    # Issuing is for a signed-in editor of an organisation; verifying is public.
    return TestClient(
        app, base_url="https://trade.example.com", headers={"Authorization": f"Bearer {_api_key()}"}
    )


def _api_key() -> str:
    from cjktrade.services import accounts
    from cjktrade.store import db

    with db.session() as session:
        _org, user = accounts.create_owner(session, email="issuer@kcci.example", password="a long password",
                                           name="KCCI", org_name="KCCI", country="KR")  # fmt: skip
        principal = accounts.principal_for_user(session, user.id)
        return accounts.create_api_key(session, principal, name="docs", scopes=["read", "write"])[1]


def issue(client: TestClient, **changes: Any) -> Any:
    body = {"type": "rcep-certificate-of-origin", "issuer": "kcci", "verdicts": [battery_verdict()],
            "shipment": shipment(), "boms": [battery_bom()], **changes}  # fmt: skip
    return client.post("/api/v1/documents", json=body)


def test_post_documents_issues_credential(client: TestClient) -> None:
    response = issue(client)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["mediaType"] == "application/vc+sd-jwt" and answer["issuer"].startswith(
        "did:web:trade.example.com"
    )


def test_post_documents_verify_named_checks(client: TestClient) -> None:
    credential = issue(client).json()["credential"]
    response = client.post("/api/v1/documents/verify", json={"credential": credential})
    assert response.status_code == 200
    checks = {c["name"]: c["outcome"] for c in response.json()["checks"]}
    assert checks["integrity"] == checks["issuer"] == checks["status"] == checks["schema"] == "pass"


def test_post_documents_verify_tampered_fails_integrity(client: TestClient) -> None:
    credential = issue(client).json()["credential"]
    tampered = credential[:100] + ("A" if credential[100] != "A" else "B") + credential[101:]
    result = client.post("/api/v1/documents/verify", json={"credential": tampered}).json()
    assert result["verified"] is False and result["checks"][0]["outcome"] == "fail"


def test_get_status_list_is_vc_jwt(client: TestClient) -> None:
    answer = issue(client).json()
    response = client.get(answer["statusListCredential"].replace("https://trade.example.com", ""))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vc+jwt")
    assert response.text.count(".") == 2


def test_get_unknown_status_list_problem_404(client: TestClient) -> None:
    response = client.get("/api/v1/status-lists/kcci-revocation-9")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "urn:cjktrade:problem:not-found"


def test_get_issuer_did_document_resolves_did_web(client: TestClient) -> None:
    from cjktrade.documents.did import did_web_url

    did = "did:web:trade.example.com:api:v1:issuers:kcci"
    path = did_web_url(did).replace("https://trade.example.com", "")
    document = client.get(path).json()
    assert document["id"] == did and document["assertionMethod"] == [f"{did}#key-1"]


def test_get_well_known_did_document_by_host(tmp_path: Path, client: TestClient) -> None:
    new_issuer(workspace(Settings(tmp_path, kdf_log_n=12)), "root", web_did="did:web:trade.example.com")
    document = client.get("/.well-known/did.json").json()
    assert document["id"] == "did:web:trade.example.com"


def test_get_document_public_presentation_for_qr(client: TestClient) -> None:
    answer = issue(client).json()
    response = client.get(answer["documentUrl"].replace("https://trade.example.com", ""))
    assert response.status_code == 200
    public = response.json()
    assert "50.00" not in public["credential"] and public["id"] == answer["id"]


def test_get_document_schema_named_by_credential(client: TestClient) -> None:
    from cjktrade.documents.credential import disclosed_payload

    credential = issue(client).json()["credential"]
    schema_id = disclosed_payload(credential)["credentialSchema"]["id"]
    response = client.get(schema_id.replace("https://trade.example.com", ""))
    assert response.status_code == 200 and response.json()["$schema"].endswith("2020-12/schema")


def test_post_documents_not_originating_problem_400(client: TestClient) -> None:
    response = issue(client, verdicts=[battery_verdict(cumulation=False)])
    assert response.status_code == 400
    problem = response.json()
    assert problem["type"] == "urn:cjktrade:problem:not-originating"
    assert "no proof of origin can be issued" in problem["detail"]


def test_post_documents_unknown_type_problem_400(client: TestClient) -> None:
    response = issue(client, type="bill-of-lading")
    assert response.status_code == 400 and "unknown document type" in response.json()["detail"]


def test_post_documents_without_server_passphrase_503(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CJKTRADE_KEY_PASSPHRASE")
    response = issue(client)
    assert response.status_code == 503 and response.json()["dataset"] == "CJKTRADE_KEY_PASSPHRASE"


def test_api_responses_never_hold_private_key(
    tmp_path: Path, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    bodies = [issue(client).text, client.get("/api/v1/issuers/kcci/did.json").text]
    monkeypatch.setenv("CJKTRADE_KEY_PASSPHRASE", "wrong")
    failed = issue(client)
    assert failed.status_code == 400 and "wrong passphrase" in failed.json()["detail"]
    bodies.append(failed.text)
    secrets = private_key_texts(workspace(Settings(tmp_path)))
    assert not any(secret in body for body in bodies for secret in secrets)
    assert PASSPHRASE not in json.dumps(bodies)


def test_post_documents_without_credentials_is_401(client: TestClient) -> None:
    body = {"type": "rcep-certificate-of-origin", "issuer": "kcci", "verdicts": [battery_verdict()],
            "shipment": shipment(), "boms": [battery_bom()]}  # fmt: skip
    response = client.post("/api/v1/documents", json=body, headers={"Authorization": ""})
    assert response.status_code == 401


def test_post_documents_is_recorded_for_the_organisation(client: TestClient) -> None:
    issued = issue(client).json()
    listed = client.get("/api/v1/issued-documents").json()["items"]
    assert [d["credential_id"] for d in listed] == [issued["id"]]
    revoked = client.post(f"/api/v1/issued-documents/{listed[0]['id']}/revoke")
    assert revoked.status_code == 200
    checks = client.post("/api/v1/documents/verify", json={"credential": issued["credential"]}).json()
    assert {c["name"]: c["outcome"] for c in checks["checks"]}["status"] == "fail"


def test_post_documents_from_stored_verdict_ids(client: TestClient) -> None:
    import json
    from pathlib import Path

    bom = json.loads((Path(__file__).parents[1] / "origin" / "data" / "battery_pack_bom.json").read_text())
    product = client.post("/api/v1/products", json={"code": "8507.60", "name": "Pack"}).json()
    client.post(f"/api/v1/products/{product['id']}/boms", json=bom)
    verdict = client.post(
        f"/api/v1/products/{product['id']}/boms/1/verdicts", params={"to": "JP", "date": "2026-10-30"}
    ).json()
    body = {
        "type": "rcep-certificate-of-origin",
        "issuer": "kcci",
        "verdict_ids": [verdict["id"]],
        "shipment": shipment(),
        "boms": [battery_bom()],
    }
    response = client.post("/api/v1/documents", json=body)
    assert response.status_code == 201, response.text


def test_post_documents_as_another_organisations_issuer_is_403(client: TestClient) -> None:
    from cjktrade.services import accounts, records
    from cjktrade.store import db

    with db.session() as session:
        other, _user = accounts.create_owner(session, email="other@example.com", password="a long password",
                                             name="Other", org_name="Other", country="JP")  # fmt: skip
        records.bind_issuer(session, other.id, "kcci")
    assert issue(client).status_code == 403
