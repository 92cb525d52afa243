"""The BOM model: normalised codes and countries, one currency, every fault named by line and field."""

from __future__ import annotations

import doctest
import importlib
from decimal import Decimal
from typing import Any

import pytest

from cjktrade.core.errors import InvalidInputError
from cjktrade.core.money import Money
from cjktrade.origin.bom import BillOfMaterials, BomIssue, CostElements, InvalidBomError, Material, Product


def usd(amount: str) -> Money:
    return Money(amount, "USD")


def pack(**extra: Any) -> Product:
    return Product("8507.60", "Battery pack", "KR", usd("100.00"), **extra)


def cells(**extra: Any) -> Material:
    fields: dict[str, Any] = {"origin_country": "CN", "originating_under": "RCEP"}
    fields.update(extra)
    return Material(
        "1",
        "Lithium-ion cells",
        "8507.60",
        fields.pop("value", usd("50.00")),
        fields.pop("status", "originating"),
        **fields,
    )


def issues_of(error: pytest.ExceptionInfo[InvalidBomError]) -> list[tuple[str, str]]:
    return [(i.where, i.field) for i in error.value.issues]


@pytest.mark.parametrize(
    "module", ["cjktrade.origin.bom", "cjktrade.origin.bom_io", "cjktrade.origin.eval_figures"]
)
def test_run_doctests_of_bom_modules(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize(
    ("code", "digits", "hs6"),
    [
        pytest.param("8507.60", "850760", "850760", id="subheading"),
        pytest.param("8507.60-0000", "8507600000", "850760", id="kr-10-digit-line"),
        pytest.param("8507.60.000", "850760000", "850760", id="jp-9-digit-line"),
    ],
)
def test_normalise_product_code_keeps_hs6(code: str, digits: str, hs6: str) -> None:
    product = Product(code, "Battery pack", "kr", usd("100"))

    assert (product.hs_code, product.hs6, product.producer_country, product.chapter) == (
        digits,
        hs6,
        "KR",
        85,
    )


def test_reject_product_faults_all_at_once() -> None:
    with pytest.raises(InvalidBomError) as error:
        Product("8507", " ", "XX", usd("0"), weight_kg=Decimal("-1"))

    assert issues_of(error) == [
        ("product", "hs_code"),
        ("product", "description"),
        ("product", "producer_country"),
        ("product", "fob"),
        ("product", "weight_kg"),
    ]
    assert isinstance(error.value, InvalidInputError)


def test_reject_mixed_currencies_naming_line_and_field() -> None:
    jpy_value = cells(value=Money("5000", "JPY"))
    costs = CostElements(usd("1"), usd("1"), Money("1", "EUR"), usd("1"))

    with pytest.raises(InvalidBomError) as error:
        BillOfMaterials(pack(exw=Money("90", "KRW")), (jpy_value,), costs)

    assert issues_of(error) == [("product", "exw"), ("costs", "profit"), ("material 1", "value")]
    assert "in JPY, but the BOM is in USD" in str(error.value)


def test_reject_originating_material_without_country_or_agreement() -> None:
    with pytest.raises(InvalidBomError) as error:
        Material("1", "Cells", "8507.60", usd("50"), "originating")

    assert issues_of(error) == [("material 1", "origin_country"), ("material 1", "originating_under")]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        pytest.param({"status": "maybe"}, "status", id="unknown-status"),
        pytest.param({"status": None}, "status", id="missing-status"),
        pytest.param({"value": usd("-1")}, "value", id="negative-value"),
        pytest.param({"packing": "crate"}, "packing", id="unknown-packing"),
        pytest.param({"value_basis": "fob"}, "value_basis", id="unknown-value-basis"),
        pytest.param({"origin_country": "China"}, "origin_country", id="name-not-code"),
    ],
)
def test_reject_material_field(extra: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidBomError) as error:
        cells(**extra)

    assert ("material 1", field) in issues_of(error)


def test_accept_material_heading_code_and_unknown_origin() -> None:
    material = Material("7", "Parts", "85.07", usd("1"), "unknown")

    assert (material.hs_code, material.origin_country) == ("8507", None)


def test_reject_duplicate_lines() -> None:
    with pytest.raises(InvalidBomError) as error:
        BillOfMaterials(pack(), (cells(), cells()))

    assert issues_of(error) == [("material 1", "line")]


def sub_bom(producer: str = "KR", hs_code: str = "8504.40") -> BillOfMaterials:
    return BillOfMaterials(
        Product(hs_code, "Converter", producer, usd("40")),
        (Material("a", "IC", "8542.31", usd("10"), "non-originating"),),
    )


def test_accept_sub_assembly_with_computed_status() -> None:
    part = Material("2", "Converter", "8504.40", usd("40"), None, origin_country="KR", sub_bom=sub_bom())

    bom = BillOfMaterials(pack(), (part,))

    assert bom.material("2").is_sub_assembly and bom.total_material_value() == usd("40")


@pytest.mark.parametrize(
    ("status", "country", "sub", "fields"),
    [
        pytest.param("originating", "KR", sub_bom(), ["status"], id="status-given"),
        pytest.param(None, "CN", sub_bom(), ["origin_country"], id="made-elsewhere"),
        pytest.param(None, "KR", sub_bom(hs_code="8504.90"), ["hs_code"], id="other-code"),
    ],
)
def test_reject_inconsistent_sub_assembly(
    status: Any, country: str, sub: BillOfMaterials, fields: list[str]
) -> None:
    with pytest.raises(InvalidBomError) as error:
        Material(
            "2",
            "Converter",
            "8504.40",
            usd("40"),
            status,
            origin_country=country,
            originating_under="RCEP",
            sub_bom=sub,
        )

    assert [f for _, f in issues_of(error)] == fields


def test_reject_sub_bom_in_other_currency() -> None:
    sub = BillOfMaterials(Product("8504.40", "Converter", "KR", Money("40000", "KRW")))
    part = Material("2", "Converter", "8504.40", usd("40"), None, origin_country="KR", sub_bom=sub)

    with pytest.raises(InvalidBomError) as error:
        BillOfMaterials(pack(), (part,))

    assert error.value.issues == (
        BomIssue(
            "material 2",
            "sub_bom",
            "in KRW (its sub-BOM), but the BOM is in USD (the currency of the product's FOB); "
            "give every amount in one currency (cjktrade fx convert).",
        ),
    )


def test_reject_negative_costs_but_accept_a_loss() -> None:
    loss = CostElements(usd("1"), usd("1"), usd("-5"), usd("1"))

    assert loss.total() == usd("-2")
    with pytest.raises(InvalidBomError) as error:
        CostElements(usd("-1"), usd("1"), usd("1"), usd("1"))
    assert issues_of(error) == [("costs", "direct_labour")]


def test_lookup_missing_material_names_line() -> None:
    with pytest.raises(LookupError, match="'9'"):
        BillOfMaterials(pack()).material("9")
