"""Alembic environment of the bot.

``bot.database.upgrade_database`` passes an open connection in ``config.attributes["connection"]``; the
``alembic`` command line (``alembic -c bot/alembic.ini ...``) instead connects to ``DATABASE_URL`` from the
bot's settings. SQLite migrations run in batch mode so ALTER TABLE works there too.
"""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

import bot.models  # noqa: F401  (registers every table in SQLModel.metadata)
from bot.config import load_settings
from bot.database import create_engine

target_metadata = SQLModel.metadata
config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online_from_settings() -> None:
    engine = create_engine(load_settings().database_url, enforce_foreign_keys=False)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_run_migrations)
    finally:
        await engine.dispose()


def _run_offline() -> None:
    url = config.get_main_option("sqlalchemy.url") or load_settings().database_url
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _run_offline()
elif isinstance(config.attributes.get("connection"), Connection):
    _run_migrations(config.attributes["connection"])
else:
    asyncio.run(_run_online_from_settings())
