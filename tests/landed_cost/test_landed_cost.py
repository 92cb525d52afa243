"""Landed-cost quotes on the shipped data, with the hand computation beside each case.

Sources: customs.go.jp FAQ 1006/1111 (Japan's consumption tax and ¥10,000 exemption); DOMAIN.md for
the unverified rounding steps; China CBEC limits and 70% rule (Cai Guan Shui [2016] No.18, [2018]
No.49, secondary); Korea's USD 150 list clearance (secondary). Tariff rates from the shipped schedules.
"""

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjktrade.core.errors import InvalidInputError
from cjktrade.services.landed_cost import quote_shipment

DATA = Path(__file__).parent / "data"


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text())


def amounts(answer: dict, key: str = "totals") -> dict[str, str]:
    return {k: v["amount"] for k, v in answer[key].items()}


def test_quote_jp_rcep_shirts_hand_computation():
    # CIF ¥500,000 of 6105.90.020 from China, RCEP proof held:
    #   duty 3.4% × 500,000 = 17,000 (base truncated to ¥1,000, duty to ¥100: unchanged)
    #   consumption-tax base 500,000 + 17,000 = 517,000
    #   national 7.8% × 517,000 = 40,326 → 40,300; local 40,300 × 22/78 = 11,366.67 → 11,300
    #   total 17,000 + 40,300 + 11,300 = 68,600
    answer = quote_shipment(load("jp_rcep_shirts.json"))
    assert amounts(answer)["duty"] == "17000"
    assert amounts(answer, "japan_consumption_tax") == {"national": "40300", "local": "11300"}
    assert amounts(answer)["taxes"] == "68600"
    steps = [s["text"] for s in answer["explanation"] if s["step"] == "rounding"]
    assert "consumption_tax_national: 40326 JPY → 40300 JPY (truncate to 100)" in steps
    assert any("unverified" in s for s in answer["unverified_sources_used"])


def test_quote_jp_without_proof_uses_wto_rate():
    # duty 7.4% × 500,000 = 37,000; base 537,000; national 41,886 → 41,800; local 11,789.7 → 11,700
    shipment = load("jp_rcep_shirts.json")
    shipment["lines"][0]["proof_of_origin"] = False
    answer = quote_shipment(shipment)
    assert answer["lines"][0]["duty_regime"]["label"] == "WTO (WTO協定)"
    assert amounts(answer)["duty"] == "37000"
    assert amounts(answer, "japan_consumption_tax") == {"national": "41800", "local": "11700"}
    assert answer["comparison"]["preference_saves"]["amount"] == "21900"  # 90,500 − 68,600


def test_quote_jp_small_parcel_exempt_with_designated_goods_caveat():
    answer = quote_shipment(load("jp_small_parcel.json"))
    assert amounts(answer)["taxes"] == "0"
    assert any("¥10,000" in o for o in answer["outcome"])
    assert any("may not apply" in o for o in answer["outcome"])  # chapter 61: knitted apparel


def test_quote_jp_display_currency_rounded_to_cents():
    answer = quote_shipment(load("jp_rcep_shirts.json"))
    # 68,600 JPY × (1.1172 / 175.68) = 436.2472…, shown as 436.25 USD
    assert answer["display"]["totals"]["taxes"] == {"amount": "436.25", "currency": "USD"}


def test_quote_cn_cbec_face_cream_within_limits():
    # CNY 3,000, no consumption tax: duty 0; VAT 13% × 3,000 × 70% = 273.00
    answer = quote_shipment(load("cn_cbec_face_cream.json"))
    assert amounts(answer)["duty"] == "0.00" and amounts(answer)["vat"] == "273.00"


def test_quote_cn_cbec_single_item_over_5000_pays_full_duty_and_taxes():
    # CNY 6,000 single item: MFN 1% duty = 60.00; VAT 13% × 6,060 = 787.80
    shipment = load("cn_cbec_face_cream.json")
    shipment["lines"][0].update(value={"amount": "6000", "currency": "CNY"}, quantity="1")
    answer = quote_shipment(shipment)
    assert amounts(answer)["duty"] == "60.00" and amounts(answer)["vat"] == "787.80"
    assert any("single item above CNY 5,000" in o for o in answer["outcome"])


def test_quote_cn_cbec_over_annual_limit_is_general_trade():
    shipment = load("cn_cbec_face_cream.json")
    shipment["cbec_annual_used"] = {"amount": "24000", "currency": "CNY"}
    answer = quote_shipment(shipment)
    assert any("annual" in o for o in answer["outcome"]) and amounts(answer)["duty"] == "30.00"


def test_quote_cn_cosmetics_without_consumption_tax_rate_names_the_missing_fact():
    shipment = load("cn_cbec_face_cream.json")
    del shipment["lines"][0]["consumption_tax_rate"]
    with pytest.raises(InvalidInputError, match=r"lines\[0\]\.consumption_tax_rate"):
        quote_shipment(shipment)


def test_quote_cn_consumption_tax_grossed_up():
    # 3304.99 at 15% consumption tax, general trade, CNY 1,000, MFN 1%:
    #   duty 10.00; consumption tax (1,000 + 10) / 0.85 × 0.15 = 178.235… → 178.24
    #   VAT 13% × (1,000 + 10 + 178.2353) = 154.47
    shipment = load("cn_cbec_face_cream.json")
    shipment["channel"] = "general"
    shipment["lines"][0].update(value={"amount": "1000", "currency": "CNY"}, consumption_tax_rate="15")
    answer = quote_shipment(shipment)
    assert (amounts(answer)["duty"], amounts(answer)["excise"], amounts(answer)["vat"]) == (
        "10.00",
        "178.24",
        "154.47",
    )


def test_quote_kr_individual_140_usd_exempt():
    answer = quote_shipment(load("kr_individual.json"))
    assert amounts(answer)["taxes"] == "0"
    assert any("≤ USD 150" in o for o in answer["outcome"])


@pytest.mark.parametrize("origin", ["US", "USA", "United States", "미국"])
def test_quote_kr_individual_us_origin_160_usd_exempt_however_the_origin_is_written(origin):
    # DOMAIN.md: USD 200 for US-origin goods; the origin may be given as a code or a name.
    shipment = load("kr_individual.json")
    shipment["lines"][0].update(origin=origin, value={"amount": "160", "currency": "USD"})
    answer = quote_shipment(shipment)
    assert amounts(answer)["taxes"] == "0"
    assert any("≤ USD 200" in o for o in answer["outcome"])


def test_quote_cn_consumption_tax_check_reads_the_code_however_it_is_written():
    # 3304.99 is on the consumption-tax list however its separators or digits are typed.
    for code in ("3304.99", "3304-99", "３３０４．９９"):
        shipment = load("cn_cbec_face_cream.json")
        shipment["lines"][0]["code"] = code
        del shipment["lines"][0]["consumption_tax_rate"]
        with pytest.raises(InvalidInputError, match=r"lines\[0\]\.consumption_tax_rate"):
            quote_shipment(shipment)


@pytest.mark.parametrize(
    ("code", "listed"),
    [
        ("8507.60", False),  # lithium-ion accumulators: exempt (财税〔2015〕16号)
        ("8507.10", True),  # lead-acid accumulators: taxed since 2016 (财税〔2015〕16号)
        ("4011.10", False),  # car tyres: removed from the tax (财税〔2014〕93号)
        ("3604.10", True),  # fireworks (消费税税目税率表: 鞭炮、焰火)
        ("9506.31", True),  # golf clubs (高尔夫球及球具)
    ],
)
def test_quote_cn_consumption_tax_list_asks_for_the_rate_only_where_the_tax_may_apply(code, listed):
    shipment = load("cn_cbec_face_cream.json")
    shipment["channel"] = "general"
    shipment["lines"][0].update(code=code, value={"amount": "1000", "currency": "CNY"})
    del shipment["lines"][0]["consumption_tax_rate"]
    if listed:
        with pytest.raises(InvalidInputError, match="consumption_tax_rate"):
            quote_shipment(shipment)
    else:
        assert amounts(quote_shipment(shipment))["excise"] == "0.00"


def test_quote_kr_individual_160_usd_taxed_on_whole_value():
    shipment = load("kr_individual.json")
    shipment["lines"][0]["value"] = {"amount": "160", "currency": "USD"}
    answer = quote_shipment(shipment)
    # 160 USD × 1491.76 / 1.1172 = 213,642.68 KRW; basic 13% → 27,773 (truncated to the won);
    # VAT 10% × (213,642.68 + 27,773) = 24,141
    assert (amounts(answer)["duty"], amounts(answer)["vat"]) == ("27773", "24141")


def test_quote_fob_adds_freight_and_insurance_shared_exactly():
    shipment = load("jp_rcep_shirts.json")
    shipment["incoterm"] = "FOB"
    shipment["freight"] = {"amount": "10001", "currency": "JPY"}
    shipment["insurance"] = {"amount": "0", "currency": "JPY"}
    second = copy.deepcopy(shipment["lines"][0])
    second["value"] = {"amount": "250000", "currency": "JPY"}
    shipment["lines"].append(second)
    answer = quote_shipment(shipment)
    values = [Decimal(line["customs_value"]["amount"]) for line in answer["lines"]]
    assert sum(values) == Decimal(760001)  # 500,000 + 250,000 + 10,001: the shares add up exactly


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["lines"][0]["value"].update(amount="-5"), r"lines\[0\]\.value\.amount"),
        (lambda s: s["lines"][0]["value"].update(amount="NaN"), r"lines\[0\]\.value\.amount"),
        (lambda s: s["lines"][0]["value"].update(currency="XYZ"), r"lines\[0\]\.value\.currency"),
        (lambda s: s["lines"][0].pop("value"), r"lines\[0\]\.value"),
        (lambda s: s.update(incoterm="FOB"), "freight"),
        (lambda s: s.update(incoterm="DDP"), "incoterm"),
        (lambda s: s.update(lines=[]), "lines"),
        (lambda s: s["lines"][0].update(code="6403.99.015"), "pair"),
        (lambda s: s.update(importer="US"), "CN, JP and KR"),
    ],
)
def test_quote_bad_input_names_line_and_field(change, message):
    shipment = load("jp_rcep_shirts.json")
    change(shipment)
    with pytest.raises(InvalidInputError, match=message):
        quote_shipment(shipment)


def test_quote_is_reproducible_and_records_data_versions():
    first, second = quote_shipment(load("jp_rcep_shirts.json")), quote_shipment(load("jp_rcep_shirts.json"))
    assert first == second
    assert set(first["data_versions"]) == {"reference_data", "landed_cost_regimes", "exchange_rates"}


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=10_001, max_value=50_000_000))
def test_quote_jp_taxes_monotone_and_preference_never_costs_more(value):
    shipment = load("jp_rcep_shirts.json")
    shipment["lines"][0]["value"]["amount"] = str(value)
    answer = quote_shipment(shipment)
    assert Decimal(answer["comparison"]["preference_saves"]["amount"]) >= 0
    more = copy.deepcopy(shipment)
    more["lines"][0]["value"]["amount"] = str(value + 1000)
    assert Decimal(quote_shipment(more)["totals"]["taxes"]["amount"]) >= Decimal(
        answer["totals"]["taxes"]["amount"]
    )


def test_quote_stands_when_only_the_comparison_cannot_be_made():
    """The MFN-only comparison needing a choice (an MFN quota, say) must not sink the quote."""
    from cjktrade.core.money import Money
    from cjktrade.landed_cost.compute import DutyDecision, quote
    from cjktrade.landed_cost.model import parse_shipment
    from cjktrade.services.landed_cost import fx_oracle, regime

    def duty(line, value, quantity, prefer, on):
        if not prefer:
            raise InvalidInputError("the MFN rate is a tariff quota: choose in or out of quota")
        return DutyDecision(
            "JP:EPA_RCEP_中国",
            "RCEP (China)",
            "preferential",
            "3.4%",
            Money(value.amount * Decimal("0.034"), "JPY"),
            "test",
        )

    shipment = parse_shipment(load("jp_rcep_shirts.json"))
    answer = quote(shipment, regime("JP"), duty=duty, fx=fx_oracle(shipment)).as_dict()
    assert answer["totals"]["duty"]["amount"] == "17000"
    assert answer["comparison"]["preference_saves"] is None
    assert "tariff quota" in answer["comparison"]["not_computed"]


def test_quote_refuses_amounts_too_large_to_be_real():
    shipment = load("jp_rcep_shirts.json")
    shipment["lines"][0]["value"]["amount"] = "1e30"
    with pytest.raises(InvalidInputError, match=r"lines\[0\]\.value\.amount"):
        quote_shipment(shipment)
