"""Languages of the web app: the catalogues, the choice of language for a request, and formatting.

The catalogues are ``translations/<locale>/LC_MESSAGES/messages.po``; they are compiled into memory
(Babel's ``read_po`` + ``write_mo``) the first time a language is used, so no binary ``.mo`` file
is kept in git. The language of a request is, in order: the ``cjk_lang`` cookie (the language
switcher), the signed-in user's saved locale, the browser's ``Accept-Language``, English.

>>> negotiate("ko-KR,ko;q=0.9,en;q=0.5")
'ko'
>>> negotiate("zh-TW, ja;q=0.1")
'zh_Hans'
>>> negotiate("fr-FR")
'en'
>>> tag("zh_Hans")
'zh-Hans'
"""

from __future__ import annotations

import gettext as gettext_module
import io
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

LOCALES: tuple[str, ...] = ("en", "zh_Hans", "ja", "ko")
DEFAULT = "en"
TRANSLATED: tuple[str, ...] = LOCALES[1:]  # English is the source language of the catalogues
# The language of the data (HS descriptions, country names) for each interface language.
DATA_LANG = {"en": "en", "zh_Hans": "zh", "ja": "ja", "ko": "ko"}
# Each language by its own name, for the switcher.
ENDONYMS = {"en": "English", "zh_Hans": "简体中文", "ja": "日本語", "ko": "한국어"}
_ALIASES = {data: locale for locale, data in DATA_LANG.items()}


def tag(locale: str) -> str:
    """The BCP 47 tag of a locale (the ``lang`` attribute and the cookie value)."""
    return locale.replace("_", "-")


def parse(value: str | None) -> str | None:
    """One of ``LOCALES`` for a tag such as ``ja``, ``ja-JP``, ``zh-Hans``, ``zh_CN``; else None.

    Every Chinese tag gets Simplified Chinese, the only Chinese catalogue."""
    if not value:
        return None
    primary = value.strip().replace("_", "-").split("-")[0].lower()
    return _ALIASES.get(primary)


def negotiate(accept_language: str | None) -> str:
    """The best locale for an ``Accept-Language`` header, by quality value; English otherwise."""
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        locale = parse(name)
        if locale and quality > 0:
            choices.append((-quality, position, locale))
    return min(choices)[2] if choices else DEFAULT


def choose(cookie: str | None, saved: str | None, accept_language: str | None) -> str:
    return parse(cookie) or parse(saved) or negotiate(accept_language)


# --- catalogues ------------------------------------------------------------------------------------


def catalogue_path(locale: str) -> Any:
    return resources.files("cjktrade.web") / "translations" / locale / "LC_MESSAGES" / "messages.po"


@cache
def translations(locale: str) -> gettext_module.NullTranslations:
    """The compiled catalogue of ``locale`` (English: the msgids themselves)."""
    if locale not in TRANSLATED:
        return gettext_module.NullTranslations()
    with catalogue_path(locale).open("rb") as po:
        catalog = read_po(po, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)


def template_callables(locale: str) -> dict[str, Callable[..., Any]]:
    """``_``, ``gettext`` and ``ngettext`` for templates, in Jinja's "newstyle": the translation is
    marked safe (it comes from our catalogues) and its ``%(name)s`` variables are escaped."""
    catalogue = translations(locale)

    @pass_context
    def gettext(context: Context, message: str, **variables: Any) -> str:
        text = catalogue.gettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables if variables else text

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, **variables: Any) -> str:
        variables.setdefault("num", num)
        text = catalogue.ngettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated where it is shown."""
    return message


# --- formatting ------------------------------------------------------------------------------------


def money(value: Any, locale: str) -> str:
    """``{"amount": "17000", "currency": "JPY"}`` as ¥17,000 (JP¥17,000 in Korean), every digit kept."""
    if not isinstance(value, dict) or "amount" not in value:
        return "" if value is None else str(value)
    try:
        amount = Decimal(str(value["amount"]))
    except InvalidOperation:
        return f"{value['amount']} {value.get('currency', '')}".strip()
    return format_currency(amount, value.get("currency", ""), locale=locale, decimal_quantization=False)


def number(value: Any, locale: str) -> str:
    try:
        return format_decimal(Decimal(str(value)), locale=locale, decimal_quantization=False)
    except (InvalidOperation, ValueError):
        return "" if value is None else str(value)
