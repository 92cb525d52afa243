"""The tariff routes in-process (ASGI), on the shipped schedules."""


def test_get_tariff_quote_for_jp_line(client):
    body = client.get("/api/v1/tariff/6105.90.020", params={"to": "JP", "from": "CN"}).json()
    assert body["lines"][0]["best"]["label"] == "RCEP (China)"


def test_get_tariff_quote_with_value_and_quantity(client):
    params = {"to": "JP", "from": "KR", "value": "10000", "currency": "JPY", "quantity": "1", "unit": "pair"}
    body = client.get("/api/v1/tariff/6403.99.015", params=params).json()
    assert body["lines"][0]["best"]["duty"] == {"amount": "4300", "currency": "JPY"}


def test_get_tariff_compare(client):
    body = client.get("/api/v1/tariff/compare/850760", params={"from": "JP"}).json()
    assert set(body["importers"]) == {"CN", "KR"}


def test_get_tariff_unknown_importer_is_problem(client):
    response = client.get("/api/v1/tariff/6105.90.020", params={"to": "US", "from": "CN"})
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"


def test_get_tariff_missing_unit_is_problem(client):
    response = client.get("/api/v1/tariff/6403.99.015", params={"to": "JP", "from": "CN", "value": "10000"})
    assert response.status_code == 400 and "pair" in response.json()["detail"]
