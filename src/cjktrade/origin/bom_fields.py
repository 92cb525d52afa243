"""The shared parts of the BOM readers: format constants, the error that lists every fault by
location, and the field readers (each returns None and records an issue when a value cannot be read).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple, TypeVar, cast

from cjktrade.core.countries import resolve_country
from cjktrade.core.errors import CjktradeError, InvalidInputError
from cjktrade.core.money import Money, to_decimal, validate_currency
from cjktrade.hs.codes import normalise_code
from cjktrade.origin.bom import (
    COST_FIELDS,
    CostElements,
    InvalidBomError,
    Product,
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


def _product_from(
    value: Callable[[str], object],
    at: Callable[[str], Location],
    country_key: str,
    currency: str | None,
    issues: _Issues,
) -> Product | None:
    """The product of a BOM from its fields, whatever the file: ``value(name)`` reads a field and
    ``at(name)`` says where it is (a JSON path, a table row); ``country_key`` names the producer's
    country field (``origin_country`` for a sub-assembly row of a table)."""
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


def _costs(
    values: dict[str, Money | None], locate: Callable[[str, str], tuple[Location, str]], issues: _Issues
) -> CostElements | None:
    present = {k: v for k, v in values.items() if v is not None}
    if len(present) != len(COST_FIELDS):
        return None
    return _build(issues, locate, lambda: CostElements(**present))
