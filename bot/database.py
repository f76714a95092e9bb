"""The database: async engine and session factory, Alembic migrations, and the stale-schema check.

SQLite (``sqlite+aiosqlite``, the embedded default) runs with WAL journaling, ``synchronous=NORMAL`` (no fsync
per commit: a killed bot loses nothing, an OS crash or power cut may lose the last commits) and enforced
foreign keys; PostgreSQL runs through asyncpg, unchanged (every commit durable). Both share the same SQLModel
tables and migrations in ``bot/migrations``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import asyncpg
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, event
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_dbapi
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bot import sqlite_inline
from bot.idle_ping import ping_after_idle

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
CONNECT_TIMEOUT_SECONDS = 5.0
# PostgreSQL connections a replica keeps open, and may open beyond them at peaks. Every handler running at
# once holds one while it queries; a pool smaller than that opens and closes connections (each a server
# process) at every burst. Two replicas stay under PostgreSQL's default limit of 100 connections.
POOL_SIZE = 20
POOL_OVERFLOW = 10
STALE_SCHEMA_MESSAGE = "the database schema is not up to date: run `tthc-bot db upgrade`"


class SchemaOutdatedError(RuntimeError):
    """The database has not been migrated to the newest revision."""

    def __init__(self) -> None:
        super().__init__(STALE_SCHEMA_MESSAGE)


def create_engine(url: str, *, enforce_foreign_keys: bool = True) -> AsyncEngine:
    """Return an async engine for ``url``; SQLite connections get WAL journaling and foreign keys on.

    SQLite calls run on the event loop's thread unless they must wait for a lock (``bot.sqlite_inline``).
    PostgreSQL connections are checked before use only after sitting idle (``bot.idle_ping``).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = create_async_engine(
            url,
            pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW,
            connect_args={"async_creator_fn": _connect_reporting_outages},
        )
        ping_after_idle(engine)
        return engine
    engine = create_async_engine(url, connect_args={"async_creator_fn": sqlite_inline.connect})
    in_memory = parsed.database in (None, "", ":memory:")

    @event.listens_for(engine.sync_engine, "connect")
    def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a commit is not fsync-ed (the WAL is, at checkpoints). Durable across a crash of
            # the process; only an OS crash or power loss can lose the last commits. Saves an fsync per write.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if enforce_foreign_keys else 'OFF'}")
        cursor.close()

    return engine


async def _connect_reporting_outages(*args: Any, **kwargs: Any) -> Any:
    """Open an asyncpg connection; "cannot reach the server" is raised as the driver's OperationalError.

    asyncpg reports a refused, reset or timed-out connection as a bare OSError, which SQLAlchemy passes
    through unwrapped, so callers catching SQLAlchemyError would not see an outage. Raised as the DBAPI
    OperationalError it becomes ``sqlalchemy.exc.OperationalError``, like every other outage.
    """
    kwargs.setdefault("timeout", CONNECT_TIMEOUT_SECONDS)  # asyncpg waits 60 s by default
    try:
        return await asyncpg.connect(*args, **kwargs)
    except (OSError, TimeoutError) as error:
        raise AsyncAdapt_asyncpg_dbapi.OperationalError(f"cannot connect: {type(error).__name__}") from error


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Return a factory of async sessions bound to ``engine`` (loaded objects stay usable after commit)."""
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


def alembic_config() -> Config:
    """Return the Alembic configuration of the bot's migrations (no ini file needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revisions() -> set[str]:
    """Return the newest migration revision id(s) shipped with the code."""
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


async def current_revisions(engine: AsyncEngine) -> set[str]:
    """Return the revision id(s) the database is at; empty for a database never migrated."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current_revisions)


def _current_revisions(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


async def schema_is_current(engine: AsyncEngine) -> bool:
    """Return True when the database is migrated to exactly the shipped head revision(s)."""
    return await current_revisions(engine) == head_revisions()


async def ensure_schema_current(engine: AsyncEngine) -> None:
    """Raise :class:`SchemaOutdatedError` ("run `tthc-bot db upgrade`") unless the schema is current."""
    if not await schema_is_current(engine):
        raise SchemaOutdatedError()


async def upgrade_database(url: str, revision: str = "head") -> set[str]:
    """Migrate the database at ``url`` to ``revision`` (default: newest); return the revision(s) reached.

    SQLite runs the migration with foreign keys off (batch table rebuilds need it) and checks them afterwards;
    a SQLite file whose directory does not exist raises FileNotFoundError (the directory is not invented).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        directory = Path(str(parsed.database)).parent
        if not directory.is_dir():
            raise FileNotFoundError(f"the directory of the SQLite database does not exist: {directory}")
    engine = create_engine(url, enforce_foreign_keys=False)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade, revision)
        return await current_revisions(engine)
    finally:
        await engine.dispose()


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
    if connection.dialect.name == "sqlite":
        problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"foreign key check failed after migration: {problems[:5]}")
