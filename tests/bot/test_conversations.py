"""Conversation state in the database: recording, the procedure under discussion, survey claims."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversations import ChatRef, ConversationStore, decode_list, utc_now
from bot.models.conversation import Channel, Conversation, ConversationState

PRIVATE = ChatRef("chat-a", "user-a", Channel.PRIVATE, "vi", chat_id=5550001)
GROUP = ChatRef("chat-g", "user-b", Channel.GROUP, "vi", chat_id=-100123)


async def test_questions_are_masked_and_procedures_remembered(
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    store = ConversationStore(db_sessions)
    first = await store.record_activity(PRIVATE, question="cccd 001203004567 mất", procedure_code="1.001193")
    second = await store.record_activity(PRIVATE, question="thế lệ phí?", procedure_code="1.000894")
    assert first == second
    conversation = await store.get(first)
    assert conversation is not None
    assert decode_list(conversation.questions) == ["cccd [số định danh] mất", "thế lệ phí?"]
    assert decode_list(conversation.procedures_shown) == ["1.001193", "1.000894"]
    assert await store.current_procedure("chat-a") == "1.000894"
    assert await store.current_procedure("other-chat") is None
    assert await store.last_question("chat-a") == "thế lệ phí?"


async def test_group_chats_never_store_the_chat_id(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    store = ConversationStore(db_sessions)
    conversation_id = await store.record_activity(GROUP, question="khai sinh")
    conversation = await store.get(conversation_id)
    assert conversation is not None and conversation.chat_id is None
    assert conversation.channel == "group"


async def test_survey_begins_once(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    store = ConversationStore(db_sessions)
    conversation_id = await store.record_activity(PRIVATE, question="khai sinh", procedure_code="1.001193")
    tickets = await asyncio.gather(store.begin_survey("chat-a"), store.begin_survey("chat-a"))
    claimed = [t for t in tickets if t is not None]
    assert len(claimed) == 1 and claimed[0].conversation_id == conversation_id
    assert await store.begin_survey("chat-a") is None
    # A new question opens a new conversation that still knows the procedure under discussion.
    newer = await store.record_activity(PRIVATE, question="thế lệ phí?")
    assert newer != conversation_id
    assert await store.current_procedure("chat-a") == "1.001193"


async def test_idle_claims_are_exclusive(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    store = ConversationStore(db_sessions)
    idle_private = await store.record_activity(PRIVATE, question="khai sinh")
    idle_group = await store.record_activity(GROUP, question="kết hôn")
    fresh = await store.record_activity(
        ChatRef("chat-c", "u", Channel.PRIVATE, "en", chat_id=7), question="x"
    )
    async with db_sessions() as session, session.begin():
        for conversation in (await session.execute(select(Conversation))).scalars():
            if conversation.id != fresh:
                conversation.last_activity = utc_now() - timedelta(hours=1)
    cutoff = utc_now() - timedelta(minutes=10)
    results = await asyncio.gather(*(store.claim_idle(cutoff) for _ in range(4)))
    tickets = [ticket for batch in results for ticket in batch]
    assert [(t.conversation_id, t.chat_id) for t in tickets] == [(idle_private, 5550001)]
    group = await store.get(idle_group)
    private = await store.get(idle_private)
    assert group is not None and group.state == ConversationState.CLOSED.value
    assert private is not None and private.state == ConversationState.SURVEYING.value
    assert private.chat_id is None  # the raw id is dropped once it is no longer needed
    assert await store.claim_idle(cutoff) == []


async def test_blocked_chat_is_closed(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    store = ConversationStore(db_sessions)
    conversation_id = await store.record_activity(PRIVATE, question="khai sinh")
    assert await store.close_chat("chat-a") == 1
    conversation = await store.get(conversation_id)
    assert conversation is not None and conversation.state == ConversationState.CLOSED.value
    assert await store.begin_survey("chat-a") is None
