"""Invariants of the origin evaluator, checked on generated BOMs against real RCEP rules.

Rules: kr_rcep_psr_hs2022.csv lines 1833 (8507.60 CTSH or RVC40), 1728 (84.71 CTH or RVC40),
2001 (87.03 RVC40), 1144 (61 CC) and 247 (1302.19 CC except from 1211.20), via ``loader.rows``.
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal, localcontext
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cjktrade.core.countries import RCEP_PARTIES
from cjktrade.core.money import Money
from cjktrade.origin.bom import BillOfMaterials, CostElements, Material, Product
from cjktrade.origin.bom_io import bom_to_csv, bom_to_json, read_bom_csv, read_bom_json
from cjktrade.origin.eval_context import EvalContext
from cjktrade.origin.eval_shift import material_shift
from cjktrade.origin.evaluate import evaluate
from cjktrade.origin.rules import PsrRule, TariffShift, find_rule, psr_from_row
from cjktrade.origin.verdict import Verdict
from cjktrade.refdata import loader

RULES = tuple(psr_from_row(row) for row in loader.rows("rcep_psr"))
RVC_PRODUCTS = ("8507.60", "8471.30", "8703.23")
ALL_PRODUCTS = (*RVC_PRODUCTS, "6109.10", "1302.19")
MATERIAL_CODES = (
    "8507.60", "8507.10", "8507.90", "8507", "8471.30", "8471.70", "8471", "8473.30", "8542.31", "6109.10",
    "6117.90", "6006.22", "1211.20", "1211.90", "1302.19", "8703.23", "8708.99", "8407.34", "2930.90",
)  # fmt: skip
COUNTRIES = ("KR", "CN", "JP", "VN", "US", "DE")
PRODUCERS = ("KR", "CN", "JP", "VN", "US")
RANK = {"not-originating": 0, "undetermined": 1, "originating": 2}


def rule_of(hs_code: str) -> PsrRule:
    rule = find_rule(RULES, hs_code)
    assert rule is not None
    return rule


def cents(amount: int) -> Money:
    return Money(Decimal(amount).scaleb(-2), "USD")


@st.composite
def materials(draw: st.DrawFn, line: int, budget: int, product_code: str) -> tuple[Material, int]:
    value = draw(st.integers(0, budget))
    status = draw(st.sampled_from(("originating", "non-originating", "unknown")))
    country = (
        draw(st.sampled_from(COUNTRIES))
        if status == "originating"
        else draw(st.sampled_from((None, *COUNTRIES)))
    )
    extra: dict[str, Any] = {
        "origin_country": country,
        "originating_under": draw(st.sampled_from(("RCEP", "RCEP", "CN-KR")))
        if status == "originating"
        else None,
        "weight_kg": draw(st.sampled_from((None, Decimal("0.01"), Decimal("0.5"), Decimal(3)))),
        "packing": draw(st.sampled_from((None, None, None, "retail", "transport"))),
    }
    digits = product_code.replace(".", "")
    related = (
        digits,
        digits[:4],
        f"{digits[:4]}99",
        f"{digits[:2]}9999",
    )  # same subheading, heading, chapter
    hs_code = draw(st.one_of(st.sampled_from(MATERIAL_CODES), st.sampled_from(related)))
    material = Material(str(line), f"material {line}", hs_code, cents(value), status, **extra)  # type: ignore[arg-type]
    return material, value


@st.composite
def boms(
    draw: st.DrawFn, products: tuple[str, ...] = ALL_PRODUCTS, *, plain: bool = False
) -> BillOfMaterials:
    """BOMs whose materials and cost elements together stay within FOB.

    ``plain`` leaves out what decides before the rule is read: a producer outside RCEP, minimal operations.
    """
    fob = draw(st.integers(1, 10**9))
    code = draw(st.sampled_from(products))
    budget = fob
    items: list[Material] = []
    for line in range(1, draw(st.integers(0, 6)) + 1):
        material, value = draw(materials(line, budget, code))
        items.append(material)
        budget -= value
    costs = None
    if draw(st.booleans()):
        parts = [draw(st.integers(0, budget // 4)) for _ in range(4)]
        costs = CostElements(*(cents(p) for p in parts))
    weight = draw(st.sampled_from((None, Decimal(1), Decimal(20))))
    operations = () if plain else draw(st.sampled_from(((), (), (), (), ("repacking",))))
    producer = draw(st.sampled_from(PRODUCERS[:-1] if plain else PRODUCERS))
    product = Product(code, "good", producer, cents(fob), weight_kg=weight, minimal_operations=operations)
    return BillOfMaterials(product, tuple(items), costs)


def verdict_of(bom: BillOfMaterials, cumulation: bool = True) -> Verdict:
    rule = rule_of(bom.product.hs_code)
    return evaluate(bom, rule, agreement_parties=RCEP_PARTIES, importer="JP", cumulation=cumulation)


def counts_as_originating(material: Material, producer: str, cumulation: bool) -> bool:
    parties = RCEP_PARTIES if cumulation else {producer}
    return (
        material.status == "originating"
        and material.originating_under == "RCEP"
        and material.origin_country in parties
    )


def exact_percent(part: Decimal, whole: Decimal) -> Decimal:
    with localcontext() as context:
        context.prec = 40
        return part * 100 / whole


@settings(max_examples=150, deadline=None)
@given(boms(RVC_PRODUCTS, plain=True), st.booleans())
def test_compute_rvc_methods_within_range_and_by_definition(bom: BillOfMaterials, cumulation: bool) -> None:
    verdict = verdict_of(bom, cumulation)
    fob = bom.product.fob
    counted = [m for m in bom.materials if m.packing != "transport"]
    producer = bom.product.producer_country
    vnm = sum(
        (m.value.amount for m in counted if not counts_as_originating(m, producer, cumulation)), Decimal(0)
    )
    vom = sum((m.value.amount for m in counted), Decimal(0)) - vnm
    methods = {c.method: c for c in verdict.rvc}
    down = methods["build-down"]
    assert down.denominator == fob and down.numerator == Money(fob.amount - vnm, "USD")
    assert down.percent == exact_percent(fob.amount - vnm, fob.amount)
    assert Decimal(0) <= down.percent <= Decimal(100)
    assert down.passed is ((fob.amount - vnm) * 100 >= 40 * fob.amount)
    up = methods["build-up"]
    if bom.costs is None:
        assert up.percent is None and up.upper_bound_percent == down.percent
    else:
        numerator = vom + bom.costs.total().amount
        assert up.numerator == Money(numerator, "USD") and up.percent == exact_percent(numerator, fob.amount)
        assert Decimal(0) <= up.percent <= down.percent <= Decimal(100)


@settings(max_examples=200, deadline=None)
@given(boms(), st.data(), st.booleans())
def test_keep_pass_when_material_made_originating(
    bom: BillOfMaterials, data: st.DataObject, cumulation: bool
) -> None:
    if not bom.materials:
        return
    index = data.draw(st.integers(0, len(bom.materials) - 1))
    old = bom.materials[index]
    new = dataclasses.replace(
        old, status="originating", origin_country=bom.product.producer_country, originating_under="RCEP"
    )
    improved = dataclasses.replace(bom, materials=(*bom.materials[:index], new, *bom.materials[index + 1 :]))

    before, after = verdict_of(bom, cumulation), verdict_of(improved, cumulation)

    assert RANK[after.status] >= RANK[before.status]


@settings(max_examples=150, deadline=None)
@given(boms(("8471.30",), plain=True))
def test_block_cth_by_material_of_own_heading(bom: BillOfMaterials) -> None:
    verdict = verdict_of(bom)
    blockers = {b.line for b in verdict.shift_blockers}

    for material in bom.materials:
        own_heading = material.hs_code[:4] == bom.product.hs_code[:4]
        if own_heading and material.packing is None and not counts_as_originating(material, "", True):
            assert material.line in blockers


@given(st.sampled_from(MATERIAL_CODES), st.sampled_from(ALL_PRODUCTS))
def test_never_satisfy_cth_from_own_heading(material_code: str, product_code: str) -> None:
    material = Material("1", "m", material_code, cents(1), "non-originating")
    ctx = EvalContext("RCEP", RCEP_PARTIES, "JP", True, Decimal(10), range(50, 64), None, {})

    result, _, _ = material_shift(material, product_code.replace(".", ""), TariffShift("heading"), ctx)

    if material_code.replace(".", "")[:4] == product_code.replace(".", "")[:4]:
        assert result == "same"
    else:
        assert result == "changes"


def summary(verdict: Verdict) -> tuple[Any, ...]:
    return (
        verdict.status,
        verdict.criterion,
        verdict.criteria_met,
        tuple((c.method, c.numerator, c.percent, c.passed, c.shortfall) for c in verdict.rvc),
        frozenset(b.line for b in verdict.shift_blockers),
        frozenset(q.key for q in verdict.missing_facts),
        verdict.non_originating_value,
        verdict.de_minimis_applied,
    )


@settings(max_examples=150, deadline=None)
@given(boms(), st.randoms(use_true_random=False), st.booleans())
def test_keep_verdict_when_bom_reordered(bom: BillOfMaterials, random: Any, cumulation: bool) -> None:
    shuffled = list(bom.materials)
    random.shuffle(shuffled)
    reordered = dataclasses.replace(bom, materials=tuple(shuffled))

    assert summary(verdict_of(reordered, cumulation)) == summary(verdict_of(bom, cumulation))


@settings(max_examples=100, deadline=None)
@given(boms())
def test_round_trip_generated_bom_through_json_and_csv(bom: BillOfMaterials) -> None:
    assert read_bom_json(json.dumps(bom_to_json(bom))) == bom
    assert read_bom_csv(bom_to_csv(bom)) == bom
