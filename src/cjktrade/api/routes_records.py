"""/api/v1: the organisation's records (products and BOM versions, suppliers, shipments), frozen
quotes and origin verdicts. Every route is scoped to the caller's organisation."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Query, Request, Response

from cjktrade.api.deps import DbDep, PrincipalDep, idempotent
from cjktrade.services import records

router = APIRouter(tags=["records"])

LimitQ = Query(20, description="Page size, 1-100")
CursorQ = Query(None, description="next_cursor of the previous page")
JsonBody = Body(..., description="The record as JSON")


def _crud(name: str) -> None:
    """The five routes of a record type; written once for every type."""

    @router.get(f"/{name}", summary=f"List {name}", name=f"list_{name}")
    def list_(
        db: DbDep, principal: PrincipalDep, limit: int = LimitQ, cursor: int | None = CursorQ
    ) -> dict[str, Any]:
        return records.list_records(db, principal, name, limit, cursor)

    @router.post(f"/{name}", status_code=201, summary=f"Create one of {name}", name=f"create_{name}")
    def create(
        request: Request, db: DbDep, principal: PrincipalDep, body: dict[str, Any] = JsonBody
    ) -> Response:
        return idempotent(
            request, db, principal, body, lambda: records.create_record(db, principal, name, body)
        )

    @router.get(f"/{name}/{{record_id}}", summary=f"One of {name}", name=f"get_{name}")
    def get(db: DbDep, principal: PrincipalDep, record_id: int) -> dict[str, Any]:
        return records.get_record(db, principal, name, record_id)

    @router.patch(f"/{name}/{{record_id}}", summary=f"Change one of {name}", name=f"update_{name}")
    def update(
        db: DbDep, principal: PrincipalDep, record_id: int, body: dict[str, Any] = JsonBody
    ) -> dict[str, Any]:
        return records.update_record(db, principal, name, record_id, body)

    @router.delete(
        f"/{name}/{{record_id}}", status_code=204, summary=f"Delete one of {name}", name=f"delete_{name}"
    )
    def delete(db: DbDep, principal: PrincipalDep, record_id: int) -> Response:
        records.delete_record(db, principal, name, record_id)
        return Response(status_code=204)


for _name in records.RESOURCES:
    _crud(_name)


@router.get("/products/{product_id}/boms", summary="BOM versions of a product")
def list_boms(
    db: DbDep, principal: PrincipalDep, product_id: int, limit: int = LimitQ, cursor: int | None = CursorQ
) -> dict[str, Any]:
    return records.list_bom_versions(db, principal, product_id, limit, cursor)


@router.post("/products/{product_id}/boms", status_code=201, summary="Add a BOM version (docs/bom-format.md)")
def create_bom(
    request: Request, db: DbDep, principal: PrincipalDep, product_id: int, body: dict[str, Any] = JsonBody
) -> Response:
    return idempotent(
        request, db, principal, body, lambda: records.create_bom_version(db, principal, product_id, body)
    )


@router.get("/products/{product_id}/boms/{version}", summary="One BOM version")
def get_bom(db: DbDep, principal: PrincipalDep, product_id: int, version: int) -> dict[str, Any]:
    return records.get_bom_version(db, principal, product_id, version)


@router.put(
    "/products/{product_id}/boms/{version}", summary="Replace an unlocked BOM version (409 once used)"
)
def update_bom(
    db: DbDep, principal: PrincipalDep, product_id: int, version: int, body: dict[str, Any] = JsonBody
) -> dict[str, Any]:
    return records.update_bom_version(db, principal, product_id, version, body)


@router.post(
    "/products/{product_id}/boms/{version}/verdicts", status_code=201, summary="Check a BOM version; locks it"
)
def create_verdict(
    request: Request, db: DbDep, principal: PrincipalDep, product_id: int, version: int,
    to: str = Query(..., description="Importer"), date: str | None = Query(None),
) -> Response:  # fmt: skip
    params = {"to": to, "date": date}
    return idempotent(
        request,
        db,
        principal,
        params,
        lambda: records.create_verdict(db, principal, product_id, version, to, date),
    )


@router.get("/verdicts", summary="Stored origin verdicts")
def list_verdicts(
    db: DbDep, principal: PrincipalDep, limit: int = LimitQ, cursor: int | None = CursorQ
) -> dict[str, Any]:
    return records.list_verdicts(db, principal, limit, cursor)


@router.get("/verdicts/{verdict_id}", summary="One stored verdict")
def get_verdict(db: DbDep, principal: PrincipalDep, verdict_id: int) -> dict[str, Any]:
    return records.get_verdict(db, principal, verdict_id)


@router.post(
    "/quotes/{kind}", status_code=201, summary="Run and freeze a quote: kind is tariff or landed-cost"
)
def create_quote(
    request: Request, db: DbDep, principal: PrincipalDep, kind: str, body: dict[str, Any] = JsonBody
) -> Response:
    return idempotent(
        request,
        db,
        principal,
        {"kind": kind, **body},
        lambda: records.create_quote(db, principal, kind, body),
    )


@router.get("/quotes", summary="Stored quotes (frozen snapshots)")
def list_quotes(
    db: DbDep, principal: PrincipalDep, limit: int = LimitQ, cursor: int | None = CursorQ
) -> dict[str, Any]:
    return records.list_quotes(db, principal, limit, cursor)


@router.get("/quotes/{quote_id}", summary="One stored quote")
def get_quote(db: DbDep, principal: PrincipalDep, quote_id: int) -> dict[str, Any]:
    return records.get_quote(db, principal, quote_id)
