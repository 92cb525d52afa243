"""The origin evaluator on the worked case and on real rules.

Rules are looked up in the compiled data (``loader.rows("rcep_psr")``: Korea's statute table of RCEP
PSRs, kr_rcep_psr_hs2022.csv; ``loader.rows("cptpp_psr")``: CPTPP Annex 4-A as published in the UK
Online Trade Tariff); the test ids name the source line or rule set. The BOM figures are test
inputs, not facts about real products. Worked case: docs/bom-format.md.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cjktrade.core.countries import RCEP_PARTIES
from cjktrade.core.errors import InvalidInputError
from cjktrade.core.money import Money
from cjktrade.origin.bom import BillOfMaterials, CostElements, Material, Product
from cjktrade.origin.bom_io import read_bom_json
from cjktrade.origin.evaluate import evaluate, rule_lookup
from cjktrade.origin.rules import PsrRule, find_rule, psr_from_row
from cjktrade.origin.verdict import Verdict
from cjktrade.refdata import loader

DATA = Path(__file__).parent / "data"
RCEP_RULES = tuple(psr_from_row(row) for row in loader.rows("rcep_psr"))
CPTPP_RULES = tuple(psr_from_row(row) for row in loader.rows("cptpp_psr"))
CPTPP_PARTIES = frozenset(
    next(r["members"] for r in loader.rows("agreements") if r["id"] == "CPTPP" and r["kind"] == "group")
)


def usd(amount: str) -> Money:
    return Money(amount, "USD")


def rcep(hs_code: str) -> PsrRule:
    rule = find_rule(RCEP_RULES, hs_code)
    assert rule is not None, hs_code
    return rule


def cptpp(hs_code: str) -> PsrRule:
    rule = find_rule(CPTPP_RULES, hs_code)
    assert rule is not None, hs_code
    return rule


def good(hs_code: str, fob: str, producer: str = "KR", **extra: Any) -> Product:
    return Product(hs_code, f"good {hs_code}", producer, usd(fob), **extra)


def material(line: str, hs_code: str, value: str, status: str = "non-originating", **extra: Any) -> Material:
    if status == "originating":
        extra.setdefault("originating_under", "RCEP")
    return Material(line, f"material {hs_code}", hs_code, usd(value), status, **extra)  # type: ignore[arg-type]


def rcep_verdict(bom: BillOfMaterials, **options: Any) -> Verdict:
    options.setdefault("importer", "JP")
    return evaluate(bom, rcep(bom.product.hs_code), agreement_parties=RCEP_PARTIES, **options)


@pytest.fixture(scope="module")
def battery_pack() -> BillOfMaterials:
    return read_bom_json((DATA / "battery_pack_bom.json").read_bytes())


# --- the worked case: a Korean battery pack, RCEP 8507.60 "CTSH or RVC40" (line 1833) -------------------


def test_evaluate_battery_pack_not_originating_without_accumulation(battery_pack: BillOfMaterials) -> None:
    verdict = rcep_verdict(battery_pack, cumulation=False)

    assert verdict.status == "not-originating"
    assert verdict.rule.canonical == "CTSH or RVC40"
    assert "line 1833" in verdict.rule.legal_source
    assert [b.line for b in verdict.shift_blockers] == ["1"]
    assert "same subheading 8507.60" in verdict.shift_blockers[0].reason
    build_down, build_up = verdict.rvc
    assert (build_down.method, build_down.numerator, build_down.denominator) == (
        "build-down",
        usd("30"),
        usd("100"),
    )
    assert (build_down.percent, build_down.passed, build_down.shortfall) == (Decimal(30), False, usd("10"))
    assert dict(build_down.terms) == {"FOB": usd("100"), "VNM": usd("70")}
    assert build_up.passed is False and build_up.upper_bound_percent == Decimal(30)
    assert build_up.not_computable is not None and "cost elements" in build_up.not_computable
    remedies = {r.criterion: r for r in verdict.to_pass}
    assert remedies["CTSH"].materials == ("1",) and remedies["CTSH"].amount == usd("40")
    assert remedies["RVC40"].amount == usd("10")
    assert remedies["accumulation"].materials == ("1",)
    assert verdict.missing_facts == () and verdict.country_of_origin is None


def test_evaluate_battery_pack_originating_with_accumulation(battery_pack: BillOfMaterials) -> None:
    verdict = rcep_verdict(battery_pack)

    assert verdict.status == "originating"
    assert (verdict.criterion, verdict.criteria_met) == ("CTSH", ("CTSH", "RVC40"))
    assert verdict.accumulation_applied and verdict.shift_blockers == ()
    build_down = verdict.rvc[0]
    assert (build_down.numerator, build_down.percent, build_down.passed) == (usd("80"), Decimal(80), True)
    assert verdict.non_originating_value == usd("20")
    without = verdict.without_accumulation
    assert without is not None and without.status == "not-originating"
    assert [b.line for b in without.shift_blockers] == ["1"] and without.rvc[0].percent == Decimal(30)
    assert verdict.country_of_origin is not None and verdict.country_of_origin.party == "KR"
    assert verdict.country_of_origin.originating_contributions == (("CN", usd("50")),)
    assert verdict.to_pass == ()


def test_explain_battery_pack_both_computations_and_cells(battery_pack: BillOfMaterials) -> None:
    text = rcep_verdict(battery_pack).explain()

    assert "(100.00 − 20.00) / 100.00 × 100 = 80%" in text
    assert "Without accumulation, materials 1 would be non-originating" in text
    assert "blocked by 1 (8507.60: same subheading 8507.60 as the good)" in text
    assert "RVC build-down 30%" in text
    assert "RCEP Art. 3.4" in text and "RCEP Art. 3.5" in text and "RCEP Art. 2.6" in text
    alone = rcep_verdict(battery_pack, cumulation=False).explain()
    assert "(100.00 − 70.00) / 100.00 × 100 = 30% (amounts in USD) < 40%: needs 10.00 USD more" in alone
    assert "“Lithium-ion cells” (8507.60, 50.00 USD): same subheading 8507.60 as the good" in alone


def test_serialise_verdict_as_json_ready_dict(battery_pack: BillOfMaterials) -> None:
    data = rcep_verdict(battery_pack).as_dict()

    assert json.loads(json.dumps(data)) == data
    assert data["rvc"][0]["percent"] == "80"
    assert data["rvc"][0]["numerator"] == {"amount": "80.00", "currency": "USD"}
    assert data["without_accumulation"]["shift_blockers"][0]["line"] == "1"
    assert data["country_of_origin"]["party"] == "KR"
    assert data["rvc"][0]["terms"] == {
        "FOB": {"amount": "100.00", "currency": "USD"},
        "VNM": {"amount": "20.00", "currency": "USD"},
    }
    assert data["country_of_origin"]["originating_contributions"] == {
        "CN": {"amount": "50.00", "currency": "USD"}
    }


# --- real rules ---------------------------------------------------------------------------------------

REAL_CASES = [
    pytest.param(
        good("6109.10", "10.00"),
        (material("1", "6006.22", "4.00", origin_country="CN"),),
        "originating",
        "CC",
        (),
        id="rcep-line1144-61-knitted-fabric-changes-chapter",
    ),
    pytest.param(
        good("6109.10", "10.00"),
        (material("1", "6117.90", "3.00", origin_country="VN", status="non-originating"),),
        "undetermined",
        None,
        ("1",),
        id="rcep-line1144-61-garment-parts-need-weights",
    ),
    pytest.param(
        good("1302.19", "100.00", producer="JP"),
        (material("1", "1211.20", "30.00", origin_country="US"),),
        "not-originating",
        None,
        ("1",),
        id="rcep-line247-1302.19-ginseng-1211.20-excepted",
    ),
    pytest.param(
        good("1302.19", "100.00", producer="JP"),
        (material("1", "1211.90", "30.00", origin_country="US"),),
        "originating",
        "CC except from 1211.20",
        (),
        id="rcep-line247-1302.19-other-plants-1211.90",
    ),
    pytest.param(
        good("2204.21", "20.00", producer="AU"),
        (material("1", "2204.29", "9.00", origin_country="CL"),),
        "not-originating",
        None,
        ("1",),
        id="rcep-line371-2204.21-bulk-wine-excepted",
    ),
    pytest.param(
        good("2204.21", "20.00", producer="AU"),
        (material("1", "0806.10", "9.00", origin_country="CL"),),
        "originating",
        "CTSH except from 2204.22, 2204.29",
        (),
        id="rcep-line371-2204.21-grapes",
    ),
    pytest.param(
        good("8471.30", "100.00", producer="CN"),
        (material("1", "8471.70", "70.00", origin_country="US"),),
        "not-originating",
        None,
        ("1",),
        id="rcep-line1728-84.71-own-heading-blocks-cth",
    ),
    pytest.param(
        good("8703.23", "20000.00", producer="JP"),
        (
            material("1", "8407.34", "9000.00", origin_country="TH", status="originating"),
            material("2", "8708.99", "4000.00", origin_country="DE"),
        ),
        "originating",
        "RVC40",
        (),
        id="rcep-line2001-87.03-rvc-with-thai-engine",
    ),
    pytest.param(
        good("0102.29", "900.00", producer="AU"),
        (material("1", "0102.29", "500.00", origin_country="US"),),
        "not-originating",
        None,
        (),
        id="rcep-line2-01-imported-calf-not-wo",
    ),
]


@pytest.mark.parametrize(("product", "materials", "status", "criterion", "blockers"), REAL_CASES)
def test_evaluate_real_rule_case(
    product: Product,
    materials: tuple[Material, ...],
    status: str,
    criterion: str | None,
    blockers: tuple[str, ...],
) -> None:
    verdict = rcep_verdict(BillOfMaterials(product, materials))

    assert (verdict.status, verdict.criterion) == (status, criterion)
    assert tuple(b.line for b in verdict.shift_blockers) == blockers


def test_evaluate_wholly_obtained_when_declared() -> None:
    bom = BillOfMaterials(good("0102.29", "900.00", producer="AU", wholly_obtained=True))

    verdict = rcep_verdict(bom)

    assert (verdict.status, verdict.criterion) == ("originating", "WO")


def test_evaluate_wholly_obtained_asks_when_no_materials_and_not_declared() -> None:
    verdict = rcep_verdict(BillOfMaterials(good("0102.29", "900.00", producer="AU")))

    assert verdict.status == "undetermined"
    assert [q.key for q in verdict.missing_facts] == ["WO"]
    assert rcep_verdict(
        BillOfMaterials(good("0102.29", "900.00", producer="AU")), answers={"WO": True}
    ).is_originating


def test_evaluate_produced_exclusively_from_originating_materials() -> None:
    bom = BillOfMaterials(
        good("8471.30", "100.00"),
        (material("1", "8471.70", "60.00", status="originating", origin_country="KR"),),
    )

    verdict = rcep_verdict(bom)

    assert (verdict.status, verdict.criterion) == ("originating", "PE")


# --- de minimis (Art. 3.7) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "status"),
    [
        pytest.param("8.00", "originating", id="8pct-passes"),
        pytest.param("10.00", "originating", id="exactly-10pct-passes"),
        pytest.param("10.01", "not-originating", id="above-10pct-fails"),
    ],
)
def test_evaluate_de_minimis_for_cth_by_value(value: str, status: str) -> None:
    bom = BillOfMaterials(
        good("8471.30", "100.00", producer="CN"),
        (
            material("1", "8471.70", value, origin_country="US"),
            material("2", "8473.30", "55.00", origin_country="US"),
        ),
    )

    verdict = rcep_verdict(bom)

    assert verdict.status == status
    assert verdict.de_minimis[0].value == usd(value) and verdict.de_minimis[0].materials == ("1",)
    if status == "originating":
        assert verdict.criterion == "CTH" and verdict.de_minimis_applied
    else:
        cth = next(r for r in verdict.to_pass if r.criterion == "CTH")
        assert cth.amount == usd(value) - usd("10.00")


@pytest.mark.parametrize(
    ("part_kg", "status"),
    [
        pytest.param("0.010", "originating", id="5pct-of-weight"),
        pytest.param("0.050", "not-originating", id="25pct"),
    ],
)
def test_evaluate_de_minimis_by_weight_for_textiles(part_kg: str, status: str) -> None:
    bom = BillOfMaterials(
        good("6109.10", "10.00", weight_kg=Decimal("0.200")),
        (material("1", "6117.90", "3.00", origin_country="VN", weight_kg=Decimal(part_kg)),),
    )

    verdict = rcep_verdict(bom)

    assert verdict.status == status
    test = verdict.de_minimis[0]
    assert test.value_passed is False and test.weight_passed is (status == "originating")


def test_evaluate_de_minimis_asks_for_weights_of_textiles() -> None:
    bom = BillOfMaterials(good("6109.10", "10.00"), (material("1", "6117.90", "3.00", origin_country="VN"),))

    verdict = rcep_verdict(bom)

    assert verdict.status == "undetermined"
    assert [(q.key, q.kind) for q in verdict.missing_facts] == [("bom.weight_kg", "bom")]


def test_evaluate_de_minimis_not_by_weight_outside_textile_chapters() -> None:
    bom = BillOfMaterials(good("6109.10", "10.00"), (material("1", "6117.90", "3.00", origin_country="VN"),))

    verdict = rcep_verdict(bom, textile_weight_chapters=())

    assert verdict.status == "not-originating"


# --- unknown origin, packing, minimal operations --------------------------------------------------------


def test_evaluate_unknown_origin_material_counts_as_non_originating_for_rvc() -> None:
    bom = BillOfMaterials(
        good("8703.23", "20000.00", producer="JP"),
        (material("1", "8407.34", "13000.00", status="unknown"),),
    )

    verdict = rcep_verdict(bom)

    assert verdict.status == "not-originating"
    assert verdict.rvc[0].terms == (("FOB", usd("20000.00")), ("VNM", usd("13000.00")))
    assert "undetermined origin" in verdict.explain()


@pytest.mark.parametrize(
    ("hs_code", "status"),
    [
        pytest.param("6117.90", "not-originating", id="same-chapter-blocks"),
        pytest.param("6006.22", "originating", id="shift-met"),
    ],
)
def test_evaluate_unknown_origin_material_blocks_cc_unless_it_shifts(hs_code: str, status: str) -> None:
    bom = BillOfMaterials(
        good("6109.10", "10.00", weight_kg=Decimal("0.2")),
        (material("1", hs_code, "5.00", status="unknown", weight_kg=Decimal("0.1")),),
    )

    assert rcep_verdict(bom).status == status


def test_evaluate_retail_packing_left_out_of_tariff_shift() -> None:
    materials = (
        material("1", "8507.60", "30.00", origin_country="US", packing="retail"),
        material("2", "8542.31", "10.00", origin_country="US"),
    )
    bom = BillOfMaterials(good("8507.60", "100.00"), materials)

    verdict = rcep_verdict(bom)

    assert (verdict.status, verdict.criterion) == ("originating", "CTSH")
    assert verdict.rvc[0].terms[1] == ("VNM", usd("40.00"))


def test_evaluate_transport_packing_disregarded() -> None:
    materials = (
        material("1", "4819.10", "70.00", origin_country="US", packing="transport"),
        material("2", "8507.60", "30.00", status="originating", origin_country="KR"),
    )

    verdict = rcep_verdict(BillOfMaterials(good("8507.60", "100.00"), materials))

    assert (verdict.status, verdict.criterion) == ("originating", "PE")
    assert verdict.non_originating_value == usd("0")


def test_evaluate_minimal_operations_never_confer_origin() -> None:
    product = good("8507.60", "100.00", minimal_operations=("repacking", "labelling"))
    bom = BillOfMaterials(
        product, (material("1", "8507.60", "90.00", status="originating", origin_country="KR"),)
    )

    verdict = rcep_verdict(bom)

    assert verdict.status == "not-originating"
    assert verdict.steps[1].article == "RCEP Art. 3.6" and "repacking; labelling" in verdict.steps[1].text
    assert verdict.to_pass[0].criterion == "minimal operations"


def test_evaluate_producer_outside_parties_not_originating() -> None:
    bom = BillOfMaterials(good("8507.60", "100.00", producer="US"), (material("1", "8542.31", "5.00"),))

    assert rcep_verdict(bom).status == "not-originating"


def test_evaluate_originating_under_other_agreement_counts_as_non_originating() -> None:
    cells = material(
        "1", "8507.60", "70.00", status="originating", origin_country="CN", originating_under="CN-KR"
    )

    verdict = rcep_verdict(BillOfMaterials(good("8507.60", "100.00"), (cells,)))

    assert verdict.status == "not-originating" and [b.line for b in verdict.shift_blockers] == ["1"]


# --- user-answered requirements, splits, processes; CPTPP -------------------------------------------------

REQUIREMENT_3808 = (
    "유효성분(들)의 전 중량의 100분의 50 이상이 원산지제품인 경우로 한정한다 / "
    "only where not less than 50/100 of the total weight of the active ingredient(s) is originating"
)


@pytest.mark.parametrize(
    ("answers", "status", "criterion"),
    [
        pytest.param({}, "undetermined", None, id="unanswered"),
        pytest.param(
            {REQUIREMENT_3808: True}, "originating", f'CTSH and requires "{REQUIREMENT_3808}"', id="met"
        ),
        pytest.param({REQUIREMENT_3808: False}, "not-originating", None, id="not-met"),
    ],
)
def test_evaluate_requirement_answer_rcep_line868_38_08(
    answers: dict[str, bool], status: str, criterion: str | None
) -> None:
    bom = BillOfMaterials(
        good("3808.91", "100.00"), (material("1", "2930.90", "70.00", origin_country="IN"),)
    )

    verdict = rcep_verdict(bom, answers=answers)

    assert (verdict.status, verdict.criterion) == (status, criterion)
    if status == "undetermined":
        assert [q.key for q in verdict.missing_facts] == [REQUIREMENT_3808]


INSECTS = "곤충의 것 / of insects"


def test_evaluate_split_needs_no_answer_when_cases_agree_rcep_line279() -> None:
    bom = BillOfMaterials(
        good("1601.00", "100.00"), (material("1", "0203.19", "70.00", origin_country="US"),)
    )

    verdict = rcep_verdict(bom)

    assert (verdict.status, verdict.criterion) == ("originating", "CC")


@pytest.mark.parametrize(
    ("answers", "status"),
    [
        pytest.param({}, "undetermined", id="unanswered"),
        pytest.param({INSECTS: True}, "originating", id="of-insects-rvc"),
        pytest.param({INSECTS: False}, "not-originating", id="other-cc-only"),
    ],
)
def test_evaluate_split_asks_which_case_rcep_line279(answers: dict[str, bool], status: str) -> None:
    bom = BillOfMaterials(
        good("1601.00", "100.00"), (material("1", "1601.00", "20.00", origin_country="US"),)
    )

    verdict = rcep_verdict(bom, answers=answers)

    assert verdict.status == status
    if status == "undetermined":
        assert verdict.missing_facts[0].key == INSECTS


def cptpp_verdict(bom: BillOfMaterials, **options: Any) -> Verdict:
    return evaluate(
        bom, cptpp(bom.product.hs_code), agreement_parties=CPTPP_PARTIES, importer="JP", **options
    )


def test_evaluate_cptpp_excepted_fabric_fails_before_process_question() -> None:
    fabric = material("1", "6006.22", "4.00", origin_country="CN", weight_kg=Decimal("0.18"))
    bom = BillOfMaterials(good("6109.10", "10.00", producer="JP", weight_kg=Decimal("0.20")), (fabric,))

    verdict = cptpp_verdict(bom)

    assert verdict.status == "not-originating" and [b.line for b in verdict.shift_blockers] == ["1"]


def test_evaluate_cptpp_de_minimis_says_whose_figure_it_applies() -> None:
    # CPTPP's own de minimis article is not loaded: the step must say that RCEP Art. 3.7's 10% was used.
    same_subheading = material("1", "8471.30", "8.00", origin_country="US")
    bom = BillOfMaterials(good("8471.30", "100.00", producer="JP"), (same_subheading,))

    verdict = cptpp_verdict(bom)

    assert verdict.status == "originating" and verdict.de_minimis_applied
    (step,) = [s for s in verdict.steps if "de minimis" in s.article]
    assert step.article == (
        "CPTPP (de minimis; article not mapped: evaluated with the 10% limit and textile rule of RCEP Art. 3.7)"
    )


def test_evaluate_cptpp_named_process_asked_then_answered() -> None:
    buttons = material("1", "9606.21", "0.50", origin_country="CN")
    bom = BillOfMaterials(good("6109.10", "10.00", producer="JP"), (buttons,))
    process = (
        "the good is cut or knit to shape, or both, and sewn or otherwise assembled in the territory of one or "
        "more of the Parties"
    )

    asked = cptpp_verdict(bom)
    answered = cptpp_verdict(bom, answers={process: True})

    assert asked.status == "undetermined" and [q.key for q in asked.missing_facts] == [process]
    assert answered.status == "originating"


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        pytest.param(True, "not-originating", id="dairy-preparation-excepted"),
        pytest.param(False, "originating", id="other"),
    ],
)
def test_evaluate_cptpp_described_exception_asks_about_material_rule_set_74(
    answer: bool, status: str
) -> None:
    bom = BillOfMaterials(
        good("0406.90", "100.00", producer="JP"), (material("1", "1901.90", "40.00", origin_country="US"),)
    )
    key = "material 1 is dairy preparations of subheading 190190 containing more than 10% by dry weight of milk solids"

    assert [q.key for q in cptpp_verdict(bom).missing_facts] == [key]
    assert cptpp_verdict(bom, answers={key: answer}).status == status


def test_report_cptpp_net_cost_not_computable() -> None:
    bom = BillOfMaterials(
        good("8703.23", "20000.00", producer="JP"),
        (material("1", "8407.34", "9000.00", origin_country="US"),),
    )
    malaysia = "originating goods of heading 8703 imported from Malaysia"

    verdict = cptpp_verdict(bom, answers={malaysia: False})

    assert verdict.status == "undetermined"
    methods = {c.method: c.not_computable or "" for c in verdict.rvc}
    assert "net cost" in methods["net-cost"] and "not encoded" in methods["build-down"]


def test_evaluate_unreadable_rule_asks_to_decide_by_hand_cptpp_8418_10() -> None:
    bom = BillOfMaterials(
        good("8418.10", "500.00", producer="JP"), (material("1", "8414.30", "100.00", origin_country="US"),)
    )

    verdict = cptpp_verdict(bom)

    assert verdict.status == "undetermined" and verdict.missing_facts[0].kind == "rule"


def test_evaluate_material_code_too_short_asks_classification() -> None:
    bom = BillOfMaterials(good("8507.60", "100.00"), (material("1", "8507", "70.00", origin_country="US"),))

    asked = rcep_verdict(bom)
    answered = rcep_verdict(bom, answers={"material 1 is in 8507.60": False})

    assert asked.status == "undetermined" and asked.missing_facts[0].key == "material 1 is in 8507.60"
    assert (answered.status, answered.criterion) == ("originating", "CTSH")


# --- build-up and sub-assemblies (roll-up) --------------------------------------------------------------


def test_compute_build_up_with_cost_elements() -> None:
    costs = CostElements(usd("10.00"), usd("5.00"), usd("5.00"), usd("2.00"))
    bom = BillOfMaterials(
        good("8703.23", "100.00", producer="JP"),
        (
            material("1", "8407.34", "20.00", status="originating", origin_country="TH"),
            material("2", "8708.99", "58.00"),
        ),
        costs,
    )

    verdict = rcep_verdict(bom)

    build_down, build_up = verdict.rvc
    assert (build_down.percent, build_down.passed) == (Decimal(42), True)
    assert (build_up.numerator, build_up.percent, build_up.passed) == (usd("42.00"), Decimal(42), True)
    assert dict(build_up.terms)["VOM"] == usd("20.00")


def converter(sub_materials: tuple[Material, ...]) -> Material:
    sub = BillOfMaterials(Product("8504.40", "Power converter module", "KR", usd("40.00")), sub_materials)
    return Material(
        "2", "Power converter module", "8504.40", usd("40.00"), None, origin_country="KR", sub_bom=sub
    )


QUALIFYING = (material("2.1", "8542.31", "10.00", origin_country="US"),)
FAILING = (
    material("2.1", "8504.40", "20.00", origin_country="US"),
    material("2.2", "8542.31", "10.00", origin_country="US"),
)


def test_roll_up_qualifying_sub_assembly_counts_as_originating() -> None:
    bom = BillOfMaterials(
        good("8507.60", "100.00"),
        (material("1", "8507.60", "40.00", origin_country="US"), converter(QUALIFYING)),
    )

    verdict = rcep_verdict(bom, rule_for=rule_lookup(RCEP_RULES))

    assert (verdict.status, verdict.criterion) == ("originating", "RVC40")
    assert verdict.rvc[0].terms[1] == ("VNM", usd("40.00"))
    assert dict(verdict.sub_assemblies)["2"].criterion == "CTSH"


def test_roll_up_failing_sub_assembly_counts_only_non_originating_content() -> None:
    bom = BillOfMaterials(
        good("8507.60", "100.00"),
        (material("1", "8507.60", "25.00", origin_country="US"), converter(FAILING)),
    )

    verdict = rcep_verdict(bom, rule_for=rule_lookup(RCEP_RULES))

    assert dict(verdict.sub_assemblies)["2"].status == "not-originating"
    assert verdict.rvc[0].terms[1] == ("VNM", usd("55.00"))
    assert (verdict.status, verdict.rvc[0].percent) == ("originating", Decimal(45))


def test_evaluate_sub_assembly_without_rule_undecided_then_answered() -> None:
    bom = BillOfMaterials(
        good("8507.60", "100.00"),
        (material("1", "8507.60", "40.00", origin_country="US"), converter(FAILING)),
    )

    asked = rcep_verdict(bom)
    answered = rcep_verdict(bom, answers={"material 2 is originating": True})

    assert asked.status == "undetermined"
    assert asked.rvc[0].passed is None and asked.rvc[0].percent == Decimal(30)
    assert asked.missing_facts[0].key == "material 2 is originating"
    assert answered.status == "originating"


def test_roll_up_three_levels() -> None:
    cell = BillOfMaterials(
        Product("8507.60", "Cell", "KR", usd("20.00")),
        (material("3.1", "2825.20", "5.00", origin_country="CL"),),
    )
    module = BillOfMaterials(
        Product("8507.60", "Module", "KR", usd("60.00")),
        (Material("3", "Cell", "8507.60", usd("20.00"), None, origin_country="KR", sub_bom=cell),),
    )
    pack = BillOfMaterials(
        good("8507.60", "100.00"),
        (
            Material("1", "Module", "8507.60", usd("60.00"), None, origin_country="KR", sub_bom=module),
            material("2", "8542.31", "20.00", origin_country="US"),
        ),
    )

    verdict = rcep_verdict(pack, rule_for=rule_lookup(RCEP_RULES))

    module_verdict = dict(verdict.sub_assemblies)["1"]
    assert dict(module_verdict.sub_assemblies)["3"].criterion == "CTSH"
    assert module_verdict.criterion == "PE"
    assert (verdict.status, verdict.criterion, verdict.non_originating_value) == (
        "originating",
        "CTSH",
        usd("20.00"),
    )


def test_evaluate_sub_assembly_made_outside_parties_non_originating_in_full() -> None:
    sub = BillOfMaterials(Product("8504.40", "Converter", "US", usd("40.00")), QUALIFYING)
    part = Material("2", "Converter", "8504.40", usd("40.00"), None, origin_country="US", sub_bom=sub)
    bom = BillOfMaterials(
        good("8507.60", "100.00"), (material("1", "8507.60", "5.00", origin_country="US"), part)
    )

    verdict = rcep_verdict(bom, rule_for=rule_lookup(RCEP_RULES))

    assert verdict.rvc[0].terms[1] == ("VNM", usd("45.00")) and verdict.sub_assemblies == ()


# --- guards ----------------------------------------------------------------------------------------------


def test_reject_rule_not_covering_product(battery_pack: BillOfMaterials) -> None:
    with pytest.raises(InvalidInputError, match="does not cover"):
        evaluate(battery_pack, rcep("8471.30"), agreement_parties=RCEP_PARTIES, importer="JP")


def test_reject_sub_assembly_rule_of_other_agreement() -> None:
    bom = BillOfMaterials(good("8507.60", "100.00"), (converter(QUALIFYING),))

    with pytest.raises(InvalidInputError, match="rule_for gave a CPTPP rule"):
        rcep_verdict(bom, rule_for=rule_lookup(CPTPP_RULES))


def test_reject_empty_agreement_parties(battery_pack: BillOfMaterials) -> None:
    with pytest.raises(InvalidInputError, match="agreement_parties is empty"):
        evaluate(battery_pack, rcep("8507.60"), agreement_parties=frozenset(), importer="JP")


def test_note_importer_outside_parties(battery_pack: BillOfMaterials) -> None:
    verdict = rcep_verdict(battery_pack, importer="US")

    assert "importer US is not a Party" in verdict.explain()
