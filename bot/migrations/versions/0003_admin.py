"""Admin aliases and the daily aggregate counts kept by purges.

Revision ID: 0003_admin
Revises: 0002_conversations
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0003_admin"
down_revision: str | Sequence[str] | None = "0002_conversations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_string = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "admin_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phrase", _string(length=200), nullable=False),
        sa.Column("phrase_key", _string(length=200), nullable=False),
        sa.Column("procedure_code", _string(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("phrase_key"),
    )
    op.create_table(
        "rating_daily_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("procedure_code", _string(length=64), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("channel", _string(length=16), nullable=False),
        sa.Column("reason", _string(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "day", "procedure_code", "level", "channel", "reason", name="uq_rating_daily_counts"
        ),
    )
    with op.batch_alter_table("rating_daily_counts") as batch_op:
        batch_op.create_index(batch_op.f("ix_rating_daily_counts_day"), ["day"], unique=False)
    op.create_table(
        "activity_daily_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", _string(length=16), nullable=False),
        sa.Column("conversations", sa.Integer(), nullable=False),
        sa.Column("card_conversations", sa.Integer(), nullable=False),
        sa.Column("questions", sa.Integer(), nullable=False),
        sa.Column("unanswered", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("day", "channel", name="uq_activity_daily_counts"),
    )
    with op.batch_alter_table("activity_daily_counts") as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_daily_counts_day"), ["day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("activity_daily_counts") as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_daily_counts_day"))
    op.drop_table("activity_daily_counts")
    with op.batch_alter_table("rating_daily_counts") as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_daily_counts_day"))
    op.drop_table("rating_daily_counts")
    op.drop_table("admin_aliases")
