"""Organisation settings (name, business identifier, members and their roles) and API keys.

The organisation and member use cases are the API's own functions (``api.routes_accounts``), called
here as plain functions so that the two front-ends share one implementation.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cjktrade.api import routes_accounts as org_api
from cjktrade.services import accounts
from cjktrade.web.forms import USER_ERRORS, FormErrors, field_errors
from cjktrade.web.rendering import page
from cjktrade.web.routes_account import see_other
from cjktrade.web.security import FormDep, PrincipalDep, WebDb

router = APIRouter()

ORG_FIELDS = ("name", "business_id")
MEMBER_FIELDS = ("email", "name", "password", "role")
KEY_FIELDS = ("name", "scopes")


def _org_page(request: Request, db: WebDb, principal: PrincipalDep, *, status: int = 200,
              org_values: dict[str, Any] | None = None, org_errors: FormErrors | None = None,
              member_values: dict[str, Any] | None = None, member_errors: FormErrors | None = None) -> Response:  # fmt: skip
    org = org_api.get_org(db, principal)
    return page(request, "org.html", status=status, org=org, members=org_api.list_members(db, principal)["items"],
                org_values=org_values or org, org_errors=org_errors or FormErrors(),
                member_values=member_values or {"role": "editor"}, member_errors=member_errors or FormErrors(),
                roles=accounts.ROLES)  # fmt: skip


@router.get("/org")
def settings(request: Request, db: WebDb, principal: PrincipalDep) -> Response:
    return _org_page(request, db, principal)


@router.post("/org")
def update_org(request: Request, db: WebDb, principal: PrincipalDep, form: FormDep) -> Response:
    values = {n: str(form.get(n) or "").strip() for n in ORG_FIELDS}
    try:
        org_api.update_org(db, principal, org_api.OrgUpdate(name=values["name"] or None,
                                                            business_id=values["business_id"] or None))  # fmt: skip
    except USER_ERRORS as error:
        db.rollback()
        return _org_page(
            request, db, principal, status=400, org_values=values, org_errors=field_errors(error, ORG_FIELDS)
        )
    return see_other("/org?notice=saved")


@router.post("/org/members")
def add_member(request: Request, db: WebDb, principal: PrincipalDep, form: FormDep) -> Response:
    values = {n: str(form.get(n) or "").strip() for n in ("email", "name", "role")}
    try:
        accounts.add_member(db, principal, email=values["email"], name=values["name"],
                            password=str(form.get("password") or ""), role=values["role"])  # fmt: skip
    except USER_ERRORS as error:
        db.rollback()
        return _org_page(request, db, principal, status=400, member_values=values,
                         member_errors=field_errors(error, MEMBER_FIELDS))  # fmt: skip
    return see_other("/org?notice=member-added")


@router.post("/org/members/{member_id}")
def change_role(
    request: Request, db: WebDb, principal: PrincipalDep, member_id: int, form: FormDep
) -> Response:
    org_api.update_member(db, principal, member_id, org_api.MemberUpdate(role=str(form.get("role") or "")))
    return see_other("/org?notice=saved")


@router.post("/org/members/{member_id}/delete")
def remove_member(request: Request, db: WebDb, principal: PrincipalDep, member_id: int) -> Response:
    org_api.remove_member(db, principal, member_id)
    return see_other("/org?notice=deleted")


# --- API keys --------------------------------------------------------------------------------------


def _keys_page(request: Request, db: WebDb, principal: PrincipalDep, *, status: int = 200,
               created: dict[str, Any] | None = None, values: dict[str, Any] | None = None,
               errors: FormErrors | None = None) -> Response:  # fmt: skip
    keys = org_api.list_api_keys(db, principal)["items"]
    return page(request, "api_keys.html", status=status, keys=keys, created=created, scopes=accounts.SCOPES,
                values=values or {"scopes": ["read"]}, errors=errors or FormErrors())  # fmt: skip


@router.get("/api-keys")
def api_keys(request: Request, db: WebDb, principal: PrincipalDep) -> Response:
    return _keys_page(request, db, principal)


@router.post("/api-keys")
def create_api_key(request: Request, db: WebDb, principal: PrincipalDep, form: FormDep) -> Response:
    """The new key's secret is on this page only: it is not stored, and the page is not cached."""
    name, scopes = str(form.get("name") or "").strip(), [str(s) for s in form.getlist("scopes")]
    values = {"name": name, "scopes": scopes}
    try:
        key, secret = accounts.create_api_key(db, principal, name=name, scopes=scopes)
    except USER_ERRORS as error:
        db.rollback()
        return _keys_page(
            request, db, principal, status=400, values=values, errors=field_errors(error, KEY_FIELDS)
        )
    return _keys_page(request, db, principal, created={**accounts.api_key_public(key), "secret": secret})


@router.post("/api-keys/{key_id}/revoke")
def revoke_api_key(request: Request, db: WebDb, principal: PrincipalDep, key_id: int) -> Response:
    accounts.revoke_api_key(db, principal, key_id)
    return see_other("/api-keys?notice=revoked")
