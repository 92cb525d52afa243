"""The organisation's records through the REST API, on SQLite and PostgreSQL."""

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cjktrade.api import deps
from cjktrade.api.app import create_app
from cjktrade.services import accounts
from cjktrade.store import db

BOM = json.loads((Path(__file__).parents[1] / "origin" / "data" / "battery_pack_bom.json").read_text())


def make_org(name: str, country: str, email: str) -> dict[str, str]:
    """An organisation with an owner and three API keys (admin, write, read)."""
    with db.session() as session:
        org, user = accounts.create_owner(
            session, email=email, password="a long password", name=name, org_name=name, country=country
        )
        owner = accounts.principal_for_user(session, user.id)
        keys = {scope: accounts.create_api_key(session, owner, name=scope, scopes=scopes)[1]
                for scope, scopes in (("admin", ["admin"]), ("write", ["read", "write"]), ("read", ["read"]))}  # fmt: skip
    return {"org_id": str(org.id), **keys}


def auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture(scope="module")
def world(database_url):
    with TestClient(create_app()) as client:
        yield (
            client,
            make_org("Acme Korea", "KR", "owner@acme.kr"),
            make_org("Beta Japan", "JP", "owner@beta.jp"),
        )


def test_create_and_read_product_with_bom_versions(world):
    client, acme, _ = world
    product = client.post(
        "/api/v1/products", json={"code": "8507.60", "name": "Battery pack"}, headers=auth(acme["write"])
    ).json()
    assert product["code"] == "850760"
    v1 = client.post(f"/api/v1/products/{product['id']}/boms", json=BOM, headers=auth(acme["write"]))
    v2 = client.post(f"/api/v1/products/{product['id']}/boms", json=BOM, headers=auth(acme["write"]))
    assert (v1.json()["version"], v2.json()["version"]) == (1, 2)
    listed = client.get(f"/api/v1/products/{product['id']}/boms", headers=auth(acme["read"])).json()
    assert [b["version"] for b in listed["items"]] == [1, 2]


def test_verdict_locks_the_bom_version(world):
    client, acme, _ = world
    product = client.post(
        "/api/v1/products", json={"code": "8507.60", "name": "Pack"}, headers=auth(acme["write"])
    ).json()
    client.post(f"/api/v1/products/{product['id']}/boms", json=BOM, headers=auth(acme["write"]))
    verdict = client.post(
        f"/api/v1/products/{product['id']}/boms/1/verdicts",
        params={"to": "JP", "date": "2026-10-30"},
        headers=auth(acme["write"]),
    )
    assert verdict.status_code == 201 and verdict.json()["status"] == "originating"
    edit = client.put(f"/api/v1/products/{product['id']}/boms/1", json=BOM, headers=auth(acme["write"]))
    assert edit.status_code == 409 and edit.headers["content-type"] == "application/problem+json"
    assert client.delete(f"/api/v1/products/{product['id']}", headers=auth(acme["write"])).status_code == 409


def test_pagination_walks_every_record_once(world):
    client, acme, _ = world
    made = {
        client.post(
            "/api/v1/suppliers", json={"name": f"S{i}", "country": "CN"}, headers=auth(acme["write"])
        ).json()["id"]
        for i in range(7)
    }
    seen, cursor = [], None
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/v1/suppliers", params=params, headers=auth(acme["read"])).json()
        seen += [s["id"] for s in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert made <= set(seen) and len(seen) == len(set(seen))


def test_idempotency_key_replays_and_refuses_other_body(world):
    client, acme, _ = world
    headers = auth(acme["write"]) | {"Idempotency-Key": "supplier-42"}
    first = client.post("/api/v1/suppliers", json={"name": "Once", "country": "JP"}, headers=headers)
    again = client.post("/api/v1/suppliers", json={"name": "Once", "country": "JP"}, headers=headers)
    assert first.json() == again.json() and again.headers["Idempotent-Replayed"] == "true"
    other = client.post("/api/v1/suppliers", json={"name": "Twice", "country": "JP"}, headers=headers)
    assert other.status_code == 400 and "different request" in other.json()["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "X", "country": "KR", "business_id": "12345"}, "business_id"),
        ({"name": "X", "country": "Atlantis"}, "country"),
        ({"name": "", "country": "CN"}, "name"),
    ],
)
def test_create_supplier_invalid_gives_field_error(world, body, field):
    client, acme, _ = world
    response = client.post("/api/v1/suppliers", json=body, headers=auth(acme["write"]))
    assert response.status_code == 400 and field in response.json()["detail"]


def test_business_ids_validated_with_stdnum(world):
    client, acme, _ = world
    # Valid check digits: KR 134-86-72683, CN 91110000600037341L, JP 5835678256246 (python-stdnum examples).
    for country, value in (("KR", "134-86-72683"), ("CN", "91110000600037341L"), ("JP", "5835678256246")):
        response = client.post(
            "/api/v1/suppliers",
            json={"name": "Co", "country": country, "business_id": value},
            headers=auth(acme["write"]),
        )
        assert response.status_code == 201, response.text


def test_roles_read_key_cannot_write_and_editor_cannot_manage_keys(world):
    client, acme, _ = world
    assert (
        client.post(
            "/api/v1/products", json={"code": "85", "name": "x"}, headers=auth(acme["read"])
        ).status_code
        == 403
    )
    assert client.post("/api/v1/api-keys", json={"name": "x"}, headers=auth(acme["write"])).status_code == 403
    created = client.post(
        "/api/v1/api-keys", json={"name": "ci", "scopes": ["read"]}, headers=auth(acme["admin"])
    ).json()
    assert created["secret"].startswith(created["prefix"] + "_")
    assert all(
        "secret" not in k for k in client.get("/api/v1/api-keys", headers=auth(acme["admin"])).json()["items"]
    )
    client.delete(f"/api/v1/api-keys/{created['id']}", headers=auth(acme["admin"]))
    assert client.get("/api/v1/products", headers=auth(created["secret"])).status_code == 401


def test_quotes_are_frozen_snapshots_with_data_version(world):
    client, acme, _ = world
    made = client.post(
        "/api/v1/quotes/tariff",
        json={"code": "6105.90.020", "to": "JP", "origin": "CN"},
        headers=auth(acme["write"]),
    ).json()
    stored = client.get(f"/api/v1/quotes/{made['id']}", headers=auth(acme["read"])).json()
    assert stored["outputs"]["lines"][0]["best"]["label"] == "RCEP (China)"
    assert len(stored["data_version"]) == 16
    routes = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/quotes/{quote_id}"]
    assert set(routes) == {"get"}  # no route changes a quote


def test_audit_log_records_changes_and_is_append_only(world):
    client, acme, _ = world
    client.post(
        "/api/v1/shipments",
        json={
            "reference": "PO-1",
            "content": {
                "importer": "JP",
                "date": "2026-10-30",
                "lines": [
                    {"code": "6105.90.020", "origin": "CN", "value": {"amount": "1000", "currency": "JPY"}}
                ],
            },
        },
        headers=auth(acme["write"]),
    )
    entries = client.get("/api/v1/audit", headers=auth(acme["admin"])).json()["items"]
    assert any(e["resource"] == "shipments" and e["action"] == "create" for e in entries)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/audit"]) == {"get"}
    from cjktrade.services import accounts as module

    assert not [n for n in dir(module) if "audit" in n and n != "audit"]  # no function edits entries


def test_shipment_content_validated_as_a_landed_cost_shipment(world):
    client, acme, _ = world
    response = client.post(
        "/api/v1/shipments",
        json={"reference": "bad", "content": {"importer": "JP", "date": "2026-10-30", "lines": []}},
        headers=auth(acme["write"]),
    )
    assert response.status_code == 400 and "lines" in response.json()["detail"]


def test_rate_limit_answers_429_with_retry_after(world):
    client, acme, _ = world
    deps.set_rate_limit(3)
    try:
        codes = [client.get("/api/v1/products", headers=auth(acme["read"])).status_code for _ in range(5)]
    finally:
        deps.set_rate_limit(1_000_000)
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429


def test_unauthenticated_and_bad_keys_are_401(world):
    client, _, _ = world
    assert client.get("/api/v1/products").status_code == 401
    assert client.get("/api/v1/products", headers=auth("cjk_deadbeef_nope")).status_code == 401
    assert client.get("/api/v1/products", headers=auth("garbage")).status_code == 401


def test_idempotency_replay_checks_the_role_and_belongs_to_the_caller(world):
    client, acme, _ = world
    body = {"name": "Replay Co", "country": "CN"}
    first = client.post(
        "/api/v1/suppliers", json=body, headers=auth(acme["write"]) | {"Idempotency-Key": "same-key"}
    )
    assert first.status_code == 201
    # A read-only key sending the same key and body is refused, not handed the stored response.
    replay = client.post(
        "/api/v1/suppliers", json=body, headers=auth(acme["read"]) | {"Idempotency-Key": "same-key"}
    )
    assert replay.status_code == 403
    # Another writer's same key is theirs: it creates, it does not replay.
    with db.session() as session:
        owner = accounts.principal_for_user(session, 1)
        other = accounts.create_api_key(
            session,
            accounts.Principal(int(acme["org_id"]), owner.actor, "owner"),
            name="w2",
            scopes=["write"],
        )[1]
    second = client.post(
        "/api/v1/suppliers", json=body, headers=auth(other) | {"Idempotency-Key": "same-key"}
    )
    assert second.status_code == 201 and second.json()["id"] != first.json()["id"]


def test_api_key_creation_refuses_idempotency_key_so_no_secret_is_stored(world):
    client, acme, _ = world
    response = client.post(
        "/api/v1/api-keys", json={"name": "k"}, headers=auth(acme["admin"]) | {"Idempotency-Key": "k1"}
    )
    assert response.status_code == 400 and "secret" in response.json()["detail"]


def test_members_existing_account_refused_and_last_owner_kept(world):
    client, acme, _ = world
    admin = auth(acme["admin"])
    taken = client.post(
        "/api/v1/members",
        json={"email": "owner@beta.jp", "password": "long enough pw", "role": "viewer"},
        headers=admin,
    )
    assert taken.status_code == 400 and "existing accounts" in taken.json()["detail"]
    owner = next(
        m for m in client.get("/api/v1/members", headers=admin).json()["items"] if m["role"] == "owner"
    )
    assert (
        client.patch(f"/api/v1/members/{owner['id']}", json={"role": "viewer"}, headers=admin).status_code
        == 409
    )
    assert client.delete(f"/api/v1/members/{owner['id']}", headers=admin).status_code == 409


@pytest.mark.parametrize(
    ("inputs", "field"),
    [({"on": 20261128}, "on"), ({"value": "1e999999"}, "value"), ({"colour": "red"}, "colour")],
)
def test_stored_tariff_quote_bad_inputs_are_400_not_500(world, inputs, field):
    client, acme, _ = world
    body = {"code": "6105.90.020", "to": "JP", "origin": "CN", **inputs}
    response = client.post("/api/v1/quotes/tariff", json=body, headers=auth(acme["write"]))
    assert response.status_code == 400 and field in response.json()["detail"]
