"""BOM readers and writers: JSON, CSV and XLSX, with every fault located by JSON path or line number."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from cjktrade.core.errors import InvalidInputError
from cjktrade.core.money import Money
from cjktrade.origin.bom import BillOfMaterials, CostElements, Material, Product
from cjktrade.origin.bom_io import (
    BomFileError,
    bom_to_csv,
    bom_to_json,
    bom_to_rows,
    read_bom,
    read_bom_csv,
    read_bom_json,
    read_bom_xlsx,
)

DATA = Path(__file__).parent / "data"


def usd(amount: str) -> Money:
    return Money(amount, "USD")


@pytest.fixture(scope="module")
def worked_case() -> BillOfMaterials:
    return read_bom_json((DATA / "battery_pack_bom.json").read_bytes())


def multi_level() -> BillOfMaterials:
    ic = Material(
        "2.1",
        "Controller IC",
        "8542.31",
        usd("10.00"),
        "non-originating",
        origin_country="US",
        weight_kg=Decimal("0.01"),
    )
    converter = BillOfMaterials(
        Product("8504.40", "Power converter module", "KR", usd("40.00"), weight_kg=Decimal("0.5")),
        (ic,),
        CostElements(usd("12.00"), usd("6.00"), usd("4.00"), usd("1.50")),
    )
    return BillOfMaterials(
        Product(
            "8507.60.0000", "Battery pack", "KR", usd("100.00"), exw=usd("95.00"), weight_kg=Decimal("12.5")
        ),
        (
            Material("1", "Cells", "8507.60", usd("40.00"), "unknown", value_basis="price-paid"),
            Material(
                "2",
                "Power converter module",
                "8504.40",
                usd("40.00"),
                None,
                origin_country="KR",
                weight_kg=Decimal("0.5"),
                sub_bom=converter,
            ),
            Material(
                "3",
                "Carton",
                "4819.10",
                usd("1.00"),
                "originating",
                origin_country="KR",
                originating_under="RCEP",
                supplier_declaration="D-7",
                packing="transport",
            ),
        ),
        CostElements(usd("8.00"), usd("4.00"), usd("5.00"), usd("2.00")),
    )


def errors(error: pytest.ExceptionInfo[BomFileError]) -> list[tuple[Any, str]]:
    return [(e.line, e.field) for e in error.value.errors]


def xlsx(rows: list[list[Any]], sheet: str = "BOM", extra_first_sheet: bool = False) -> bytes:
    book = Workbook()
    first = book.active
    assert first is not None
    if extra_first_sheet:
        first.title = "Notes"
        first.append(["read the BOM sheet"])
        target = book.create_sheet(sheet)
    else:
        first.title = sheet
        target = first
    for row in rows:
        target.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- the worked case in every format -------------------------------------------------------------------


def test_read_template_csv_matches_worked_case_json(worked_case: BillOfMaterials) -> None:
    template = read_bom_csv((DATA / "bom_template.csv").read_bytes())

    assert template == worked_case
    assert (
        worked_case.product.hs6 == "850760"
        and worked_case.material("1").supplier_declaration == "SUPPLIER-DECL-0001"
    )


def test_read_xlsx_matches_worked_case_json_with_numeric_cells(worked_case: BillOfMaterials) -> None:
    rows: list[list[Any]] = [list(r) for r in bom_to_rows(worked_case)]
    rows[4][1] = 100.0  # fob typed as a number
    rows[-1][8] = 20  # a material value typed as a whole number

    assert read_bom_xlsx(xlsx(rows)) == worked_case
    assert read_bom_xlsx(xlsx(rows, extra_first_sheet=True)) == worked_case


def test_round_trip_multi_level_bom() -> None:
    bom = multi_level()

    assert read_bom(json.dumps(bom_to_json(bom)), "json") == bom
    assert read_bom(bom_to_csv(bom).encode("utf-8-sig"), "csv") == bom
    assert read_bom(xlsx([list(r) for r in bom_to_rows(bom)]), "xlsx") == bom


def test_read_json_amounts_exactly_and_with_stated_currency() -> None:
    document = {
        "product": {"hs_code": "8507.60", "description": "Pack", "producer_country": "KOR", "fob": 100.10},
        "materials": [
            {"line": 1, "description": "Cells", "hs_code": "8507.60", "status": "unknown", "value": "0.1 USD"}
        ],
        "currency": "usd",
    }

    bom = read_bom_json(json.dumps(document))

    assert bom.product.fob == usd("100.10") and bom.product.producer_country == "KR"
    assert bom.materials[0].value.amount == Decimal("0.1") and bom.materials[0].line == "1"


# --- faults, located ------------------------------------------------------------------------------------


def test_report_json_faults_by_path() -> None:
    document = {
        "format": "cjktrade-bom/1",
        "currency": "USD",
        "product": {
            "hs_code": 850760,
            "description": "Pack",
            "producer_country": "KR",
            "fob": "100",
            "colour": "red",
        },
        "costs": {"direct_labour": "1", "direct_overhead": "1", "profit": "1"},
        "materials": [
            {"line": "1", "description": "Cells", "hs_code": "8507.60", "status": "maybe", "value": "50"},
            {"line": "2", "description": "IC", "hs_code": "8542.31", "status": "non-originating"},
            {
                "line": "3",
                "description": "Board",
                "hs_code": "8534.00",
                "status": "unknown",
                "value": "5 JPY",
            },
            {
                "line": "4",
                "description": "Sub",
                "hs_code": "8504.40",
                "origin_country": "KR",
                "value": "9",
                "sub_bom": {"materials": []},
            },
        ],
    }

    with pytest.raises(BomFileError) as error:
        read_bom_json(json.dumps(document))

    assert errors(error) == [
        ("$.product", "colour"),
        ("$.product", "hs_code"),
        ("$.costs", "other_costs"),
        ("$.materials[0]", "status"),
        ("$.materials[1]", "value"),
        ("$.materials[3].sub_bom", "product"),
    ]


def test_report_json_currency_mismatch_by_path() -> None:
    document = {
        "currency": "USD",
        "product": {"hs_code": "8507.60", "description": "Pack", "producer_country": "KR", "fob": "100"},
        "materials": [
            {
                "line": "1",
                "description": "Board",
                "hs_code": "8534.00",
                "status": "unknown",
                "value": "500 JPY",
            }
        ],
    }

    with pytest.raises(BomFileError) as error:
        read_bom_json(json.dumps(document))

    assert errors(error) == [("$.materials[0]", "value")]
    assert "in JPY, but the BOM is in USD" in error.value.errors[0].message


def test_report_json_syntax_error_line() -> None:
    with pytest.raises(BomFileError) as error:
        read_bom_json('{\n  "product": {\n  "hs_code": ,\n}')

    assert errors(error) == [(3, "")]
    assert isinstance(error.value, InvalidInputError)


BAD_CSV = """\
# a bad BOM
hs_code,8507.60
description,Battery pack
producer_country,KR
currency,USD
fob,100.00
colour,red
direct_labour,5
profit,0

line,parent,description,hs_code,origin_country,status,value,fob
1,,Cells,8507.60,CN,maybe,50.00,
2,,"IC,
two lines",85423,XX,non-originating,,
3,9,Board,8534.00,,unknown,5.00,
4,,Cells,8507.60,KR,unknown,1.00,30
1,,Again,8507.60,,unknown,1.00,
"""


def test_report_csv_faults_line_by_line() -> None:
    with pytest.raises(BomFileError) as error:
        read_bom_csv(BAD_CSV.encode())

    assert errors(error) == [
        (7, "colour"),
        (17, "line"),
        (15, "parent"),
        (12, "status"),
        (13, "hs_code"),
        (13, "value"),
        (13, "origin_country"),
        (16, "fob"),
        (8, "direct_overhead"),
        (8, "other_costs"),
    ]
    assert "line 13, hs_code: '85423' has 5 digits" in str(error.value)
    assert all(isinstance(e, tuple) and len(e) == 3 for e in error.value.errors)


def test_report_xlsx_faults_by_row() -> None:
    rows: list[list[Any]] = [
        ["hs_code", "8507.60"],
        ["description", "Battery pack"],
        ["producer_country", "KR"],
        ["currency", "USD"],
        ["fob", None],
        [],
        ["line", "description", "hs_code", "status", "value"],
        ["1", "Cells", 8507.6, "originating", 50],
        ["2", "IC", "8542.31", "non-originating", "twenty"],
    ]

    with pytest.raises(BomFileError) as error:
        read_bom_xlsx(xlsx(rows))

    assert set(errors(error)) == {(5, "fob"), (8, "hs_code"), (9, "value")}


def test_report_not_a_workbook_as_whole_file() -> None:
    with pytest.raises(BomFileError) as error:
        read_bom_xlsx(b"PK\x03\x04 not really")

    assert errors(error) == [(0, "")]


def test_report_non_utf8_csv_as_whole_file() -> None:
    with pytest.raises(BomFileError) as error:
        read_bom_csv("hs_code,8507.60\ndescription,전지\n".encode("euc-kr"))

    assert errors(error) == [(0, "")] and "UTF-8" in str(error.value)


def test_require_all_cost_elements_when_any_is_given() -> None:
    content = (
        "hs_code,8507.60\ndescription,Pack\nproducer_country,KR\ncurrency,USD\nfob,100\ndirect_labour,5\n"
    )

    with pytest.raises(BomFileError) as error:
        read_bom_csv(content)

    assert errors(error) == [(6, "direct_overhead"), (6, "profit"), (6, "other_costs")]


def test_reject_sub_assembly_columns_on_plain_material() -> None:
    content = (
        "hs_code,8507.60\ndescription,Pack\nproducer_country,KR\ncurrency,USD\nfob,100\n\n"
        "line,description,hs_code,status,value,fob\n1,Cells,8507.60,unknown,50,40\n"
    )

    with pytest.raises(BomFileError) as error:
        read_bom_csv(content)

    assert errors(error) == [(8, "fob")]


def test_reject_unknown_kind() -> None:
    with pytest.raises(InvalidInputError, match="give json, csv or xlsx"):
        read_bom("{}", "xml")  # type: ignore[arg-type]
