"""Origin use cases on the shipped rules: `origin rule`, `origin check`, their CLI and API."""

import json
from pathlib import Path

import pytest

from cjktrade.core.errors import InvalidInputError, NotFoundError
from cjktrade.services.origin import check_file, rule, rules_report
from tests.cli.test_cli import run

DATA = Path(__file__).parent / "data"


# Acceptance of the origin issue; RCEP rules from Korea's HS2022 transposition (kr_rcep_psr_hs2022.csv).
@pytest.mark.parametrize(
    ("hs", "canonical"),
    [
        ("8507.60", "CTSH or RVC40"),
        ("87.03", "RVC40"),
        ("6105.10", "CC"),
        ("61", "CC"),
        ("1302.19", "CC except from 1211.20"),
    ],
)
def test_rule_rcep_acceptance_cases(hs, canonical):
    answer = rule(hs, "RCEP")
    assert answer["canonical"] == canonical
    assert answer["source_wording"] and answer["english"] and "시행규칙" in answer["legal_source"]


def test_rule_unknown_agreement_and_missing_rule_are_clear():
    with pytest.raises(InvalidInputError, match="RCEP, CPTPP"):
        rule("8507.60", "CN-KR")
    with pytest.raises(NotFoundError):
        rule("9999.99", "RCEP")


def test_check_battery_pack_into_jp_originating_with_both_computations():
    answer = check_file(DATA / "battery_pack_bom.json", "JP", "2026-10-30")
    rcep = answer["agreements"][0]
    assert (rcep["agreement"], rcep["status"]) == ("RCEP", "originating")
    verdict = rcep["verdict"]
    build_down = next(r for r in verdict["rvc"] if r["method"] == "build-down")
    assert build_down["percent"] == "80"
    alone = verdict["without_accumulation"]
    assert alone["status"] == "not-originating"
    assert any("30%" in step["text"] for step in verdict["steps"])
    assert [b["line"] for b in alone["shift_blockers"]] == ["1"]  # the cells block CTSH without accumulation
    assert answer["best"]["agreement"] == "RCEP"


def test_check_lists_agreements_without_loaded_rules(tmp_path):
    bom = json.loads((DATA / "battery_pack_bom.json").read_text())
    bom["product"]["producer_country"] = "CN"
    bom["materials"][0]["origin_country"] = "KR"
    path = tmp_path / "cn_bom.json"
    path.write_text(json.dumps(bom))
    answer = check_file(path, "KR", "2026-10-30")
    statuses = {a["agreement"]: a["status"] for a in answer["agreements"]}
    assert statuses["RCEP"] == "originating" and statuses["CN-KR"] == "rules-not-loaded"


def test_check_scenario_agreement_is_evaluated_and_labelled(tmp_path):
    scenario = tmp_path / "cjk.toml"
    scenario.write_text(
        '[[scenario]]\nid = "CJK-FTA"\nname = "China–Japan–Korea FTA"\nparties = ["CN", "JP", "KR"]\nstart = "2026-01-01"\nyears = 10\n'
    )
    answer = check_file(DATA / "battery_pack_bom.json", "JP", "2026-10-30", scenario)
    cjk = next(a for a in answer["agreements"] if a["agreement"] == "CJK-FTA")
    assert cjk["scenario"] is True and cjk["status"] == "originating" and "SCENARIO" in cjk["note"]


def test_rules_report_meets_the_targets():
    report = rules_report()
    assert (report["RCEP"]["executable"], report["RCEP"]["total"]) == (2188, 2188)
    assert report["CPTPP"]["executable"] * 100 >= report["CPTPP"]["total"] * 95
    assert len(report["CPTPP"]["unparsed"]) == report["CPTPP"]["total"] - report["CPTPP"]["executable"]


def test_cli_origin_rule_prints_canonical_form():
    result = run("origin", "rule", "8507.60", "--agreement", "RCEP")
    assert result.returncode == 0 and result.stdout.splitlines()[0] == "CTSH or RVC40"


def test_cli_origin_check_json_and_bad_file(tmp_path):
    result = run(
        "origin", "check", str(DATA / "battery_pack_bom.json"), "--to", "JP", "--date", "2026-10-30", "--json"
    )
    assert json.loads(result.stdout)["agreements"][0]["status"] == "originating"
    bad = tmp_path / "bad.csv"
    bad.write_text("nonsense\n1,2,3\n")
    result = run("origin", "check", str(bad), "--to", "JP")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_api_origin_rule_and_check(client_origin):
    assert client_origin.get("/api/v1/origin/rules/87.03").json()["canonical"] == "RVC40"
    bom = json.loads((DATA / "battery_pack_bom.json").read_text())
    body = client_origin.post(
        "/api/v1/origin/check", params={"to": "JP", "date": "2026-10-30"}, json=bom
    ).json()
    assert body["agreements"][0]["status"] == "originating"


def test_api_origin_upload_csv_template(client_origin):
    content = (DATA / "bom_template.csv").read_bytes()
    response = client_origin.post(
        "/api/v1/origin/check/upload",
        params={"to": "JP", "date": "2026-10-30"},
        files={"file": ("bom.csv", content, "text/csv")},
    )
    assert response.status_code == 200, response.text
    assert response.json()["agreements"][0]["status"] == "originating"  # the template is the battery pack
    bad = client_origin.post(
        "/api/v1/origin/check/upload", params={"to": "JP"}, files={"file": ("bom.txt", b"x", "text/plain")}
    )
    assert bad.status_code == 400 and bad.headers["content-type"] == "application/problem+json"


@pytest.fixture(scope="module")
def client_origin():
    from fastapi.testclient import TestClient

    from cjktrade.api.app import app

    with TestClient(app) as client:
        yield client
