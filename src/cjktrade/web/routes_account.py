"""The home page, sign-up, sign-in and sign-out, and the language switcher."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from cjktrade.api.deps import SESSION_COOKIE
from cjktrade.core.errors import AuthenticationError, InvalidInputError, ThrottledError
from cjktrade.services import accounts
from cjktrade.web import i18n
from cjktrade.web.forms import FormErrors, field_errors
from cjktrade.web.rendering import page, remember_language
from cjktrade.web.security import FormDep, WebDb, clear_cookie, safe_next, sign_in, viewer_of

router = APIRouter()

SIGNUP_FIELDS = ("org_name", "country", "business_id", "name", "email", "password")
# Never echoed back into a form, never logged.
SECRET_FIELDS = frozenset({"password", "csrf_token"})


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _values(form: FormDep, names: tuple[str, ...]) -> dict[str, str]:
    return {n: str(form.get(n) or "").strip() for n in names if n not in SECRET_FIELDS}


@router.get("/")
def home(request: Request, db: WebDb) -> Response:
    first_run = not accounts.has_users(db)
    return page(request, "home.html", first_run=first_run)


@router.get("/signup")
def signup_form(request: Request) -> Response:
    return page(request, "signup.html", values={}, errors=FormErrors())


@router.post("/signup")
def signup(request: Request, db: WebDb, form: FormDep) -> Response:
    values = _values(form, SIGNUP_FIELDS)
    try:
        org, user = accounts.create_owner(
            db, email=values["email"], password=str(form.get("password") or ""), name=values["name"],
            org_name=values["org_name"], country=values["country"], business_id=values["business_id"] or None,
        )  # fmt: skip
    except InvalidInputError as error:
        db.rollback()
        errors = field_errors(error, SIGNUP_FIELDS, country_field="country")
        return page(request, "signup.html", status=400, values=values, errors=errors)
    response = see_other("/?notice=welcome")
    sign_in(response, request, user.id, org.id)
    return response


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return page(request, "login.html", values={}, failure=None, next=safe_next(next))


@router.post("/login")
def login(request: Request, db: WebDb, form: FormDep) -> Response:
    email = str(form.get("email") or "").strip()
    target = safe_next(str(form.get("next") or "/"))
    try:
        user = accounts.authenticate(db, email, str(form.get("password") or ""))
        principal = accounts.principal_for_user(db, user.id)
    except ThrottledError:
        failure, status = "throttled", 429
    except AuthenticationError:
        failure, status = "wrong", 401  # the failed attempt is committed: it counts towards the throttle
    else:
        response = see_other(target)
        sign_in(response, request, user.id, principal.org_id, user.session_epoch)
        return response
    return page(request, "login.html", status=status, values={"email": email}, failure=failure, next=target)


@router.post("/logout")
def logout(request: Request, db: WebDb) -> Response:
    viewer = viewer_of(request)
    if viewer is not None and viewer.principal.user_id is not None:
        accounts.end_sessions(db, viewer.principal.user_id)  # a copied cookie stops working too
    response = see_other("/?notice=signed-out")
    clear_cookie(response, request, SESSION_COOKIE)
    return response


@router.post("/lang")
def switch_language(request: Request, db: WebDb, form: FormDep) -> Response:
    """Keep the choice in the ``cjk_lang`` cookie and, when signed in, as the user's locale."""
    locale = i18n.parse(str(form.get("lang") or "")) or i18n.DEFAULT
    viewer = viewer_of(request)
    if viewer is not None and viewer.principal.user_id is not None:
        accounts.set_locale(db, viewer.principal.user_id, i18n.tag(locale))
    response = see_other(safe_next(str(form.get("next") or "/")))
    remember_language(response, request, locale)
    return response
