"""Database connection and migrations.

SQLite (a file under $CJKTRADE_HOME, default ~/.local/share/cjktrade) unless CJKTRADE_DATABASE_URL
names another database, e.g. ``postgresql+psycopg://user:pass@host/db``. ``migrate()`` brings any
existing database to the latest schema with Alembic, without loss.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

_lock = threading.Lock()
_migrated: set[str] = set()


def home() -> Path:
    folder = Path(os.environ.get("CJKTRADE_HOME") or Path.home() / ".local" / "share" / "cjktrade")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def database_url() -> str:
    return os.environ.get("CJKTRADE_DATABASE_URL") or f"sqlite:///{home() / 'cjktrade.db'}"


@cache
def engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        eng = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(eng, "connect")
        def _pragmas(connection, _record):  # type: ignore[no-untyped-def]
            cursor = connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")  # SQLite ignores foreign keys unless asked
            cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
            cursor.close()

        return eng
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def alembic_config(url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("cjktrade.store") / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str | None = None, revision: str = "head") -> None:
    """Upgrade the database to ``revision`` (creating it if needed)."""
    from alembic import command

    target = url or database_url()
    with _lock:
        config = alembic_config(target)
        with engine(target).begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        if revision == "head":
            _migrated.add(target)


@cache
def _sessions(url: str) -> sessionmaker[Session]:
    return sessionmaker(engine(url), expire_on_commit=False)


@contextmanager
def session(url: str | None = None) -> Iterator[Session]:
    """A unit of work: committed when the block ends, rolled back on error (nothing half-written)."""
    target = url or database_url()
    if target not in _migrated:
        migrate(target)
    with _sessions(target)() as db:
        try:
            yield db
            db.commit()
        except BaseException:
            db.rollback()
            raise
