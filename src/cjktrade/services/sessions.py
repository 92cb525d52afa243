"""Signed session tokens for the web app's cookie (itsdangerous): who is signed in, for which
organisation, and the CSRF token their forms must echo. The secret comes from CJKTRADE_SECRET_KEY,
else a random key kept in $CJKTRADE_HOME/secret.key (created once, readable by its owner only)."""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass
from functools import cache

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from cjktrade.store.db import home

SESSION_MAX_AGE = 12 * 3600  # seconds


@dataclass(frozen=True, slots=True)
class SessionData:
    user_id: int
    org_id: int
    csrf: str
    epoch: int = 0


@cache
def _secret() -> str:
    configured = os.environ.get("CJKTRADE_SECRET_KEY")
    if configured:
        return configured
    path = home() / "secret.key"
    try:
        # Created readable by the owner only from the start; O_EXCL lets one process of several
        # starting together write it, and the others read that same key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    for _ in range(50):  # another process may be writing it right now
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.01)
    raise RuntimeError(f"{path} is empty")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(_secret(), salt="cjktrade-session")


def issue(user_id: int, org_id: int, epoch: int = 0) -> tuple[str, SessionData]:
    data = SessionData(user_id, org_id, secrets.token_urlsafe(24), epoch)
    return _serializer().dumps({"u": user_id, "o": org_id, "c": data.csrf, "g": epoch}), data


def read(token: str | None) -> SessionData | None:
    """The session in a cookie value, or None when absent, forged or expired."""
    if not token:
        return None
    try:
        payload = _serializer().loads(token, max_age=SESSION_MAX_AGE)
    except (BadSignature, SignatureExpired):
        return None
    return SessionData(int(payload["u"]), int(payload["o"]), str(payload["c"]), int(payload.get("g", 0)))
