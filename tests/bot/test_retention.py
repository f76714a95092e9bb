"""Purging old data keeps every figure of the reports (both backends)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select

from bot.models.conversation import Conversation, ConversationState, Rating, UnansweredQuestion
from bot.models.relay import RelayedConversation
from bot.retention import parse_age, purge
from bot.satisfaction_report import load_report, parse_period
from tests.bot.rating_rows import add_conversation, add_unanswered, mark_relay

NOW = datetime(2026, 11, 23, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize(("text", "days"), [("365d", 365), ("52w", 364), (" 30D ", 30)])
def test_ages(text: str, days: int) -> None:
    assert parse_age(text) == timedelta(days=days)


@pytest.mark.parametrize("text", ["365", "0d", "1y", "-5d", ""])
def test_bad_ages(text: str) -> None:
    with pytest.raises(ValueError):
        parse_age(text)


async def _count(sessions: async_sessionmaker[AsyncSession], table: object) -> int:
    async with sessions() as session:
        return int((await session.execute(select(func.count()).select_from(table))).scalar_one())  # type: ignore[arg-type]


async def _seed(sessions: async_sessionmaker[AsyncSession]) -> None:
    old = NOW - timedelta(days=400)
    levels = [5, 4, 4, 2, 1, 5, 3]
    for index, level in enumerate(levels):
        await add_conversation(
            sessions, old + timedelta(days=index), level=level, reason="missing" if level <= 2 else None,
            channel="relay" if index == 0 else "private", questions=2,
        )  # fmt: skip
    await add_conversation(sessions, old, code=None, questions=3)
    await add_conversation(sessions, old - timedelta(days=1), level=5)  # same day key as another purge run
    await add_unanswered(sessions, old, "lam can cuoc")
    await add_unanswered(sessions, old + timedelta(days=1), "làm căn cước")
    # Recent data and an old conversation still open: both stay.
    await add_conversation(sessions, NOW - timedelta(days=3), level=4)
    await add_conversation(sessions, NOW - timedelta(days=2), code="1.000894", level=1, reason="wrong")
    await add_unanswered(sessions, NOW - timedelta(days=1), "hỏi mới")
    await add_conversation(sessions, old, state=ConversationState.OPEN.value)


async def test_purge_deletes_old_rows_and_keeps_the_figures(
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _seed(db_sessions)
    periods = [parse_period(p, NOW.date()) for p in ("all", "30d")]
    old_month = (NOW - timedelta(days=400)).strftime("%Y-%m")
    periods.append(parse_period(old_month, NOW.date()))
    before = [(await load_report(db_sessions, period)).to_json() for period in periods]
    assert before[0]["ratings"] == 10 and before[2]["ratings"] > 0

    result = await purge(db_sessions, timedelta(days=365), now=NOW)

    assert (result.conversations, result.ratings, result.unanswered) == (9, 8, 2)
    assert await _count(db_sessions, Rating) == 2
    assert await _count(db_sessions, UnansweredQuestion) == 1
    assert await _count(db_sessions, Conversation) == 3  # two recent, one old but still open
    after = [(await load_report(db_sessions, period)).to_json() for period in periods]
    assert after == before
    # A second purge finds nothing old and changes nothing.
    again = await purge(db_sessions, timedelta(days=365), now=NOW)
    assert (again.conversations, again.ratings, again.unanswered) == (0, 0, 0)
    assert [(await load_report(db_sessions, period)).to_json() for period in periods] == before


async def test_counts_of_two_purges_add_up(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    day = NOW - timedelta(days=400)
    await add_conversation(db_sessions, day, level=5)
    await purge(db_sessions, timedelta(days=365), now=NOW)
    await add_conversation(db_sessions, day + timedelta(hours=1), level=5)  # same day, procedure, level
    await purge(db_sessions, timedelta(days=365), now=NOW)
    report = await load_report(db_sessions, parse_period("all", NOW.date()))
    assert report.ratings == 2 and report.conversations == 2 and report.levels[5] == 2


async def test_relay_kinds_are_counted_apart_before_and_after_a_purge(
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    old = NOW - timedelta(days=400)
    on_behalf = await add_conversation(db_sessions, old, level=5, channel="relay")
    await mark_relay(db_sessions, on_behalf, "help_for")
    shared = await add_conversation(db_sessions, old, level=2, channel="relay", reason="unclear")
    await mark_relay(db_sessions, shared, "deep_link")
    await add_conversation(db_sessions, old, level=4, channel="relay")  # forwarded, no relay mark
    period = parse_period("all", NOW.date())
    before = await load_report(db_sessions, period)
    assert {name: c.ratings for name, c in before.channels.items()} == {
        "relay:help_for": 1,
        "relay:deep_link": 1,
        "relay": 1,
    }
    await purge(db_sessions, timedelta(days=365), now=NOW)
    assert await _count(db_sessions, RelayedConversation) == 0  # removed with their conversations
    assert (await load_report(db_sessions, period)).to_json() == before.to_json()
