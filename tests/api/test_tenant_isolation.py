"""Tenant isolation: for every route in the OpenAPI spec, a second organisation's key tries to read,
list, change and delete the first organisation's records. All fail with 404 and nothing leaks.

The routes are enumerated from the spec, so a new route cannot be missed: it must either take part
in the sweep (its path parameters are filled with the first organisation's ids) or be declared
below as not touching stored records, with the reason.
"""

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cjktrade.api.app import create_app
from tests.api.test_records_api import auth, make_org

BOM = json.loads((Path(__file__).parents[1] / "origin" / "data" / "battery_pack_bom.json").read_text())
MARKER = "ACME-PRIVATE-7f3c"

# Routes that read or write no organisation's records: reference data and stateless engines.
STATELESS_PREFIXES = (
    "/api/v1/hs", "/api/v1/fx", "/api/v1/data", "/api/v1/countries", "/api/v1/tariff", "/api/v1/landed-cost",
    "/api/v1/origin/rules", "/api/v1/origin/check", "/api/v1/scenarios",
    # Public by design: what a verifier (customs, the QR link) reads without an account.
    "/api/v1/documents/verify", "/api/v1/documents/types", "/api/v1/documents/schemas", "/api/v1/status-lists",
    "/api/v1/issuers", "/.well-known",
)  # fmt: skip
# GET /api/v1/documents/{document_id} is the QR verification link: public, and it shows only the
# public presentation (no cost data). The organisation's own records are /api/v1/issued-documents.
PUBLIC_PRESENTATION = {("get", "/api/v1/documents/{document_id}")}
# Routes that create a new record in the caller's own organisation (their listing is swept instead).
CREATE_IN_OWN_ORG = {("post", "/api/v1/quotes/{kind}")}
SKIPPED = CREATE_IN_OWN_ORG | PUBLIC_PRESENTATION


@pytest.fixture(scope="module")
def tenants(database_url):
    with TestClient(create_app()) as client:
        acme, beta = make_org("Acme", "KR", "o@acme.kr"), make_org("Beta", "JP", "o@beta.jp")
        w = auth(acme["write"])
        ids = {
            "record_id:products": client.post("/api/v1/products", json={"code": "8507.60", "name": MARKER}, headers=w).json()["id"],
            "record_id:suppliers": client.post("/api/v1/suppliers", json={"name": MARKER, "country": "CN"}, headers=w).json()["id"],
            "record_id:shipments": client.post("/api/v1/shipments", json={"reference": MARKER, "content": {"importer": "JP", "date": "2026-10-30",
                "lines": [{"code": "6105.90.020", "origin": "CN", "value": {"amount": "1000", "currency": "JPY"}}]}}, headers=w).json()["id"],
        }  # fmt: skip
        ids["product_id"] = ids["record_id:products"]
        client.post(f"/api/v1/products/{ids['product_id']}/boms", json=BOM, headers=w)
        ids["version"] = 1
        ids["verdict_id"] = client.post(
            f"/api/v1/products/{ids['product_id']}/boms/1/verdicts",
            params={"to": "JP", "date": "2026-10-30"},
            headers=w,
        ).json()["id"]
        ids["quote_id"] = (
            client.post(
                "/api/v1/quotes/tariff",
                json={"code": "6105.90.020", "to": "JP", "origin": "CN", "currency": None} | {},
                headers=w,
            )
            .json()
            .get("id")
            or client.post(
                "/api/v1/quotes/tariff", json={"code": "6105.90.020", "to": "JP", "origin": "CN"}, headers=w
            ).json()["id"]
        )
        ids["member_id"] = client.get("/api/v1/members", headers=auth(acme["admin"])).json()["items"][0]["id"]
        ids["record_id:issued-documents"] = _issued_document_of(acme)
        ids["key_id"] = client.get("/api/v1/api-keys", headers=auth(acme["admin"])).json()["items"][0]["id"]
        yield client, acme, beta, ids


def _issued_document_of(org: dict) -> int:
    """A record of an issued document in the organisation (the credential text is a marker: the
    sweep must be refused before anything reads it)."""
    from cjktrade.services import accounts, records
    from cjktrade.store import db

    with db.session() as session:
        principal = accounts.Principal(int(org["org_id"]), "test", "editor")
        return records.record_issued_document(session, principal, "commercial-invoice", MARKER, MARKER)["id"]


def _routes(client: TestClient) -> list[tuple[str, str]]:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    return [
        (method, path)
        for path, item in paths.items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def _fill(path: str, ids: dict) -> str | None:
    resource = path.split("/")[3] if path.count("/") >= 3 else ""
    out = path
    for part in [p[1:-1] for p in path.split("/") if p.startswith("{")]:
        value = ids.get(f"{part}:{resource}", ids.get(part))
        if value is None:
            return None
        out = out.replace("{" + part + "}", str(value))
    return out


def test_every_route_is_swept_or_declared_stateless(tenants):
    client, _, _, ids = tenants
    unclassified = [
        (method, path)
        for method, path in _routes(client)
        if not path.startswith(STATELESS_PREFIXES)
        and (method, path) not in SKIPPED
        and "{" in path
        and _fill(path, ids) is None
    ]
    assert unclassified == [], (
        "add these routes to the sweep (an id for their parameters) or declare them stateless"
    )


def test_second_org_cannot_read_change_or_delete_first_orgs_records(tenants):
    client, acme, beta, ids = tenants
    intruder = auth(beta["admin"])
    swept = 0
    for method, path in _routes(client):
        if path.startswith(STATELESS_PREFIXES) or (method, path) in SKIPPED or "{" not in path:
            continue
        url = _fill(path, ids)
        body = BOM if path.endswith("/boms/{version}") else {"name": "hacked", "role": "viewer"}
        response = client.request(method.upper(), url, headers=intruder, json=None if method in ("get", "delete") else body,
                                  params={"to": "JP"} if path.endswith("/verdicts") else None)  # fmt: skip
        assert response.status_code == 404, (
            f"{method.upper()} {url}: {response.status_code} {response.text[:200]}"
        )
        assert MARKER not in response.text
        swept += 1
    assert swept >= 15
    owner = auth(acme["admin"])
    assert (
        client.get(f"/api/v1/products/{ids['product_id']}", headers=owner).json()["name"] == MARKER
    )  # untouched
    assert client.get(f"/api/v1/members/{ids['member_id']}", headers=owner).json()["role"] == "owner"


def test_second_org_lists_show_none_of_the_first_orgs_records(tenants):
    client, _, beta, _ = tenants
    listings = [
        path
        for method, path in _routes(client)
        if method == "get" and "{" not in path and not path.startswith(STATELESS_PREFIXES)
    ]
    assert len(listings) >= 8
    for path in listings:
        response = client.get(path, headers=auth(beta["admin"]))
        assert response.status_code == 200, path
        assert MARKER not in response.text and "o@acme.kr" not in response.text, path
