"""Shared test fixtures. The HS index is built once into CJKTRADE_CACHE_DIR (set by scripts/test.sh)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RAW_DATA = Path(os.environ.get("CJKTRADE_RAW_DATA", REPO.parent / "shared" / "data"))

os.environ.setdefault("CJKTRADE_CACHE_DIR", str(REPO / ".cache"))
# Tests make many requests from one client; the rate-limit test sets its own limit.
os.environ.setdefault("CJKTRADE_RATE_LIMIT", "1000000")


@pytest.fixture(scope="session")
def raw_data() -> Path:
    if not RAW_DATA.is_dir():
        pytest.skip(f"raw sources not present at {RAW_DATA}")
    return RAW_DATA


# --- databases: every storage and API test runs on SQLite and on PostgreSQL ------------------------


def _postgres_database(name: str) -> str:
    base = os.environ.get("CJKTRADE_TEST_POSTGRES_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail(
                "CJKTRADE_TEST_POSTGRES_URL is not set: CI must run the PostgreSQL tests (see scripts/test.sh)."
            )
        pytest.skip("PostgreSQL not configured (set CJKTRADE_TEST_POSTGRES_URL, as scripts/test.sh does)")
    import psycopg

    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


def _drop_postgres(url: str, name: str) -> None:
    import psycopg

    from cjktrade.store import db

    db.engine(url).dispose()
    base = os.environ["CJKTRADE_TEST_POSTGRES_URL"].replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _database(backend: str, folder):
    import uuid

    name = f"cjk_{uuid.uuid4().hex[:12]}"
    url = f"sqlite:///{folder / 'test.db'}" if backend == "sqlite" else _postgres_database(name)
    saved = {k: os.environ.get(k) for k in ("CJKTRADE_DATABASE_URL", "CJKTRADE_HOME")}
    os.environ["CJKTRADE_DATABASE_URL"], os.environ["CJKTRADE_HOME"] = url, str(folder)
    yield url
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    if backend == "postgresql":
        _drop_postgres(url, name)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    """A fresh database shared by the module, set as CJKTRADE_DATABASE_URL; dropped afterwards."""
    yield from _database(request.param, tmp_path_factory.mktemp("home"))


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database_url(request, tmp_path):
    """A fresh, empty database for one test."""
    yield from _database(request.param, tmp_path)
