"""The relay marks: conversations in which someone relayed the bot's help to another person.

A conversation is relayed when a neighbour opened a procedure card from a shared deep link
(``source = deep_link``) or when a community helper used ``/help_for`` sitting with a citizen
(``source = help_for``, ``on_behalf = True``: the helper rates on the citizen's behalf). The conversation and
its rating also carry ``channel = 'relay'``; this table says which kind of relay it was, so reports can
count on-behalf ratings separately: ``ratings JOIN relayed_conversations USING (conversation_id)``.
Rows go with their conversation (``ON DELETE CASCADE``) when old conversations are purged.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel


class RelaySource(StrEnum):
    """How the help was relayed."""

    DEEP_LINK = "deep_link"
    HELP_FOR = "help_for"


class RelayedConversation(SQLModel, table=True):
    """The relay mark of one conversation."""

    __tablename__ = "relayed_conversations"

    conversation_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )
    source: str = Field(max_length=16)
    on_behalf: bool = False  # the rating is given by a helper for the citizen sitting with them
    procedure_code: str | None = Field(default=None, max_length=64)
    created_at: datetime
