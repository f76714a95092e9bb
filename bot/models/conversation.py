"""Tables of the conversation state, the satisfaction ratings and the unanswered questions.

Chats and users are stored only as keyed hashes (``Settings.hash_user_id``); no raw Telegram id is ever
written. ``Conversation.chat_ref`` is the private chat id *sealed* with ``bot.chat_cipher`` (authenticated
encryption under a key derived from ``USER_HASH_KEY``), kept only so the idle sweeper can send the
satisfaction survey to a user who simply stopped writing. A user who messages the bot privately implies
consent to be answered there; a group conversation gets it only when its asker has started the bot in
private, and it is cleared when the conversation leaves the ``open`` state.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class ConversationState(StrEnum):
    """Life cycle of a conversation: open → surveying → rated, or closed without a rating."""

    OPEN = "open"
    SURVEYING = "surveying"
    RATED = "rated"
    CLOSED = "closed"


class Channel(StrEnum):
    """Where a conversation happens: a private chat, a group, or a volunteer relaying someone's question."""

    PRIVATE = "private"
    GROUP = "group"
    RELAY = "relay"


class Conversation(SQLModel, table=True):
    """One conversation of a chat with the bot, from its first question to its end."""

    __tablename__ = "conversations"

    id: int | None = Field(default=None, primary_key=True)
    chat_key: str = Field(max_length=64, index=True)
    user_key: str = Field(default="", max_length=64)
    chat_ref: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # sealed chat id
    channel: str = Field(default=Channel.PRIVATE.value, max_length=16)
    locale: str = Field(default="vi", max_length=8)
    state: str = Field(default=ConversationState.OPEN.value, max_length=16, index=True)
    procedure_code: str | None = Field(default=None, max_length=64)
    procedures_shown: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    questions: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    started_at: datetime
    last_activity: datetime = Field(index=True)
    ended_at: datetime | None = None


class Rating(SQLModel, table=True):
    """The satisfaction rating of one conversation (at most one: unique on ``conversation_id``)."""

    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("conversation_id", name="uq_ratings_conversation_id"),)

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversations.id")
    level: int  # 1 = Rất không hài lòng … 5 = Rất hài lòng
    reason: str | None = Field(default=None, max_length=32)
    comment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    comment_pending: bool = False
    procedures_shown: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    questions: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    channel: str = Field(default=Channel.PRIVATE.value, max_length=16)
    user_key: str = Field(default="", max_length=64)
    locale: str = Field(default="vi", max_length=8)
    conversation_started_at: datetime
    created_at: datetime
    updated_at: datetime


class UnansweredQuestion(SQLModel, table=True):
    """A question the bot could not match to any procedure (text masked before it is stored)."""

    __tablename__ = "unanswered_questions"

    id: int | None = Field(default=None, primary_key=True)
    question: str = Field(sa_column=Column(Text, nullable=False))
    channel: str = Field(default=Channel.PRIVATE.value, max_length=16)
    locale: str = Field(default="vi", max_length=8)
    created_at: datetime = Field(index=True)
