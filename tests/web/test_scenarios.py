"""The scenario page: a gravity counterfactual run in the background, its progress, its results."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from tests.web.conftest import post


def _run(client: TestClient, data: dict[str, str], lang: str = "en") -> str:
    client.cookies.set("cjk_lang", lang)
    response = post(client, "/scenarios/gravity", data, page="/scenarios/gravity", follow_redirects=False)
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    for _ in range(200):
        status = client.get(f"{location}/status").json()
        if status["finished"]:
            assert status["error"] is None and status["done"] == status["total"] == int(data["draws"])
            return location
        time.sleep(0.1)
    raise AssertionError("the scenario did not finish in 20 s")


def test_run_cjk_scenario_shows_coefficients_members_and_chart(client: TestClient) -> None:
    location = _run(
        client, {"agreement": "CHN,JPN,KOR", "sigma": "5", "reference_importer": "DEU", "draws": "20"}
    )
    page = client.get(location).text
    assert "Estimated coefficients" in page and ">pta<" in page
    for member in ("CHN", "JPN", "KOR"):
        assert f">{member}<" in page
    chart = client.get(f"{location}/welfare.png")
    assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG")


def test_running_page_shows_progress_of_the_monte_carlo_draws(client: TestClient) -> None:
    from cjktrade.web import routes_scenarios

    job = routes_scenarios.Job(
        "running-test", {"agreement": "CHN,JPN,KOR", "draws": 400}, total=400, done=123
    )
    routes_scenarios._jobs[job.id] = job
    client.cookies.set("cjk_lang", "ja")
    page = client.get(f"/scenarios/gravity/{job.id}").text
    assert '<progress id="scenario-progress" max="400" value="123"' in page
    assert (
        'data-status="/scenarios/gravity/running-test/status"' in page and "完了したモンテカルロ試行" in page
    )
    assert client.get(f"/scenarios/gravity/{job.id}/status").json() == {
        "done": 123,
        "total": 400,
        "finished": False,
        "error": None,
    }


def test_run_scenario_bad_input_shows_field_errors(client: TestClient) -> None:
    response = post(
        client,
        "/scenarios/gravity",
        {"agreement": "CHN", "sigma": "0.5", "draws": "10"},
        page="/scenarios/gravity",
    )
    assert response.status_code == 400 and "sigma" in response.text


def test_unknown_scenario_run_is_404(client: TestClient) -> None:
    assert client.get("/scenarios/gravity/nope").status_code == 404
