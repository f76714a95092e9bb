"""SQLite calls run on the event loop's own thread; only a call that must wait for a lock goes to a worker.

aiosqlite hands every call (cursor, execute, fetch, commit, close) to a worker thread and wakes the event
loop when it is done. For the bot's statements, which take microseconds, the hand-off costs more CPU than
the work: two thread switches and a wake-up per call, ten calls per question. ``InlineSqliteConnection``
runs each call directly instead, with SQLite's busy timeout at zero, so a call either finishes at once or
fails at once with "database is locked". Only such a call is handed to the worker thread, which waits for the
lock for up to ``LOCK_WAIT_SECONDS`` as every call did before, while the event loop goes on serving others.

Why running on the loop's thread is safe:

- a call never waits for a lock on the loop's thread, so a transaction left open across an ``await`` (here or
  in another process) cannot freeze the loop; the waiting call simply moves to the worker;
- with WAL journaling readers never wait for writers, so reads always run inline;
- reports and exports, the only large reads, turn their rows into Python objects on the loop's thread
  anyway; fetching the rows is the smaller part of that work.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

LOCK_WAIT_SECONDS = 5.0  # how long a call waits for another connection's write lock before failing
_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
T = TypeVar("T")


def is_lock_conflict(error: BaseException) -> bool:
    """Return True when SQLite refused a call because another connection holds a lock it needs."""
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(error, sqlite3.OperationalError) and code is not None and code & 0xFF in _BUSY_CODES


def _waiting_for_lock(connection: sqlite3.Connection, call: Callable[[], T]) -> T:
    """Run ``call`` in the worker thread, letting SQLite wait up to ``LOCK_WAIT_SECONDS`` for the lock."""
    connection.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT_SECONDS * 1000)}")
    try:
        return call()
    finally:
        connection.execute("PRAGMA busy_timeout=0")


class InlineSqliteConnection(aiosqlite.Connection):
    """An aiosqlite connection that runs calls inline and gives only lock waits to its worker thread."""

    async def _execute(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        try:
            return fn(*args, **kwargs)
        except sqlite3.OperationalError as error:
            if not is_lock_conflict(error):
                raise
        return await super()._execute(_waiting_for_lock, self._connection, lambda: fn(*args, **kwargs))


def connect(database: str | Path, **kwargs: Any) -> InlineSqliteConnection:
    """Return an unopened connection to ``database`` (await it to open), as ``aiosqlite.connect`` does.

    Used as SQLAlchemy's ``async_creator_fn``. The sqlite3 connection is used from two threads (never at
    once: each call is awaited before the next), and its busy timeout starts at zero.
    """
    kwargs.update(check_same_thread=False, timeout=0)
    location = database if isinstance(database, str) else str(database)

    def connector() -> sqlite3.Connection:
        return sqlite3.connect(location, **kwargs)

    connection = InlineSqliteConnection(connector, iter_chunk_size=64)
    connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite: never hold up interpreter exit
    return connection
