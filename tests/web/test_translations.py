"""The catalogues are complete: every message of the templates and of the web package has a
translation in Simplified Chinese, Japanese and Korean; no template has text outside the catalogues;
and a rendered page in a "pseudo" language shows no text that did not go through them."""

from __future__ import annotations

import gettext
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from cjktrade.web import i18n
from tests.web.conftest import BOM, post
from tests.web.test_tools import SHIPMENT, bom_form, shipment_form

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "src" / "cjktrade" / "web" / "templates"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
TAG = re.compile(r"<(/?\w+)")
LETTER = re.compile(r"[^\W\d_]")
WORD = re.compile(r"[^\W\d_]+")
# What a page may show without the catalogues: the product's name.
ALLOWED_WORDS = {"cjktrade"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
VISIBLE_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


@cache
def extracted() -> dict[str, tuple[str, ...]]:
    """Every message id in the web package and its templates, by babel.cfg (as pybabel extracts)."""
    with (REPO / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    messages: dict[str, tuple[str, ...]] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(str(REPO), method_map, options_map):
        ids = (message,) if isinstance(message, str) else tuple(message)
        messages[ids[0]] = ids
    return messages


def test_extraction_finds_the_messages():
    assert len(extracted()) > 300
    assert "Origin check" in extracted() and "Import VAT" in extracted()  # a template's and a module's


@pytest.mark.parametrize("locale", i18n.TRANSLATED)
def test_catalogue_translates_every_message(locale):
    with i18n.catalogue_path(locale).open("rb") as po:
        catalog = read_po(po, locale=locale)
    problems = []
    for msgid, ids in extracted().items():
        entry = catalog.get(ids if len(ids) > 1 else msgid)
        if entry is None:
            problems.append(f"missing: {msgid!r}")
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry.fuzzy or not all(s.strip() for s in strings):
            problems.append(f"untranslated or fuzzy: {msgid!r}")
        for text in strings:
            if set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(text)):
                problems.append(f"placeholders differ: {msgid!r} -> {text!r}")
            if sorted(TAG.findall(msgid)) != sorted(TAG.findall(text)):
                problems.append(f"markup differs: {msgid!r} -> {text!r}")
    stale = [
        m.id for m in catalog if m.id and (m.id if isinstance(m.id, str) else m.id[0]) not in extracted()
    ]
    assert not problems, "\n".join(problems)
    assert not stale, f"messages no longer used (run pybabel update): {stale}"


@pytest.mark.parametrize("locale", i18n.TRANSLATED)
def test_catalogue_uses_the_official_trade_terms(locale):
    terms = {
        "zh_Hans": {"Customs value": "完税价格", "VAT": "增值税", "Customs duty": "关税", "Preferential tariff rate": "优惠税率",
                    "RCEP certificate of origin": "原产地证书", "Product-specific rule": "原产地规则"},
        "ja": {"Customs value": "課税価格", "Consumption tax (Japan)": "消費税", "Customs duty": "関税",
               "Preferential tariff rate": "特恵税率", "RCEP certificate of origin": "原産地証明書", "Product-specific rule": "原産地規則"},
        "ko": {"Customs value": "과세가격", "VAT": "부가가치세", "Customs duty": "관세", "Preferential tariff rate": "특혜세율",
               "RCEP certificate of origin": "원산지증명서", "Product-specific rule": "원산지 규정"},
    }[locale]  # fmt: skip
    catalogue = i18n.translations(locale)
    for msgid, term in terms.items():
        assert term in catalogue.gettext(msgid), (msgid, catalogue.gettext(msgid))


# --- no text outside the catalogues ----------------------------------------------------------------


class _Text(HTMLParser):
    """Text and visible attributes that a reader sees, outside elements marked translate="no"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.found: list[str] = []

    def _hidden(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = values.get("translate") == "no" or tag in ("script", "style")
        if not self._hidden() and not skip:
            self.found.extend(v for k, v in attrs if k in VISIBLE_ATTRIBUTES and v)
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._hidden() and data.strip():
            self.found.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.found


def without_translations(html: str) -> str:
    """The page less everything that went through the catalogues (innermost ⟦ ⟧ first)."""
    while True:
        shorter = re.sub(r"⟦[^⟦⟧]*⟧", "", html)
        if shorter == html:
            return html
        html = shorter


def words_outside_catalogues(html: str) -> list[str]:
    texts = visible_text(without_translations(html))
    return [t for t in texts if set(WORD.findall(t.lower())) - ALLOWED_WORDS]


JINJA = re.compile(r"{#.*?#}|{%-?\s*trans\b.*?endtrans\s*-?%}|{{.*?}}|{%.*?%}", re.S)
ATTRIBUTES_ONLY = re.compile(r'^([\w-]+="[^"]*"\s*)+$')  # a macro writing attributes, not text


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_template_has_no_text_outside_the_catalogues(template):
    source = JINJA.sub("", (TEMPLATES / template).read_text(encoding="utf-8"))
    leftovers = [t for t in visible_text(source)
                 if set(WORD.findall(t.lower())) - ALLOWED_WORDS and not ATTRIBUTES_ONLY.match(t)]  # fmt: skip
    assert not leftovers, f"{template}: text not marked for translation: {leftovers}"


class Pseudo(gettext.NullTranslations):
    """A language whose every translation is the English text in ⟦ ⟧: what is left outside is
    text that never went through the catalogues."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"⟦{singular if n == 1 else plural}⟧"


@pytest.fixture
def pseudo(monkeypatch, client):
    monkeypatch.setattr(i18n, "translations", lambda locale: Pseudo())
    client.cookies.set("cjk_lang", "ja")
    return client


PAGES = ["/", "/signup", "/login", "/hs/search?q=リチウムイオン蓄電池", "/hs/compare?hs6=850760&origin=US",
         "/hs/compare?hs6=85&origin=CN", "/origin", "/landed-cost", "/documents/verify", "/no-such-page"]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
def test_rendered_page_has_no_text_outside_the_catalogues(pseudo, path):
    response = pseudo.get(path)
    # Two pages are the error pages themselves: a 2-digit code to compare, and an unknown address.
    assert response.status_code == {"/hs/compare?hs6=85&origin=CN": 400, "/no-such-page": 404}.get(path, 200)
    assert words_outside_catalogues(response.text) == []


def test_rendered_results_have_no_text_outside_the_catalogues(pseudo):
    pages = {  # name: (response, the status that shows the page was really rendered)
        "origin verdict": (post(pseudo, "/origin", bom_form(BOM), page="/origin"), 200),
        "origin errors": (post(pseudo, "/origin", {"to": "JP", "product-fob": "x"}, page="/origin"), 400),
        "landed cost": (post(pseudo, "/landed-cost", shipment_form(SHIPMENT), page="/landed-cost"), 200),
        "verification": (  # a failed verification is a result page, not an error
            post(pseudo, "/documents/verify", {"credential": "x.y.z"}, page="/documents/verify"),
            200,
        ),
        "login failure": (post(pseudo, "/login", {"email": "nobody@example.com", "password": "x"}), 401),
    }
    for name, (response, status) in pages.items():
        assert response.status_code == status, name
        assert words_outside_catalogues(response.text) == [], name


def test_rendered_signed_in_pages_have_no_text_outside_the_catalogues(pseudo):
    from tests.web.conftest import sign_up

    sign_up(pseudo, "pseudo@example.com")
    post(pseudo, "/products/new", {"code": "850760", "name": "Pack"}, page="/products/new")
    for path in ("/products", "/products/new", "/products/1", "/products/1/boms/new", "/suppliers/new",
                 "/shipments/new", "/verdicts", "/org", "/api-keys"):  # fmt: skip
        response = pseudo.get(path)
        assert response.status_code == 200, path
        assert words_outside_catalogues(response.text) == [], path
