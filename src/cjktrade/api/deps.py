"""Request dependencies: a database session per request, the acting principal (API key or the
web session cookie), per-key rate limiting and idempotency keys on POST."""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from cjktrade.core.errors import AuthenticationError, InvalidInputError, ThrottledError
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
        if session is None:
            raise AuthenticationError("sign in, or send an API key: Authorization: Bearer cjk_…")
        if (
            request.method not in ("GET", "HEAD", "OPTIONS")
            and request.headers.get("x-csrf-token") != session.csrf
        ):
            raise AuthenticationError("this request needs the session's CSRF token (X-CSRF-Token).")
        principal = accounts.principal_for_user(db, session.user_id, session.org_id)
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(current_principal)]


# --- rate limiting -------------------------------------------------------------------------------


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
            tokens, last = self._state.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._state[key] = (tokens - 1, now)
                return 0.0
            self._state[key] = (tokens, now)
            return (1 - tokens) / self.rate


_buckets = TokenBucket(int(os.environ.get("CJKTRADE_RATE_LIMIT", "600")))


def _limit_key(request: Request) -> str:
    """The bucket: the API key's prefix, else the session, else the client address."""
    secret = _bearer(request)
    if secret:
        parts = secret.split("_")
        return "key:" + (parts[1] if len(parts) >= 3 else hashlib.sha256(secret.encode()).hexdigest()[:12])
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return "session:" + hashlib.sha256(cookie.encode()).hexdigest()[:16]
    return "ip:" + (request.client.host if request.client else "-")


async def rate_limit(request: Request) -> None:
    """Per API key (or session, or client address when anonymous)."""
    wait = _buckets.take(_limit_key(request))
    if wait:
        raise ThrottledError("rate limit exceeded for this key.", retry_after=max(1, int(wait + 0.999)))


def set_rate_limit(per_minute: int) -> None:
    """Tests and benchmarks set the limit explicitly."""
    global _buckets
    _buckets = TokenBucket(per_minute)


# --- idempotency ----------------------------------------------------------------------------------


def idempotent(
    request: Request, db: Session, principal: Principal, body: Any, run: Callable[[], Any], status: int = 201
) -> Response:
    """Run a POST once per Idempotency-Key: a retry with the same body gets the stored response;
    the same key with another body is refused."""
    key = request.headers.get("idempotency-key")
    if not key:
        return JSONResponse(run(), status_code=status)
    if len(key) > 200:
        raise InvalidInputError("Idempotency-Key: at most 200 characters.")
    scope = f"org:{principal.org_id}"
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    where = f"{request.method} {request.url.path}"
    stored = db.scalar(
        select(IdempotencyRecord).where(IdempotencyRecord.scope == scope, IdempotencyRecord.key == key)
    )
    if stored is not None:
        if stored.request_hash != digest or stored.method_path != where:
            raise InvalidInputError("Idempotency-Key was already used with a different request.")
        response = JSONResponse(json.loads(stored.body), status_code=stored.status)
        response.headers["Idempotent-Replayed"] = "true"
        return response
    result = run()
    db.add(IdempotencyRecord(scope=scope, key=key, method_path=where, request_hash=digest, status=status,
                             body=json.dumps(result, default=str)))  # fmt: skip
    return JSONResponse(result, status_code=status)
