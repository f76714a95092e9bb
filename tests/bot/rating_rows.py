"""Builders of stored conversations, ratings and unanswered questions at chosen times, for report tests."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models.conversation import Conversation, ConversationState, Rating, UnansweredQuestion


async def add_conversation(
    sessions: async_sessionmaker[AsyncSession],
    at: datetime,
    *,
    code: str | None = "1.001193",
    level: int | None = None,
    channel: str = "private",
    reason: str | None = None,
    comment: str | None = None,
    questions: int = 1,
    state: str | None = None,
) -> int:
    """Store a finished conversation started at ``at`` (UTC) and, given a level, its rating; return its id."""
    shown = json.dumps([code] if code else [])
    asked = json.dumps([f"câu hỏi {i}" for i in range(questions)], ensure_ascii=False)
    rated = level is not None
    async with sessions() as session, session.begin():
        conversation = Conversation(
            chat_key="c" * 32,
            user_key="u" * 32,
            channel=channel,
            state=state or (ConversationState.RATED if rated else ConversationState.CLOSED).value,
            procedure_code=code,
            procedures_shown=shown,
            questions=asked,
            started_at=at,
            last_activity=at,
            ended_at=None if state == ConversationState.OPEN.value else at,
        )
        session.add(conversation)
        await session.flush()
        assert conversation.id is not None
        if level is not None:
            session.add(
                Rating(
                    conversation_id=conversation.id,
                    level=level,
                    reason=reason,
                    comment=comment,
                    procedures_shown=shown,
                    questions=asked,
                    channel=channel,
                    user_key="u" * 32,
                    conversation_started_at=at,
                    created_at=at,
                    updated_at=at,
                )
            )
        return conversation.id


async def add_unanswered(
    sessions: async_sessionmaker[AsyncSession], at: datetime, question: str, channel: str = "private"
) -> None:
    """Store an unanswered question asked at ``at`` (UTC)."""
    async with sessions() as session, session.begin():
        session.add(UnansweredQuestion(question=question, channel=channel, created_at=at))


async def mark_relay(sessions: async_sessionmaker[AsyncSession], conversation_id: int, source: str) -> None:
    """Mark a conversation as relayed (``help_for`` or ``deep_link``)."""
    from bot.models.relay import RelayedConversation

    async with sessions() as session, session.begin():
        session.add(
            RelayedConversation(
                conversation_id=conversation_id,
                source=source,
                on_behalf=source == "help_for",
                created_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
        )
