"""Who is signed in, the cookies, and the CSRF check of every form.

Cookies are HttpOnly and SameSite=Lax, and Secure when the request came over https or
``CJKTRADE_SECURE_COOKIES=1`` (set it behind a TLS-terminating proxy). Every form carries a CSRF
token in a hidden input: the session's token once signed in (the one the API checks in
``X-CSRF-Token``), else a random token kept in the ``cjk_csrf`` cookie (double submit), so the
sign-in and sign-up forms are protected too.
"""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from cjktrade.api.deps import SESSION_COOKIE, get_db
from cjktrade.core.errors import AuthenticationError, CjktradeError
from cjktrade.services import accounts, sessions
from cjktrade.services.accounts import Principal

LANG_COOKIE = "cjk_lang"
CSRF_COOKIE = "cjk_csrf"
CSRF_FIELD = "csrf_token"
YEAR = 365 * 24 * 3600
MAX_FORM_FIELDS = 5000  # a BOM of a few hundred materials is one form


# The database session of a page is committed before the response is sent (scope "function"), so
# the page a form redirects to already sees what the form saved.
WebDb = Annotated[Session, Depends(get_db, scope="function")]


class SignInRequired(CjktradeError):
    """The page needs a signed-in user; the app answers with a redirect to the sign-in page."""

    slug = "sign-in-required"


class CsrfRejected(CjktradeError):
    """The form's CSRF token is missing or does not match."""

    slug = "csrf-rejected"


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in user, in the organisation of their session."""

    principal: Principal
    email: str
    name: str
    org_name: str
    locale: str | None
    csrf: str


def secure_cookies(request: Request) -> bool:
    return request.url.scheme == "https" or os.environ.get("CJKTRADE_SECURE_COOKIES") == "1"


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", secure=secure_cookies(request),
                        httponly=True, samesite="lax")  # fmt: skip


def clear_cookie(response: Response, request: Request, name: str) -> None:
    response.delete_cookie(name, path="/", secure=secure_cookies(request), httponly=True, samesite="lax")


def load_viewer(request: Request, db: WebDb) -> None:
    """Router dependency: ``request.state.viewer`` is the signed-in user, or None."""
    request.state.viewer = None
    session = sessions.read(request.cookies.get(SESSION_COOKIE))
    if session is None or not accounts.session_is_current(db, session.user_id, session.epoch):
        return
    try:
        principal = accounts.principal_for_user(db, session.user_id, session.org_id)
    except AuthenticationError:
        return  # removed from the organisation since signing in
    found = accounts.user_and_org(db, session.user_id, session.org_id)
    if found is None:
        return
    user, org = found
    request.state.viewer = Viewer(principal, user.email, user.name, org.name, user.locale, session.csrf)


def viewer_of(request: Request) -> Viewer | None:
    return getattr(request.state, "viewer", None)


def signed_in(request: Request) -> Principal:
    viewer = viewer_of(request)
    if viewer is None:
        raise SignInRequired("sign in to see this page.")
    return viewer.principal


PrincipalDep = Annotated[Principal, Depends(signed_in)]


def sign_in(response: Response, request: Request, user_id: int, org_id: int, epoch: int = 0) -> None:
    token, _data = sessions.issue(user_id, org_id, epoch)
    set_cookie(response, request, SESSION_COOKIE, token, sessions.SESSION_MAX_AGE)


# --- CSRF --------------------------------------------------------------------------------------


def _expected_csrf(request: Request) -> str | None:
    session = sessions.read(request.cookies.get(SESSION_COOKIE))
    return session.csrf if session else request.cookies.get(CSRF_COOKIE)


def csrf_token(request: Request) -> str:
    """The token for this request's forms; a new anonymous one is set as a cookie by the page."""
    token = _expected_csrf(request) or getattr(request.state, "new_csrf", None)
    if token is None:
        token = request.state.new_csrf = secrets.token_urlsafe(24)
    return token


async def check_csrf(request: Request) -> None:
    """Router dependency: every POST must echo the token of its session (or of its cookie)."""
    if request.method != "POST":
        return
    form = await request.form(max_fields=MAX_FORM_FIELDS)
    given = form.get(CSRF_FIELD)
    expected = _expected_csrf(request)
    if not (isinstance(given, str) and expected and hmac.compare_digest(given, expected)):
        raise CsrfRejected("the form's security token is missing or out of date.")


async def read_form(request: Request) -> FormData:
    return await request.form(max_fields=MAX_FORM_FIELDS)  # already parsed (and cached) by check_csrf


FormDep = Annotated[FormData, Depends(read_form)]


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go back to after signing in; anything else (``//host``, ``https:``) is refused.

    >>> safe_next("/products?x=1"), safe_next("//evil.example"), safe_next("https://evil.example")
    ('/products?x=1', '/', '/')
    >>> safe_next("/" + chr(9) + "/evil.example")  # browsers drop the tab, giving //evil.example
    '/'
    """
    if not target or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return default
    parts = urlsplit(target)
    if (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not parts.scheme
        and not parts.netloc
    ):
        return target
    return default
