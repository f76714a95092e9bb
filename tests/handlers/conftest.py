"""Fixtures of the handler tests: an offline bot over a migrated SQLite database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.database import upgrade_database
from tests.handlers.harness import BotHarness, running_bot, sessions_for


@pytest.fixture
async def migrated_sqlite_url(sqlite_database_url: str) -> str:
    """Return the URL of a migrated SQLite database file."""
    await upgrade_database(sqlite_database_url)
    return sqlite_database_url


@pytest.fixture
async def sessions(migrated_sqlite_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Yield a session factory on the migrated database."""
    async with sessions_for(migrated_sqlite_url) as factory:
        yield factory


@pytest.fixture
async def harness(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[BotHarness]:
    """Yield an initialised Application on an offline bot."""
    async with running_bot(sessions) as running:
        yield running
