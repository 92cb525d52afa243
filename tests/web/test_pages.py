"""Every page renders, in every language; the language is chosen as documented; errors are pages."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import post, sign_up, token

LANG_ATTRIBUTE = re.compile(r'<html lang="([^"]+)">')
PUBLIC_PAGES = [
    "/",
    "/signup",
    "/login",
    "/hs/search",
    "/hs/search?q=リチウムイオン蓄電池",
    "/hs/compare",
    "/hs/compare?hs6=610590&origin=CN",
    "/origin",
    "/landed-cost",
    "/documents/verify",
]
SIGNED_IN_PAGES = ["/products", "/products/new", "/suppliers", "/suppliers/new", "/shipments", "/shipments/new",
                   "/verdicts", "/org", "/api-keys"]  # fmt: skip
HEADINGS = {"en": "Origin check", "zh-Hans": "原产地判定", "ja": "原産地判定", "ko": "원산지 판정"}


def lang_of(html: str) -> str:
    match = LANG_ATTRIBUTE.search(html)
    assert match
    return match.group(1)


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "ja", "ko"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_get_public_page_renders_in_each_language(client, path, lang):
    client.cookies.set("cjk_lang", lang)
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert lang_of(response.text) == lang


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "ja", "ko"])
def test_get_signed_in_pages_render_in_each_language(owner, lang):
    owner.cookies.set("cjk_lang", lang)
    for path in SIGNED_IN_PAGES:
        response = owner.get(path)
        assert response.status_code == 200, path
        assert lang_of(response.text) == lang


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_get_signed_in_page_anonymous_redirects_to_login(client, path):
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={path}"


@pytest.mark.parametrize(
    ("accept", "cookie", "expected"),
    [
        (None, None, "en"),
        ("ko-KR,ko;q=0.9,en;q=0.8", None, "ko"),
        ("fr,ja;q=0.5,zh-CN;q=0.7", None, "zh-Hans"),
        ("de-DE", None, "en"),
        ("ko-KR", "ja", "ja"),
    ],
)
def test_get_page_language_follows_cookie_then_accept_language(client, accept, cookie, expected):
    if cookie:
        client.cookies.set("cjk_lang", cookie)
    headers = {"Accept-Language": accept} if accept else {}
    assert lang_of(client.get("/", headers=headers).text) == expected


def test_post_lang_sets_cookie_and_saves_locale_of_signed_in_user(owner):
    response = post(owner, "/lang", {"lang": "ko", "next": "/origin"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/origin"
    cookie = response.headers["set-cookie"]
    assert "cjk_lang=ko" in cookie and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    # Without the cookie, the saved locale still wins over the browser's language.
    owner.cookies.delete("cjk_lang")
    assert lang_of(owner.get("/", headers={"Accept-Language": "ja"}).text) == "ko"


def test_post_lang_refuses_a_foreign_next(client):
    response = post(client, "/lang", {"lang": "ja", "next": "https://evil.example/"}, follow_redirects=False)
    assert response.headers["location"] == "/"


@pytest.mark.parametrize(("lang", "heading"), HEADINGS.items())
def test_get_origin_page_heading_is_translated(client, lang, heading):
    client.cookies.set("cjk_lang", lang)
    assert f"<h1>{heading}</h1>" in client.get("/origin").text


def test_get_home_on_fresh_install_explains_first_owner(app, tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    monkeypatch.setenv("CJKTRADE_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    with TestClient(app) as fresh:
        html = fresh.get("/").text
    assert "cjktrade admin create-owner" in html and 'href="/signup"' in html


def test_get_home_with_accounts_has_no_first_run_box(owner):
    assert "cjktrade admin create-owner" not in owner.get("/").text


def test_get_unknown_page_is_a_404_page_in_the_language(client):
    client.cookies.set("cjk_lang", "ja")
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html") and lang_of(response.text) == "ja"


def test_get_api_errors_stay_problem_json(client):
    response = client.get("/api/v1/hs/85423")
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    assert client.get("/api/v1/no-such-route").headers["content-type"] == "application/problem+json"


def test_get_page_sends_security_headers(client):
    headers = client.get("/").headers
    assert "script-src" not in headers["content-security-policy"]  # default-src 'self': no inline script
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == "no-store"


def test_get_static_files_are_served(client):
    assert client.get("/static/app.css").status_code == 200
    assert (
        client.get("/static/app.js")
        .headers["content-type"]
        .startswith(("text/javascript", "application/javascript"))
    )


def test_get_search_in_japanese_finds_lithium_ion_accumulators(client):
    html = client.get("/hs/search", params={"q": "リチウムイオン蓄電池"}).text
    assert "8507.60" in html and 'href="/hs/compare?hs6=850760"' in html


def test_get_compare_from_outside_cjk_shows_three_importers(client):
    html = client.get("/hs/compare", params={"hs6": "8507.60", "origin": "US"}).text
    for importer in ("JP", "KR", "CN"):
        assert f'id="imp-{importer}"' in html


@pytest.mark.parametrize(("params", "field"), [({"hs6": "85", "origin": "CN"}, "hs6"),
                                                ({"hs6": "850760", "origin": "Atlantis"}, "origin")])  # fmt: skip
def test_get_compare_bad_input_shows_error_next_to_field(client, params, field):
    response = client.get("/hs/compare", params=params)
    assert response.status_code == 400
    assert f'id="e-{field}"' in response.text
    assert re.search(
        rf'id="f-{field}"[^>]*aria-describedby="[^"]*e-{field}"[^>]*aria-invalid="true"', response.text
    )


def test_login_page_keeps_next_for_after_sign_in(client):
    sign_up(client, "next@example.com")
    client.cookies.clear()
    response = post(client, "/login", {"email": "next@example.com", "password": "a long enough password",
                                      "next": "/products"}, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303 and response.headers["location"] == "/products"
    assert token(client, "/products")


def test_openapi_lists_no_web_page(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert not {"/", "/login", "/signup", "/origin", "/landed-cost", "/products"} & set(paths)
