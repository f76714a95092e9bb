"""Ratings: once per conversation (database-enforced), reasons, masked comments, summaries."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversations import ChatRef, ConversationStore, decode_list, utc_now
from bot.models.conversation import Channel, Rating
from bot.satisfaction_log import DissatisfactionReason, RatingOutcome, SatisfactionLevel, SatisfactionLog

CHAT = ChatRef("chat-a", "user-a", Channel.RELAY, "vi", chat_id=5550001)


async def _surveyed(sessions: async_sessionmaker[AsyncSession]) -> int:
    store = ConversationStore(sessions)
    conversation_id = await store.record_activity(CHAT, question="gọi 0912345678", procedure_code="1.001193")
    assert await store.begin_survey(CHAT.chat_key) is not None
    return conversation_id


async def test_rating_is_stored_once(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    log = SatisfactionLog(db_sessions)
    conversation_id = await _surveyed(db_sessions)
    outcomes = await asyncio.gather(
        *(log.record_rating(conversation_id, "chat-a", SatisfactionLevel.SATISFIED) for _ in range(3))
    )
    assert sorted(outcomes) == sorted(
        [RatingOutcome.RECORDED, RatingOutcome.ALREADY_RATED, RatingOutcome.ALREADY_RATED]
    )
    late = await log.record_rating(conversation_id, "chat-a", SatisfactionLevel.VERY_DISSATISFIED)
    assert late is RatingOutcome.ALREADY_RATED
    summary = await log.summary()
    assert summary.total == 1 and summary.counts[SatisfactionLevel.SATISFIED] == 1
    [rating] = await log.recent()
    assert rating.user_key == "user-a" and rating.channel == "relay" and rating.locale == "vi"
    assert decode_list(rating.questions) == ["gọi [số điện thoại]"]
    assert decode_list(rating.procedures_shown) == ["1.001193"]


async def test_unique_constraint_backs_the_rule(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    conversation_id = await _surveyed(db_sessions)
    now = utc_now()

    def row() -> Rating:
        return Rating(
            conversation_id=conversation_id,
            level=3,
            conversation_started_at=now,
            created_at=now,
            updated_at=now,
        )

    async with db_sessions() as session, session.begin():
        session.add(row())
    with pytest.raises(IntegrityError):
        async with db_sessions() as session, session.begin():
            session.add(row())


async def test_other_chats_cannot_rate(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    log = SatisfactionLog(db_sessions)
    conversation_id = await _surveyed(db_sessions)
    assert await log.record_rating(conversation_id, "forger", SatisfactionLevel.VERY_SATISFIED) is (
        RatingOutcome.NOT_FOUND
    )
    assert (
        await log.record_rating(999999, "chat-a", SatisfactionLevel.VERY_SATISFIED) is RatingOutcome.NOT_FOUND
    )
    assert (await log.summary()).total == 0


async def test_open_conversations_cannot_be_rated(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    log = SatisfactionLog(db_sessions)
    conversation_id = await ConversationStore(db_sessions).record_activity(CHAT, question="x")
    outcome = await log.record_rating(conversation_id, "chat-a", SatisfactionLevel.SATISFIED)
    assert outcome is RatingOutcome.ALREADY_RATED
    assert (await log.summary()).total == 0


async def test_negative_rating_reason_and_masked_comment(
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    log = SatisfactionLog(db_sessions)
    conversation_id = await _surveyed(db_sessions)
    await log.record_rating(conversation_id, "chat-a", SatisfactionLevel.DISSATISFIED)
    assert await log.pending_comment("chat-a") is None
    assert await log.record_reason(conversation_id, "chat-a", DissatisfactionReason.MISSING_INFORMATION)
    assert not await log.record_reason(conversation_id, "chat-a", DissatisfactionReason.OTHER)
    assert await log.pending_comment("chat-a") == conversation_id
    assert await log.pending_comment("chat-b") is None
    assert await log.record_comment(conversation_id, "chat-a", "thiếu phí, email a@b.vn")
    assert not await log.record_comment(conversation_id, "chat-a", "lần hai")
    [rating] = await log.recent()
    assert rating.reason == "missing" and rating.comment == "thiếu phí, email [email]"
    assert (await log.summary()).comments == 1


async def test_positive_rating_takes_no_reason(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    log = SatisfactionLog(db_sessions)
    conversation_id = await _surveyed(db_sessions)
    await log.record_rating(conversation_id, "chat-a", SatisfactionLevel.VERY_SATISFIED)
    assert not await log.record_reason(conversation_id, "chat-a", DissatisfactionReason.OTHER)
