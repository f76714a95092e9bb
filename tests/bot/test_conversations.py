"""Conversation state in the database: recording, the procedure under discussion, survey claims."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat_cipher import ChatIdCipher
from bot.conversations import ChatRef, ConversationStore, decode_list, utc_now
from bot.models.conversation import Channel, Conversation, ConversationState, Rating
from bot.user_preferences import UserPreferences

PRIVATE = ChatRef("chat-a", "user-a", Channel.PRIVATE, "vi", chat_id=5550001)
GROUP = ChatRef("chat-g", "user-b", Channel.GROUP, "vi", chat_id=-100123)
CIPHER = ChatIdCipher.from_secret("test-key-for-sealed-chat-ids-0123456789")


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
    store = ConversationStore(db_sessions, CIPHER)
    conversation_id = await store.record_activity(GROUP, question="khai sinh")
    conversation = await store.get(conversation_id)
    assert conversation is not None and conversation.chat_ref is None
    assert conversation.channel == "group"


async def test_private_chat_id_is_stored_only_sealed(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    store = ConversationStore(db_sessions, CIPHER)
    conversation_id = await store.record_activity(PRIVATE, question="khai sinh")
    conversation = await store.get(conversation_id)
    assert conversation is not None and conversation.chat_ref is not None
    assert "5550001" not in conversation.chat_ref
    assert store.chat_of(conversation) == 5550001
    # Without the key there is no way back to the chat, and nothing raw to fall back on.
    assert ConversationStore(db_sessions).chat_of(conversation) is None
    other_key = ConversationStore(db_sessions, ChatIdCipher.from_secret("another-deployment-key-0123456789"))
    assert other_key.chat_of(conversation) is None


async def test_snapshot_reads_the_state_a_question_needs(
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    store = ConversationStore(db_sessions, CIPHER)
    empty = await store.snapshot("chat-a", utc_now() - timedelta(minutes=15))
    assert empty.open is None and empty.procedure_code is None and empty.pending_comment is None
    first = await store.record_activity(
        PRIVATE, question="khai sinh", procedure_code="1.001193", snapshot=empty
    )
    state = await store.snapshot("chat-a", utc_now() - timedelta(minutes=15))
    assert state.open is not None and state.open.id == first and state.procedure_code == "1.001193"
    again = await store.record_activity(PRIVATE, question="thế lệ phí?", snapshot=state)
    assert again == first
    conversation = await store.get(first)
    assert conversation is not None
    assert decode_list(conversation.questions) == ["khai sinh", "thế lệ phí?"]
    assert store.chat_of(conversation) == 5550001
    # A stale snapshot (the conversation changed since it was read) falls back to the full path.
    assert await store.record_activity(PRIVATE, question="nộp ở đâu", snapshot=state) == first
    conversation = await store.get(first)
    assert conversation is not None
    assert decode_list(conversation.questions) == ["khai sinh", "thế lệ phí?", "nộp ở đâu"]
    # Once the conversation is over, the next question opens a new one that keeps the procedure.
    assert await store.begin_survey("chat-a") is not None
    after = await store.snapshot("chat-a", utc_now() - timedelta(minutes=15))
    assert after.open is None and after.procedure_code == "1.001193"
    newer = await store.record_activity(PRIVATE, question="bao lâu", snapshot=after)
    assert newer != first
    assert await store.current_procedure("chat-a") == "1.001193"


async def test_snapshot_sees_a_rating_waiting_for_its_comment(
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    store = ConversationStore(db_sessions, CIPHER)
    conversation_id = await store.record_activity(PRIVATE, question="khai sinh", procedure_code="1.001193")
    now = utc_now()
    async with db_sessions() as session, session.begin():
        session.add(
            Rating(
                conversation_id=conversation_id,
                level=1,
                comment_pending=True,
                conversation_started_at=now,
                created_at=now,
                updated_at=now,
            )
        )
    assert (await store.snapshot("chat-a", now - timedelta(minutes=15))).pending_comment == conversation_id
    assert (await store.snapshot("chat-a", now + timedelta(minutes=1))).pending_comment is None  # too old
    assert (await store.snapshot("chat-b", now - timedelta(minutes=15))).pending_comment is None


async def test_survey_begins_once(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    store = ConversationStore(db_sessions, CIPHER)
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
    store = ConversationStore(db_sessions, CIPHER)
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
    assert private.chat_ref is None  # the sealed id is dropped once it is no longer needed
    assert await store.claim_idle(cutoff) == []


async def test_blocked_chat_is_closed(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    store = ConversationStore(db_sessions)
    conversation_id = await store.record_activity(PRIVATE, question="khai sinh")
    assert await store.close_chat("chat-a") == 1
    conversation = await store.get(conversation_id)
    assert conversation is not None and conversation.state == ConversationState.CLOSED.value
    assert await store.begin_survey("chat-a") is None


async def test_snapshot_reads_the_users_language_choice_in_the_same_query(
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    store = ConversationStore(db_sessions, CIPHER)
    await UserPreferences(db_sessions).set_locale("user-a", "en")
    since = utc_now() - timedelta(minutes=15)
    # No conversation yet: the fallback query carries the choice too.
    assert (await store.snapshot("chat-a", since, user_key="user-a")).user_locale == "en"
    assert (await store.snapshot("chat-a", since, user_key="user-z")).user_locale is None
    assert (await store.snapshot("chat-a", since)).user_locale is None
    await store.record_activity(PRIVATE, question="khai sinh", procedure_code="1.001193")
    state = await store.snapshot("chat-a", since, user_key="user-a")
    assert state.open is not None and state.procedure_code == "1.001193" and state.user_locale == "en"
    assert (await store.snapshot("chat-a", since)).user_locale is None
