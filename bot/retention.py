"""Retention: delete old conversations, ratings and unanswered questions, keeping their aggregate counts.

``purge`` works in one transaction: it reduces the rows it is about to delete to daily counts (the same
reduction ``bot.satisfaction_report`` applies to live rows), adds those counts to ``rating_daily_counts`` and
``activity_daily_counts``, then deletes the rows. Reports read both, so their figures do not change.
Open conversations and conversations waiting for a rating are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from bot.conversations import utc_now
from bot.models.admin import ActivityDailyCount, RatingDailyCount
from bot.models.conversation import Conversation, ConversationState, Rating, UnansweredQuestion
from bot.satisfaction_report import (
    ActivityCount,
    RatingCount,
    count_activity,
    count_ratings,
    relay_sources,
)

_AGE = re.compile(r"^(\d{1,5})([dw])$")
_CHUNK = 500
FINISHED_STATES = (ConversationState.RATED.value, ConversationState.CLOSED.value)


class PurgeConflictError(RuntimeError):
    """Another purge deleted some of the same rows at the same time; nothing was changed."""


def parse_age(text: str) -> timedelta:
    """Return the age given as ``365d`` (days) or ``52w`` (weeks); raise ValueError otherwise."""
    match = _AGE.match(text.strip().lower())
    if not match or int(match.group(1)) == 0:
        raise ValueError(f"{text!r} is not an age such as 365d or 52w")
    amount = int(match.group(1))
    return timedelta(weeks=amount) if match.group(2) == "w" else timedelta(days=amount)


@dataclass(frozen=True, slots=True)
class PurgeResult:
    """How many rows a purge deleted (their counts were archived first)."""

    conversations: int
    ratings: int
    unanswered: int
    cutoff: datetime


async def purge(
    sessions: async_sessionmaker[AsyncSession], older_than: timedelta, *, now: datetime | None = None
) -> PurgeResult:
    """Delete finished conversations (and their ratings) and unanswered questions older than ``older_than``.

    A conversation is old when its last activity and its end are both before the cutoff. Raises
    :class:`PurgeConflictError` (and changes nothing) if a concurrent purge removed some rows first.
    """
    cutoff = (now or utc_now()) - older_than
    async with sessions() as session, session.begin():
        conversations = list(
            (
                await session.execute(
                    select(Conversation).where(
                        col(Conversation.state).in_(FINISHED_STATES),
                        col(Conversation.last_activity) < cutoff,
                        or_(col(Conversation.ended_at).is_(None), col(Conversation.ended_at) < cutoff),
                    )
                )
            ).scalars()
        )
        conversation_ids = [c.id for c in conversations if c.id is not None]
        ratings: list[Rating] = []
        for chunk in _chunks(conversation_ids):
            result = await session.execute(select(Rating).where(col(Rating.conversation_id).in_(chunk)))
            ratings.extend(result.scalars())
        unanswered = list(
            (
                await session.execute(
                    select(UnansweredQuestion).where(col(UnansweredQuestion.created_at) < cutoff)
                )
            ).scalars()
        )
        relay = await relay_sources(session, [r.conversation_id for r in ratings if r.channel == "relay"])
        await _archive_ratings(session, count_ratings(ratings, relay))
        await _archive_activity(session, count_activity(conversations, unanswered))
        await _delete(session, Rating, [r.id for r in ratings if r.id is not None])
        await _delete(session, Conversation, conversation_ids)
        await _delete(session, UnansweredQuestion, [q.id for q in unanswered if q.id is not None])
    return PurgeResult(len(conversation_ids), len(ratings), len(unanswered), cutoff)


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[start : start + _CHUNK] for start in range(0, len(ids), _CHUNK)]


async def _delete(session: AsyncSession, table: Any, ids: Sequence[int]) -> None:
    for chunk in _chunks(ids):
        result = await session.execute(
            delete(table).where(col(table.id).in_(chunk)).execution_options(synchronize_session=False)
        )
        if int(getattr(result, "rowcount", 0) or 0) != len(chunk):
            raise PurgeConflictError("rows disappeared during the purge; run it again")


async def _archive_ratings(session: AsyncSession, counts: Sequence[RatingCount]) -> None:
    for item in counts:
        existing = (
            await session.execute(
                select(RatingDailyCount).where(
                    col(RatingDailyCount.day) == item.day,
                    col(RatingDailyCount.procedure_code) == item.procedure_code,
                    col(RatingDailyCount.level) == item.level,
                    col(RatingDailyCount.channel) == item.channel,
                    col(RatingDailyCount.reason) == item.reason,
                )
            )
        ).scalar_one_or_none()
        if existing is None:
            session.add(
                RatingDailyCount(
                    day=item.day,
                    procedure_code=item.procedure_code,
                    level=item.level,
                    channel=item.channel,
                    reason=item.reason,
                    count=item.count,
                )
            )
        else:
            existing.count += item.count
    await session.flush()


async def _archive_activity(session: AsyncSession, counts: Sequence[ActivityCount]) -> None:
    for item in counts:
        existing = (
            await session.execute(
                select(ActivityDailyCount).where(
                    col(ActivityDailyCount.day) == item.day, col(ActivityDailyCount.channel) == item.channel
                )
            )
        ).scalar_one_or_none()
        if existing is None:
            session.add(
                ActivityDailyCount(
                    day=item.day,
                    channel=item.channel,
                    conversations=item.conversations,
                    card_conversations=item.card_conversations,
                    questions=item.questions,
                    unanswered=item.unanswered,
                )
            )
        else:
            existing.conversations += item.conversations
            existing.card_conversations += item.card_conversations
            existing.questions += item.questions
            existing.unanswered += item.unanswered
    await session.flush()
