"""Use cases of accounts: organisations, users, memberships, sign-in, API keys, the audit log.

Passwords are hashed with argon2 and never logged; API keys are shown once and stored as a
SHA-256 digest; failed sign-ins are throttled per e-mail address.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cjktrade.core.countries import resolve_country
from cjktrade.core.errors import (
    AuthenticationError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    ThrottledError,
)
from cjktrade.store.models import ApiKey, AuditEntry, LoginAttempt, Membership, Organisation, User

ROLES = ("owner", "editor", "viewer")
SCOPES = ("read", "write", "admin")  # admin: the owner's rights (members, keys, audit)
MAX_FAILED_LOGINS = 5
LOGIN_WINDOW = timedelta(minutes=15)
_hasher = PasswordHasher()


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is acting, for which organisation, with which rights."""

    org_id: int
    actor: str  # "user:3" or "api-key:cjk_ab12cd34"
    role: str  # owner | editor | viewer (an API key acts as editor, or viewer when read-only)
    user_id: int | None = None

    def require(self, needed: str) -> None:
        if ROLES.index(self.role) > ROLES.index(needed):
            raise PermissionDeniedError(f"this needs the {needed} role; {self.actor} is {self.role}.")


# --- business identifiers --------------------------------------------------------------------------

_ID_VALIDATORS = {"KR": "stdnum.kr.brn", "CN": "stdnum.cn.uscc", "JP": "stdnum.jp.cn"}
_ID_NAMES = {
    "KR": "Korean business registration number (사업자등록번호)",
    "CN": "Chinese unified social credit code (统一社会信用代码)",
    "JP": "Japanese corporate number (法人番号)",
}


def validate_business_id(country: str, value: str | None) -> str | None:
    """The normalised identifier, validated with python-stdnum where it knows the country."""
    if not value:
        return None
    module_name = _ID_VALIDATORS.get(country)
    if module_name is None:
        return value.strip()
    import importlib

    module = importlib.import_module(module_name)
    try:
        return str(module.validate(value))
    except Exception as error:  # stdnum raises its own ValidationError subclasses
        raise InvalidInputError(
            f"business_id: {value!r} is not a valid {_ID_NAMES[country]}: {error}."
        ) from None


# --- organisations and users -----------------------------------------------------------------------


def _check_password(password: str) -> None:
    if len(password) < 10:
        raise InvalidInputError("password: use at least 10 characters.")


def _email(value: str) -> str:
    email = value.strip().lower()
    if "@" not in email or "." not in email.rsplit("@", 1)[-1] or len(email) > 254:
        raise InvalidInputError(f"email: {value!r} is not an e-mail address.")
    return email


def create_owner(
    db: Session,
    *,
    email: str,
    password: str,
    name: str,
    org_name: str,
    country: str,
    business_id: str | None = None,
) -> tuple[Organisation, User]:
    """A new organisation with its first owner (sign-up, or `cjktrade admin create-owner`)."""
    address = _email(email)
    _check_password(password)
    if not org_name.strip():
        raise InvalidInputError("org_name: give the organisation's name.")
    code = resolve_country(country).alpha2
    if db.scalar(select(User).where(User.email == address)):
        raise InvalidInputError(f"email: {address} already has an account; sign in instead.")
    org = Organisation(
        name=org_name.strip(), country=code, business_id=validate_business_id(code, business_id)
    )
    user = User(email=address, name=name.strip() or address, password_hash=_hasher.hash(password))
    db.add_all([org, user])
    db.flush()
    db.add(Membership(org_id=org.id, user_id=user.id, role="owner"))
    audit(db, org.id, f"user:{user.id}", "create", "organisation", org.id)
    return org, user


def add_member(
    db: Session, principal: Principal, *, email: str, name: str, password: str, role: str
) -> Membership:
    principal.require("owner")
    if role not in ROLES:
        raise InvalidInputError(f"role: {role!r} is not one of {', '.join(ROLES)}.")
    address = _email(email)
    if db.scalar(select(User).where(User.email == address)) is not None:
        # Adding someone else's existing account would need their consent (an invitation they
        # accept); without it an owner could pull any user into their organisation.
        raise InvalidInputError(
            f"email: {address} cannot be added: it is already the sign-in of an account, and "
            "invitations to existing accounts are not supported yet."
        )
    _check_password(password)
    user = User(email=address, name=name or address, password_hash=_hasher.hash(password))
    db.add(user)
    db.flush()
    membership = Membership(org_id=principal.org_id, user_id=user.id, role=role)
    add_logged(db, principal, membership, "membership", {"role": role})
    return membership


@cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def authenticate(db: Session, email: str, password: str) -> User:
    """The user for these credentials; throttled after repeated failures for the same address."""
    address = email.strip().lower()
    since = datetime.now(UTC) - LOGIN_WINDOW
    failures = db.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.email == address, LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since)
    )
    if failures is not None and failures >= MAX_FAILED_LOGINS:
        raise ThrottledError(
            "too many failed sign-ins for this address; wait 15 minutes.",
            retry_after=int(LOGIN_WINDOW.total_seconds()),
        )
    user = db.scalar(select(User).where(User.email == address))
    ok = False
    try:
        # An unknown address costs the same hash check, so timing does not tell which accounts exist.
        ok = (
            _hasher.verify(user.password_hash if user is not None else _dummy_hash(), password)
            and user is not None
        )
    except (VerificationError, InvalidHashError):
        ok = False
    db.add(LoginAttempt(email=address, succeeded=ok))
    if not ok or user is None:
        db.flush()
        raise AuthenticationError("e-mail address or password is wrong.")
    return user


def memberships(db: Session, user_id: int) -> list[tuple[Membership, Organisation]]:
    """The user's memberships, oldest first (the default organisation at sign-in is the first)."""
    rows = db.execute(
        select(Membership, Organisation)
        .join(Organisation, Organisation.id == Membership.org_id)
        .where(Membership.user_id == user_id)
        .order_by(Membership.id)
    )
    return [(m, o) for m, o in rows.all()]


def principal_for_user(db: Session, user_id: int, org_id: int | None = None) -> Principal:
    for membership, org in memberships(db, user_id):
        if org_id is None or org.id == org_id:
            return Principal(org.id, f"user:{user_id}", membership.role, user_id)
    raise AuthenticationError("no organisation for this user.")


# --- API keys ------------------------------------------------------------------------------------


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_key(db: Session, principal: Principal, *, name: str, scopes: list[str]) -> tuple[ApiKey, str]:
    """A new key; the full secret is returned once and only its digest is stored."""
    principal.require("owner")
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown or not scopes:
        raise InvalidInputError(f"scopes: use one or more of {', '.join(SCOPES)}.")
    prefix = "cjk_" + secrets.token_hex(4)
    secret = f"{prefix}_{secrets.token_urlsafe(24)}"
    key = ApiKey(org_id=principal.org_id, name=name.strip() or prefix, prefix=prefix, key_hash=_digest(secret),
                 scopes=sorted(set(scopes)), created_by=principal.user_id)  # fmt: skip
    add_logged(db, principal, key, "api-key", {"prefix": prefix, "scopes": key.scopes})
    return key, secret


def principal_for_key(db: Session, secret: str) -> Principal:
    parts = secret.strip().split("_")
    if len(parts) < 3 or parts[0] != "cjk":
        raise AuthenticationError("the API key is malformed.")
    prefix = f"cjk_{parts[1]}"
    key = db.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if key is None or not secrets.compare_digest(key.key_hash, _digest(secret.strip())):
        raise AuthenticationError("the API key is not valid.")
    if key.revoked_at is not None:
        raise AuthenticationError("the API key was revoked.")
    key.last_used_at = datetime.now(UTC)
    role = "owner" if "admin" in key.scopes else "editor" if "write" in key.scopes else "viewer"
    return Principal(key.org_id, f"api-key:{key.prefix}", role)


def revoke_api_key(db: Session, principal: Principal, key_id: int) -> ApiKey:
    principal.require("owner")
    key = db.scalar(select(ApiKey).where(ApiKey.id == key_id, ApiKey.org_id == principal.org_id))
    if key is None:
        raise NotFoundError(f"API key {key_id} not found.")
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        audit(db, principal.org_id, principal.actor, "revoke", "api-key", key.id)
    return key


def api_key_public(key: ApiKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "name": key.name,
        "prefix": key.prefix,
        "scopes": key.scopes,
        "created_at": key.created_at.isoformat(),
        "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None,
        "last_used_at": key.last_used_at.isoformat() if key.last_used_at else None,
    }


# --- audit ---------------------------------------------------------------------------------------


def audit(
    db: Session, org_id: int | None, actor: str, action: str, resource: str, resource_id: object = None,
    details: dict[str, Any] | None = None,
) -> None:  # fmt: skip
    """Append one entry. There is deliberately no function to change or delete entries."""
    db.add(AuditEntry(org_id=org_id, actor=actor, action=action, resource=resource,
                      resource_id=None if resource_id is None else str(resource_id), details=details or {}))  # fmt: skip


def add_logged(
    db: Session, principal: Principal, row: Any, resource: str, details: dict[str, Any] | None = None,
    action: str = "create",
) -> None:  # fmt: skip
    """Add a new row and its (append-only) audit entry in one transaction; the row gets its id first."""
    db.add(row)
    db.flush()
    audit(db, principal.org_id, principal.actor, action, resource, row.id, details)


# --- small reads and writes the web pages need ------------------------------------------------------


def has_users(db: Session) -> bool:
    """False on a fresh installation (the home page then explains how to create the first owner)."""
    return bool(db.scalar(select(func.count()).select_from(User)))


def user_and_org(db: Session, user_id: int, org_id: int) -> tuple[User, Organisation] | None:
    user, org = db.get(User, user_id), db.get(Organisation, org_id)
    return None if user is None or org is None else (user, org)


def set_locale(db: Session, user_id: int, locale: str) -> None:
    user = db.get(User, user_id)
    if user is not None:
        user.locale = locale


def session_is_current(db: Session, user_id: int, epoch: int) -> bool:
    """False once the user signed out (or was signed out) after the session was issued."""
    user = db.get(User, user_id)
    return user is not None and user.session_epoch == epoch


def end_sessions(db: Session, user_id: int) -> None:
    """Sign the user out everywhere: every session issued so far stops working."""
    user = db.get(User, user_id)
    if user is not None:
        user.session_epoch += 1


def session_epoch(db: Session, user_id: int) -> int:
    user = db.get(User, user_id)
    return user.session_epoch if user is not None else 0
