"""The most discussed procedures of the last 30 days."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversations import ChatRef, ConversationStore, utc_now
from bot.models.conversation import Channel, Conversation
from bot.popular_procedures import most_discussed


async def test_most_discussed_counts_recent_conversations(
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    store = ConversationStore(db_sessions)
    for number, code in enumerate(["1.000001", "1.000002", "1.000002", "1.000003", "1.000003", "1.000003"]):
        await store.record_activity(
            ChatRef(f"chat{number}", f"user{number}", Channel.PRIVATE, "vi", chat_id=number + 1),
            procedure_code=code,
        )
    async with db_sessions() as session, session.begin():
        old = utc_now() - timedelta(days=40)
        for _ in range(5):
            session.add(
                Conversation(chat_key="old", procedure_code="9.999999", started_at=old, last_activity=old)
            )
    assert await most_discussed(db_sessions, limit=2) == ["1.000003", "1.000002"]
    assert "9.999999" not in await most_discussed(db_sessions)
