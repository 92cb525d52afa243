"""China and Korea cells on real cases (cn_tariff / kr_tariff; code-column in the test id).

Raw strings and footnotes are copied from ``src/cjktrade/refdata/data/cn_tariff.jsonl.gz`` and
``kr_tariff.jsonl.gz``; ``test_expr_data.py`` checks that each one is really there.
"""

from decimal import Decimal

import pytest

from cjktrade.core.errors import InvalidInputError
from cjktrade.core.money import Money
from cjktrade.tariff.expressions import (
    AdValorem,
    Conditional,
    Footnote,
    LowerOf,
    NoRate,
    PartnerRates,
    Provisional,
    Specific,
    TariffQuota,
    Unparsed,
    equivalent,
    evaluate,
    format_cell,
    parse_cn,
    parse_kr,
)

CNY = "CNY"


def cny(amount: str | int) -> Money:
    return Money(amount, CNY)


CN_87083010_AGR = (
    "0东盟AS,智CL,新西兰NZ,新加坡SG,秘PE,哥 CR,瑞CH,冰IS,韩KR,澳AU,格GE,东盟RASR, 澳RAUR,新西兰RNZR,柬KH,"
    "尼NI,厄EC,马 MV,港HK,澳门MO 1.4毛MU 1.5巴PK 4.2塞RS 5韩RKRR 5.5日RJPR"
)
CN_22084000_AGR = (
    "0东盟AS,智CL,新西兰NZ,新加坡SG,秘PE,哥 盟RASR,澳RAUR,新西兰RNZR,柬KH,尼NI,马 MV,港HK,澳门MO 5巴PK,韩RKRR "
    "5.5日RJPR 8塞RS 8.2厄EC"
)
CN_02071411_NOTES = {
    "①": "最惠国税率：0.6元/千克。",
    "②": "普通税率：4.2元/千克。",
    "③": "协定税率：0元/千克。",
}
CN_85211011_NOTES = {
    "①": "普通税率：计税价格≤2000美元/台：130%；计税价格>2000美元/台：6%+20600元/台。",
    "②": "协定税率：计税价格≤2000美元/台：12%；计税价格>2000美元/台：1.2%+1749.6元/台。",
    "③": "协定税率：计税价格≤2000美元/台：4.8%；计税价格＞2000美元/台：3.0%+291.2元。",
}


def test_parse_cn_provisional_rate_x_delta_y():  # cn-03021410-mfn
    cell = parse_cn("10∆7", {}, column="mfn")
    assert cell.expr == Provisional(AdValorem(Decimal(10)), AdValorem(Decimal(7)))
    assert evaluate(cell, cny(1000)).duty == cny(70)


def test_parse_cn_footnoted_specific_mfn_duty():  # cn-02071411-mfn
    cell = parse_cn("①", CN_02071411_NOTES, column="mfn")
    assert isinstance(cell.expr, Footnote)
    assert cell.expr.resolved == Specific(Decimal("0.6"), CNY, "kg")
    assert format_cell(cell) == "①"
    result = evaluate(cell, cny(5000), {"kg": Decimal(1000)})
    assert result.duty == cny(600)
    assert "最惠国税率：0.6元/千克。" in result.explanation[0]


def test_parse_cn_footnoted_general_rate_uses_its_own_clause():  # cn-02071411-gen
    cell = parse_cn("②", CN_02071411_NOTES, column="gen")
    assert cell.expr == Footnote("②", CN_02071411_NOTES["②"], Specific(Decimal("4.2"), CNY, "kg"))


def test_parse_cn_provisional_from_footnote_lower_of():  # cn-40011000-mfn
    notes = {"①": "最惠国暂定税率：10%或900元/吨，两者从低。"}
    cell = parse_cn("20∆①", notes, column="mfn")
    assert isinstance(cell.expr, Provisional)
    assert isinstance(cell.expr.provisional, Footnote)
    assert cell.expr.provisional.resolved == LowerOf(
        (AdValorem(Decimal(10)), Specific(Decimal(900), CNY, "t"))
    )
    # 10% of 20,000 = 2,000 against 900 × 2 t = 1,800: the lower provisional rate applies.
    assert evaluate(cell, cny(20000), {"t": Decimal(2)}).duty == cny(1800)


def test_parse_cn_quota_footnote_gives_tariff_quota():  # cn-10011100-mfn
    cell = parse_cn("65①", {"①": "关税配额税率：1。", "②": "仅关税配额内税率为0。"}, column="mfn")
    assert isinstance(cell.expr, Footnote)
    assert cell.expr.resolved == TariffQuota(AdValorem(Decimal(1)), AdValorem(Decimal(65)))
    assert evaluate(cell, cny(1000), in_quota=True).duty == cny(10)
    assert evaluate(cell, cny(1000), in_quota=False).duty == cny(650)
    assert evaluate(cell, cny(1000)).status == "choose"


def test_parse_cn_preferential_only_in_quota_has_no_rate_outside():  # cn-10011100-pref
    cell = parse_cn("0②惠LD", {"①": "关税配额税率：1。", "②": "仅关税配额内税率为0。"}, column="pref")
    assert evaluate(cell, cny(1000), partner="LD", in_quota=False).status == "no_rate"
    assert evaluate(cell, cny(1000), partner="LD", in_quota=True).duty == cny(0)


def test_parse_cn_value_band_footnote_is_conditional():  # cn-85211011-gen
    cell = parse_cn("①", CN_85211011_NOTES, column="gen")
    assert isinstance(cell.expr, Footnote)
    assert isinstance(cell.expr.resolved, Conditional)
    assert [label for label, _ in cell.expr.resolved.branches] == [
        "计税价格≤2000美元/台",
        "计税价格>2000美元/台",
    ]
    result = evaluate(cell, cny(100000), {"unit": Decimal(2)}, condition=1)
    assert result.duty == cny(6000 + 41200)


def test_parse_cn_agreement_string_gives_rates_by_partner():  # cn-87083010-agr
    cell = parse_cn(CN_87083010_AGR, {}, column="agr")
    assert isinstance(cell.expr, PartnerRates)
    rates = cell.expr.rates()
    assert rates["RJPR"] == AdValorem(Decimal("5.5"))
    assert rates["RKRR"] == AdValorem(Decimal(5))
    assert rates["KR"] == AdValorem(Decimal(0))
    assert rates["RASR"] == AdValorem(Decimal(0))  # "东盟RASR," survived a wrapped line intact
    assert not cell.damaged
    assert equivalent(format_cell(cell), CN_87083010_AGR)
    assert evaluate(cell, cny(1000), partner="RJPR").duty == cny(55)
    assert evaluate(cell, cny(1000), partner="TW").status == "no_rate"


def test_parse_cn_damaged_agreement_string_reports_unknown_partners():  # cn-22084000-agr
    cell = parse_cn(CN_22084000_AGR, {}, column="agr")
    assert cell.parsed
    assert cell.damaged
    assert isinstance(cell.expr, PartnerRates)
    assert cell.expr.fragments() == ("哥盟RASR",)
    assert cell.expr.rates()["RJPR"] == AdValorem(Decimal("5.5"))
    assert "KR" not in cell.expr.rates()
    result = evaluate(cell, cny(1000), partner="KR")
    assert result.status == "unknown"
    assert "unknown" in result.explanation[0]
    assert evaluate(cell, cny(1000)).notes  # the listing warns that partners may be missing


def test_parse_cn_trailing_comma_marks_lost_line():  # cn-02084000-agr
    cell = parse_cn("0东盟AS,智CL,新西兰NZ,秘PE,哥CR,瑞CH, 9.2塞RS 11.5韩RKRR 12.5日RJPR", {}, column="agr")
    assert cell.damaged
    assert cell.expr.fragments() == ("",)


def test_parse_cn_agreement_footnote_value_bands_per_partner():  # cn-85211011-agr
    raw = (
        "0亚太AP,东盟AS,智CL,新西兰NZ,新加坡SG, 秘PE,哥CR,瑞CH,冰IS,澳AU,格GE,毛MU, 东盟RASR,澳RAUR,日RJPR,"
        "新西兰RNZR,柬 KH,尼NI,厄EC,塞RS,港HK,澳门MO 18马MV 20韩RKRR ②韩KR ③巴PK"
    )
    cell = parse_cn(raw, CN_85211011_NOTES, column="agr")
    assert cell.parsed
    result = evaluate(cell, cny(10000), {"unit": Decimal(1)}, partner="PK", condition=1)
    assert result.duty == cny("591.2")  # 3.0% of 10,000 + 291.2 (per 台, left unwritten in the note)


def test_parse_cn_empty_footnote_stays_unparsed():  # cn-37025620-mfn: the note text was lost upstream
    cell = parse_cn("⑪", {"⑪": "", "⑫": "普通税率：232元/平方米。"}, column="mfn")
    assert not cell.parsed
    assert format_cell(cell) == "⑪"


def test_parse_cn_unknown_column_raises():
    with pytest.raises(InvalidInputError, match="mfn, agr, pref"):
        parse_cn("10", {}, column="vat")


def test_parse_cn_garbage_is_unparsed():
    assert isinstance(parse_cn("十", {}, column="mfn").expr, Unparsed)


# --- Korea ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "duty"),
    [
        ("A", Decimal("8.0"), "80"),
        ("C", Decimal("6.5"), "65"),
        ("FRCAS1", Decimal("3.3"), "33"),
        ("FCN1", Decimal("0.0"), "0"),
    ],
    ids=["kr-3304991000-A", "kr-3304991000-C", "kr-3304991000-FRCAS1", "kr-3304991000-FCN1"],
)
def test_parse_kr_percent_evaluates_on_krw(column, value, duty):
    cell = parse_kr(value, column=column)
    assert cell.expr == AdValorem(value)
    assert format_cell(cell) == str(value)
    assert evaluate(cell, Money(1000, "KRW")).duty == Money(duty, "KRW")


def test_parse_kr_none_means_no_rate_not_free():  # kr-3304991000-FRCJP1 (null in the source)
    cell = parse_kr(None, column="FRCJP1")
    assert cell.expr == NoRate()
    assert evaluate(cell, Money(1000, "KRW")).status == "no_rate"


def test_parse_kr_float_is_refused():
    with pytest.raises(InvalidInputError, match="float"):
        parse_kr(8.0)
