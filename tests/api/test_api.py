"""The REST API in-process (ASGI), on the shipped data."""

import pytest


def test_get_hs_854231_returns_descriptions_and_jp_kr_lines(client):
    body = client.get("/api/v1/hs/854231").json()
    assert {"en", "ja", "ko"} <= set(body["descriptions"])
    assert len(body["national_lines"]["JP"]) == 6 and len(body["national_lines"]["KR"]) == 4


def test_get_hs_search_korean_returns_850760_first(client):
    body = client.get("/api/v1/hs/search", params={"q": "리튬이온 축전지"}).json()
    assert body["results"][0]["code"] == "850760"


def test_get_data_status_includes_attribution(client):
    body = client.get("/api/v1/data/status").json()
    by_id = {d["id"]: d for d in body["datasets"]}
    assert "出典：税関ホームページ" in by_id["jp_tariff"]["attribution"]
    assert body["exchange_rates"]["last_day"] >= "2026-10-30"


def test_get_fx_convert_reports_rate(client):
    body = client.get(
        "/api/v1/fx/convert", params={"amount": "1000", "from": "USD", "to": "JPY", "date": "2026-10-30"}
    ).json()
    assert body["rate"] == "157.2502685"


@pytest.mark.parametrize(
    ("path", "status", "slug"),
    [
        ("/api/v1/hs/85423", 400, "invalid-code"),
        ("/api/v1/hs/ABCD", 400, "invalid-code"),
        ("/api/v1/hs/999999", 404, "code-not-found"),
        ("/api/v1/hs/search", 422, "validation-error"),
        ("/api/v1/hs/search?q=x&limit=1000", 400, "invalid-input"),
        ("/api/v1/fx/convert?amount=1&from=USD&to=XYZ", 400, "unknown-currency"),
        ("/api/v1/fx/convert?amount=1&from=USD&to=JPY&date=1990-01-01", 400, "date-out-of-range"),
        ("/api/v1/no-such-route", 404, "not-found"),
    ],
)
def test_get_bad_input_returns_problem_json(client, path, status, slug):
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"urn:cjktrade:problem:{slug}" and body["status"] == status and body["detail"]


def test_get_openapi_lists_the_routes(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/hs/{code}", "/api/v1/hs/search", "/api/v1/data/status"} <= set(paths)


def test_every_response_carries_the_data_version(client):
    assert len(client.get("/api/v1/hs/85").headers["X-Cjktrade-Data-Version"]) == 16


def test_get_country_by_chinese_name(client):
    assert client.get("/api/v1/countries/韩国").json()["alpha2"] == "KR"


def test_get_country_unknown_is_400_problem(client):
    response = client.get("/api/v1/countries/Atlantis")
    assert response.status_code == 400 and response.json()["type"] == "urn:cjktrade:problem:unknown-country"


def test_get_rcep_parties_lists_fifteen(client):
    assert len(client.get("/api/v1/countries/rcep").json()) == 15
