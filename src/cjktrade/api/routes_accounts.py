"""/api/v1: the organisation, its members, API keys and audit log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from cjktrade.api.deps import DbDep, PrincipalDep, idempotent
from cjktrade.core.errors import ConflictError, InvalidInputError, NotFoundError
from cjktrade.services import accounts, records
from cjktrade.store.models import Membership, Organisation, User

router = APIRouter(tags=["organisation"])


class OrgUpdate(BaseModel):
    name: str | None = Field(None, min_length=1, max_length=200)
    business_id: str | None = None


class MemberCreate(BaseModel):
    email: str
    name: str = ""
    password: str = Field(
        min_length=10, description="Initial password of a new user (ignored for an existing user)"
    )
    role: str = Field(description="owner, editor or viewer")


class MemberUpdate(BaseModel):
    role: str


class ApiKeyCreate(BaseModel):
    name: str
    scopes: list[str] = Field(default_factory=lambda: ["read", "write"], description="read and/or write")


def _org(org: Organisation) -> dict[str, Any]:
    return {"id": org.id, "name": org.name, "country": org.country, "business_id": org.business_id}


@router.get("/org", summary="The organisation of the caller")
def get_org(db: DbDep, principal: PrincipalDep) -> dict[str, Any]:
    org = db.get(Organisation, principal.org_id)
    assert org is not None
    return _org(org)


@router.patch("/org", summary="Rename the organisation or set its business identifier")
def update_org(db: DbDep, principal: PrincipalDep, body: OrgUpdate) -> dict[str, Any]:
    principal.require("owner")
    org = db.get(Organisation, principal.org_id)
    assert org is not None
    if body.name is not None:
        org.name = body.name.strip()
    if body.business_id is not None:
        org.business_id = accounts.validate_business_id(org.country, body.business_id)
    accounts.audit(db, org.id, principal.actor, "update", "organisation", org.id)
    return _org(org)


def _member(membership: Membership, user: User) -> dict[str, Any]:
    return {
        "id": membership.id,
        "user_id": user.id,
        "email": user.email,
        "name": user.name,
        "role": membership.role,
    }


def _last_owner(db: DbDep, membership: Membership) -> bool:
    owners = db.query(Membership).filter(Membership.org_id == membership.org_id, Membership.role == "owner").count()
    return membership.role == "owner" and owners <= 1


def _membership(db: DbDep, principal: PrincipalDep, member_id: int) -> tuple[Membership, User]:
    membership = db.get(Membership, member_id)
    if membership is None or membership.org_id != principal.org_id:
        raise NotFoundError(f"member {member_id} not found.")
    user = db.get(User, membership.user_id)
    assert user is not None
    return membership, user


@router.get("/members", summary="Members of the organisation and their roles")
def list_members(db: DbDep, principal: PrincipalDep) -> dict[str, Any]:
    rows = (
        db.query(Membership, User)
        .join(User, User.id == Membership.user_id)
        .filter(Membership.org_id == principal.org_id)
    )
    return {"items": [_member(m, u) for m, u in rows.order_by(Membership.id)], "next_cursor": None}


@router.post("/members", status_code=201, summary="Add a member (owner only)")
def add_member(request: Request, db: DbDep, principal: PrincipalDep, body: MemberCreate) -> Response:
    def run() -> dict[str, Any]:
        membership = accounts.add_member(
            db, principal, email=body.email, name=body.name, password=body.password, role=body.role
        )
        return _member(*_membership(db, principal, membership.id))

    return idempotent(request, db, principal, body.model_dump(exclude={"password"}), run, role="owner")


@router.get("/members/{member_id}", summary="One member")
def get_member(db: DbDep, principal: PrincipalDep, member_id: int) -> dict[str, Any]:
    return _member(*_membership(db, principal, member_id))


@router.patch("/members/{member_id}", summary="Change a member's role (owner only)")
def update_member(db: DbDep, principal: PrincipalDep, member_id: int, body: MemberUpdate) -> dict[str, Any]:
    principal.require("owner")
    membership, user = _membership(db, principal, member_id)
    if body.role != "owner" and _last_owner(db, membership):
        raise ConflictError("this is the organisation's last owner: make another member owner first.")
    if body.role not in accounts.ROLES:
        raise InvalidInputError(f"role: {body.role!r} is not one of {', '.join(accounts.ROLES)}.")
    membership.role = body.role
    accounts.audit(
        db, principal.org_id, principal.actor, "update", "membership", member_id, {"role": body.role}
    )
    return _member(membership, user)


@router.delete("/members/{member_id}", status_code=204, summary="Remove a member (owner only)")
def remove_member(db: DbDep, principal: PrincipalDep, member_id: int) -> Response:
    principal.require("owner")
    membership, _user = _membership(db, principal, member_id)
    if _last_owner(db, membership):
        raise ConflictError("this is the organisation's last owner: make another member owner first.")
    db.delete(membership)
    accounts.audit(db, principal.org_id, principal.actor, "delete", "membership", member_id)
    return Response(status_code=204)


@router.get("/api-keys", summary="API keys of the organisation (never their secrets)")
def list_api_keys(db: DbDep, principal: PrincipalDep) -> dict[str, Any]:
    principal.require("owner")
    from cjktrade.store.models import ApiKey

    keys = db.query(ApiKey).filter(ApiKey.org_id == principal.org_id).order_by(ApiKey.id)
    return {"items": [accounts.api_key_public(k) for k in keys], "next_cursor": None}


@router.post("/api-keys", status_code=201, summary="Create an API key; its secret is shown once")
def create_api_key(request: Request, db: DbDep, principal: PrincipalDep, body: ApiKeyCreate) -> Response:
    def run() -> dict[str, Any]:
        key, secret = accounts.create_api_key(db, principal, name=body.name, scopes=body.scopes)
        return {**accounts.api_key_public(key), "secret": secret}

    return idempotent(request, db, principal, body.model_dump(), run, role="owner", replayable=False)


@router.delete("/api-keys/{key_id}", summary="Revoke an API key")
def revoke_api_key(db: DbDep, principal: PrincipalDep, key_id: int) -> dict[str, Any]:
    return accounts.api_key_public(accounts.revoke_api_key(db, principal, key_id))


@router.get("/audit", summary="The organisation's append-only audit log (owner only)")
def list_audit(
    db: DbDep, principal: PrincipalDep, limit: int = Query(50), cursor: int | None = Query(None)
) -> dict[str, Any]:
    return records.list_audit(db, principal, limit, cursor)
