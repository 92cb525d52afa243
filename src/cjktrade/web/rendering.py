"""Pages: the Jinja2 environment and ``page()``, which renders a template in the request's language
with what every page needs (the signed-in user, the CSRF token, the language switcher)."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChainableUndefined, Environment, PackageLoader, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup, escape

from cjktrade import __version__
from cjktrade.core.countries import all_countries, get_country
from cjktrade.web import i18n, labels
from cjktrade.web.forms import known_message
from cjktrade.web.security import CSRF_COOKIE, LANG_COOKIE, YEAR, csrf_token, set_cookie, viewer_of

# No inline script or style: the page's JavaScript and CSS are files of the package.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
CJK_FIRST = ("CN", "JP", "KR")


def locale_of(request: Request) -> str:
    viewer = viewer_of(request)
    return i18n.choose(
        request.cookies.get(LANG_COOKIE),
        viewer.locale if viewer else None,
        request.headers.get("accept-language"),
    )


@pass_context
def _money(context: Context, value: Any) -> str:
    return i18n.money(value, context["locale"])


@pass_context
def _number(context: Context, value: Any) -> str:
    return i18n.number(value, context["locale"])


@pass_context
def _country(context: Context, code: Any) -> str:
    """A country's name in the page's language, for an alpha-2 code (other values as they are)."""
    country = get_country(code) if isinstance(code, str) else None
    return country.name(i18n.DATA_LANG[context["locale"]]) if country else str(code or "")


@pass_context
def _describe(context: Context, descriptions: dict[str, str] | None) -> str:
    """A description in the page's language, else English, else any language there is."""
    texts = descriptions or {}
    lang = i18n.DATA_LANG[context["locale"]]
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


@pass_context
def _error_text(context: Context, message: str) -> Markup:
    """A service's error message: translated when the catalogue knows it, else as written (English)."""
    known = known_message(message)
    if known is not None:
        return escape(context.call(context["_"], known))
    return Markup('<span lang="en" translate="no">%s</span>') % message


@pass_context
def _countries(context: Context) -> list[tuple[str, str]]:
    """Every country as (code, name in the page's language): China, Japan, Korea first."""
    lang = i18n.DATA_LANG[context["locale"]]
    ordered = sorted(all_countries(), key=lambda c: (c.alpha2 not in CJK_FIRST, c.name(lang)))
    return [(c.alpha2, c.name(lang)) for c in ordered]


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("cjktrade.web", "templates"),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
        undefined=ChainableUndefined,  # the services leave optional keys out
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]  # per page: the request's language
    env.filters.update(money=_money, number=_number, country=_country, describe=_describe)
    env.globals.update(error_text=_error_text, countries=_countries, version=__version__, endonyms=i18n.ENDONYMS,
                       locales=i18n.LOCALES, label=labels.label, tax_name=labels.tax_name, step_name=labels.step_name, tables=labels.TABLES,
                       importers=labels.IMPORTERS, incoterms=labels.INCOTERMS, tag=i18n.tag)  # fmt: skip
    return env


def render(request: Request, template: str, **context: Any) -> str:
    locale = locale_of(request)
    values = {
        "request": request,
        "locale": locale,
        "lang_tag": i18n.tag(locale),
        "viewer": viewer_of(request),
        "csrf_token": csrf_token(request),
        "path": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        "notice": labels.TABLES["notice"].get(request.query_params.get("notice", "")),
        **i18n.template_callables(locale),
        **context,
    }
    return environment().get_template(template).render(values)


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    response = HTMLResponse(
        render(request, template, **context), status_code=status, headers=SECURITY_HEADERS
    )
    new_token = getattr(request.state, "new_csrf", None)
    if new_token:
        set_cookie(response, request, CSRF_COOKIE, new_token, YEAR)
    return response


def remember_language(response: HTMLResponse | Any, request: Request, locale: str) -> None:
    set_cookie(response, request, LANG_COOKIE, i18n.tag(locale), YEAR)
