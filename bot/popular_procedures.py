"""The procedures people asked about most recently: what inline mode offers before anything is typed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from bot.conversations import utc_now
from bot.models.conversation import Conversation

POPULAR_WINDOW = timedelta(days=30)


async def most_discussed(
    session_factory: async_sessionmaker[AsyncSession], limit: int = 8, window: timedelta = POPULAR_WINDOW
) -> list[str]:
    """Return the codes of the procedures discussed in the most conversations lately, most first."""
    since = utc_now() - window
    count = func.count().label("conversations")
    query = (
        select(Conversation.procedure_code, count)
        .where(col(Conversation.procedure_code).is_not(None), col(Conversation.started_at) >= since)
        .group_by(col(Conversation.procedure_code))
        .order_by(count.desc(), col(Conversation.procedure_code))
        .limit(limit)
    )
    async with session_factory() as session:
        rows = (await session.execute(query)).all()
    return [str(code) for code, _count in rows if code]
