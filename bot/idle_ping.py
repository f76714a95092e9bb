"""Check a pooled database connection before use only when it has sat idle for a while.

SQLAlchemy's ``pool_pre_ping`` checks every connection at every checkout. On asyncpg that check is three
round trips (BEGIN, an empty query, COMMIT), which under load cost more than the bot's own queries. A
connection returned to the pool moments ago is as alive as the last query it ran; one that sat idle may
have been closed by a server restart or an idle timeout. So only connections idle for ``IDLE_SECONDS`` or
more are checked. A cut that happens under load is met by the first query on a cut connection: SQLAlchemy
then discards the whole pool, and the callers' own handling (answer without state, queue the write) applies.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine

IDLE_SECONDS = 5.0
_CHECKED_IN_AT = "idle_ping_checked_in_at"


def ping_after_idle(engine: AsyncEngine, idle_seconds: float = IDLE_SECONDS) -> None:
    """Make ``engine``'s pool ping a connection at checkout when it has been idle ``idle_seconds`` or more."""
    dialect = engine.sync_engine.dialect

    @event.listens_for(engine.sync_engine, "checkin")
    def _remember_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info[_CHECKED_IN_AT] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        checked_in_at = record.info.get(_CHECKED_IN_AT)
        if checked_in_at is None or time.monotonic() - checked_in_at < idle_seconds:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:  # any failure: the pool replaces the connection and tries again
            raise DisconnectionError(f"idle connection failed its ping: {type(error).__name__}") from error
