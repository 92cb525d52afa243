"""`cjktrade scenario gravity` (Typer sub-app, via CliRunner) and POST /api/v1/scenarios/gravity."""

from __future__ import annotations

import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cjktrade.api import problems, routes_scenarios
from cjktrade.cli.scenario import app

CJK = ["CHN", "JPN", "KOR"]


@pytest.fixture(scope="module")
def client():
    api = FastAPI()
    problems.install(api)
    api.include_router(routes_scenarios.router, prefix="/api/v1")
    with TestClient(api) as c:
        yield c


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def test_cli_scenario_gravity_cjk_json_acceptance():
    # Acceptance: `cjktrade scenario gravity --agreement CHN,JPN,KOR --json` on the shipped 2006 sample.
    result = invoke("gravity", "--agreement", "CHN,JPN,KOR", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert [c["variable"] for c in answer["estimation"]["coefficients"]] == [
        "lndist",
        "contiguity",
        "common_language",
        "pta",
        "international",
    ]
    assert [r["country"] for r in answer["member_effects"]] == CJK
    assert all(r["real_gdp_change_percent"] > 0 for r in answer["member_effects"])
    assert len(answer["largest_third_country_effects"]) == 5
    assert answer["monte_carlo"]["draws"] == 1000


def test_cli_scenario_gravity_human_output_shows_tables():
    result = invoke("gravity", "--agreement", "CHN,JPN,KOR", "--draws", "20")
    assert result.exit_code == 0, result.output
    for text in (
        "PPML estimates",
        "Members: change in %",
        "Largest third-country effects",
        "assumption: sigma",
    ):
        assert text in result.stdout


def test_cli_scenario_gravity_writes_chart_and_tables(tmp_path):
    chart = tmp_path / "cjk.png"
    result = invoke(
        "gravity", "--agreement", "CHN,JPN,KOR", "--draws", "0", "--chart", str(chart),
        "--tables", str(tmp_path / "tables"), "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)["files_written"]
    assert written["charts"] == [str(chart), str(tmp_path / "cjk-heatmap.png")]
    assert chart.stat().st_size > 10_000 and (tmp_path / "tables" / "bilateral.csv").is_file()


def test_cli_scenario_gravity_user_csv_with_one_step_formulation(sample_csv):
    result = invoke(
        "gravity", "--data", str(sample_csv), "--agreement", "CHN,KOR", "--draws", "0",
        "--formulation", "one-step", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["assumptions"]["formulation"]["value"] == "one-step"
    assert answer["data"]["source"].startswith("user data")


@pytest.mark.parametrize(
    ("args", "code", "slug"),
    [
        (("--agreement", "CHN,XXX"), 3, "not-found"),
        (("--agreement", "CHN,JPN", "--sigma", "1"), 2, "invalid-input"),
        (("--agreement", "CHN,JPN", "--sigma", "51"), 2, "invalid-input"),
        (("--agreement", "CHN,JPN", "--formulation", "two-step"), 2, "invalid-input"),
        (("--agreement", "CHN"), 2, "invalid-input"),
    ],
    ids=["unknown-member", "sigma-1", "sigma-above-limit", "bad-formulation", "one-member"],
)
def test_cli_scenario_gravity_bad_input_exits_with_code(args, code, slug):
    result = invoke("gravity", *args, "--draws", "0", "--json")
    assert result.exit_code == code
    assert json.loads(result.stdout)["error"]["type"] == slug


def test_post_gravity_scenario_returns_answer(client):
    response = client.post("/api/v1/scenarios/gravity", json={"agreement": CJK, "draws": 30})
    assert response.status_code == 200
    body = response.json()
    assert [r["country"] for r in body["member_effects"]] == CJK
    assert body["monte_carlo"]["solved"] == 30


def test_post_gravity_scenario_with_csv_text(client, sample_csv):
    csv_text = sample_csv.read_text(encoding="utf-8")
    response = client.post("/api/v1/scenarios/gravity", json={"agreement": ["CHN", "JPN"], "csv": csv_text})
    assert response.status_code == 200
    assert response.json()["data"]["source"] == "user data the CSV text"


def test_post_gravity_scenario_unknown_member_is_problem(client):
    response = client.post("/api/v1/scenarios/gravity", json={"agreement": ["CHN", "XXX"]})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "XXX" in response.json()["detail"]


def test_post_gravity_scenario_sigma_below_one_is_validation_problem(client):
    response = client.post("/api/v1/scenarios/gravity", json={"sigma": 0.5})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "sigma"


def test_post_gravity_scenario_bad_csv_names_line(client):
    response = client.post(
        "/api/v1/scenarios/gravity", json={"csv": "exporter,importer,trade,Y,E,pta\nCHN,JPN,abc,1,1,0\n"}
    )
    assert response.status_code == 400
    assert "line 2, column 'trade'" in response.json()["detail"]
