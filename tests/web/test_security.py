"""Sign-up, sign-in, sessions, cookies, CSRF and throttling of the web app."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import PASSWORD, post, sign_up, token


def field_error(html: str, field: str) -> str:
    match = re.search(rf'<ul class="field-errors" id="e-{re.escape(field)}">\s*<li>(.*?)</li>', html, re.S)
    assert match, f"no error next to {field}"
    return match.group(1)


def test_signup_creates_org_and_signs_in(client):
    sign_up(client, "first@example.com", org="Sakura Mobility", country="JP")
    html = client.get("/org").text
    assert "Sakura Mobility" in html and "first@example.com" in html


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password": "short"}, "password", "Use at least 10 characters."),
        ({"email": "not-an-address"}, "email", "This is not an e-mail address."),
        ({"country": "Atlantis"}, "country", "Unknown country"),
        ({"org_name": " "}, "org_name", "Give the organisation"),
        ({"business_id": "123"}, "business_id", "123"),
    ],
)
def test_signup_invalid_shows_error_next_to_field(client, change, field, message):
    data = {
        "org_name": "Acme",
        "country": "KR",
        "name": "Lee",
        "email": "lee@example.com",
        "password": PASSWORD,
    }
    response = post(client, "/signup", {**data, **change})
    assert response.status_code == 400
    assert message in field_error(response.text, field)


def test_signup_invalid_never_echoes_the_password(client):
    response = post(client, "/signup", {"org_name": "Acme", "country": "Atlantis", "email": "a@example.com",
                                        "password": "secret-password-123"})  # fmt: skip
    assert response.status_code == 400
    assert "secret-password-123" not in response.text
    assert 'value="a@example.com"' in response.text


def test_signup_existing_email_says_log_in_instead(client):
    sign_up(client, "twice@example.com")
    client.cookies.clear()
    response = post(client, "/signup", {"org_name": "Other", "country": "CN", "email": "twice@example.com",
                                        "password": PASSWORD})  # fmt: skip
    assert "already has an account" in field_error(response.text, "email")


def test_login_wrong_password_then_throttled_after_five(client):
    sign_up(client, "throttle@example.com")
    client.cookies.clear()
    for _ in range(5):
        response = post(client, "/login", {"email": "throttle@example.com", "password": "wrong password"})
        assert response.status_code == 401
        assert "The e-mail address or the password is wrong." in response.text
        assert "wrong password" not in response.text
    response = post(client, "/login", {"email": "throttle@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.text


def test_login_throttle_message_is_translated(client):
    sign_up(client, "throttle-ko@example.com")
    client.cookies.clear()
    client.cookies.set("cjk_lang", "ko")
    for _ in range(6):
        response = post(client, "/login", {"email": "throttle-ko@example.com", "password": "wrong password"})
    assert response.status_code == 429
    assert "Too many failed sign-ins" not in response.text


def test_session_cookie_is_httponly_samesite_lax_and_not_secure_on_http(client):
    response = post(client, "/signup", {"org_name": "Acme", "country": "KR", "email": "cookie@example.com",
                                        "password": PASSWORD}, follow_redirects=False)  # fmt: skip
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("cjk_session=") and "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    assert "Secure" not in cookie


def test_session_cookie_is_secure_when_configured(client, monkeypatch):
    monkeypatch.setenv("CJKTRADE_SECURE_COOKIES", "1")
    response = post(client, "/signup", {"org_name": "Acme", "country": "KR", "email": "secure@example.com",
                                        "password": PASSWORD}, follow_redirects=False)  # fmt: skip
    assert "Secure" in response.headers["set-cookie"]


def test_session_cookie_is_secure_over_https(app):
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="https://cjktrade.example") as browser:
        response = post(browser, "/signup", {"org_name": "Acme", "country": "KR", "email": "https@example.com",
                                             "password": PASSWORD}, follow_redirects=False)  # fmt: skip
    assert "Secure" in response.headers["set-cookie"]


def test_logout_clears_the_session(owner):
    response = post(owner, "/logout", {}, page="/", follow_redirects=False)
    assert response.status_code == 303 and 'cjk_session=""' in response.headers["set-cookie"]
    assert owner.get("/products", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("sent", [None, "", "forged-token"])
def test_post_without_the_right_csrf_token_is_refused(owner, sent):
    data = {"name": "erp", "scopes": "read"} | ({} if sent is None else {"csrf_token": sent})
    response = owner.post("/api-keys", data=data)
    assert response.status_code == 403
    assert "The form has expired" in response.text
    assert "No key yet." in owner.get("/api-keys").text  # nothing was created


def test_post_anonymous_form_needs_the_cookie_token(client):
    form_token = token(client, "/login")
    client.cookies.delete("cjk_csrf")
    response = client.post(
        "/login", data={"csrf_token": form_token, "email": "x@example.com", "password": "x"}
    )
    assert response.status_code == 403


def test_every_form_carries_a_csrf_token(owner):
    for path in ("/", "/origin", "/landed-cost", "/products/new", "/org", "/api-keys", "/documents/verify"):
        html = owner.get(path).text
        forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", html, re.S)
        assert forms, path
        for form in forms:
            assert 'name="csrf_token"' in form, (path, form[:200])


def test_session_token_is_the_api_csrf_token(owner):
    """The hidden input holds the session's token: the one the API expects in X-CSRF-Token."""
    form_token = token(owner, "/org")
    response = owner.post("/api/v1/products", json={"code": "850760", "name": "Pack"},
                          headers={"X-CSRF-Token": form_token})  # fmt: skip
    assert response.status_code == 201


def test_login_failure_does_not_log_the_password(client, caplog):
    sign_up(client, "logs@example.com")
    client.cookies.clear()
    with caplog.at_level("DEBUG"):
        response = post(client, "/login", {"email": "logs@example.com", "password": "my-secret-passphrase"})
    assert response.status_code == 401
    assert "my-secret-passphrase" not in caplog.text
