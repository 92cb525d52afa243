"""`cjktrade tariff` and `cjktrade data parse-report`, run as a user runs them (acceptance commands)."""

import json

from tests.cli.test_cli import run


def test_cli_tariff_6105_90_020_from_cn_json():
    result = run("tariff", "6105.90.020", "--to", "JP", "--from", "CN", "--json")
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout)["lines"][0]
    candidates = {c["label"]: c for c in line["candidates"]}
    assert candidates["WTO (WTO協定)"]["rate_percent"] == "7.4"
    assert line["best"]["label"] == "RCEP (China)" and line["best"]["rate_percent"] == "3.4"
    assert any("proof of origin" in c for c in line["best"]["conditions"])


def test_cli_tariff_6105_90_020_from_kr_json():
    line = json.loads(run("tariff", "6105.90.020", "--to", "JP", "--from", "KR", "--json").stdout)["lines"][0]
    assert (line["best"]["label"], line["best"]["rate_percent"]) == ("RCEP (Korea)", "4.6")


def test_cli_tariff_6403_99_015_with_value_and_pairs():
    args = [
        "tariff",
        "6403.99.015",
        "--to",
        "JP",
        "--value",
        "10000",
        "--currency",
        "JPY",
        "--quantity",
        "1",
        "--unit",
        "pair",
        "--json",
    ]
    cn = json.loads(run(*args, "--from", "CN").stdout)["lines"][0]
    assert {c["label"]: c["duty"] for c in cn["candidates"]}["WTO (WTO協定)"]["amount"] == "4300"
    assert cn["best"]["duty"]["amount"] == "1540" and cn["best"]["label"] == "RCEP (China)"
    kr = json.loads(run(*args, "--from", "KR").stdout)["lines"][0]
    assert kr["best"]["duty"]["amount"] == "4300" and kr["best"]["label"] == "WTO (WTO協定)"


def test_cli_tariff_human_output_shows_best_and_reasons():
    result = run("tariff", "02013000", "--to", "CN", "--from", "KR")
    assert result.returncode == 0
    assert "Best: China–Korea FTA (韩KR)" in result.stdout


def test_cli_tariff_compare_shows_jp_and_kr_for_chinese_product():
    answer = json.loads(run("tariff", "compare", "610590", "--from", "CN", "--json").stdout)
    assert set(answer["importers"]) == {"JP", "KR"}
    jp_best = {line["code"]: line["best"]["label"] for line in answer["importers"]["JP"]["lines"]}
    assert jp_best["610590020"] == "RCEP (China)"


def test_cli_tariff_without_importer_exits_2():
    result = run("tariff", "6105.90.020", "--from", "CN")
    assert result.returncode == 2 and "--to" in result.stderr


def test_cli_parse_report_meets_target_and_lists_unparsed():
    answer = json.loads(run("data", "parse-report", "--json").stdout)
    for name in ("jp", "cn", "kr"):
        part = answer["schedules"][name]
        assert part["parsed"] * 1000 >= part["cells"] * 995, name  # ≥ 99.5 %
        assert part["round_trip_ok"] == part["cells"], name
        assert part["cells"] - part["parsed"] == sum(1 for u in answer["unparsed"] if u["schedule"] == name)
