"""The PSR language: canonical text, its round trip, its English, the PSR record and the lookup.

Canonical examples are real rules: the RCEP rows of kr_rcep_psr_hs2022.csv (line numbers in the ids)
and CPTPP rule sets of psr_uk_trade_tariff/cptpp.json (heading in the ids).
"""

from __future__ import annotations

import doctest
import importlib
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cjktrade.core.errors import InvalidCodeError
from cjktrade.origin.rules import (
    RVC_METHODS,
    And,
    ChemicalReaction,
    HsRange,
    HsScope,
    NamedProcess,
    Or,
    ProducedExclusively,
    ProductCase,
    ProductSplit,
    PsrRule,
    RegionalValueContent,
    Requirement,
    Rule,
    RuleSyntaxError,
    TariffShift,
    WhollyObtained,
    describe_en,
    find_rule,
    format_rule,
    parse_rule,
    psr_from_row,
    psr_to_row,
)

CANONICAL = [
    pytest.param(
        "CTSH or RVC40",
        Or((TariffShift("subheading"), RegionalValueContent(Decimal(40)))),
        id="rcep-line1833-8507.60",
    ),
    pytest.param("RVC40", RegionalValueContent(Decimal(40)), id="rcep-line2001-87.03"),
    pytest.param("CC", TariffShift("chapter"), id="rcep-line1144-61"),
    pytest.param(
        "CC except from 1211.20", TariffShift("chapter", (HsRange("121120"),)), id="rcep-line247-1302.19"
    ),
    pytest.param("WO", WhollyObtained(), id="rcep-line110-07.01"),
    pytest.param(
        "CTH or RVC40 or CR",
        Or((TariffShift("heading"), RegionalValueContent(Decimal(40)), ChemicalReaction())),
        id="rcep-2909.60-other-goods",
    ),
    pytest.param(
        "CTH except from 72.08 through 72.11 or RVC40",
        Or((TariffShift("heading", (HsRange("7208", "7211"),)), RegionalValueContent(Decimal(40)))),
        id="rcep-72.12",
    ),
    pytest.param(
        "CTSH except from 8504.22, 8504.23 or RVC40",
        Or(
            (
                TariffShift("subheading", (HsRange("850422"), HsRange("850423"))),
                RegionalValueContent(Decimal(40)),
            )
        ),
        id="rcep-8504.21",
    ),
    pytest.param(
        "CTH or (RVC30(build-up) or RVC40(build-down) or RVC50(focused-value of 85.07))",
        Or(
            (
                TariffShift("heading"),
                Or(
                    (
                        RegionalValueContent(Decimal(30), ("build-up",)),
                        RegionalValueContent(Decimal(40), ("build-down",)),
                        RegionalValueContent(Decimal(50), ("focused-value",), (HsRange("8507"),)),
                    )
                ),
            )
        ),
        id="cptpp-850790",
    ),
    pytest.param(
        'CTSH except from 8508.70 "housings of subheading 850870"',
        TariffShift("subheading", (HsRange("850870", None, "housings of subheading 850870"),)),
        id="cptpp-850819-described-exception",
    ),
    pytest.param(
        'split{"곤충의 것 / of insects": CC or RVC40; other: CC}',
        ProductSplit(
            (
                ProductCase(
                    "곤충의 것 / of insects", Or((TariffShift("chapter"), RegionalValueContent(Decimal(40))))
                ),
            ),
            TariffShift("chapter"),
        ),
        id="rcep-line279-1601.00-override",
    ),
    pytest.param(
        'CC and process "the good is smoked from a good that is not smoked"',
        And((TariffShift("chapter"), NamedProcess("the good is smoked from a good that is not smoked"))),
        id="cptpp-process",
    ),
]


@pytest.mark.parametrize(("text", "tree"), CANONICAL)
def test_parse_rule_gives_tree_for_real_rules(text: str, tree: Rule) -> None:
    assert parse_rule(text) == tree
    assert format_rule(tree) == text


@pytest.mark.parametrize(
    ("messy", "canonical"),
    [
        ("  CTSH   or  RVC40 ", "CTSH or RVC40"),
        ("(CTH) or (RVC40)", "CTH or RVC40"),
        ("RVC40.0", "RVC40"),
        ("RVC45 ( build-down )", "RVC45(build-down)"),
        ("CC except from 01 ,10", "CC except from 01, 10"),
    ],
)
def test_format_rule_normalises_spacing_and_redundant_parentheses(messy: str, canonical: str) -> None:
    assert format_rule(parse_rule(messy)) == canonical


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "CTX",
        "CTH or",
        "CTH except from",
        "RVC40(build-sideways)",
        "CC except from 121",
        "split{}",
        '"x"',
        "(CTH",
    ],
)
def test_parse_rule_raises_syntax_error_on_malformed_text(bad: str) -> None:
    with pytest.raises(RuleSyntaxError) as raised:
        parse_rule(bad)
    assert repr(bad) in str(raised.value)


@pytest.mark.parametrize(
    ("node", "why"),
    [
        (lambda: RegionalValueContent(Decimal(0)), "threshold"),
        (lambda: RegionalValueContent(Decimal(40), ("build-down", "build-down")), "repeat"),
        (lambda: RegionalValueContent(Decimal(40), ("build-up",), (HsRange("8507"),)), "focused"),
        (lambda: HsRange("8507", "85"), "same length"),
        (lambda: HsRange("8507", "8506"), "after"),
        (lambda: Or((WhollyObtained(),)), "at least two"),
        (lambda: ProductSplit(()), "at least one"),
    ],
)
def test_construct_node_raises_on_invalid_values(node: object, why: str) -> None:
    with pytest.raises(RuleSyntaxError, match=why):
        node()  # type: ignore[operator]


# --- property: the canonical text is a fixed point of parse . format -------------------------------

_text = st.text(min_size=1, max_size=12).filter(str.strip)
_code = st.sampled_from([2, 4, 6]).flatmap(lambda n: st.integers(0, 10**n - 2).map(lambda i: str(i).zfill(n)))


@st.composite
def _ranges(draw: st.DrawFn) -> HsRange:
    first = draw(_code)
    last = None
    if draw(st.booleans()):
        last = str(draw(st.integers(int(first) + 1, 10 ** len(first) - 1))).zfill(len(first))
    return HsRange(first, last, draw(st.none() | _text))


@st.composite
def _rvc(draw: st.DrawFn) -> RegionalValueContent:
    threshold = draw(st.decimals(min_value=Decimal("0.5"), max_value=Decimal(100), places=1))
    methods = tuple(draw(st.lists(st.sampled_from(RVC_METHODS), min_size=1, max_size=4, unique=True)))
    focused = tuple(draw(st.lists(_ranges(), max_size=2))) if "focused-value" in methods else ()
    return RegionalValueContent(threshold, methods, focused)


_leaves = st.one_of(
    st.just(WhollyObtained()),
    st.just(ProducedExclusively()),
    st.just(ChemicalReaction()),
    st.builds(
        TariffShift,
        st.sampled_from(["chapter", "heading", "subheading"]),
        st.lists(_ranges(), max_size=3).map(tuple),
    ),
    _rvc(),
    st.builds(NamedProcess, _text),
    st.builds(Requirement, _text),
)
_rules = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(lambda p: And(tuple(p))),
        st.lists(inner, min_size=2, max_size=3).map(lambda p: Or(tuple(p))),
        st.builds(
            ProductSplit,
            st.lists(st.builds(ProductCase, _text, inner), min_size=1, max_size=2).map(tuple),
            st.none() | inner,
        ),
    ),
    max_leaves=8,
)


@given(_rules)
def test_format_rule_round_trips_through_parse_for_generated_rules(rule: Rule) -> None:
    text = format_rule(rule)
    assert format_rule(parse_rule(text)) == text
    assert parse_rule(text) == rule


# --- English --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "english"),
    [
        pytest.param(
            "CTSH or RVC40",
            "A change to this subheading from any other subheading, or a regional value content of at least 40%",
            id="rcep-line1833-8507.60",
        ),
        pytest.param("RVC40", "A regional value content of at least 40%", id="rcep-line2001-87.03"),
        pytest.param(
            "CC except from 1211.20",
            "A change to this chapter from any other chapter, except from subheading 1211.20",
            id="rcep-line247-1302.19",
        ),
        pytest.param(
            "CTH except from 55.09 through 55.11",
            "A change to this heading from any other heading, except from heading 55.09 through 55.11",
            id="rcep-55.12",
        ),
        pytest.param(
            "RVC45(net-cost) or RVC55(build-down)",
            "A regional value content of at least 45% under the net cost method, "
            "or a regional value content of at least 55% under the build-down method",
            id="cptpp-8703",
        ),
        pytest.param(
            'split{"곤충의 것 / of insects": CC or RVC40; other: CC}',
            "For goods described as “곤충의 것 / of insects”: a change to this chapter from any other chapter, or a "
            "regional value content of at least 40%; for any other good: a change to this chapter from any other chapter",
            id="rcep-line279-1601.00",
        ),
    ],
)
def test_describe_en_renders_plain_english(text: str, english: str) -> None:
    assert describe_en(parse_rule(text)) == english


# --- scope, record and lookup ---------------------------------------------------------------------


def _psr(scope: str, rule: str, agreement: str = "RCEP") -> PsrRule:
    return PsrRule(
        agreement, "HS2022", HsScope.parse(scope), parse_rule(rule), rule, f"test {scope}", date(2026, 5, 1)
    )


# Real RCEP rows (kr_rcep_psr_hs2022.csv line: scope, canonical rule).
RCEP_SAMPLE = [
    _psr("61", "CC"),  # line 1144
    _psr("87.03", "RVC40"),  # line 2001
    _psr("85.37", "CTH or RVC40"),  # line 1944
    _psr("8507.60", "CTSH or RVC40"),  # line 1833
    _psr("8507.80", "CTSH or RVC40"),  # line 1834
]


@pytest.mark.parametrize(
    ("hs_code", "scope"),
    [
        pytest.param("8507.60", "8507.60", id="subheading-dotted"),
        pytest.param("850760", "8507.60", id="subheading-digits"),
        pytest.param("8507.60.0000", "8507.60", id="national-10-digit"),
        pytest.param("8703.23", "87.03", id="heading"),
        pytest.param("6109.10", "61", id="chapter"),
        pytest.param("8537.10", "85.37", id="heading-over-chapter"),
    ],
)
def test_find_rule_returns_most_specific_scope(hs_code: str, scope: str) -> None:
    found = find_rule(RCEP_SAMPLE, hs_code)
    assert found is not None and str(found.scope) == scope


@pytest.mark.parametrize("hs_code", ["8507", "0101.21", "62"])
def test_find_rule_returns_none_when_no_scope_holds_code(hs_code: str) -> None:
    assert find_rule(RCEP_SAMPLE, hs_code) is None


def test_find_rule_prefers_subheading_over_range_over_heading() -> None:
    rules = [_psr("85.07", "CTH"), _psr("8507.30-8507.80", "CTSH"), _psr("8507.60", "CC")]
    assert format_rule(find_rule(rules, "8507.60").rule) == "CC"  # type: ignore[union-attr,arg-type]
    assert format_rule(find_rule(rules, "8507.50").rule) == "CTSH"  # type: ignore[union-attr,arg-type]
    assert format_rule(find_rule(rules, "8507.90").rule) == "CTH"  # type: ignore[union-attr,arg-type]


@pytest.mark.parametrize("bad", ["", "8", "85x7", "850", "8507601"])
def test_find_rule_raises_on_malformed_code(bad: str) -> None:
    with pytest.raises(InvalidCodeError):
        find_rule(RCEP_SAMPLE, bad)


def test_find_rule_reads_codes_as_the_tariff_does() -> None:
    # Full-width digits and dashes, as typed in Japan and Korea, name the same subheading.
    rules = [_psr("85.07", "CTH"), _psr("8507.60", "CC")]
    for code in ("8507.60", "850760", "８５０７．６０", "8507-60", "8507600000"):
        assert format_rule(find_rule(rules, code).rule) == "CC", code  # type: ignore[union-attr,arg-type]


@pytest.mark.parametrize(
    ("text", "level", "shown"),
    [
        ("01", "chapter", "01"),
        ("0301", "heading", "03.01"),
        ("0304.31", "subheading", "0304.31"),
        ("030431-030439", "range", "0304.31-0304.39"),
        ("0101-0106", "range", "01.01-01.06"),
    ],
)
def test_parse_scope_reads_levels_and_ranges(text: str, level: str, shown: str) -> None:
    scope = HsScope.parse(text)
    assert (scope.level, str(scope)) == (level, shown)


@pytest.mark.parametrize("bad", ["1", "030", "0304.31-03.05", "0304.39-0304.31", "abcd"])
def test_parse_scope_raises_on_malformed_scope(bad: str) -> None:
    with pytest.raises(InvalidCodeError):
        HsScope.parse(bad)


def test_psr_to_row_round_trips_record() -> None:
    psr = PsrRule(
        "CPTPP",
        "HS2012",
        HsScope.parse("030444"),
        parse_rule(
            'split{"Merluccius angustimanus (Panama hake) or Merluccius productus (North Pacific hake) of '
            'subheading 030444": CC; other: CTH}'
        ),
        "A change to Merluccius ...",
        "cptpp.json rule set 7",
        None,
        "automatic",
        ("note",),
    )
    assert psr_from_row(psr_to_row(psr)) == psr


@pytest.mark.parametrize(
    "module",
    [
        "rules",
        "rule_nodes",
        "rule_text",
        "rule_english",
        "rule_scope",
        "rule_record",
        "rcep_kr_wording",
        "cptpp_wording",
    ],
)
def test_run_doctests_of_origin_modules(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"cjktrade.origin.{module}"))
    assert result.failed == 0
