"""Reading and writing bills of materials: JSON, CSV and XLSX, with every fault reported by location.

The formats are documented in ``docs/bom-format.md``. The readers take the file's *content*
(``bytes`` or ``str``), never a path: opening files belongs to the front-ends. A missing value is
an error, never zero. All faults are collected and raised together as one ``BomFileError`` whose
``errors`` are ``(line, field, message)`` triples: ``line`` is the JSON path (``$.materials[1]``) for
JSON and the 1-based row number for CSV and XLSX (0 for the file as a whole).

>>> bom = read_bom_csv('''hs_code,8507.60
... description,Battery pack
... producer_country,KR
... currency,USD
... fob,100.00
...
... line,description,hs_code,origin_country,status,originating_under,value
... 1,Lithium-ion cells,8507.60,CN,originating,RCEP,50.00
... ''')
>>> bom.product.hs6, bom.materials[0].value
('850760', Money('50.00', 'USD'))
>>> read_bom_csv("hs_code,8507.60\\ncurrency,USD\\nfob,\\n")
Traceback (most recent call last):
...
cjktrade.origin.bom_io.BomFileError: CSV BOM: 3 errors: line 1, description: missing: give a value; line 1, producer_country: missing: give a value; line 3, fob: missing: give an amount (a missing value is never taken as zero).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, NamedTuple, TypeVar, cast

from cjktrade.core.countries import resolve_country
from cjktrade.core.errors import CjktradeError, InvalidInputError
from cjktrade.core.money import Money, to_decimal, validate_currency
from cjktrade.hs.codes import format_code, normalise_code
from cjktrade.origin.bom import (
    COST_FIELDS,
    ORIGINATING_STATUSES,
    PACKINGS,
    VALUE_BASES,
    BillOfMaterials,
    CostElements,
    InvalidBomError,
    Material,
    OriginatingStatus,
    Packing,
    Product,
    ValueBasis,
)

BOM_FORMAT = "cjktrade-bom/1"
HEADER_KEYS = (
    "hs_code",
    "description",
    "producer_country",
    "currency",
    "fob",
    "exw",
    "weight_kg",
    "wholly_obtained",
    "minimal_operations",
    *COST_FIELDS,
)
TABLE_COLUMNS = (
    "line",
    "parent",
    "description",
    "hs_code",
    "origin_country",
    "status",
    "originating_under",
    "supplier_declaration",
    "value",
    "value_basis",
    "weight_kg",
    "packing",
    "fob",
    *COST_FIELDS,
    "minimal_operations",
    "wholly_obtained",
)
REQUIRED_COLUMNS = ("line", "description", "hs_code", "status", "value")
SUB_ASSEMBLY_COLUMNS = ("fob", *COST_FIELDS, "minimal_operations", "wholly_obtained")
_PRODUCT_KEYS = {
    "hs_code",
    "description",
    "producer_country",
    "fob",
    "exw",
    "weight_kg",
    "minimal_operations",
    "wholly_obtained",
}
_MATERIAL_KEYS = {
    "line",
    "description",
    "hs_code",
    "origin_country",
    "status",
    "originating_under",
    "supplier_declaration",
    "value",
    "value_basis",
    "weight_kg",
    "packing",
    "sub_bom",
}
Location = int | str
T = TypeVar("T")


class BomFileIssue(NamedTuple):
    line: Location
    field: str
    message: str


class BomFileError(InvalidInputError):
    """A BOM file with faults; ``errors`` lists them all as ``(line, field, message)``."""

    slug = "invalid-bom-file"

    def __init__(self, source: str, errors: Sequence[BomFileIssue]) -> None:
        self.errors = tuple(errors)
        parts = [
            f"{_where(e.line)}{', ' + e.field if e.field else ''}: {e.message.rstrip('.')}"
            for e in self.errors
        ]
        count = f"{len(parts)} error{'s' if len(parts) != 1 else ''}"
        super().__init__(f"{source} BOM: {count}: " + "; ".join(parts) + ".")


def _where(line: Location) -> str:
    return f"line {line}" if isinstance(line, int) else line


@dataclass
class _Issues:
    items: list[BomFileIssue] = field(default_factory=list)

    def add(self, line: Location, name: str, message: str) -> None:
        self.items.append(BomFileIssue(line, name, message))

    def model(self, error: InvalidBomError, locate: Callable[[str, str], tuple[Location, str]]) -> None:
        for issue in error.issues:
            line, name = locate(issue.where, issue.field)
            self.add(line, name, issue.message)


# --- field readers: each returns None (and records an issue) when the value cannot be read ----------


def _blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _text(raw: object, at: Location, name: str, issues: _Issues, *, required: bool = False) -> str | None:
    if _blank(raw):
        if required:
            issues.add(at, name, "missing: give a value.")
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    if not isinstance(raw, str):
        issues.add(at, name, f"{raw!r} must be text.")
        return None
    return raw.strip()


def _code(raw: object, at: Location, name: str, issues: _Issues) -> str | None:
    if isinstance(raw, int | Decimal) and not isinstance(raw, bool):
        issues.add(at, name, f'{raw!r}: give the code as text ("8507.60"); a number loses leading zeros.')
        return None
    text = _text(raw, at, name, issues, required=True)
    if text is None:
        return None
    try:
        normalise_code(text)
    except CjktradeError as error:
        issues.add(at, name, error.message)
        return None
    return text


def _money(
    raw: object, currency: str | None, at: Location, name: str, issues: _Issues, *, required: bool = False
) -> Money | None:
    if _blank(raw):
        if required:
            issues.add(at, name, "missing: give an amount (a missing value is never taken as zero).")
        return None
    amount: object = raw
    code = currency
    if isinstance(raw, str):
        amount, _, stated = raw.strip().partition(" ")
        code = stated.strip() or currency
    if code is None:
        issues.add(
            at, name, f"{raw!r} has no currency: give 'currency' for the BOM or write it as '{raw} USD'."
        )
        return None
    try:
        return Money(to_decimal(amount, field=name), validate_currency(code))
    except CjktradeError as error:
        issues.add(at, name, error.message)
        return None


def _decimal(raw: object, at: Location, name: str, issues: _Issues) -> Decimal | None:
    if _blank(raw):
        return None
    try:
        return to_decimal(raw, field=name)
    except CjktradeError as error:
        issues.add(at, name, error.message)
        return None


def _country(raw: object, at: Location, name: str, issues: _Issues, *, required: bool = False) -> str | None:
    text = _text(raw, at, name, issues, required=required)
    if text is None or (not required and text.lower() == "unknown"):
        return None
    try:
        return resolve_country(text).alpha2
    except CjktradeError as error:
        issues.add(at, name, error.message)
        return None


def _choice(raw: object, options: tuple[T, ...], at: Location, name: str, issues: _Issues) -> T | None:
    text = _text(raw, at, name, issues)
    if text is None:
        return None
    folded = text.lower().replace("_", "-").replace(" ", "-")
    for option in options:
        if folded == option:
            return option
    issues.add(at, name, f"{text!r} is not one of {', '.join(map(str, options))}.")
    return None


def _bool(raw: object, at: Location, name: str, issues: _Issues) -> bool | None:
    if _blank(raw) or isinstance(raw, bool):
        return cast(bool | None, None if _blank(raw) else raw)
    text = str(raw).strip().lower()
    if text in ("true", "yes"):
        return True
    if text in ("false", "no"):
        return False
    issues.add(at, name, f"{raw!r} must be true or false.")
    return None


def _operations(raw: object, at: Location, name: str, issues: _Issues) -> tuple[str, ...]:
    if _blank(raw):
        return ()
    if isinstance(raw, str):
        return tuple(op.strip() for op in raw.split(";") if op.strip())
    if isinstance(raw, list) and all(isinstance(op, str) for op in raw):
        return tuple(raw)
    issues.add(at, name, "must be a list of texts (in CSV/XLSX: texts separated by ';').")
    return ()


def _build(
    issues: _Issues, locate: Callable[[str, str], tuple[Location, str]], make: Callable[[], T]
) -> T | None:
    try:
        return make()
    except InvalidBomError as error:
        issues.model(error, locate)
        return None


# --- JSON ------------------------------------------------------------------------------------------


def read_bom_json(content: bytes | str) -> BillOfMaterials:
    """A BOM from JSON text (schema in ``docs/bom-format.md``); numbers are read exactly as Decimal."""
    issues = _Issues()
    try:
        data = json.loads(content, parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        line = error.lineno if isinstance(error, json.JSONDecodeError) else 0
        raise BomFileError("JSON", [BomFileIssue(line, "", f"not valid JSON: {error}")]) from None
    if not isinstance(data, dict):
        raise BomFileError("JSON", [BomFileIssue("$", "", "the document must be a JSON object.")])
    stated = data.get("format")
    if stated is not None and stated != BOM_FORMAT:
        issues.add("$", "format", f"{stated!r} is not {BOM_FORMAT!r}.")
    bom = _json_bom(data, "$", None, issues, top=True)
    if issues.items or bom is None:
        raise BomFileError("JSON", issues.items)
    return bom


def _object(raw: object, path: str, allowed: set[str], issues: _Issues) -> dict[str, Any]:
    if not isinstance(raw, dict):
        issues.add(path, "", "must be a JSON object.")
        return {}
    for key in raw:
        if key not in allowed:
            issues.add(path, str(key), f"unknown field; expected one of {', '.join(sorted(allowed))}.")
    return raw


def _json_bom(
    raw: object, path: str, currency: str | None, issues: _Issues, *, top: bool = False
) -> BillOfMaterials | None:
    allowed = {"currency", "product", "materials", "costs"} | ({"format"} if top else set())
    data = _object(raw, path, allowed, issues)
    if "currency" in data:
        try:
            currency = validate_currency(str(data["currency"]))
        except CjktradeError as error:
            issues.add(path, "currency", error.message)
    if "product" not in data:
        issues.add(path, "product", "missing: every BOM needs its product.")
    product = (
        _json_product(data.get("product"), f"{path}.product", currency, issues) if "product" in data else None
    )
    costs = (
        _json_costs(data["costs"], f"{path}.costs", currency, issues)
        if data.get("costs") is not None
        else None
    )
    raw_materials = data.get("materials", [])
    if not isinstance(raw_materials, list):
        issues.add(path, "materials", "must be a list of materials.")
        raw_materials = []
    paths: dict[str, str] = {}
    materials: list[Material] = []
    for index, item in enumerate(raw_materials):
        item_path = f"{path}.materials[{index}]"
        material = _json_material(item, item_path, currency, issues)
        if material is not None:
            paths.setdefault(material.line, item_path)
            materials.append(material)
    if product is None or len(materials) != len(raw_materials):
        return None

    def locate(where: str, name: str) -> tuple[Location, str]:
        if where.startswith("material "):
            return paths.get(where.removeprefix("material "), f"{path}.materials"), name
        return f"{path}.{where}", name

    return _build(issues, locate, lambda: BillOfMaterials(product, tuple(materials), costs))


def _json_product(raw: object, path: str, currency: str | None, issues: _Issues) -> Product | None:
    data = _object(raw, path, _PRODUCT_KEYS, issues)
    if not data:
        return None
    before = len(issues.items)
    hs_code = _code(data.get("hs_code"), path, "hs_code", issues)
    description = _text(data.get("description"), path, "description", issues, required=True)
    producer = _country(data.get("producer_country"), path, "producer_country", issues, required=True)
    fob = _money(data.get("fob"), currency, path, "fob", issues, required=True)
    exw = _money(data.get("exw"), currency, path, "exw", issues)
    weight = _decimal(data.get("weight_kg"), path, "weight_kg", issues)
    operations = _operations(data.get("minimal_operations"), path, "minimal_operations", issues)
    wholly = _bool(data.get("wholly_obtained"), path, "wholly_obtained", issues)
    if (
        hs_code is None
        or description is None
        or producer is None
        or fob is None
        or len(issues.items) > before
    ):
        return None
    return _build(
        issues,
        lambda _w, name: (path, name),
        lambda: Product(hs_code, description, producer, fob, exw, weight, operations, wholly),
    )


def _costs(
    values: dict[str, Money | None], locate: Callable[[str, str], tuple[Location, str]], issues: _Issues
) -> CostElements | None:
    present = {k: v for k, v in values.items() if v is not None}
    if len(present) != len(COST_FIELDS):
        return None
    return _build(issues, locate, lambda: CostElements(**present))


def _json_costs(raw: object, path: str, currency: str | None, issues: _Issues) -> CostElements | None:
    data = _object(raw, path, set(COST_FIELDS), issues)
    values = {
        name: _money(data.get(name), currency, path, name, issues, required=True) for name in COST_FIELDS
    }
    return _costs(values, lambda _w, name: (path, name), issues)


def _json_material(raw: object, path: str, currency: str | None, issues: _Issues) -> Material | None:
    data = _object(raw, path, _MATERIAL_KEYS, issues)
    if not data:
        return None
    before = len(issues.items)
    line = _text(data.get("line"), path, "line", issues, required=True)
    description = _text(data.get("description"), path, "description", issues, required=True)
    hs_code = _code(data.get("hs_code"), path, "hs_code", issues)
    value = _money(data.get("value"), currency, path, "value", issues, required=True)
    status = _choice(data.get("status"), ORIGINATING_STATUSES, path, "status", issues)
    if data.get("sub_bom") is None and _blank(data.get("status")):
        issues.add(path, "status", "missing: give originating, non-originating or unknown.")
    fields = (
        _country(data.get("origin_country"), path, "origin_country", issues),
        _text(data.get("originating_under"), path, "originating_under", issues),
        _text(data.get("supplier_declaration"), path, "supplier_declaration", issues),
        _choice(data.get("value_basis"), VALUE_BASES, path, "value_basis", issues),
        _decimal(data.get("weight_kg"), path, "weight_kg", issues),
        _choice(data.get("packing"), PACKINGS, path, "packing", issues),
    )
    sub = (
        None
        if data.get("sub_bom") is None
        else _json_bom(data["sub_bom"], f"{path}.sub_bom", currency, issues)
    )
    if line is None or description is None or hs_code is None or value is None or len(issues.items) > before:
        return None
    return _build(
        issues,
        lambda _w, name: (path, name),
        lambda: Material(line, description, hs_code, value, status, *fields, sub_bom=sub),
    )


def bom_to_json(bom: BillOfMaterials, *, top: bool = True) -> dict[str, Any]:
    """The JSON document of ``bom`` (amounts as strings), which ``read_bom_json`` reads back equal."""
    product = bom.product
    document: dict[str, Any] = {"format": BOM_FORMAT, "currency": bom.currency} if top else {}
    document["product"] = _drop_empty(
        {
            "hs_code": format_code(product.hs_code),
            "description": product.description,
            "producer_country": product.producer_country,
            "fob": str(product.fob.amount),
            "exw": None if product.exw is None else str(product.exw.amount),
            "weight_kg": None if product.weight_kg is None else str(product.weight_kg),
            "minimal_operations": list(product.minimal_operations) or None,
            "wholly_obtained": product.wholly_obtained,
        }
    )
    if bom.costs is not None:
        document["costs"] = {name: str(money.amount) for name, money in bom.costs.items()}
    document["materials"] = [_material_json(m) for m in bom.materials]
    return document


def _material_json(material: Material) -> dict[str, Any]:
    return _drop_empty(
        {
            "line": material.line,
            "description": material.description,
            "hs_code": format_code(material.hs_code),
            "origin_country": material.origin_country,
            "status": material.status,
            "originating_under": material.originating_under,
            "supplier_declaration": material.supplier_declaration,
            "value": str(material.value.amount),
            "value_basis": material.value_basis,
            "weight_kg": None if material.weight_kg is None else str(material.weight_kg),
            "packing": material.packing,
            "sub_bom": None if material.sub_bom is None else bom_to_json(material.sub_bom, top=False),
        }
    )


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}


# --- CSV and XLSX: a header block of key,value rows, a blank row, then one row per material ----------

Row = tuple[int, list[str]]


def read_bom_csv(content: bytes | str) -> BillOfMaterials:
    """A BOM from CSV text (UTF-8, comma-separated; layout in ``docs/bom-format.md``)."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise BomFileError(
                "CSV", [BomFileIssue(0, "", f"not UTF-8 text ({error}): save the CSV as UTF-8.")]
            ) from None
    reader = csv.reader(io.StringIO(content.removeprefix("\ufeff")))
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise BomFileError("CSV", [BomFileIssue(start, "", f"not readable as CSV: {error}")]) from None
    return _read_rows(rows, "CSV")


def read_bom_xlsx(content: bytes) -> BillOfMaterials:
    """A BOM from an XLSX workbook: the sheet named ``BOM``, else the first sheet (same layout as CSV)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zip, XML and key errors alike for a damaged file
        raise BomFileError(
            "XLSX", [BomFileIssue(0, "", f"not an XLSX workbook ({type(error).__name__}).")]
        ) from None
    try:
        sheet = workbook["BOM"] if "BOM" in workbook.sheetnames else workbook.worksheets[0]
        rows = [
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), 1)
        ]
    finally:
        workbook.close()
    return _read_rows(rows, "XLSX")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # Excel stores numbers as binary doubles; their shortest decimal form is what was typed.
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def read_bom(content: bytes | str, kind: Literal["json", "csv", "xlsx"]) -> BillOfMaterials:
    """A BOM from content of the given kind (``json``, ``csv`` or ``xlsx``)."""
    if kind == "json":
        return read_bom_json(content)
    if kind == "csv":
        return read_bom_csv(content)
    if kind == "xlsx" and isinstance(content, bytes):
        return read_bom_xlsx(content)
    raise InvalidInputError(f"BOM kind {kind!r}: give json, csv or xlsx (xlsx as bytes).")


@dataclass
class _TableRow:
    number: int
    cells: dict[str, str]
    children: list[_TableRow] = field(default_factory=list)

    @property
    def line(self) -> str:
        return self.cells.get("line", "").strip()


def _meaningful(cells: list[str]) -> bool:
    return any(c.strip() for c in cells) and not cells[0].strip().startswith("#")


def _read_rows(rows: list[Row], source: str) -> BillOfMaterials:
    issues = _Issues()
    rows = [(n, cells) for n, cells in rows if cells and _meaningful(cells)]
    split = next((i for i, (_, cells) in enumerate(rows) if cells[0].strip().lower() == "line"), len(rows))
    header = _header_block(rows[:split], issues)
    table = _table(rows[split:], issues) if split < len(rows) else []
    bom = _tabular_bom(header, table, issues)
    if issues.items or bom is None:
        raise BomFileError(source, issues.items)
    return bom


def _header_block(rows: list[Row], issues: _Issues) -> dict[str, tuple[int, str]]:
    header: dict[str, tuple[int, str]] = {}
    for number, cells in rows:
        key = cells[0].strip().lower()
        if key not in HEADER_KEYS:
            issues.add(
                number, key, f"unknown header key; expected one of {', '.join(HEADER_KEYS)}, then the table."
            )
        elif key in header:
            issues.add(number, key, f"given twice (first on line {header[key][0]}).")
        elif any(c.strip() for c in cells[2:]):
            issues.add(number, key, "a header row has one key and one value.")
        else:
            header[key] = (number, cells[1] if len(cells) > 1 else "")
    return header


def _table(rows: list[Row], issues: _Issues) -> list[_TableRow]:
    (head_number, head), body = rows[0], rows[1:]
    columns = [c.strip().lower() for c in head]
    for name in columns:
        if name and name not in TABLE_COLUMNS:
            issues.add(head_number, name, f"unknown column; expected some of {', '.join(TABLE_COLUMNS)}.")
        elif name and columns.count(name) > 1:
            issues.add(head_number, name, "column given twice.")
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            issues.add(head_number, name, "required column missing.")
    table: list[_TableRow] = []
    for number, cells in body:
        if any(c.strip() for c in cells[len(columns) :]):
            issues.add(number, "", f"more cells than the {len(columns)} columns of the table header.")
        table.append(
            _TableRow(number, {name: cells[i] for i, name in enumerate(columns) if name and i < len(cells)})
        )
    return table


def _tabular_bom(
    header: dict[str, tuple[int, str]], table: list[_TableRow], issues: _Issues
) -> BillOfMaterials | None:
    first = min((n for n, _ in header.values()), default=1)
    currency = None
    if "currency" in header:
        currency = _text(header["currency"][1], header["currency"][0], "currency", issues, required=True)
        if currency is not None:
            try:
                currency = validate_currency(currency)
            except CjktradeError as error:
                issues.add(header["currency"][0], "currency", error.message)

    def at(key: str) -> int:
        return header[key][0] if key in header else first

    def value(key: str) -> str | None:
        return header[key][1] if key in header else None

    top = _tree(table, issues)
    materials = [_row_material(row, currency, issues) for row in top]
    product = _product_from(value, at, "producer_country", currency, issues)
    cost_values = {k: _money(value(k), currency, at(k), k, issues) for k in COST_FIELDS}
    costs = _tabular_costs(cost_values, at, issues)
    if product is None or any(m is None for m in materials) or issues.items:
        return None
    lines = {row.line: row.number for row in top}

    def locate(where: str, name: str) -> tuple[Location, str]:
        if where.startswith("material "):
            return lines.get(where.removeprefix("material "), first), name
        return at(name), name

    return _build(issues, locate, lambda: BillOfMaterials(product, tuple(m for m in materials if m), costs))


def _tabular_costs(
    values: dict[str, Money | None], at: Callable[[str], int], issues: _Issues
) -> CostElements | None:
    given = [k for k, v in values.items() if v is not None]
    if given and len(given) != len(COST_FIELDS):
        for k in COST_FIELDS:
            if values[k] is None:
                issues.add(
                    at(given[0]), k, "missing: give all four cost elements or none (0 where there is none)."
                )
    return _costs(values, lambda _w, name: (at(name), name), issues)


def _product_from(
    value: Callable[[str], str | None],
    at: Callable[[str], int],
    country_key: str,
    currency: str | None,
    issues: _Issues,
) -> Product | None:
    before = len(issues.items)
    hs_code = _code(value("hs_code"), at("hs_code"), "hs_code", issues)
    description = _text(value("description"), at("description"), "description", issues, required=True)
    producer = _country(value(country_key), at(country_key), country_key, issues, required=True)
    fob = _money(value("fob"), currency, at("fob"), "fob", issues, required=True)
    exw = _money(value("exw"), currency, at("exw"), "exw", issues)
    weight = _decimal(value("weight_kg"), at("weight_kg"), "weight_kg", issues)
    operations = _operations(
        value("minimal_operations"), at("minimal_operations"), "minimal_operations", issues
    )
    wholly = _bool(value("wholly_obtained"), at("wholly_obtained"), "wholly_obtained", issues)
    if (
        hs_code is None
        or description is None
        or producer is None
        or fob is None
        or len(issues.items) > before
    ):
        return None
    names = {"producer_country": country_key}
    return _build(
        issues,
        lambda _w, name: (at(names.get(name, name)), names.get(name, name)),
        lambda: Product(hs_code, description, producer, fob, exw, weight, operations, wholly),
    )


def _tree(table: list[_TableRow], issues: _Issues) -> list[_TableRow]:
    by_line: dict[str, _TableRow] = {}
    for row in table:
        if row.line in by_line:
            issues.add(
                row.number,
                "line",
                f"{row.line!r} is also on line {by_line[row.line].number}: lines must be unique.",
            )
        elif row.line:
            by_line[row.line] = row
    top: list[_TableRow] = []
    for row in table:
        parent = row.cells.get("parent", "").strip()
        if not parent:
            top.append(row)
        elif parent not in by_line:
            issues.add(row.number, "parent", f"{parent!r} is not the line of any material.")
        else:
            by_line[parent].children.append(row)
    for row in table:
        seen: set[str] = set()
        cursor: _TableRow | None = row
        while cursor is not None and cursor.cells.get("parent", "").strip():
            if cursor.line in seen:
                issues.add(row.number, "parent", "the parent lines form a loop.")
                break
            seen.add(cursor.line)
            cursor = by_line.get(cursor.cells["parent"].strip())
    return top


def _row_material(row: _TableRow, currency: str | None, issues: _Issues) -> Material | None:
    cells, n = row.cells, row.number
    sub = None
    if row.children:
        sub = _row_sub_bom(row, currency, issues)
    else:
        for name in SUB_ASSEMBLY_COLUMNS:
            if cells.get(name, "").strip():
                issues.add(n, name, "only for a sub-assembly (a line that other lines name as their parent).")
    before = len(issues.items)
    line = _text(cells.get("line"), n, "line", issues, required=True)
    description = _text(cells.get("description"), n, "description", issues, required=True)
    hs_code = _code(cells.get("hs_code"), n, "hs_code", issues)
    value = _money(cells.get("value"), currency, n, "value", issues, required=True)
    status = _choice(cells.get("status"), ORIGINATING_STATUSES, n, "status", issues)
    if status is None and not row.children and not cells.get("status", "").strip():
        issues.add(n, "status", "missing: give originating, non-originating or unknown.")
    origin = _country(cells.get("origin_country"), n, "origin_country", issues)
    under = _text(cells.get("originating_under"), n, "originating_under", issues)
    declaration = _text(cells.get("supplier_declaration"), n, "supplier_declaration", issues)
    basis: ValueBasis | None = _choice(cells.get("value_basis"), VALUE_BASES, n, "value_basis", issues)
    weight = _decimal(cells.get("weight_kg"), n, "weight_kg", issues)
    packing: Packing | None = _choice(cells.get("packing"), PACKINGS, n, "packing", issues)
    if (
        line is None
        or description is None
        or hs_code is None
        or value is None
        or (row.children and sub is None)
        or len(issues.items) > before
    ):
        return None
    state: OriginatingStatus | None = status
    return _build(
        issues,
        lambda _w, name: (n, name),
        lambda: Material(
            line, description, hs_code, value, state, origin, under, declaration, basis, weight, packing, sub
        ),
    )


def _row_sub_bom(row: _TableRow, currency: str | None, issues: _Issues) -> BillOfMaterials | None:
    cells, n = row.cells, row.number

    def value(key: str) -> str | None:
        return cells.get(key)

    def at(_key: str) -> int:
        return n

    if not cells.get("fob", "").strip():
        issues.add(
            n, "fob", "missing: a sub-assembly needs its own FOB (or ex-works) value for its own rule."
        )
        return None
    product = _product_from(value, at, "origin_country", currency, issues)
    costs = _tabular_costs({k: _money(cells.get(k), currency, n, k, issues) for k in COST_FIELDS}, at, issues)
    materials = [_row_material(child, currency, issues) for child in row.children]
    if product is None or any(m is None for m in materials):
        return None
    lines = {child.line: child.number for child in row.children}

    def locate(where: str, name: str) -> tuple[Location, str]:
        return (
            (lines.get(where.removeprefix("material "), n), name)
            if where.startswith("material ")
            else (n, name)
        )

    return _build(issues, locate, lambda: BillOfMaterials(product, tuple(m for m in materials if m), costs))


def bom_to_rows(bom: BillOfMaterials) -> list[list[str]]:
    """The CSV/XLSX layout of ``bom``: header block, a blank row, the table (sub-BOMs via ``parent``)."""
    product = bom.product
    header = {
        "hs_code": format_code(product.hs_code),
        "description": product.description,
        "producer_country": product.producer_country,
        "currency": bom.currency,
        "fob": str(product.fob.amount),
        "exw": "" if product.exw is None else str(product.exw.amount),
        "weight_kg": "" if product.weight_kg is None else str(product.weight_kg),
        "wholly_obtained": _flag(product.wholly_obtained),
        "minimal_operations": "; ".join(product.minimal_operations),
        **{name: str(money.amount) for name, money in (bom.costs.items() if bom.costs else ())},
    }
    rows = [[key, text] for key, text in header.items() if text]
    rows += [[], list(TABLE_COLUMNS)]
    seen: set[str] = set()
    _material_rows(bom, "", rows, seen)
    return rows


def _flag(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _material_rows(bom: BillOfMaterials, parent: str, rows: list[list[str]], seen: set[str]) -> None:
    for m in bom.materials:
        if m.line in seen:
            raise InvalidInputError(
                f"line {m.line!r} is used at two levels of the BOM: the CSV/XLSX layout needs unique lines."
            )
        seen.add(m.line)
        sub = m.sub_bom
        cells = {
            "line": m.line,
            "parent": parent,
            "description": m.description,
            "hs_code": format_code(m.hs_code),
            "origin_country": m.origin_country or "",
            "status": m.status or "",
            "originating_under": m.originating_under or "",
            "supplier_declaration": m.supplier_declaration or "",
            "value": str(m.value.amount),
            "value_basis": m.value_basis or "",
            "weight_kg": "" if m.weight_kg is None else str(m.weight_kg),
            "packing": m.packing or "",
            "fob": "" if sub is None else str(sub.product.fob.amount),
            "minimal_operations": "" if sub is None else "; ".join(sub.product.minimal_operations),
            "wholly_obtained": "" if sub is None else _flag(sub.product.wholly_obtained),
        }
        if sub is not None and sub.costs is not None:
            cells.update({name: str(money.amount) for name, money in sub.costs.items()})
        rows.append([cells.get(column, "") for column in TABLE_COLUMNS])
        if sub is not None:
            _material_rows(sub, m.line, rows, seen)


def bom_to_csv(bom: BillOfMaterials) -> str:
    """``bom_to_rows`` as CSV text (what ``read_bom_csv`` reads back)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(bom_to_rows(bom))
    return out.getvalue()
