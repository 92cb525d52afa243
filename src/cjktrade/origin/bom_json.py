"""Bills of materials as JSON (``cjktrade-bom/1``, docs/bom-format.md): reader and writer."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from cjktrade.core.errors import CjktradeError
from cjktrade.core.money import validate_currency
from cjktrade.hs.codes import format_code
from cjktrade.origin.bom import (
    COST_FIELDS,
    ORIGINATING_STATUSES,
    PACKINGS,
    VALUE_BASES,
    BillOfMaterials,
    CostElements,
    Material,
    Product,
)
from cjktrade.origin.bom_fields import (
    _MATERIAL_KEYS,
    _PRODUCT_KEYS,
    BOM_FORMAT,
    BomFileError,
    BomFileIssue,
    Location,
    _blank,
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
    return _product_from(data.get, lambda _name: path, "producer_country", currency, issues)


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
