"""Trade records: products and versioned BOMs, suppliers, shipments, quotes, origin verdicts,
issued documents, idempotency keys.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"

TS = sa.DateTime(timezone=True)


def _org() -> sa.Column[int]:
    return sa.Column(
        "org_id",
        sa.Integer,
        sa.ForeignKey("organisations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def upgrade() -> None:
    op.create_table(
        "products",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("descriptions", sa.JSON, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "bom_versions",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column(
            "product_id",
            sa.Integer,
            sa.ForeignKey("products.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("locked", sa.Boolean, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("product_id", "version"),
    )
    op.create_table(
        "suppliers",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("country", sa.String(2), nullable=False),
        sa.Column("business_id", sa.String(40)),
        sa.Column("declarations", sa.JSON, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "shipments",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("inputs", sa.JSON, nullable=False),
        sa.Column("outputs", sa.JSON, nullable=False),
        sa.Column("data_version", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "origin_verdicts",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("bom_version_id", sa.Integer, sa.ForeignKey("bom_versions.id", ondelete="SET NULL")),
        sa.Column("agreement", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("data_version", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        _org(),
        sa.Column("doc_type", sa.String(40), nullable=False),
        sa.Column("credential_id", sa.String(200), nullable=False),
        sa.Column("credential", sa.Text, nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("scope", sa.String(80), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("method_path", sa.String(300), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("scope", "key"),
    )


def downgrade() -> None:
    for table in (
        "idempotency_keys",
        "documents",
        "origin_verdicts",
        "quotes",
        "shipments",
        "suppliers",
        "bom_versions",
        "products",
    ):
        op.drop_table(table)
