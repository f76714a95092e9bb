"""Catalogue imports: the import log and the imported procedures.

Revision ID: 0001_catalogue
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001_catalogue"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "catalogue_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filename", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("added_count", sa.Integer(), nullable=False),
        sa.Column("replaced_count", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("imported_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "imported_procedures",
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("data", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("source_kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("imported_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["import_id"], ["catalogue_imports.id"]),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("imported_procedures") as batch_op:
        batch_op.create_index(batch_op.f("ix_imported_procedures_import_id"), ["import_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("imported_procedures") as batch_op:
        batch_op.drop_index(batch_op.f("ix_imported_procedures_import_id"))
    op.drop_table("imported_procedures")
    op.drop_table("catalogue_imports")
