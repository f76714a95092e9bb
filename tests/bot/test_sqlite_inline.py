"""SQLite calls on the event loop's thread, and lock waits handed to the worker thread."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text

from bot import sqlite_inline
from bot.database import create_engine
from bot.sqlite_inline import InlineSqliteConnection, is_lock_conflict


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "inline.db"
    with sqlite3.connect(path) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)")
    return path


@pytest.fixture
async def connection(database: Path) -> AsyncIterator[InlineSqliteConnection]:
    opened = sqlite_inline.connect(database)
    await opened
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def worker_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record the calls handed to aiosqlite's worker thread."""
    calls: list[str] = []
    handed_over = aiosqlite.Connection._execute

    async def recording(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(fn, "__name__", repr(fn)))
        return await handed_over(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", recording)
    yield calls


@pytest.fixture
def write_lock(database: Path) -> Iterator[sqlite3.Connection]:
    """Another connection holding the database's write lock until the test commits it."""
    holder = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO item (name) VALUES ('held')")
    try:
        yield holder
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()


async def test_calls_run_on_the_event_loop_thread(
    connection: InlineSqliteConnection, worker_calls: list[str]
) -> None:
    threads: list[int] = []

    def thread_id() -> int:
        threads.append(threading.get_ident())
        return 1

    await connection.create_function("thread_id", 0, thread_id)
    async with connection.execute("INSERT INTO item (name) VALUES ('a')"):
        pass
    await connection.commit()
    async with connection.execute("SELECT thread_id(), name FROM item") as cursor:
        assert [tuple(row) for row in await cursor.fetchall()] == [(1, "a")]
    assert threads == [threading.get_ident()]
    assert worker_calls == []


async def test_a_locked_write_waits_in_the_worker_while_the_loop_runs(
    connection: InlineSqliteConnection, worker_calls: list[str], write_lock: sqlite3.Connection
) -> None:
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    ticking = asyncio.create_task(ticker())
    asyncio.get_running_loop().call_later(0.3, write_lock.execute, "COMMIT")
    try:
        async with connection.execute("INSERT INTO item (name) VALUES ('waited')"):
            pass
        await connection.commit()
    finally:
        ticking.cancel()
    assert ticks >= 10, "the event loop was held up while the write waited"
    assert worker_calls == ["_waiting_for_lock"]
    async with connection.execute("SELECT name FROM item ORDER BY id") as cursor:
        assert [row[0] for row in await cursor.fetchall()] == ["held", "waited"]
    async with connection.execute("PRAGMA busy_timeout") as cursor:
        assert await cursor.fetchall() == [(0,)]  # the next inline call fails fast again


async def test_a_lock_held_too_long_fails_with_locked(
    connection: InlineSqliteConnection, write_lock: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_inline, "LOCK_WAIT_SECONDS", 0.2)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        await connection.execute("INSERT INTO item (name) VALUES ('late')")


async def test_reads_do_not_wait_for_a_writer(
    connection: InlineSqliteConnection, worker_calls: list[str], write_lock: sqlite3.Connection
) -> None:
    async with connection.execute("SELECT count(*) FROM item") as cursor:
        assert await cursor.fetchall() == [(0,)]  # the uncommitted row is not seen, and nothing waited
    assert worker_calls == []


async def test_other_errors_are_raised_where_they_happen(
    connection: InlineSqliteConnection, worker_calls: list[str]
) -> None:
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        await connection.execute("SELECT * FROM missing")
    assert worker_calls == []


def test_lock_conflicts_are_told_apart(database: Path) -> None:
    holder = sqlite3.connect(database, isolation_level=None)
    other = sqlite3.connect(database, timeout=0)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(sqlite3.OperationalError) as locked:
            other.execute("BEGIN IMMEDIATE")
        with pytest.raises(sqlite3.OperationalError) as missing:
            other.execute("SELECT * FROM missing")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        other.close()
    assert is_lock_conflict(locked.value)
    assert not is_lock_conflict(missing.value)
    assert not is_lock_conflict(ValueError("database is locked"))


async def test_the_engine_uses_inline_connections_and_waits_out_a_lock(
    database: Path, write_lock: sqlite3.Connection
) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        asyncio.get_running_loop().call_later(0.2, write_lock.execute, "COMMIT")
        async with engine.begin() as conn:
            raw = await conn.get_raw_connection()
            assert isinstance(raw.driver_connection, InlineSqliteConnection)
            await conn.execute(text("INSERT INTO item (name) VALUES ('engine')"))
        async with engine.connect() as conn:
            names = (await conn.execute(text("SELECT name FROM item ORDER BY id"))).scalars().all()
        assert names == ["held", "engine"]
    finally:
        await engine.dispose()
