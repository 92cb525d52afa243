"""Use cases of an organisation's records: products and their versioned BOMs, suppliers, shipments,
frozen quotes, origin verdicts; with pagination and an audit entry for every change.

Every function takes the acting ``Principal`` and only ever sees that organisation's rows: a
record of another organisation is "not found", never its data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cjktrade.core.countries import resolve_country
from cjktrade.core.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from cjktrade.hs.codes import normalise_code
from cjktrade.landed_cost.model import parse_shipment
from cjktrade.origin import read_bom_json
from cjktrade.refdata import loader
from cjktrade.services.accounts import Principal, add_logged, audit, validate_business_id
from cjktrade.store.models import (
    AuditEntry,
    BomVersion,
    IssuedDocument,
    IssuerBinding,
    OriginVerdict,
    Product,
    Quote,
    Shipment,
    Supplier,
)

MAX_PAGE = 100


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProductIn(_Input):
    code: str = Field(description="HS code or national line")
    name: str = Field(min_length=1, max_length=200)
    descriptions: dict[str, str] = Field(default_factory=dict, description="by language: en, zh, ja, ko")

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        return normalise_code(value)

    @field_validator("descriptions")
    @classmethod
    def _langs(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = set(value) - {"en", "zh", "ja", "ko"}
        if unknown:
            raise ValueError(f"languages {sorted(unknown)}: use en, zh, ja, ko")
        return value


class Declaration(_Input):
    reference: str
    agreement: str
    hs_code: str | None = None
    valid_from: date
    valid_until: date


class SupplierIn(_Input):
    name: str = Field(min_length=1, max_length=200)
    country: str
    business_id: str | None = None
    declarations: list[Declaration] = Field(default_factory=list)

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        return resolve_country(value).alpha2


class ShipmentIn(_Input):
    reference: str = Field(min_length=1, max_length=100)
    content: dict[str, Any] = Field(description="the shipment, as POST /api/v1/landed-cost takes it")


class TariffQuoteIn(_Input):
    """The inputs of a stored tariff quote, as ``cjktrade tariff`` takes them (amounts as text or numbers)."""

    code: str
    to: str
    origin: str
    on: str | None = None
    value: str | Decimal | None = None
    currency: str | None = None
    quantity: str | Decimal | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Resource:
    name: str
    model: Any
    schema: type[_Input]
    public: Callable[[Any], dict[str, Any]]
    prepare: Callable[[dict[str, Any]], dict[str, Any]] = lambda data: data


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _product(row: Product) -> dict[str, Any]:
    return {
        "id": row.id,
        "code": row.code,
        "name": row.name,
        "descriptions": row.descriptions,
        "created_at": _iso(row.created_at),
    }


def _supplier(row: Supplier) -> dict[str, Any]:
    today = date.today().isoformat()
    declarations = [{**d, "expired": d["valid_until"] < today} for d in row.declarations]
    return {"id": row.id, "name": row.name, "country": row.country, "business_id": row.business_id,
            "declarations": declarations, "created_at": _iso(row.created_at)}  # fmt: skip


def _shipment(row: Shipment) -> dict[str, Any]:
    return {
        "id": row.id,
        "reference": row.reference,
        "content": row.content,
        "created_at": _iso(row.created_at),
    }


def _prepare_supplier(data: dict[str, Any]) -> dict[str, Any]:
    data["business_id"] = validate_business_id(data["country"], data.get("business_id"))
    data["declarations"] = [json.loads(json.dumps(d, default=str)) for d in data.get("declarations", [])]
    return data


def _prepare_shipment(data: dict[str, Any]) -> dict[str, Any]:
    parse_shipment(data["content"])  # refuse a shipment that could not be quoted, with its errors
    return data


RESOURCES: dict[str, Resource] = {
    "products": Resource("products", Product, ProductIn, _product),
    "suppliers": Resource("suppliers", Supplier, SupplierIn, _supplier, _prepare_supplier),
    "shipments": Resource("shipments", Shipment, ShipmentIn, _shipment, _prepare_shipment),
}


def _validate(schema: type[_Input], data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InvalidInputError("the body must be a JSON object.")
    try:
        return schema.model_validate(data).model_dump(mode="json")
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}" for e in error.errors()
        )
        raise InvalidInputError(problems) from None


def _resource(name: str) -> Resource:
    if name not in RESOURCES:
        raise NotFoundError(f"unknown resource {name!r}.")
    return RESOURCES[name]


def _owned(db: Session, principal: Principal, model: Any, record_id: int) -> Any:
    row = db.scalar(select(model).where(model.id == record_id, model.org_id == principal.org_id))
    if row is None:
        raise NotFoundError(f"{model.__tablename__[:-1].replace('_', ' ')} {record_id} not found.")
    return row


def page(db: Session, principal: Principal, model: Any, limit: int, cursor: int | None,
         public: Callable[[Any], dict[str, Any]], **filters: Any) -> dict[str, Any]:  # fmt: skip
    """Keyset pagination by id: ``next_cursor`` is the last id of the page, or None at the end."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInputError(f"limit {limit} is out of range: use 1 to {MAX_PAGE}.")
    query = select(model).where(model.org_id == principal.org_id)
    for column, value in filters.items():
        query = query.where(getattr(model, column) == value)
    if cursor is not None:
        query = query.where(model.id > cursor)
    rows = list(db.scalars(query.order_by(model.id).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return {"items": [public(r) for r in rows], "next_cursor": rows[-1].id if more and rows else None}


# --- generic records -------------------------------------------------------------------------------


def list_records(
    db: Session, principal: Principal, name: str, limit: int = 20, cursor: int | None = None
) -> dict[str, Any]:
    resource = _resource(name)
    return page(db, principal, resource.model, limit, cursor, resource.public)


def get_record(db: Session, principal: Principal, name: str, record_id: int) -> dict[str, Any]:
    resource = _resource(name)
    return resource.public(_owned(db, principal, resource.model, record_id))


def create_record(db: Session, principal: Principal, name: str, data: Any) -> dict[str, Any]:
    principal.require("editor")
    resource = _resource(name)
    values = resource.prepare(_validate(resource.schema, data))
    row = resource.model(org_id=principal.org_id, **values)
    add_logged(db, principal, row, name)
    return resource.public(row)


def update_record(db: Session, principal: Principal, name: str, record_id: int, data: Any) -> dict[str, Any]:
    principal.require("editor")
    resource = _resource(name)
    row = _owned(db, principal, resource.model, record_id)
    if not isinstance(data, dict):
        raise InvalidInputError("the body must be a JSON object.")
    unknown = set(data) - set(resource.schema.model_fields)
    if unknown:
        raise InvalidInputError(f"unknown fields: {', '.join(sorted(unknown))}.")
    # A partial update is validated as the whole record it produces.
    current = {k: getattr(row, k) for k in resource.schema.model_fields}
    values = resource.prepare(_validate(resource.schema, {**current, **data}))
    for key in data:
        setattr(row, key, values[key])
    audit(db, principal.org_id, principal.actor, "update", name, record_id, {"fields": sorted(data)})
    return resource.public(row)


def delete_record(db: Session, principal: Principal, name: str, record_id: int) -> None:
    principal.require("editor")
    resource = _resource(name)
    row = _owned(db, principal, resource.model, record_id)
    if name == "products" and db.scalar(
        select(func.count())
        .select_from(BomVersion)
        .where(BomVersion.product_id == row.id, BomVersion.locked.is_(True))
    ):
        raise ConflictError(
            f"product {record_id} has BOM versions used by verdicts or documents; it cannot be deleted."
        )
    db.delete(row)
    audit(db, principal.org_id, principal.actor, "delete", name, record_id)


# --- BOM versions ----------------------------------------------------------------------------------


def _bom(row: BomVersion) -> dict[str, Any]:
    return {"id": row.id, "product_id": row.product_id, "version": row.version, "content": row.content,
            "locked": row.locked, "created_at": _iso(row.created_at)}  # fmt: skip


def create_bom_version(db: Session, principal: Principal, product_id: int, content: Any) -> dict[str, Any]:
    """A new version (1, 2, …): versions are never edited once a verdict or document used them."""
    principal.require("editor")
    _owned(db, principal, Product, product_id)
    read_bom_json(json.dumps(content))  # the documented BOM schema; errors name the JSON path
    latest = db.scalar(select(func.max(BomVersion.version)).where(BomVersion.product_id == product_id)) or 0
    row = BomVersion(
        org_id=principal.org_id, product_id=product_id, version=latest + 1, content=content, locked=False
    )
    add_logged(db, principal, row, "bom-version", {"product_id": product_id, "version": row.version})
    return _bom(row)


def _bom_row(db: Session, principal: Principal, product_id: int, version: int) -> BomVersion:
    _owned(db, principal, Product, product_id)
    row = db.scalar(select(BomVersion).where(BomVersion.product_id == product_id, BomVersion.version == version,
                                             BomVersion.org_id == principal.org_id))  # fmt: skip
    if row is None:
        raise NotFoundError(f"product {product_id} has no BOM version {version}.")
    return row


def list_bom_versions(
    db: Session, principal: Principal, product_id: int, limit: int = 20, cursor: int | None = None
) -> dict[str, Any]:
    _owned(db, principal, Product, product_id)
    return page(db, principal, BomVersion, limit, cursor, _bom, product_id=product_id)


def get_bom_version(db: Session, principal: Principal, product_id: int, version: int) -> dict[str, Any]:
    return _bom(_bom_row(db, principal, product_id, version))


def update_bom_version(
    db: Session, principal: Principal, product_id: int, version: int, content: Any
) -> dict[str, Any]:
    principal.require("editor")
    row = _bom_row(db, principal, product_id, version)
    if row.locked:
        raise ConflictError(
            f"BOM version {version} of product {product_id} was used by a verdict or document and cannot be edited.",
            hint="Create a new version instead (POST …/boms).",
        )
    read_bom_json(json.dumps(content))
    row.content = content
    audit(db, principal.org_id, principal.actor, "update", "bom-version", row.id)
    return _bom(row)


# --- verdicts and quotes: frozen snapshots --------------------------------------------------------


def _verdict(row: OriginVerdict) -> dict[str, Any]:
    return {"id": row.id, "bom_version_id": row.bom_version_id, "agreement": row.agreement, "status": row.status,
            "content": row.content, "data_version": row.data_version, "created_at": _iso(row.created_at)}  # fmt: skip


def create_verdict(
    db: Session, principal: Principal, product_id: int, version: int, to: str, on: str | None = None
) -> dict[str, Any]:
    """Check a stored BOM version against every agreement in force; store the answer and lock the version."""
    from cjktrade.services.origin import check

    principal.require("editor")
    bom_row = _bom_row(db, principal, product_id, version)
    answer = check(read_bom_json(json.dumps(bom_row.content)), to, on)
    best = answer["best"] or (
        answer["agreements"][0] if answer["agreements"] else {"agreement": "-", "status": "none"}
    )
    row = OriginVerdict(org_id=principal.org_id, bom_version_id=bom_row.id, agreement=best["agreement"],
                        status=best["status"], content=answer, data_version=answer["data_version"])  # fmt: skip
    bom_row.locked = True
    add_logged(db, principal, row, "verdict", {"bom_version_id": bom_row.id})
    return _verdict(row)


def list_verdicts(
    db: Session, principal: Principal, limit: int = 20, cursor: int | None = None
) -> dict[str, Any]:
    return page(db, principal, OriginVerdict, limit, cursor, _verdict)


def get_verdict(db: Session, principal: Principal, verdict_id: int) -> dict[str, Any]:
    return _verdict(_owned(db, principal, OriginVerdict, verdict_id))


def _quote(row: Quote) -> dict[str, Any]:
    return {"id": row.id, "kind": row.kind, "inputs": row.inputs, "outputs": row.outputs,
            "data_version": row.data_version, "created_at": _iso(row.created_at)}  # fmt: skip


def create_quote(db: Session, principal: Principal, kind: str, inputs: Any) -> dict[str, Any]:
    """Run a tariff or landed-cost quote and keep inputs, outputs and data version, never to change."""
    from cjktrade.services import landed_cost, tariff

    principal.require("editor")
    if not isinstance(inputs, dict):
        raise InvalidInputError("inputs must be a JSON object.")
    if kind == "tariff":
        given = _validate(TariffQuoteIn, inputs)
        outputs = tariff.quote_code(**{name: value for name, value in given.items() if value is not None})
    elif kind == "landed-cost":
        outputs = landed_cost.quote_shipment(inputs)
    else:
        raise InvalidInputError(f"quote kind {kind!r}: use tariff or landed-cost.")
    row = Quote(
        org_id=principal.org_id,
        kind=kind,
        inputs=inputs,
        outputs=outputs,
        data_version=loader.manifest_sha256()[:16],
    )
    add_logged(db, principal, row, "quote", {"kind": kind})
    return _quote(row)


def list_quotes(
    db: Session, principal: Principal, limit: int = 20, cursor: int | None = None
) -> dict[str, Any]:
    return page(db, principal, Quote, limit, cursor, _quote)


def get_quote(db: Session, principal: Principal, quote_id: int) -> dict[str, Any]:
    return _quote(_owned(db, principal, Quote, quote_id))


# --- audit --------------------------------------------------------------------------------------


def _entry(row: AuditEntry) -> dict[str, Any]:
    return {"id": row.id, "actor": row.actor, "action": row.action, "resource": row.resource,
            "resource_id": row.resource_id, "details": row.details, "at": _iso(row.at)}  # fmt: skip


def list_audit(
    db: Session, principal: Principal, limit: int = 50, cursor: int | None = None
) -> dict[str, Any]:
    principal.require("owner")
    return page(db, principal, AuditEntry, limit, cursor, _entry)


# --- issued documents (the credentials live in the document store; the organisation keeps a record) --


def _document(row: IssuedDocument) -> dict[str, Any]:
    return {"id": row.id, "type": row.doc_type, "credential_id": row.credential_id, "revoked": row.revoked,
            "created_at": _iso(row.created_at)}  # fmt: skip


def record_issued_document(
    db: Session, principal: Principal, doc_type: str, credential_id: str, credential: str
) -> dict[str, Any]:
    row = IssuedDocument(
        org_id=principal.org_id,
        doc_type=doc_type,
        credential_id=credential_id,
        credential=credential,
        revoked=False,
    )
    add_logged(
        db, principal, row, "document", {"credential_id": credential_id, "type": doc_type}, action="issue"
    )
    return _document(row)


def list_issued_documents(
    db: Session, principal: Principal, limit: int = 20, cursor: int | None = None
) -> dict[str, Any]:
    return page(db, principal, IssuedDocument, limit, cursor, _document)


def issued_document(
    db: Session, principal: Principal, record_id: int, *, for_change: bool = False
) -> IssuedDocument:
    if for_change:
        principal.require("editor")
    row: IssuedDocument = _owned(db, principal, IssuedDocument, record_id)
    return row


def mark_revoked(db: Session, principal: Principal, row: IssuedDocument) -> None:
    row.revoked = True
    audit(
        db,
        principal.org_id,
        principal.actor,
        "revoke",
        "document",
        row.id,
        {"credential_id": row.credential_id},
    )


# --- issuers: which organisation may sign with which key -------------------------------------------


def bind_issuer(db: Session, org_id: int, issuer: str) -> None:
    """Reserve an issuer key of the installation for one organisation (server administration)."""
    existing = db.scalar(select(IssuerBinding).where(IssuerBinding.issuer == issuer))
    if existing is not None and existing.org_id != org_id:
        raise ConflictError(f"issuer {issuer!r} is already bound to another organisation.")
    if existing is None:
        db.add(IssuerBinding(org_id=org_id, issuer=issuer))
        audit(db, org_id, "admin", "bind", "issuer", None, {"issuer": issuer})


def require_issuer(db: Session, principal: Principal, issuer: str) -> None:
    """Refuse to sign as an issuer bound to another organisation."""
    principal.require("editor")
    binding = db.scalar(select(IssuerBinding).where(IssuerBinding.issuer == issuer))
    if binding is not None and binding.org_id != principal.org_id:
        raise PermissionDeniedError(f"issuer {issuer!r} belongs to another organisation.")


def stored_verdicts(db: Session, principal: Principal, verdict_ids: list[int]) -> list[dict[str, Any]]:
    """The evaluations of the organisation's stored verdicts, for a document made from them."""
    out = []
    for verdict_id in verdict_ids:
        row = _owned(db, principal, OriginVerdict, verdict_id)
        entry = next(
            (a for a in row.content.get("agreements", []) if a.get("agreement") == row.agreement), None
        )
        if entry is None or not entry.get("verdict"):
            raise InvalidInputError(f"verdict {verdict_id} has no evaluation to make a document from.")
        out.append(entry["verdict"])
    return out
