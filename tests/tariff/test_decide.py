"""Applicable-rate decisions on the shipped schedules. Each case names its line and column."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjktrade.core.errors import (
    CodeNotFoundError,
    DateOutOfRangeError,
    InvalidInputError,
    MissingDataError,
    UnknownCountryError,
)
from cjktrade.services.tariff import quote_code


def line(answer, index=0):
    return answer["lines"][index]


def by_label(line_answer):
    return {c["label"]: c for c in line_answer["candidates"]}


# Japan tariff 2026-07-09, 6105.90.020: WTO協定 7.4%, EPA_RCEP_中国 3.4%, EPA_RCEP_韓国 4.6%.
@pytest.mark.parametrize(
    ("origin", "label", "rate"), [("CN", "RCEP (China)", "3.4"), ("KR", "RCEP (Korea)", "4.6")]
)
def test_quote_jp_6105_90_020_rcep_best_over_wto(origin, label, rate):
    answer = line(quote_code("6105.90.020", "JP", origin))
    candidates = by_label(answer)
    assert candidates["WTO (WTO協定)"]["status"] == "applies"
    assert candidates["WTO (WTO協定)"]["rate_percent"] == "7.4"
    assert answer["best"]["label"] == label and answer["best"]["rate_percent"] == rate
    assert any("proof of origin" in c for c in answer["best"]["conditions"])


def test_quote_jp_6403_99_015_from_cn_inherits_wto_and_rcep_is_best():
    answer = line(
        quote_code("6403.99.015", "JP", "CN", value="10000", currency="JPY", quantity="1", unit="pair")
    )
    wto = by_label(answer)["WTO (WTO協定)"]
    assert wto["raw"] == "30%又は4,300円/足のうちいずれか高い税率"
    assert wto["inherited_from"].startswith("6403.99")
    assert wto["duty"] == {"amount": "4300", "currency": "JPY"}
    assert answer["best"]["label"] == "RCEP (China)"
    assert answer["best"]["duty"] == {"amount": "1540", "currency": "JPY"}


def test_quote_jp_6403_99_015_from_kr_has_no_rcep_preference():
    answer = line(
        quote_code("6403.99.015", "JP", "KR", value="10000", currency="JPY", quantity="1", unit="pair")
    )
    assert by_label(answer)["RCEP (Korea)"]["status"] == "no-preference"
    assert answer["best"]["label"] == "WTO (WTO協定)"
    assert answer["best"]["duty"] == {"amount": "4300", "currency": "JPY"}


def test_quote_specific_duty_without_quantity_names_the_unit():
    with pytest.raises(InvalidInputError, match="pair"):
        quote_code("6403.99.015", "JP", "CN", value="10000", currency="JPY")


def test_quote_value_in_usd_is_converted_at_ecb_rate():
    answer = quote_code("6105.90.020", "JP", "CN", on="2026-10-30", value="100", currency="USD")
    assert answer["currency_conversion"]["rate"] == "157.2502685"
    # 100 USD × 175.68 / 1.1172 = 15,725.026853 JPY (kept to 6 decimals), × 3.4 %
    assert line(answer)["best"]["duty"]["amount"] == "534.650913002"


# Korea tariff (KCS 2026-02-11), 8507.60-2000: A 8%, FCN1 0%, FRCCN1 0%, E1 5.6%.
def test_quote_kr_8507602000_from_cn_fta_best():
    answer = line(quote_code("8507602000", "KR", "CN"))
    candidates = by_label(answer)
    assert candidates["Basic (기본세율, A)"]["status"] == "applies"
    assert candidates["APTA (E1)"]["rate_percent"] == "5.6"
    assert answer["best"]["rate_percent"] == "0.0"
    assert answer["best"]["label"] == "Korea–China FTA (FCN1)"


def test_quote_hs6_lists_every_national_line():
    answer = quote_code("8507.60", "KR", "JP")
    assert [x["code"] for x in answer["lines"]] == ["8507602000", "8507603000", "8507609000"]


# China tariff 2026: 02013000 MFN 12, 韩KR 2.4, 韩RKRR 9 (ORIGIN.md sample table).
def test_quote_cn_02013000_from_kr_china_korea_fta_best():
    answer = line(quote_code("02013000", "CN", "KR"))
    assert answer["best"]["label"] == "China–Korea FTA (韩KR)" and answer["best"]["rate_percent"] == "2.4"
    assert by_label(answer)["RCEP (Korea, 韩RKRR)"]["rate_percent"] == "9"


def test_quote_cn_damaged_agreement_string_reports_partner_unknown():
    # 22084000 lost a wrapped line (ORIGIN.md): 韩KR is missing, so its rate is unknown, not absent.
    answer = line(quote_code("22084000", "CN", "KR"))
    fta = by_label(answer)["China–Korea FTA (韩KR)"]
    assert fta["status"] == "unknown" and "unknown, not absent" in fta["reason"]


def test_quote_cn_agreement_rate_above_mfn_not_applied():
    # 85423111: MFN 0, 日RJPR 5.5 (ORIGIN.md sample table): an agreement rate above MFN is not applied.
    answer = line(quote_code("85423111", "CN", "JP"))
    assert by_label(answer)["RCEP (Japan, 日RJPR)"]["status"] == "not-applied"
    assert answer["best"]["regime"] == "mfn"


def test_quote_jp_seasonal_line_returns_each_variant():
    answer = quote_code("0803.10.100", "JP", "CN")
    assert len(answer["lines"]) == 2
    assert [x["best"]["rate_percent"] for x in answer["lines"]] == ["20", "25"]  # WTO協定 by season
    assert all(x["variant"] for x in answer["lines"])


def test_quote_ldc_column_not_open_to_cjk_origins():
    # The LDC column is open to least-developed countries only: Bangladesh, not China.
    assert "LDC (特別特恵)" in by_label(line(quote_code("6105.90.020", "JP", "BD")))
    assert "LDC (特別特恵)" not in by_label(line(quote_code("6105.90.020", "JP", "CN")))


def test_quote_date_before_loaded_schedule_is_refused_naming_agreements_not_in_force():
    with pytest.raises(DateOutOfRangeError, match="2026-07-09") as caught:
        quote_code("6105.90.020", "JP", "CN", on="2021-06-01")
    assert "Regional Comprehensive Economic Partnership (from 2022-01-01)" in str(caught.value)


def test_quote_python_api_doctest_entry_point():
    from cjktrade.services.tariff import context
    from cjktrade.tariff import quote

    answer = quote(context("KR"), "8507.60", importer="KR", origin="JP", as_of=date(2026, 11, 28))
    assert {x.best.label for x in answer.lines} == {"RCEP (Japan, FRCJP1)"}


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("6105.90.020", "US", "CN"), InvalidInputError),
        (("6105.90.020", "JP", "Atlantis"), UnknownCountryError),
        (("6105.90.020", "JP", "JP"), InvalidInputError),
        (("61.05", "JP", "CN"), InvalidInputError),
        (("6105.90.999", "JP", "CN"), CodeNotFoundError),
    ],
)
def test_quote_bad_input_raises(args, error):
    with pytest.raises(error):
        quote_code(*args)


def test_quote_scenario_cjk_fta_is_labelled_and_staged(tmp_path):
    scenario = tmp_path / "cjk.toml"
    scenario.write_text(
        '[[scenario]]\nid = "CJK-FTA"\nname = "China–Japan–Korea FTA"\nparties = ["CN", "JP", "KR"]\n'
        'start = "2027-01-01"\nyears = 10\n'
    )
    before = by_label(line(quote_code("6105.90.020", "JP", "CN", on="2026-12-01", scenario_file=scenario)))
    assert before["China–Japan–Korea FTA (scenario)"]["status"] == "not-in-force"
    mid = line(quote_code("6105.90.020", "JP", "CN", on="2030-06-01", scenario_file=scenario))
    assert by_label(mid)["China–Japan–Korea FTA (scenario)"]["rate_percent"] == "4.44"  # 7.4 × 0.6
    assert mid["best"]["label"] == "RCEP (China)"
    end = line(quote_code("6105.90.020", "JP", "CN", on="2036-01-01", scenario_file=scenario))
    assert end["best"]["scenario"] is True and end["best"]["rate_percent"] == "0"


def test_quote_without_korean_schedule_names_the_dataset(monkeypatch):
    from cjktrade.refdata import loader

    real = loader.has_dataset
    monkeypatch.setattr(loader, "has_dataset", lambda name: False if name == "kr_tariff" else real(name))
    with pytest.raises(MissingDataError) as caught:
        from cjktrade.services import tariff

        tariff._schedule("KR")
    assert caught.value.dataset == "kr_tariff" and "tools.refdata.build" in str(caught.value)


UNITS = {
    "6105.90.020": "kg",
    "8507.60.000": "kg",
    "0201.30.010": "kg",
    "6403.99.015": "pair",
    "2208.40.000": "l",
}


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(sorted(UNITS)),
    st.sampled_from(["CN", "KR"]),
    st.decimals(min_value=1, max_value=10**7, places=0),
)
def test_quote_best_duty_never_exceeds_applied_mfn(code, origin, value):
    answer = quote_code(code, "JP", origin, value=str(value), quantity="10", unit=UNITS[code])
    for quoted in answer["lines"]:
        mfn = next((c for c in quoted["candidates"] if c["status"] == "applies"), None)
        best = quoted["best"]
        if mfn and best and mfn["duty"] and best["duty"]:
            assert Decimal(best["duty"]["amount"]) <= Decimal(mfn["duty"]["amount"])
        for c in quoted["candidates"]:
            if c["status"] == "eligible" and mfn and mfn["duty"] and c["duty"]:
                assert Decimal(c["duty"]["amount"]) < Decimal(mfn["duty"]["amount"])


def test_quote_dates_are_iso_and_default_today():
    assert quote_code("6105.90.020", "JP", "CN")["date"] == date.today().isoformat()
