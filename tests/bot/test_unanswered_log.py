"""Unanswered questions are stored masked and cut."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models.conversation import Channel
from bot.unanswered_log import MAX_QUESTION_CHARS, UnansweredLog


async def test_questions_are_masked_and_cut(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    log = UnansweredLog(db_sessions)
    await log.record("con mèo của tôi, sđt 0912345678", Channel.PRIVATE, "vi")
    await log.record("x" * 2000, Channel.GROUP, "en")
    await log.record("   ", Channel.GROUP, "en")
    newest, oldest = await log.recent()
    assert oldest.question == "con mèo của tôi, sđt [số điện thoại]"
    assert len(newest.question) == MAX_QUESTION_CHARS and newest.channel == "group"
