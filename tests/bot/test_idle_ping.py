"""Idle ping: a pooled connection is checked at checkout only after sitting idle, and replaced if dead."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot import idle_ping
from bot.database import create_engine
from bot.idle_ping import IDLE_SECONDS, ping_after_idle


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(idle_ping, "time", fake)
    return fake


@pytest.fixture
async def sqlite_engine(sqlite_database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(sqlite_database_url)
    ping_after_idle(engine)
    try:
        yield engine
    finally:
        await engine.dispose()


def _count_pings(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch, *, fail: bool = False) -> list[int]:
    """Replace the dialect's ping with one that records its calls (and raises when ``fail``)."""
    calls: list[int] = []

    def ping(_dbapi_connection: object) -> bool:
        calls.append(1)
        if fail and len(calls) == 1:
            raise ConnectionResetError("server closed the connection")
        return True

    monkeypatch.setattr(engine.sync_engine.dialect, "do_ping", ping)
    return calls


async def _select_one(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT 1"))).scalar_one())


async def test_a_connection_reused_at_once_is_not_pinged(
    sqlite_engine: AsyncEngine, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings = _count_pings(sqlite_engine, monkeypatch)
    for _ in range(3):
        await _select_one(sqlite_engine)
        clock.now += IDLE_SECONDS / 2
    assert pings == []


async def test_a_connection_idle_long_enough_is_pinged_once_per_checkout(
    sqlite_engine: AsyncEngine, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings = _count_pings(sqlite_engine, monkeypatch)
    await _select_one(sqlite_engine)  # a new connection: nothing to check
    clock.now += IDLE_SECONDS
    await _select_one(sqlite_engine)
    assert pings == [1]


async def test_a_failed_ping_replaces_the_connection(
    sqlite_engine: AsyncEngine, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with sqlite_engine.connect() as connection:
        first = (await connection.get_raw_connection()).driver_connection
    pings = _count_pings(sqlite_engine, monkeypatch, fail=True)
    clock.now += IDLE_SECONDS
    async with sqlite_engine.connect() as connection:
        second = (await connection.get_raw_connection()).driver_connection
        assert (await connection.execute(text("SELECT 1"))).scalar_one() == 1
    assert pings == [1]
    assert second is not first


async def test_a_postgres_connection_cut_while_idle_is_replaced_before_use(
    postgres_database_url: str, clock: FakeClock
) -> None:
    engine = create_engine(postgres_database_url)
    try:
        async with engine.connect() as connection:
            pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        killer = create_async_engine(postgres_database_url)
        async with killer.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        await killer.dispose()
        clock.now += IDLE_SECONDS
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one() != pid
    finally:
        await engine.dispose()
