"""Journeys through the web app in a real browser (Playwright, Debian's headless Chromium).

The whole set runs in Japanese; the tool journeys and the key pages run in all four languages.
Screenshots of every journey go to test-artifacts/screenshots/. Without /usr/bin/chromium the
tests are skipped, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.webserver import ISSUER, running

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LANGS = ("en", "zh-Hans", "ja", "ko")
PASSWORD = "browser password 123"
ORIGIN_HEADING = {"en": "Origin check", "zh-Hans": "原产地判定", "ja": "原産地判定", "ko": "원산지 판정"}

pytestmark = pytest.mark.slow


def _need_browser() -> None:
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is not installed (pip install -e '.[dev]')"
    if missing is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests must run in CI: {missing}")
    pytest.skip(f"browser tests need Chromium: {missing}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _need_browser()
    with running(tmp_path_factory.mktemp("e2e-home")) as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True
        )
        yield chromium
        chromium.close()


def new_page(browser, server: str, lang: str):
    """A fresh browser profile whose chosen language is ``lang`` (the switcher's cookie)."""
    context = browser.new_context(base_url=server, locale="en-US", viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)  # fmt: skip
    context.add_cookies([{"name": "cjk_lang", "value": lang, "url": server}])
    context.set_default_timeout(20_000)
    return context.new_page()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def submit(page, selector: str = "main form button[type=submit]") -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def sign_up(page, email: str, org: str = "Hanbit Energy", country: str = "KR") -> None:
    page.goto("/signup")
    page.fill("#f-org_name", org)
    page.fill("#f-country", country)
    page.fill("#f-name", "Kim Min-jun")
    page.fill("#f-email", email)
    page.fill("#f-password", PASSWORD)
    submit(page)


def fill_bom(page) -> None:
    """The battery pack of docs/bom-format.md, typed into the editor; a third row is added and
    removed again with the page's own buttons (JavaScript)."""
    page.fill("#f-product-hs_code", "8507.60")
    page.fill("#f-product-description", "Lithium-ion battery pack")
    page.fill("#f-product-producer_country", "KR")
    page.fill("#f-currency", "USD")
    page.fill("#f-product-fob", "100.00")
    rows = [("Lithium-ion cells", "8507.60", "50.00", "originating", "CN", "RCEP"),
            ("Battery management electronics", "8542.31", "20.00", "non-originating", "US", "")]  # fmt: skip
    for index, (description, code, value, status, country, under) in enumerate(rows):
        prefix = f"#f-materials-{index}-"
        page.fill(prefix + "description", description)
        page.fill(prefix + "hs_code", code)
        page.fill(prefix + "value", value)
        page.select_option(prefix + "status", status)
        page.fill(prefix + "origin_country", country)
        if under:
            page.fill(prefix + "originating_under", under)
    page.click("[data-add-row=materials]")
    third = page.locator("#f-materials-2-description")
    third.wait_for()
    assert page.evaluate("document.activeElement.id") == "f-materials-2-line"  # focus moved to the new row
    page.locator("[data-rows=materials] .row").nth(2).locator("[data-remove-row]").click()
    assert page.locator("#f-materials-2-description").count() == 0


def test_sign_up_log_out_and_log_in(browser, server):
    page = new_page(browser, server, "ja")
    page.goto("/")
    assert page.get_attribute("html", "lang") == "ja"
    shot(page, "01-home-ja")
    sign_up(page, "kim@hanbit.example")
    assert page.locator(".alert.ok").is_visible()
    assert "kim@hanbit.example" in page.locator("header .who").inner_text()
    shot(page, "02-signed-up-ja")
    submit(page, "header form[action='/logout'] button")
    page.goto("/login")
    page.fill("#f-email", "kim@hanbit.example")
    page.fill("#f-password", "wrong password!")
    submit(page)
    assert page.locator(".alert.error").is_visible()
    assert page.input_value("#f-password") == ""  # never echoed back
    shot(page, "03-login-failed-ja")
    page.fill("#f-password", PASSWORD)
    submit(page)
    assert "kim@hanbit.example" in page.locator("header .who").inner_text()
    shot(page, "04-logged-in-ja")
    page.goto("/api-keys")
    page.fill("#f-name", "ERP connector")
    page.check("#scope-write")
    submit(page, "main form[action='/api-keys'] button[type=submit]")
    secret = page.input_value("#new-secret")
    assert secret.startswith("cjk_")
    shot(page, "05-api-key-created-ja")
    page.once("dialog", lambda dialog: dialog.accept())  # "revoke this key?"
    submit(page, "form[action$='/revoke'] button")
    assert secret not in page.content()
    page.goto("/org")
    shot(page, "06-organisation-ja")
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_search_in_japanese_and_compare_three_tariffs(browser, server, lang):
    page = new_page(browser, server, lang)
    page.goto("/hs/search")
    page.fill("#f-q", "リチウムイオン蓄電池")
    submit(page)
    first = page.locator("table.results tbody tr").first
    assert first.locator("td.code").inner_text() == "8507.60"
    shot(page, f"10-hs-search-{lang}")
    with page.expect_navigation():
        first.locator("a[href^='/hs/compare']").click()
    page.fill("#f-origin", "US")
    submit(page)
    for importer in ("JP", "KR", "CN"):
        assert page.locator(f"#imp-{importer}").is_visible()
    assert page.locator("tr.best").count() >= 3  # the lowest rate of each importer is marked
    shot(page, f"11-tariff-comparison-{lang}")
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_enter_a_bom_and_get_a_verdict(browser, server, lang):
    page = new_page(browser, server, lang)
    page.goto("/origin")
    assert page.locator("h1").inner_text() == ORIGIN_HEADING[lang]
    page.select_option("#f-to", "JP")
    fill_bom(page)
    shot(page, f"20-bom-editor-{lang}")
    submit(page, "main form[action='/origin'] button[value=check]")
    verdict = page.locator("#verdict")
    assert verdict.locator(".agreement .badge-originating").first.is_visible()
    assert "CTSH or RVC40" in verdict.inner_text()
    assert page.input_value("#f-materials-1-description") == "Battery management electronics"
    verdict.scroll_into_view_if_needed()
    shot(page, f"21-origin-verdict-{lang}")
    page.context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_get_a_landed_cost_quote(browser, server, lang):
    page = new_page(browser, server, lang)
    page.goto("/landed-cost")
    page.select_option("#f-importer", "JP")
    page.fill("#f-date", "2026-10-30")
    page.fill("#f-display_currency", "USD")
    page.fill("#f-lines-0-code", "6105.90.020")
    page.fill("#f-lines-0-origin", "CN")
    page.fill("#f-lines-0-value-amount", "500000")
    page.fill("#f-lines-0-value-currency", "JPY")
    page.fill("#f-lines-0-quantity", "100")
    page.fill("#f-lines-0-unit", "piece")
    page.check("#f-lines-0-proof_of_origin")
    submit(page, "main form button[value=quote]")
    assert re.search(r"568,600", page.locator("[data-total=landed_cost]").first.inner_text())
    assert "customs.go.jp" in page.locator("#result").inner_text()  # figures with their sources
    shot(page, f"30-landed-cost-{lang}")
    page.context.close()


def test_run_a_trade_policy_scenario_with_progress(browser, server):
    page = new_page(browser, server, "ko")
    page.goto("/scenarios/gravity")
    page.fill("#f-draws", "300")
    submit(page)
    progress = page.locator("progress#scenario-progress")
    if progress.count():  # the run may finish before the first look; then the results are shown
        shot(page, "70-scenario-running-ko")
    page.wait_for_selector("img[src$='welfare.png']", timeout=60_000)
    assert page.locator("table").first.inner_text().count("pta") == 1
    assert "KOR" in page.locator("main").inner_text()
    shot(page, "71-scenario-results-ko")
    page.context.close()


def test_issue_a_document_and_verify_it(browser, server, tmp_path):
    page = new_page(browser, server, "ja")
    sign_up(page, "exports@hanbit.example")
    page.goto("/products/new")
    page.fill("#f-code", "8507.60")
    page.fill("#f-name", "Battery pack HB-48")
    submit(page)
    with page.expect_navigation():
        page.click("a[href$='/boms/new']")
    fill_bom(page)
    submit(page, "main form button[value=save]")
    page.select_option("#f-to", "JP")
    submit(page, "form[action$='/verdicts'] button")
    assert page.locator("h1 .badge-originating").is_visible()
    shot(page, "40-stored-verdict-ja")
    with page.expect_navigation():
        page.click("a[href^='/documents/issue']")
    page.select_option("#f-type", "rcep-certificate-of-origin")
    page.select_option("#f-issuer", ISSUER)
    page.fill("#f-documentNumber", "KR-RCEP-2026-000123")
    for party, name, country in (
        ("exporter", "Hanbit Energy Co., Ltd.", "KR"),
        ("importer", "Sakura Mobility K.K.", "JP"),
    ):
        page.fill(f"#f-{party}-name", name)
        page.fill(f"#f-{party}-address-addressLocality", "Seoul" if country == "KR" else "Tokyo")
        page.fill(f"#f-{party}-address-addressCountry", country)
    page.fill("#f-items-0-description", "Lithium-ion battery packs")
    page.fill("#f-declaration-signatory", "Kim Min-jun")
    page.fill("#f-declaration-place", "Seoul")
    page.fill("#f-declaration-date", "2026-04-30")
    page.fill("#f-issuingBody-name", "Korea Chamber of Commerce and Industry")
    page.fill("#f-issuingBody-address-addressCountry", "KR")
    page.fill("#f-certificationPlace", "Seoul")
    shot(page, "41-issue-form-ja")
    submit(page, "main form[action='/documents/issue'] button[type=submit]")
    assert page.locator(".alert.ok").is_visible()
    shot(page, "42-document-issued-ja")
    with page.expect_download() as download:
        page.click("a[href$='/pdf']")
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    with page.expect_navigation():
        page.click("main a.button.secondary")
    assert page.locator(".verification .badge-pass").count() == 5
    shot(page, "43-verification-link-ja")
    document_url = page.url
    credential = page.request.get(document_url + "/credential").text()
    page.goto("/documents/verify")
    page.set_input_files("#f-file", files=[{"name": "certificate.jwt", "mimeType": "application/jwt",
                                             "buffer": credential.encode()}])  # fmt: skip
    submit(page)
    assert page.locator(".verification .badge-pass").count() == 5
    assert page.locator(".verification .badge-fail").count() == 0
    shot(page, "44-verified-by-upload-ja")
    # The QR code of a large document holds its verification link (the API's URL of the document).
    page.fill("#f-credential", document_url.replace("/documents/", "/api/v1/documents/"))
    submit(page)
    assert page.url == document_url and page.locator(".verification .badge-pass").count() == 5
    shot(page, "45-verified-by-link-ja")
    page.context.close()


def test_switch_language(browser, server):
    page = new_page(browser, server, "en")
    page.goto("/origin")
    assert page.get_attribute("html", "lang") == "en"
    for lang, endonym in (("ko", "한국어"), ("zh-Hans", "简体中文"), ("ja", "日本語")):
        page.select_option("#lang-select", label=endonym)
        submit(page, "form.lang button")
        assert page.get_attribute("html", "lang") == lang
        assert page.url.endswith("/origin")  # the same page, in the new language
        assert page.locator("h1").inner_text() == ORIGIN_HEADING[lang]
        shot(page, f"50-language-switched-{lang}")
    page.reload()
    assert page.get_attribute("html", "lang") == "ja"  # kept in the cookie
    page.context.close()


KEY_PAGES = {"home": "/", "signup": "/signup", "login": "/login", "verify": "/documents/verify"}


@pytest.mark.parametrize("lang", LANGS)
def test_key_pages_in_each_language(browser, server, lang):
    page = new_page(browser, server, lang)
    for name, path in KEY_PAGES.items():
        page.goto(path)
        assert page.get_attribute("html", "lang") == lang
        # Keyboard: the skip link comes first and takes the reader to the content.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        shot(page, f"60-{name}-{lang}")
    page.context.close()
