"""The organisation's records: products (with their BOM versions), suppliers and shipments; the
stored origin verdicts. Every route calls ``services.records`` with the signed-in principal."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cjktrade.core.errors import CjktradeError
from cjktrade.services import records
from cjktrade.web.forms import USER_ERRORS, FormErrors, field_errors
from cjktrade.web.record_forms import RECORD_TYPES, RecordType
from cjktrade.web.rendering import page
from cjktrade.web.routes_account import see_other
from cjktrade.web.routes_landed_cost import SHIPMENT_FIELDS, shipment_context
from cjktrade.web.routes_origin import BOM_FIELDS, bom_json, editor_context
from cjktrade.web.rows import apply_action, form_json, is_row_action
from cjktrade.web.security import FormDep, PrincipalDep, WebDb

router = APIRouter()


def _form_page(request: Request, kind: RecordType, data: dict[str, Any], errors: FormErrors,
               record: dict[str, Any] | None, status: int = 200, **extra: Any) -> Response:  # fmt: skip
    """The form of ``kind`` filled with ``data`` (a record, or the body that failed)."""
    context: dict[str, Any] = {
        "kind": kind,
        "record": record,
        "values": kind.form_values(data),
        "errors": errors,
    }
    if kind.name == "shipments":
        context.update(shipment_context(dict(data.get("content") or {}), errors))
        context["values"]["reference"] = data.get("reference", "")
    return page(request, kind.template, status=status, **context, **extra)


def _errors(kind: RecordType, error: CjktradeError) -> FormErrors:
    names = (*kind.field_names, *(f"content-{n}" for n in SHIPMENT_FIELDS), *SHIPMENT_FIELDS)
    found = field_errors(error, names, country_field="country")
    # A shipment's own errors name "content.lines[0]…": its form fields have no "content-" prefix.
    return FormErrors({k.removeprefix("content-"): v for k, v in found.by_field.items()})


def _routes(kind: RecordType) -> None:
    """The list, create, edit and delete pages of one record type; written once for all."""
    name = kind.name

    @router.get(f"/{name}", name=f"web_list_{name}")
    def list_(request: Request, db: WebDb, principal: PrincipalDep, cursor: int | None = None) -> Response:
        listing = records.list_records(db, principal, name, limit=50, cursor=cursor)
        return page(request, "record_list.html", kind=kind, listing=listing)

    @router.get(f"/{name}/new", name=f"web_new_{name}")
    def new(request: Request, principal: PrincipalDep) -> Response:
        return _form_page(request, kind, {}, FormErrors(), None)

    @router.post(f"/{name}/new", name=f"web_create_{name}")
    def create(request: Request, db: WebDb, principal: PrincipalDep, form: FormDep) -> Response:
        body = kind.read(form)
        if is_row_action(str(form.get("action") or "")):
            body["content"] = apply_action(body.get("content") or {}, str(form.get("action")))
            return _form_page(request, kind, body, FormErrors(), None)
        try:
            created = records.create_record(db, principal, name, body)
        except USER_ERRORS as error:
            db.rollback()
            return _form_page(request, kind, body, _errors(kind, error), None, status=400)
        return see_other(f"/{name}/{created['id']}?notice=saved")

    @router.get(f"/{name}/{{record_id}}", name=f"web_edit_{name}")
    def edit(request: Request, db: WebDb, principal: PrincipalDep, record_id: int) -> Response:
        record = records.get_record(db, principal, name, record_id)
        return _form_page(
            request, kind, record, FormErrors(), record, **_extra(db, principal, kind, record_id)
        )

    @router.post(f"/{name}/{{record_id}}", name=f"web_update_{name}")
    def update(
        request: Request, db: WebDb, principal: PrincipalDep, record_id: int, form: FormDep
    ) -> Response:
        record = records.get_record(db, principal, name, record_id)
        body = kind.read(form)
        if is_row_action(str(form.get("action") or "")):
            body["content"] = apply_action(body.get("content") or {}, str(form.get("action")))
            return _form_page(
                request, kind, body, FormErrors(), record, **_extra(db, principal, kind, record_id)
            )
        try:
            records.update_record(db, principal, name, record_id, body)
        except USER_ERRORS as error:
            db.rollback()
            return _form_page(request, kind, body, _errors(kind, error), record, status=400,
                              **_extra(db, principal, kind, record_id))  # fmt: skip
        return see_other(f"/{name}/{record_id}?notice=saved")

    @router.post(f"/{name}/{{record_id}}/delete", name=f"web_delete_{name}")
    def delete(request: Request, db: WebDb, principal: PrincipalDep, record_id: int) -> Response:
        records.delete_record(db, principal, name, record_id)
        return see_other(f"/{name}?notice=deleted")


def _extra(db: WebDb, principal: PrincipalDep, kind: RecordType, record_id: int) -> dict[str, Any]:
    """A product's page also lists its BOM versions."""
    if kind.name != "products":
        return {}
    return {"boms": records.list_bom_versions(db, principal, record_id, limit=100)["items"]}


for _kind in RECORD_TYPES.values():
    _routes(_kind)


# --- BOM versions and verdicts ---------------------------------------------------------------------


def _bom_page(request: Request, product: dict[str, Any], bom: dict[str, Any] | None, data: dict[str, Any],
              errors: FormErrors, status: int = 200) -> Response:  # fmt: skip
    return page(request, "bom_version.html", status=status, product=product, version=version_info(bom),
                check_errors=FormErrors(), **editor_context(data, errors))  # fmt: skip


def version_info(bom: dict[str, Any] | None) -> dict[str, Any] | None:
    """A stored version's state; one with sub-assemblies is edited as a file, not in the editor
    (which has no fields for a sub-BOM)."""
    if bom is None:
        return None
    nested = any(m.get("sub_bom") for m in bom["content"].get("materials", []))
    return {**{k: bom[k] for k in ("version", "locked", "created_at")}, "nested": nested}


@router.get("/products/{product_id}/boms/new")
def new_bom(request: Request, db: WebDb, principal: PrincipalDep, product_id: int) -> Response:
    product = records.get_record(db, principal, "products", product_id)
    return _bom_page(request, product, None, {"product": {"hs_code": product["code"]}}, FormErrors())


@router.post("/products/{product_id}/boms/new")
def create_bom(
    request: Request, db: WebDb, principal: PrincipalDep, product_id: int, form: FormDep
) -> Response:
    product = records.get_record(db, principal, "products", product_id)
    data = form_json(form)
    action = str(form.get("action") or "")
    if is_row_action(action):
        return _bom_page(request, product, None, apply_action(data, action), FormErrors())
    try:
        created = records.create_bom_version(db, principal, product_id, bom_json(data))
    except USER_ERRORS as error:
        db.rollback()
        return _bom_page(request, product, None, data, field_errors(error, BOM_FIELDS), status=400)
    return see_other(f"/products/{product_id}/boms/{created['version']}?notice=saved")


@router.get("/products/{product_id}/boms/{version}")
def show_bom(request: Request, db: WebDb, principal: PrincipalDep, product_id: int, version: int) -> Response:
    product = records.get_record(db, principal, "products", product_id)
    bom = records.get_bom_version(db, principal, product_id, version)
    return _bom_page(request, product, bom, bom["content"], FormErrors())


@router.post("/products/{product_id}/boms/{version}")
def update_bom(request: Request, db: WebDb, principal: PrincipalDep, product_id: int, version: int,
               form: FormDep) -> Response:  # fmt: skip
    product = records.get_record(db, principal, "products", product_id)
    bom = records.get_bom_version(db, principal, product_id, version)
    data = form_json(form)
    action = str(form.get("action") or "")
    if is_row_action(action):
        return _bom_page(request, product, bom, apply_action(data, action), FormErrors())
    try:
        records.update_bom_version(db, principal, product_id, version, bom_json(data))
    except USER_ERRORS as error:
        db.rollback()
        return _bom_page(request, product, bom, data, field_errors(error, BOM_FIELDS), status=400)
    return see_other(f"/products/{product_id}/boms/{version}?notice=saved")


@router.post("/products/{product_id}/boms/{version}/verdicts")
def create_verdict(request: Request, db: WebDb, principal: PrincipalDep, product_id: int, version: int,
                   form: FormDep) -> Response:  # fmt: skip
    to, day = str(form.get("to") or ""), str(form.get("date") or "") or None
    try:
        verdict = records.create_verdict(db, principal, product_id, version, to, day)
    except USER_ERRORS as error:
        db.rollback()
        product = records.get_record(db, principal, "products", product_id)
        bom = records.get_bom_version(db, principal, product_id, version)
        return page(request, "bom_version.html", status=400, product=product, version=version_info(bom),
                    check_errors=field_errors(error, ("to", "date"), country_field="to"),
                    **editor_context(bom["content"], FormErrors()))  # fmt: skip
    return see_other(f"/verdicts/{verdict['id']}")


@router.get("/verdicts")
def list_verdicts(
    request: Request, db: WebDb, principal: PrincipalDep, cursor: int | None = None
) -> Response:
    return page(
        request, "verdicts.html", listing=records.list_verdicts(db, principal, limit=50, cursor=cursor)
    )


@router.get("/verdicts/{verdict_id}")
def show_verdict(request: Request, db: WebDb, principal: PrincipalDep, verdict_id: int) -> Response:
    return page(request, "verdict.html", verdict=records.get_verdict(db, principal, verdict_id))
