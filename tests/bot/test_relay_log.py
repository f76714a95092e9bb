"""RelayLog: relay marks of conversations, upgraded to on-behalf, removed with their conversation."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversations import ChatRef, ConversationStore
from bot.models.conversation import Channel, Conversation
from bot.models.relay import RelaySource
from bot.relay_log import RelayLog


async def test_marks_are_kept_and_upgraded(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    store = ConversationStore(db_sessions)
    conversation_id = await store.record_activity(
        ChatRef("k" * 32, "u" * 32, Channel.RELAY, "vi", chat_id=1), procedure_code="1.001193"
    )
    log = RelayLog(db_sessions)
    assert await log.get(conversation_id) is None
    await log.mark(conversation_id, RelaySource.DEEP_LINK, procedure_code="1.001193")
    await log.mark(conversation_id, RelaySource.DEEP_LINK)
    mark = await log.get(conversation_id)
    assert mark is not None and mark.source == "deep_link" and not mark.on_behalf
    await log.mark(conversation_id, RelaySource.HELP_FOR, on_behalf=True)
    mark = await log.get(conversation_id)
    assert mark is not None and mark.source == "help_for" and mark.on_behalf
    assert mark.procedure_code == "1.001193"


async def test_marks_go_with_a_purged_conversation(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    store = ConversationStore(db_sessions)
    conversation_id = await store.record_activity(ChatRef("m" * 32, "n" * 32, Channel.RELAY, "vi", chat_id=2))
    log = RelayLog(db_sessions)
    await log.mark(conversation_id, RelaySource.HELP_FOR, on_behalf=True)
    async with db_sessions() as session, session.begin():
        await session.execute(delete(Conversation).where(Conversation.id == conversation_id))  # type: ignore[arg-type]
    assert await log.get(conversation_id) is None
