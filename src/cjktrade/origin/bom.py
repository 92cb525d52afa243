"""The bill of materials (BOM) of a good, as the origin evaluator reads it: typed, validated, one currency.

A BOM is the producer's declaration: the good (``Product``), the materials used to make it
(``Material``, each with its own originating status and value, optionally a nested sub-BOM for a
sub-assembly) and, for the build-up RVC, the producer's cost elements (``CostElements``). Nothing is
filled in on a guess: a value that is not given stays ``None`` and the evaluator says it is missing.

>>> from cjktrade.core.money import Money
>>> pack = Product("8507.60", "Battery pack", "KR", Money("100.00", "USD"))
>>> cells = Material("1", "Lithium-ion cells", "8507.60", Money("50.00", "USD"), "originating",
...                  origin_country="CN", originating_under="RCEP")
>>> bom = BillOfMaterials(pack, (cells,))
>>> bom.product.hs6, bom.currency, bom.materials[0].hs_code
('850760', 'USD', '850760')
>>> BillOfMaterials(pack, (Material("1", "Cells", "8507.60", Money("50", "JPY"), "unknown"),))
Traceback (most recent call last):
...
cjktrade.origin.bom.InvalidBomError: invalid bill of materials: material 1, value: in JPY, but the BOM is in USD (the currency of the product's FOB); give every amount in one currency (cjktrade fx convert).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from cjktrade.core.countries import get_country
from cjktrade.core.errors import InvalidCodeError, InvalidInputError
from cjktrade.core.money import Money
from cjktrade.hs.codes import normalise_code

OriginatingStatus = Literal["originating", "non-originating", "unknown"]
ValueBasis = Literal["cif", "price-paid"]
Packing = Literal["retail", "transport"]

ORIGINATING_STATUSES: tuple[OriginatingStatus, ...] = ("originating", "non-originating", "unknown")
VALUE_BASES: tuple[ValueBasis, ...] = ("cif", "price-paid")
PACKINGS: tuple[Packing, ...] = ("retail", "transport")
COST_FIELDS: tuple[str, ...] = ("direct_labour", "direct_overhead", "profit", "other_costs")


@dataclass(frozen=True)
class BomIssue:
    """One fault of a BOM: where (``product``, ``costs``, ``material 3``), which field, what is wrong."""

    where: str
    field: str
    message: str


class InvalidBomError(InvalidInputError):
    """A BOM that breaks a rule of the model; ``issues`` lists every fault found, not just the first."""

    slug = "invalid-bom"

    def __init__(self, issues: Sequence[BomIssue], *, hint: str | None = None) -> None:
        self.issues = tuple(issues)
        faults = "; ".join(f"{i.where}, {i.field}: {i.message}" for i in self.issues)
        super().__init__(f"invalid bill of materials: {faults}", hint=hint)


class _Faults:
    def __init__(self, where: str) -> None:
        self.where = where
        self.issues: list[BomIssue] = []

    def add(self, field_name: str, message: str) -> None:
        self.issues.append(BomIssue(self.where, field_name, message))

    def raise_any(self) -> None:
        if self.issues:
            raise InvalidBomError(self.issues)


def _code(faults: _Faults, name: str, value: str, lengths: tuple[int, ...]) -> str:
    try:
        digits = normalise_code(value)
    except InvalidCodeError as error:
        faults.add(name, error.message)
        return value
    if len(digits) not in lengths:
        faults.add(name, f"{value!r} has {len(digits)} digits; give {' or '.join(map(str, lengths))} digits.")
    return digits


def _country(faults: _Faults, name: str, value: str | None) -> str | None:
    if value is None:
        return None
    country = get_country(value) if isinstance(value, str) and len(value.strip()) == 2 else None
    if country is None:
        faults.add(name, f"{value!r} is not an ISO 3166 alpha-2 country code (e.g. CN, JP, KR).")
        return value
    return country.alpha2


def _text(faults: _Faults, name: str, value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        faults.add(name, "missing: give the words, it cannot be blank.")
        return value
    return value.strip()


def _weight(faults: _Faults, name: str, value: Decimal | None) -> None:
    if value is not None and (not isinstance(value, Decimal) or not value.is_finite() or value <= 0):
        faults.add(name, f"{value!r} must be a positive Decimal number of kilograms.")


def _not_negative(faults: _Faults, name: str, value: Money | None) -> None:
    if value is not None and value.amount < 0:
        faults.add(name, f"{value} must not be negative.")


def _set(obj: object, name: str, value: object) -> None:
    object.__setattr__(obj, name, value)


@dataclass(frozen=True)
class Product:
    """The good: its HS code (6-digit subheading or a national line), producer country and FOB.

    ``minimal_operations`` lists what the producer declares was *all* that was done to the good
    (packing, labelling, simple mixing, ...): such operations never confer origin (RCEP Art. 3.6).
    ``wholly_obtained`` is the producer's declaration under RCEP Art. 3.3; None means not declared.
    """

    hs_code: str
    description: str
    producer_country: str
    fob: Money
    exw: Money | None = None
    weight_kg: Decimal | None = None
    minimal_operations: tuple[str, ...] = ()
    wholly_obtained: bool | None = None

    def __post_init__(self) -> None:
        faults = _Faults("product")
        _set(self, "hs_code", _code(faults, "hs_code", self.hs_code, (6, 8, 9, 10)))
        _set(self, "description", _text(faults, "description", self.description))
        _set(self, "producer_country", _country(faults, "producer_country", self.producer_country))
        if self.fob.amount <= 0:
            faults.add("fob", f"{self.fob} must be above zero: it is the denominator of the RVC.")
        _not_negative(faults, "exw", self.exw)
        _weight(faults, "weight_kg", self.weight_kg)
        operations = tuple(self.minimal_operations)
        if any(not isinstance(op, str) or not op.strip() for op in operations):
            faults.add("minimal_operations", "each declared operation needs its words.")
        _set(self, "minimal_operations", tuple(op.strip() for op in operations if isinstance(op, str)))
        faults.raise_any()

    @property
    def hs6(self) -> str:
        return self.hs_code[:6]

    @property
    def chapter(self) -> int:
        return int(self.hs_code[:2])


@dataclass(frozen=True)
class CostElements:
    """The producer's costs for the build-up RVC (RCEP Art. 3.5). ``profit`` may be negative (a loss)."""

    direct_labour: Money
    direct_overhead: Money
    profit: Money
    other_costs: Money

    def __post_init__(self) -> None:
        faults = _Faults("costs")
        for name in ("direct_labour", "direct_overhead", "other_costs"):
            _not_negative(faults, name, getattr(self, name))
        faults.raise_any()

    def items(self) -> Iterator[tuple[str, Money]]:
        for name in COST_FIELDS:
            yield name, getattr(self, name)

    def total(self) -> Money:
        return self.direct_labour + self.direct_overhead + self.profit + self.other_costs


@dataclass(frozen=True)
class Material:
    """One line of the BOM.

    ``status`` is the producer's declaration (backed by ``supplier_declaration``); ``originating``
    needs ``origin_country`` and the agreement it is originating under (``originating_under``).
    ``origin_country`` None means unknown. ``value`` is the CIF value at importation or the price
    paid (``value_basis``). A sub-assembly carries its own BOM in ``sub_bom``; its status is then
    computed from that BOM, so ``status`` must be None and ``origin_country`` names where it was made.
    ``packing`` marks retail or transport packing (RCEP Art. 3.8).
    """

    line: str
    description: str
    hs_code: str
    value: Money
    status: OriginatingStatus | None
    origin_country: str | None = None
    originating_under: str | None = None
    supplier_declaration: str | None = None
    value_basis: ValueBasis | None = None
    weight_kg: Decimal | None = None
    packing: Packing | None = None
    sub_bom: BillOfMaterials | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        line = self.line.strip() if isinstance(self.line, str) else ""
        faults = _Faults(f"material {line or '?'}")
        if not line:
            faults.add("line", "missing: every material needs a line number or id.")
        _set(self, "line", line)
        _set(self, "description", _text(faults, "description", self.description))
        _set(self, "hs_code", _code(faults, "hs_code", self.hs_code, (4, 6, 8, 9, 10)))
        _not_negative(faults, "value", self.value)
        _set(self, "origin_country", _country(faults, "origin_country", self.origin_country))
        _weight(faults, "weight_kg", self.weight_kg)
        if self.value_basis is not None and self.value_basis not in VALUE_BASES:
            faults.add("value_basis", f"{self.value_basis!r} is not one of {', '.join(VALUE_BASES)}.")
        if self.packing is not None and self.packing not in PACKINGS:
            faults.add("packing", f"{self.packing!r} is not one of {', '.join(PACKINGS)}.")
        if self.originating_under is not None:
            _set(self, "originating_under", _text(faults, "originating_under", self.originating_under))
        if self.sub_bom is None:
            self._check_status(faults)
        else:
            self._check_sub_assembly(faults, self.sub_bom)
        faults.raise_any()

    def _check_status(self, faults: _Faults) -> None:
        if self.status is None:
            faults.add("status", "missing: give originating, non-originating or unknown.")
        elif self.status not in ORIGINATING_STATUSES:
            faults.add("status", f"{self.status!r} is not one of {', '.join(ORIGINATING_STATUSES)}.")
        elif self.status == "originating":
            if self.origin_country is None:
                faults.add("origin_country", "missing: an originating material needs its country of origin.")
            if self.originating_under is None:
                faults.add(
                    "originating_under", "missing: name the agreement it is originating under (e.g. RCEP)."
                )

    def _check_sub_assembly(self, faults: _Faults, sub: BillOfMaterials) -> None:
        if self.status is not None:
            faults.add(
                "status", "leave it empty for a sub-assembly: its status is computed from its sub-BOM."
            )
        if self.origin_country != sub.product.producer_country:
            faults.add(
                "origin_country",
                f"{self.origin_country!r} must be where the sub-assembly was made, "
                f"the sub-BOM's producer country {sub.product.producer_country!r}.",
            )
        if len(self.hs_code) >= 6 and self.hs_code[:6] != sub.product.hs6:
            faults.add(
                "hs_code",
                f"{self.hs_code[:6]} differs from the sub-BOM's product code {sub.product.hs6}.",
            )
        elif len(self.hs_code) < 6:
            faults.add("hs_code", "a sub-assembly needs its 6-digit code to look up its own rule.")

    @property
    def is_sub_assembly(self) -> bool:
        return self.sub_bom is not None


@dataclass(frozen=True)
class BillOfMaterials:
    """The good, its materials and (optionally) the cost elements; every amount in one currency."""

    product: Product
    materials: tuple[Material, ...] = ()
    costs: CostElements | None = None

    def __post_init__(self) -> None:
        _set(self, "materials", tuple(self.materials))
        issues: list[BomIssue] = []
        currency = self.product.fob.currency

        def check(where: str, field_name: str, money: Money | None, origin: str = "") -> None:
            if money is not None and money.currency != currency:
                issues.append(
                    BomIssue(
                        where,
                        field_name,
                        f"in {money.currency}{origin}, but the BOM is in {currency} (the currency of "
                        "the product's FOB); give every amount in one currency (cjktrade fx convert).",
                    )
                )

        check("product", "exw", self.product.exw)
        if self.costs is not None:
            for name, money in self.costs.items():
                check("costs", name, money)
        seen: set[str] = set()
        for material in self.materials:
            where = f"material {material.line}"
            if material.line in seen:
                issues.append(
                    BomIssue(where, "line", f"line {material.line!r} appears twice; lines must be unique.")
                )
            seen.add(material.line)
            check(where, "value", material.value)
            if material.sub_bom is not None:
                check(where, "sub_bom", material.sub_bom.product.fob, " (its sub-BOM)")
        if issues:
            raise InvalidBomError(issues)

    @property
    def currency(self) -> str:
        return self.product.fob.currency

    def material(self, line: str) -> Material:
        """The material of ``line``; ``LookupError`` naming the line if there is none."""
        for material in self.materials:
            if material.line == line:
                return material
        raise LookupError(f"no material with line {line!r} in this BOM.")

    def total_material_value(self) -> Money:
        total = Money(0, self.currency)
        for material in self.materials:
            total = total + material.value
        return total
