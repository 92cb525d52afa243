"""The installed `cjktrade` command, run as a user runs it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [str(Path(sys.executable).with_name("cjktrade"))]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        CLI + list(args), capture_output=True, text=True, timeout=120, env=os.environ.copy()
    )


@pytest.mark.parametrize("query", ["リチウムイオン蓄電池", "리튬이온 축전지", "lithium-ion accumulators"])
def test_cli_hs_search_acceptance_queries_find_850760_in_top_three(query):
    result = run("hs", "search", query, "--json")
    assert result.returncode == 0, result.stderr
    codes = [r["code"] for r in json.loads(result.stdout)["results"][:3]]
    assert "850760" in codes


def test_cli_hs_show_prints_table_with_national_lines():
    result = run("hs", "show", "8507.60")
    assert result.returncode == 0
    assert "8507.60-2000" in result.stdout and "リチウム・イオン蓄電池" in result.stdout


def test_cli_fx_convert_reports_rate_date_and_source():
    result = run("fx", "convert", "1000", "USD", "JPY", "--date", "2026-10-30", "--json")
    answer = json.loads(result.stdout)
    assert (answer["rate"], answer["rate_date"], answer["converted"]) == (
        "157.2502685",
        "2026-10-30",
        "157250",
    )
    assert "ECB" in answer["source"]


def test_cli_data_status_lists_licences_attribution_and_gaps():
    result = run("data", "status")
    assert result.returncode == 0
    for text in (
        "hs2022",
        "jp_tariff",
        "kr_hsk",
        "kr_tariff",
        "cn_tariff",
        "ODC-PDDL-1.0",
        "出典：税関ホームページ",
        "관세청",
        "Known gaps",
    ):
        assert text in result.stdout, text


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("hs", "show", "85423"), 2, "5 digits"),
        (("hs", "show", "ABCD"), 2, "not a tariff code"),
        (("hs", "show", "999999"), 3, "not an HS 2022 subheading"),
        (("fx", "convert", "1", "USD", "XYZ"), 2, "unknown currency"),
        (("fx", "convert", "1", "CNY", "JPY", "--date", "1999-01-04"), 2, "before the CNY series starts"),
        (("hs", "search", "x", "--lang", "fr"), 2, "unknown language"),
    ],
)
def test_cli_bad_input_exits_non_zero_with_message_and_no_traceback(args, code, message):
    result = run(*args)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_cli_bad_input_with_json_prints_error_object():
    result = run("hs", "show", "85423", "--json")
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"]["type"] == "invalid-code"


def test_cli_country_lookup_by_korean_name():
    answer = json.loads(run("country", "lookup", "일본", "--json").stdout)
    assert answer["alpha2"] == "JP" and answer["names"]["zh"] == "日本" and answer["rcep_party"]


def test_cli_country_unknown_exits_2():
    result = run("country", "lookup", "Atlantis")
    assert result.returncode == 2 and "unknown country" in result.stderr
