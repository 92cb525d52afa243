"""The web app in-process: ``create_app()`` with the pages mounted, on a fresh SQLite database."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cjktrade.api.app import create_app

DATA = Path(__file__).parents[1]
BOM = json.loads((DATA / "origin" / "data" / "battery_pack_bom.json").read_text())
PASSWORD = "a long enough password"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def web_app():
    return create_app()  # the pages are part of the one app


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch) -> Path:
    """A fresh $CJKTRADE_HOME with its own SQLite database, for the module."""
    folder = tmp_path_factory.mktemp("web-home")
    monkeypatch_module.setenv("CJKTRADE_HOME", str(folder))
    monkeypatch_module.setenv("CJKTRADE_DATABASE_URL", f"sqlite:///{folder / 'web.db'}")
    monkeypatch_module.delenv("CJKTRADE_SECURE_COOKIES", raising=False)
    return folder


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def app(home: Path):
    return web_app()


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    """A browser of its own (cookies), anonymous."""
    with TestClient(app) as browser:
        yield browser


def token(client: TestClient, path: str = "/login") -> str:
    """The CSRF token of the forms on ``path`` (sets the cookie it pairs with)."""
    match = _TOKEN.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post(client: TestClient, path: str, data: dict[str, object], *, page: str | None = None, **kwargs):
    """POST a form with the CSRF token of ``page`` (default: ``path`` itself, or the login page)."""
    return client.post(path, data={"csrf_token": token(client, page or "/login"), **data}, **kwargs)


def sign_up(client: TestClient, email: str, org: str = "Hanbit Energy", country: str = "KR") -> None:
    response = post(client, "/signup", {"org_name": org, "country": country, "name": "Kim", "email": email,
                                        "password": PASSWORD}, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, response.text


@pytest.fixture
def owner(client: TestClient) -> TestClient:
    """A client signed in as the owner of a new organisation."""
    import uuid

    sign_up(client, f"owner-{uuid.uuid4().hex[:8]}@example.com")
    return client
