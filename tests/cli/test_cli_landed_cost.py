"""`cjktrade landed-cost` as a user runs it."""

import json
from pathlib import Path

from tests.cli.test_cli import run

DATA = Path(__file__).parents[1] / "landed_cost" / "data"


def test_cli_landed_cost_json_total():
    result = run("landed-cost", str(DATA / "jp_rcep_shirts.json"), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["totals"]["taxes"] == {"amount": "68600", "currency": "JPY"}


def test_cli_landed_cost_human_output_shows_steps_and_unverified_sources():
    result = run("landed-cost", str(DATA / "cn_cbec_face_cream.json"))
    assert result.returncode == 0
    assert "273.00 CNY" in result.stdout and "[unverified source]" in result.stdout


def test_cli_landed_cost_bad_file_exits_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"importer": "JP", "date": "2026-11-28", "lines": [{"code": "6105.90.020", "origin": "CN"}]}'
    )
    result = run("landed-cost", str(bad))
    assert result.returncode == 2 and "lines[0].value" in result.stderr


def test_cli_landed_cost_missing_file_exits_2(tmp_path):
    result = run("landed-cost", str(tmp_path / "nope.json"))
    assert result.returncode == 2 and "does not exist" in result.stderr
