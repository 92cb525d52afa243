"""Japan cells: parse, print back and evaluate, on real cases from jp_tariff (code-column in the id).

Every raw string below is copied from ``src/cjktrade/refdata/data/jp_tariff.jsonl.gz``;
``test_expr_data.py`` checks that each one is really there.
"""

from decimal import Decimal

import pytest

from cjktrade.core.errors import CurrencyMismatchError, InvalidInputError
from cjktrade.core.money import Money
from cjktrade.tariff.expr_types import FBinary, FCustomsValue, FYen
from cjktrade.tariff.expressions import (
    AdValorem,
    Ceiling,
    Compound,
    Conditional,
    Floor,
    Free,
    GatePrice,
    HigherOf,
    LowerOf,
    Marked,
    Noted,
    Parenthesised,
    RateRange,
    Specific,
    TariffQuota,
    Unbound,
    Unparsed,
    Varies,
    equivalent,
    evaluate,
    format_cell,
    parse_jp,
)

YEN = "JPY"


def yen(amount: str | int) -> Money:
    return Money(amount, YEN)


def kg(n: str | int) -> dict[str, Decimal]:
    return {"kg": Decimal(n)}


# (test id "jp-<code>-<column>", column, raw, expected expression)
JP_PARSE_CASES = [
    ("jp-6105.90.020-WTO協定", "WTO協定", "7.4%", AdValorem(Decimal("7.4"))),
    ("jp-6105.90.020-EPA_RCEP_中国", "EPA_RCEP_中国", "3.4%", AdValorem(Decimal("3.4"))),
    ("jp-6105.90.020-基本", "基本", "11.2%", AdValorem(Decimal("11.2"))),
    ("jp-6105.90.020-EPA_CPTPP", "EPA_CPTPP", "無税", Free()),
    ("jp-0101.21.100-WTO協定", "WTO協定", "(無税)", Parenthesised(Free())),
    (
        "jp-6403.99-WTO協定",
        "WTO協定",
        "30%又は4,300円/足のうちいずれか高い税率",
        HigherOf((AdValorem(Decimal(30)), Specific(Decimal(4300), YEN, "pair"))),
    ),
    (
        "jp-0203.12.024-EPA_メキシコ",
        "EPA_メキシコ",
        "関税割当数量以内のもの\u3000535.53円/kg-課税価格/kg",
        TariffQuota(
            GatePrice(FBinary("-", FYen(Decimal("535.53"), "kg"), FCustomsValue("kg")), per_unit="kg"),
            None,
        ),
    ),
    (
        "jp-0803.10.100-EPA_タイ",
        "EPA_タイ",
        "関税割当数量以内のもの\u3000無税\nその他のもの\u300010%",
        TariffQuota(Free(), AdValorem(Decimal(10))),
    ),
    (
        "jp-6103.29.100-EPA_RCEP_中国",
        "EPA_RCEP_中国",
        "ししゅうしたもの、レースを使用したもの及び模様編みの組織を有するもの\u30006.8%\nその他のもの\u30005%",
        Conditional(
            (
                (
                    "ししゅうしたもの、レースを使用したもの及び模様編みの組織を有するもの",
                    AdValorem(Decimal("6.8")),
                ),
                ("その他のもの", AdValorem(Decimal(5))),
            )
        ),
    ),
    (
        "jp-2009.61.190-EPA_アセアン",
        "EPA_アセアン",
        "9.3%又は7.19円/kgのうちいずれか高い税率（ただしその税率が50%を上回る場合は50%とする）",
        Ceiling(
            HigherOf((AdValorem(Decimal("9.3")), Specific(Decimal("7.19"), YEN, "kg"))),
            AdValorem(Decimal(50)),
        ),
    ),
    (
        "jp-2204.21.020-EPA_RCEP_中国",
        "EPA_RCEP_中国",
        "9.4%又は78.13円/lのうちいずれか低い税率\nただしその税率が41.88円/lを下回る場合は41.88円/l",
        Floor(
            LowerOf((AdValorem(Decimal("9.4")), Specific(Decimal("78.13"), YEN, "l"))),
            Specific(Decimal("41.88"), YEN, "l"),
        ),
    ),
    (
        "jp-0302.99.999-EPA_インド",
        "EPA_インド",
        "●無税又は非譲許",
        Marked("●", Varies((Free(), Unbound()), ("又は",))),
    ),
    (
        "jp-6403.99.015-EPA_アセアン",
        "EPA_アセアン",
        "●無税〜5%",
        Marked("●", RateRange(Free(), AdValorem(Decimal(5)))),
    ),
    ("jp-0402.10.211-暫定", "暫定", "◎無税", Marked("◎", Free())),
    ("jp-0406.10.090-EPA_日米貿易協定", "EPA_日米貿易協定", "◆11", Noted(None, "11")),
    (
        "jp-2402.20.000-WTO協定",
        "WTO協定",
        "(8.5%＋290.70円/1,000本)",
        Parenthesised(
            Compound((AdValorem(Decimal("8.5")), Specific(Decimal("290.70"), YEN, "piece", Decimal(1000))))
        ),
    ),
    (
        "jp-0101.21.290-EPA_豪州",
        "EPA_豪州",
        "関税割当数量以内のもの\u3000170万円/頭",
        TariffQuota(Specific(Decimal(1700000), YEN, "head"), None),
    ),
]


@pytest.mark.parametrize(
    ("column", "raw", "expected"), [c[1:] for c in JP_PARSE_CASES], ids=[c[0] for c in JP_PARSE_CASES]
)
def test_parse_jp_real_cell_gives_expected_expression(column, raw, expected):
    cell = parse_jp(raw, column=column)
    assert cell.expr == expected
    assert cell.raw == raw
    assert cell.parsed
    assert equivalent(format_cell(cell), raw)


def test_parse_jp_gate_price_formula_keeps_reference_and_unit():
    gate = parse_jp("535.53円/kg-課税価格/kg").expr
    assert isinstance(gate, GatePrice)
    assert gate.per_unit == "kg"
    assert format_cell(parse_jp("535.53円/kg-課税価格/kg")) == "535.53円/kg-課税価格/kg"


@pytest.mark.parametrize(
    "raw",
    [
        "1キログラムにつき部分肉に係る基準輸入価格と課税価格との差額",  # jp-0203.12.023-暫定: reference price not in data
        "1キログラムにつき、37.19円に重量比による乳糖の含有率が10%を超える1%ごとに3.75円を加えた額",
        "関税割当数量以内のもの\u3000当該原産品に含まれる砂糖の重量1kgにつき21.50円",
    ],
    ids=["jp-0203.12-暫定-reference-price", "jp-lactose-prose", "jp-sugar-content-prose"],
)
def test_parse_jp_prose_formula_stays_unparsed_with_raw(raw):
    cell = parse_jp(raw)
    assert not cell.parsed
    assert isinstance(cell.expr, Unparsed)
    assert format_cell(cell) == raw


def test_parse_jp_markers_are_flags_on_the_cell():
    cell = parse_jp("◎無税 ◆2", column="EPA_CPTPP")  # jp-0402.10.211-EPA_CPTPP
    assert cell.marks == frozenset({"◎", "◆"})
    assert parse_jp("(無税)").parenthesised
    assert parse_jp("*(341円/kg)").parenthesised  # jp-1006.10.090-WTO協定
    assert not parse_jp("無税〜(2.4%)").parenthesised


# --- evaluation -------------------------------------------------------------------------------

JP_EVALUATE_CASES = [
    # (id, raw, customs value, quantity, selections, expected duty)
    (
        "jp-6403.99-WTO協定-one-pair",
        "30%又は4,300円/足のうちいずれか高い税率",
        10000,
        {"pair": Decimal(1)},
        {},
        "4300",
    ),
    (
        "jp-6403.99-WTO協定-dear-pair",
        "30%又は4,300円/足のうちいずれか高い税率",
        20000,
        {"pair": Decimal(1)},
        {},
        "6000",
    ),
    ("jp-6105.90.020-WTO協定", "7.4%", 10000, None, {}, "740"),
    ("jp-6105.90.020-EPA_RCEP_中国", "3.4%", 10000, None, {}, "340"),
    ("jp-0101.21.100-WTO協定", "(無税)", 10000, None, {}, "0"),
    ("jp-7403.11.020-基本-below-gate", "(500円−課税価格)/kg", 40000, kg(100), {}, "10000"),
    ("jp-7403.11.020-基本-above-gate", "(500円−課税価格)/kg", 60000, kg(100), {}, "0"),
    (
        "jp-0203.12.024-EPA_メキシコ-in-quota",
        "関税割当数量以内のもの\u3000535.53円/kg-課税価格/kg",
        40000,
        kg(100),
        {"in_quota": True},
        "13553.00",
    ),
    (
        "jp-0203.12.023-EPA_CPTPP",
        "（524円×1.002-課税価格）/kg又は54円/kgのうちいずれか低い税率",
        50000,
        kg(100),
        {},
        "2504.800",
    ),
    (
        "jp-0803.10.100-EPA_タイ-out-of-quota",
        "関税割当数量以内のもの\u3000無税\nその他のもの\u300010%",
        10000,
        None,
        {"in_quota": False},
        "1000",
    ),
    (
        "jp-6103.29.100-EPA_RCEP_中国-embroidered",
        "ししゅうしたもの、レースを使用したもの及び模様編みの組織を有するもの\u30006.8%\nその他のもの\u30005%",
        10000,
        None,
        {"condition": 0},
        "680",
    ),
    (
        "jp-6103.29.100-EPA_RCEP_中国-other",
        "ししゅうしたもの、レースを使用したもの及び模様編みの組織を有するもの\u30006.8%\nその他のもの\u30005%",
        10000,
        None,
        {"condition": "その他のもの"},
        "500",
    ),
    (
        "jp-2009.61.190-EPA_アセアン-capped",
        "9.3%又は7.19円/kgのうちいずれか高い税率（ただしその税率が50%を上回る場合は50%とする）",
        100,
        kg(10),
        {},
        "50",
    ),
    (
        "jp-2204.21.020-EPA_RCEP_中国-floor",
        "9.4%又は78.13円/lのうちいずれか低い税率\nただしその税率が41.88円/lを下回る場合は41.88円/l",
        100,
        {"l": Decimal(10)},
        {},
        "418.80",
    ),
    ("jp-2402.20.000-基本", "(8.5%＋290.70円/1,000本)", 10000, {"piece": Decimal(2000)}, {}, "1431.40"),
]


@pytest.mark.parametrize(
    ("raw", "value", "quantity", "selection", "expected"),
    [c[1:] for c in JP_EVALUATE_CASES],
    ids=[c[0] for c in JP_EVALUATE_CASES],
)
def test_evaluate_jp_real_cell_gives_duty(raw, value, quantity, selection, expected):
    result = evaluate(parse_jp(raw), yen(value), quantity, **selection)
    assert result.status == "ok", result
    assert result.duty == yen(expected)
    assert result.explanation


def test_evaluate_higher_of_on_parent_row_6403_99_gives_4300_yen():
    cell = parse_jp("30%又は4,300円/足のうちいずれか高い税率", column="WTO協定")
    result = evaluate(cell, yen(10000), {"pair": Decimal(1)})
    assert result.duty == yen(4300)


def test_evaluate_tariff_quota_without_choice_lists_both_branches():
    cell = parse_jp("関税割当数量以内のもの\u3000無税\nその他のもの\u300010%")  # jp-0803.10.100-EPA_タイ
    result = evaluate(cell, yen(10000))
    assert result.status == "choose"
    assert result.duty is None
    assert [(label, r.duty) for label, r in result.alternatives] == [
        ("in quota", yen(0)),
        ("out of quota", yen(1000)),
    ]


def test_evaluate_tariff_quota_out_of_quota_without_rate_is_no_rate():
    cell = parse_jp("関税割当数量以内のもの\u3000535.53円/kg-課税価格/kg")  # jp-0203.12.024-EPA_メキシコ
    assert evaluate(cell, yen(40000), kg(100), in_quota=False).status == "no_rate"


def test_evaluate_conditional_without_choice_lists_labels():
    raw = (
        "ししゅうしたもの、レースを使用したもの及び模様編みの組織を有するもの\u30006.8%\nその他のもの\u30005%"
    )
    result = evaluate(parse_jp(raw), yen(10000))
    assert result.status == "choose"
    assert [r.duty for _, r in result.alternatives] == [yen(680), yen(500)]


def test_evaluate_conditional_unknown_condition_raises_naming_choices():
    with pytest.raises(InvalidInputError, match="その他のもの"):
        evaluate(parse_jp("気密容器入りのもの\u30005%\nその他のもの\u3000無税"), yen(100), condition="冷凍")


def test_evaluate_specific_without_quantity_raises_naming_unit():
    with pytest.raises(InvalidInputError, match="pair"):
        evaluate(parse_jp("30%又は4,300円/足のうちいずれか高い税率"), yen(10000))


def test_evaluate_gate_price_without_quantity_raises_naming_unit():
    with pytest.raises(InvalidInputError, match="kg"):
        evaluate(parse_jp("(500円−課税価格)/kg"), yen(10000), {"pair": Decimal(1)})


def test_evaluate_customs_value_in_other_currency_raises():
    with pytest.raises(CurrencyMismatchError, match="USD"):
        evaluate(parse_jp("7.4%"), Money(100, "USD"))


def test_evaluate_float_quantity_is_refused():
    with pytest.raises(InvalidInputError, match="float"):
        evaluate(parse_jp("4,300円/足"), yen(100), {"pair": 1.0})


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("●無税〜5%", "not_evaluable"),  # jp-6403.99.015-EPA_アセアン: a summary, not a rate
        ("●無税又は非譲許", "not_evaluable"),  # jp-0302.99.999-EPA_インド
        ("非譲許", "no_rate"),
        ("◆11", "not_evaluable"),  # jp-0406.10.090-EPA_日米貿易協定
        ("1キログラムにつき部分肉に係る基準輸入価格と課税価格との差額", "not_evaluable"),
    ],
    ids=["range", "varies", "unbound", "note-only", "unparsed"],
)
def test_evaluate_summary_or_unknown_cell_gives_no_figure(raw, status):
    result = evaluate(parse_jp(raw), yen(10000))
    assert result.status == status
    assert result.duty is None


def test_evaluate_parenthesised_wto_rate_carries_not_applied_note():
    result = evaluate(parse_jp("(無税)", column="WTO協定"), yen(1000))
    assert result.duty == yen(0)
    assert any("not applied" in note for note in result.notes)


def test_evaluate_marker_meaning_is_noted():
    result = evaluate(parse_jp("◎無税", column="暫定"), yen(1000))
    assert any("end-use" in note for note in result.notes)
