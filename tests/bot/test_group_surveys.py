"""A group conversation is pointed at the asker's private chat, only while it is open and has none."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat_cipher import ChatIdCipher
from bot.conversations import ChatRef, ConversationStore
from bot.group_surveys import route_to_private
from bot.models.conversation import Channel


async def test_route_to_private(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    store = ConversationStore(db_sessions, ChatIdCipher.from_secret("group-survey-test-key-0123456789"))
    person = ChatRef("p" * 32, "p" * 32, Channel.GROUP, "vi", chat_id=-100123)
    conversation_id = await store.record_activity(person, procedure_code="1.001193")
    assert (await store.get(conversation_id)).chat_ref is None  # type: ignore[union-attr]
    assert await route_to_private(store, person.chat_key, 8_000_000_002)
    conversation = await store.get(conversation_id)
    assert conversation is not None and "8000000002" not in str(conversation.chat_ref)
    assert store.chat_of(conversation) == 8_000_000_002
    assert not await route_to_private(store, person.chat_key, 8_000_000_003)  # already routed
    await store.close(conversation_id)
    assert not await route_to_private(store, "q" * 32, 1)
