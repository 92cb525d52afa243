"""POST /api/v1/landed-cost in-process."""

import json
from pathlib import Path

DATA = Path(__file__).parents[1] / "landed_cost" / "data"


def test_post_landed_cost_cbec(client):
    body = client.post(
        "/api/v1/landed-cost", json=json.loads((DATA / "cn_cbec_face_cream.json").read_text())
    ).json()
    assert body["totals"]["vat"] == {"amount": "273.00", "currency": "CNY"}


def test_post_landed_cost_bad_shipment_is_problem(client):
    response = client.post("/api/v1/landed-cost", json={"importer": "JP", "date": "2026-11-28", "lines": []})
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    assert "lines" in response.json()["detail"]


def test_get_shipment_schema_documents_the_fields(client):
    schema = client.get("/api/v1/landed-cost/schema").json()
    assert {"importer", "date", "lines"} <= set(schema["properties"])
