"""Bills of materials as CSV or XLSX: a header block of key,value rows, a blank row, then one row
per material (docs/bom-format.md); reader and writer."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from cjktrade.core.errors import CjktradeError, InvalidInputError
from cjktrade.core.money import Money, validate_currency
from cjktrade.hs.codes import format_code
from cjktrade.origin.bom import (
    COST_FIELDS,
    ORIGINATING_STATUSES,
    PACKINGS,
    VALUE_BASES,
    BillOfMaterials,
    CostElements,
    Material,
    OriginatingStatus,
    Packing,
    ValueBasis,
)
from cjktrade.origin.bom_fields import (
    HEADER_KEYS,
    REQUIRED_COLUMNS,
    SUB_ASSEMBLY_COLUMNS,
    TABLE_COLUMNS,
    BomFileError,
    BomFileIssue,
    Location,
    _build,
    _choice,
    _code,
    _costs,
    _country,
    _decimal,
    _Issues,
    _money,
    _product_from,
    _text,
)

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
