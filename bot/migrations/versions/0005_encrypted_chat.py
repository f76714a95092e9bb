"""Store the private chat of an open conversation sealed (``chat_ref``), never as a raw Telegram id.

The raw ``chat_id`` column is dropped. Its values cannot be sealed here (the key lives in the bot's settings,
not in the migration), so conversations still open at upgrade time lose their way back to the chat: the idle
sweeper closes them without a survey. Downgrading restores an empty ``chat_id`` column the same way.

Revision ID: 0005_encrypted_chat
Revises: 0004_relay_locale
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_encrypted_chat"
down_revision: str | Sequence[str] | None = "0004_relay_locale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch_op:
        batch_op.add_column(sa.Column("chat_ref", sa.Text(), nullable=True))
        batch_op.drop_column("chat_id")


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch_op:
        batch_op.add_column(sa.Column("chat_id", sa.BigInteger(), nullable=True))
        batch_op.drop_column("chat_ref")
