"""Conversations, satisfaction ratings and unanswered questions.

Revision ID: 0002_conversations
Revises: 0001_catalogue
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0002_conversations"
down_revision: str | Sequence[str] | None = "0001_catalogue"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_string = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_key", _string(length=64), nullable=False),
        sa.Column("user_key", _string(length=64), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("channel", _string(length=16), nullable=False),
        sa.Column("locale", _string(length=8), nullable=False),
        sa.Column("state", _string(length=16), nullable=False),
        sa.Column("procedure_code", _string(length=64), nullable=True),
        sa.Column("procedures_shown", sa.Text(), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_activity", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("conversations") as batch_op:
        batch_op.create_index(batch_op.f("ix_conversations_chat_key"), ["chat_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_conversations_state"), ["state"], unique=False)
        batch_op.create_index(batch_op.f("ix_conversations_last_activity"), ["last_activity"], unique=False)
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("reason", _string(length=32), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("comment_pending", sa.Boolean(), nullable=False),
        sa.Column("procedures_shown", sa.Text(), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("channel", _string(length=16), nullable=False),
        sa.Column("user_key", _string(length=64), nullable=False),
        sa.Column("locale", _string(length=8), nullable=False),
        sa.Column("conversation_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("conversation_id", name="uq_ratings_conversation_id"),
    )
    op.create_table(
        "unanswered_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("channel", _string(length=16), nullable=False),
        sa.Column("locale", _string(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("unanswered_questions") as batch_op:
        batch_op.create_index(batch_op.f("ix_unanswered_questions_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("unanswered_questions") as batch_op:
        batch_op.drop_index(batch_op.f("ix_unanswered_questions_created_at"))
    op.drop_table("unanswered_questions")
    op.drop_table("ratings")
    with op.batch_alter_table("conversations") as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversations_last_activity"))
        batch_op.drop_index(batch_op.f("ix_conversations_state"))
        batch_op.drop_index(batch_op.f("ix_conversations_chat_key"))
    op.drop_table("conversations")
