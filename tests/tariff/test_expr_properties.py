"""Invariants of the duty-expression language, checked on generated values (hypothesis)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cjktrade.core.money import Money
from cjktrade.tariff.expr_text import jp_number
from cjktrade.tariff.expressions import (
    CN_AGREEMENT_LABELS,
    AdValorem,
    Cell,
    Compound,
    Expr,
    HigherOf,
    LowerOf,
    Parenthesised,
    Specific,
    equivalent,
    evaluate,
    format_cell,
    parse_cn,
    parse_jp,
)

percents = st.decimals(min_value=0, max_value=500, places=2)
amounts = st.decimals(min_value=0, max_value=100000, places=2)
values = st.integers(min_value=0, max_value=10**9)
kilos = st.decimals(min_value=Decimal("0.01"), max_value=10**6, places=2)
parts: st.SearchStrategy[Expr] = st.one_of(
    percents.map(AdValorem), amounts.map(lambda a: Specific(a, "JPY", "kg", label="kg"))
)


def _duty(expr: Expr, value: int, weight: Decimal) -> Decimal:
    result = evaluate(Cell("", expr, "jp"), Money(value, "JPY"), {"kg": weight})
    assert result.duty is not None
    return result.duty.amount


@given(st.lists(parts, min_size=1, max_size=4), values, kilos)
def test_evaluate_higher_of_is_at_least_each_part(options, value, weight):
    highest = _duty(HigherOf(tuple(options)), value, weight)
    assert all(highest >= _duty(p, value, weight) for p in options)
    assert highest in {_duty(p, value, weight) for p in options}


@given(st.lists(parts, min_size=1, max_size=4), values, kilos)
def test_evaluate_lower_of_is_at_most_each_part(options, value, weight):
    lowest = _duty(LowerOf(tuple(options)), value, weight)
    assert all(lowest <= _duty(p, value, weight) for p in options)
    assert lowest in {_duty(p, value, weight) for p in options}


@given(st.lists(parts, min_size=1, max_size=4), values, kilos)
def test_evaluate_compound_is_the_sum_of_its_parts(options, value, weight):
    assert _duty(Compound(tuple(options)), value, weight) == sum(_duty(p, value, weight) for p in options)


@given(amounts, values, kilos)
def test_evaluate_gate_price_is_reference_minus_value_never_negative(reference, value, weight):
    cell = parse_jp(f"{jp_number(reference)}円/kg-課税価格/kg")
    duty = evaluate(cell, Money(value, "JPY"), {"kg": weight}).duty
    assert duty is not None
    assert duty.amount == max(Decimal(0), reference * weight - value)


@given(percents, st.booleans(), st.booleans(), st.sampled_from(["", "●", "◎", "※", "*"]))
def test_format_parse_ad_valorem_round_trips(percent, full_width, parenthesised, mark):
    text = f"{percent:f}%"
    if parenthesised:
        text = f"({text})"
    if full_width:
        text = text.translate(str.maketrans("0123456789.%()", "０１２３４５６７８９．％（）"))
    raw = mark + text
    cell = parse_jp(raw)
    assert cell.parsed
    assert equivalent(format_cell(cell), raw)
    inner = cell.expr.expr if mark else cell.expr
    assert (inner.expr if parenthesised else inner) == AdValorem(percent)
    assert isinstance(inner, Parenthesised) == parenthesised


@given(amounts, st.sampled_from(["kg", "l", "kl", "㎡", "足", "頭", "本", "枚"]))
def test_format_parse_specific_with_thousands_separator_round_trips(amount, unit):
    raw = f"{jp_number(amount)}円/{unit}"
    cell = parse_jp(raw)
    assert isinstance(cell.expr, Specific)
    assert cell.expr.amount == amount
    assert equivalent(format_cell(cell), raw)


@given(
    st.lists(
        st.tuples(
            percents,
            st.lists(st.sampled_from(sorted(CN_AGREEMENT_LABELS)), min_size=1, max_size=4, unique=True),
        ),
        min_size=1,
        max_size=5,
    ),
    st.data(),
)
def test_parse_cn_agreement_with_wrapped_names_recovers_each_partner(groups, data):
    used: set[str] = set()
    chunks = []
    expected: dict[str, Decimal] = {}
    for rate, labels in groups:
        labels = [label for label in labels if label not in used]
        if not labels:
            continue
        used.update(labels)
        # A PDF wrap may put a space anywhere inside a name, never before a digit.
        wrapped = []
        for label in labels:
            cut = data.draw(st.integers(min_value=0, max_value=len(label)))
            wrapped.append(label[:cut] + (" " if 0 < cut < len(label) else "") + label[cut:])
        chunks.append(f"{rate:f}" + ",".join(wrapped))
        expected.update({CN_AGREEMENT_LABELS[label]: rate for label in labels})
    if not chunks:
        return
    raw = " ".join(chunks)
    cell = parse_cn(raw, {}, column="agr")
    assert not cell.damaged
    assert {code: r.percent for code, r in cell.expr.rates().items()} == expected
    assert equivalent(format_cell(cell), raw)


@given(st.text(alphabet="無税%0123456789.円/kg又はのうちいずれか高い税率()", max_size=30))
def test_parse_jp_never_raises_and_keeps_raw(raw):
    cell = parse_jp(raw)
    assert cell.raw == raw
    if cell.parsed:
        assert equivalent(format_cell(cell), raw)
    else:
        assert format_cell(cell) == raw
