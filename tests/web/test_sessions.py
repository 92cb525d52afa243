"""Signing out ends the session everywhere: a copied cookie stops working too."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from cjktrade.api.deps import SESSION_COOKIE
from tests.web.conftest import post, sign_up


def test_sign_out_ends_copied_sessions(app) -> None:
    with TestClient(app) as browser, TestClient(app) as thief:
        sign_up(browser, f"s-{uuid.uuid4().hex[:8]}@example.com")
        thief.cookies.set(SESSION_COOKIE, browser.cookies.get(SESSION_COOKIE))
        assert thief.get("/products").status_code == 200  # the copy works while the session lasts
        post(browser, "/logout", {}, page="/products")
        assert thief.get("/products", follow_redirects=False).status_code in (303, 401)
        assert thief.get("/api/v1/products").status_code == 401
