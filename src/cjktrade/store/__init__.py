"""Persistence of user data (organisations, users, products, BOMs, quotes, documents, audit) with
SQLAlchemy 2 and Alembic. SQLite is the embedded default; PostgreSQL is chosen by
CJKTRADE_DATABASE_URL. Every record but users belongs to one organisation, and every query is
scoped to it."""
