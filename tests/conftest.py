"""Shared fixtures: databases on both backends.

``database_url`` is parametrised over SQLite (a file in the test's temporary directory) and PostgreSQL.
The PostgreSQL variant needs ``TEST_DATABASE_URL`` (e.g. ``postgresql+asyncpg://postgres@127.0.0.1:5432/test``)
and is skipped with that reason when it is unset. Each PostgreSQL test gets its own freshly created database,
dropped afterwards, so parallel runs never see each other's tables.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.cli import PTB_TIMEDELTA
from bot.database import create_engine, session_factory, upgrade_database
from tests.scratch_postgres import scratch_postgres

os.environ.setdefault(*PTB_TIMEDELTA)  # as the command line does

POSTGRES_SKIP_REASON = "TEST_DATABASE_URL is not set: PostgreSQL variant skipped"


@pytest.fixture
def sqlite_database_url(tmp_path: Path) -> str:
    """Return the URL of an empty SQLite database file in the test's temporary directory."""
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
async def postgres_database_url() -> AsyncIterator[str]:
    """Yield the URL of a new, empty PostgreSQL database (dropped afterwards); needs TEST_DATABASE_URL."""
    base = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not base:
        pytest.skip(POSTGRES_SKIP_REASON)
    async with scratch_postgres(base, "tthc_test") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Return the URL of an empty database, once per backend (PostgreSQL needs TEST_DATABASE_URL)."""
    fixture = "sqlite_database_url" if request.param == "sqlite" else "postgres_database_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
async def migrated_database_url(database_url: str) -> str:
    """Return the URL of a database migrated to the newest revision, on each backend."""
    await upgrade_database(database_url)
    return database_url


@pytest.fixture
async def db_engine(migrated_database_url: str) -> AsyncIterator[AsyncEngine]:
    """Yield an engine on a migrated database (disposed afterwards), on each backend."""
    engine = create_engine(migrated_database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
def db_sessions(db_engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Return a session factory on a migrated database, on each backend."""
    return session_factory(db_engine)
