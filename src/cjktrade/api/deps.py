"""Request dependencies: a database session per request, the acting principal (API key or the
web session cookie), per-key rate limiting and idempotency keys on POST."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cjktrade.core.errors import AuthenticationError, ConflictError, InvalidInputError, ThrottledError
from cjktrade.services import accounts, sessions
from cjktrade.services.accounts import Principal
from cjktrade.store import db as store
from cjktrade.store.models import IdempotencyRecord

SESSION_COOKIE = "cjk_session"


def get_db() -> Iterator[Session]:
    with store.session() as session:
        yield session


DbDep = Annotated[Session, Depends(get_db)]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("x-api-key")


def current_principal(request: Request, db: DbDep) -> Principal:
    secret = _bearer(request)
    if secret:
        principal = accounts.principal_for_key(db, secret)
    else:
        session = sessions.read(request.cookies.get(SESSION_COOKIE))
        if session is None or not accounts.session_is_current(db, session.user_id, session.epoch):
            raise AuthenticationError("sign in, or send an API key: Authorization: Bearer cjk_…")
        sent = request.headers.get("x-csrf-token") or ""
        if request.method not in ("GET", "HEAD", "OPTIONS") and not hmac.compare_digest(sent, session.csrf):
            raise AuthenticationError("this request needs the session's CSRF token (X-CSRF-Token).")
        principal = accounts.principal_for_user(db, session.user_id, session.org_id)
    request.state.principal = principal
    # Per key (or user) once the credentials are verified: unverified ones cannot drain a bucket.
    _check(_buckets.take(f"actor:{principal.actor}"))
    return principal


PrincipalDep = Annotated[Principal, Depends(current_principal)]


# --- rate limiting -------------------------------------------------------------------------------


MAX_BUCKETS = 50_000


class TokenBucket:
    """Per-key token buckets (in process): ``rate`` requests per minute, bursts up to ``rate``."""

    def __init__(self, per_minute: int) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(per_minute)
        self._state: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when allowed, else the seconds to wait."""
        now = time.monotonic()
        with self._lock:
            if key not in self._state and len(self._state) >= MAX_BUCKETS:
                self._evict(now)
            tokens, last = self._state.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._state[key] = (tokens - 1, now)
                return 0.0
            self._state[key] = (tokens, now)
            return (1 - tokens) / self.rate

    def _evict(self, now: float) -> None:
        """Forget full buckets (idle long enough to have refilled), else the oldest half."""
        idle = [
            k
            for k, (tokens, last) in self._state.items()
            if tokens + (now - last) * self.rate >= self.capacity
        ]
        for key in idle or sorted(self._state, key=lambda k: self._state[k][1])[: len(self._state) // 2]:
            del self._state[key]


_buckets = TokenBucket(int(os.environ.get("CJKTRADE_RATE_LIMIT", "600")))


async def rate_limit(request: Request) -> None:
    """Per client address, before any credential is looked at (see ``current_principal`` for the
    per-key limit)."""
    _check(_buckets.take("ip:" + (request.client.host if request.client else "-")))


def _check(wait: float) -> None:
    if wait:
        raise ThrottledError("rate limit exceeded.", retry_after=max(1, int(wait + 0.999)))


def set_rate_limit(per_minute: int) -> None:
    """Tests and benchmarks set the limit explicitly."""
    global _buckets
    _buckets = TokenBucket(per_minute)


# --- idempotency ----------------------------------------------------------------------------------


IDEMPOTENCY_TTL = timedelta(hours=24)


def idempotent(
    request: Request,
    db: Session,
    principal: Principal,
    body: Any,
    run: Callable[[], Any],
    status: int = 201,
    *,
    role: str = "editor",
    replayable: bool = True,
) -> Response:
    """Run a POST once per Idempotency-Key: a retry with the same body gets the stored response;
    the same key with another body is refused. Records belong to the caller (not the whole
    organisation), the caller's role is checked before anything is replayed, records expire after
    24 hours, and responses that hold a secret (``replayable=False``) are never stored."""
    principal.require(role)
    key = request.headers.get("idempotency-key")
    if not key:
        return JSONResponse(run(), status_code=status)
    if not replayable:
        raise InvalidInputError(
            "Idempotency-Key is not accepted here: the response holds a secret shown once."
        )
    if len(key) > 200:
        raise InvalidInputError("Idempotency-Key: at most 200 characters.")
    scope = principal.actor
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    where = f"{request.method} {request.url.path}"
    stored = db.scalar(
        select(IdempotencyRecord).where(IdempotencyRecord.scope == scope, IdempotencyRecord.key == key)
    )
    if stored is not None and _expired(stored.created_at):
        db.delete(stored)
        db.flush()
        stored = None
    if stored is not None:
        if stored.request_hash != digest or stored.method_path != where:
            raise InvalidInputError("Idempotency-Key was already used with a different request.")
        response = JSONResponse(json.loads(stored.body), status_code=stored.status)
        response.headers["Idempotent-Replayed"] = "true"
        return response
    result = run()
    db.add(IdempotencyRecord(scope=scope, key=key, method_path=where, request_hash=digest, status=status,
                             body=json.dumps(result, default=str)))  # fmt: skip
    try:
        db.flush()
    except IntegrityError:  # the same key sent twice at once: the other request got there first
        db.rollback()
        raise ConflictError(
            "a request with this Idempotency-Key is already being processed; retry it."
        ) from None
    return JSONResponse(result, status_code=status)


def _expired(created: datetime) -> bool:
    moment = created if created.tzinfo else created.replace(tzinfo=UTC)  # SQLite returns naive times
    return datetime.now(UTC) - moment > IDEMPOTENCY_TTL
