"""Migrations upgrade an existing database without loss, from the first revision onward."""

import pytest
from sqlalchemy import inspect, text

from cjktrade.store import db
from cjktrade.store.models import Base


def test_migrate_from_first_revision_keeps_data(fresh_database_url):
    db.migrate(fresh_database_url, "0001")
    with db.engine(fresh_database_url).begin() as connection:
        connection.execute(
            text(
                "INSERT INTO organisations (id, name, country, created_at) VALUES (1, '株式会社テスト', 'JP', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO users (id, email, name, password_hash, created_at) VALUES (1, 'a@example.jp', '山田', 'x', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(text("INSERT INTO memberships (org_id, user_id, role) VALUES (1, 1, 'owner')"))
    db.migrate(fresh_database_url)
    with db.engine(fresh_database_url).connect() as connection:
        assert connection.execute(text("SELECT name FROM organisations")).scalar_one() == "株式会社テスト"
        assert connection.execute(text("SELECT role FROM memberships")).scalar_one() == "owner"
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0004"


def test_migrated_schema_matches_the_models(fresh_database_url):
    db.migrate(fresh_database_url)
    tables = set(inspect(db.engine(fresh_database_url)).get_table_names()) - {"alembic_version"}
    assert tables == set(Base.metadata.tables)
    for name, table in Base.metadata.tables.items():
        columns = {c["name"] for c in inspect(db.engine(fresh_database_url)).get_columns(name)}
        assert columns == {c.name for c in table.columns}, name


def test_migrate_twice_is_harmless(fresh_database_url):
    db.migrate(fresh_database_url)
    db.migrate(fresh_database_url)
    with db.engine(fresh_database_url).connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1


@pytest.mark.parametrize("revision", ["0001", "0002", "0003", "0004"])
def test_each_revision_downgrades_cleanly(fresh_database_url, revision):
    from alembic import command

    def tables() -> set[str]:
        return set(inspect(db.engine(fresh_database_url)).get_table_names()) - {"alembic_version"}

    def version() -> str | None:
        with db.engine(fresh_database_url).connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()

    def downgrade_to_base() -> None:
        config = db.alembic_config(fresh_database_url)
        with db.engine(fresh_database_url).begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        db._migrated.discard(fresh_database_url)

    db.migrate(fresh_database_url, revision)
    assert version() == revision and tables()
    downgrade_to_base()
    assert tables() == set() and version() is None
    db.migrate(fresh_database_url)
    assert version() == "0004" and tables() == set(Base.metadata.tables)
