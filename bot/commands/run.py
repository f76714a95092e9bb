"""``tthc-bot run``: the Telegram bot by long polling; stops cleanly on SIGINT/SIGTERM.

Schema policy: with the embedded SQLite default the bot migrates the database itself at start-up (one
process owns the file, so there is nobody to race with and a fresh clone just works). For any other
database (PostgreSQL, possibly shared by replicas) it refuses to start on a stale schema and asks the
operator to run ``tthc-bot db upgrade`` once, before rolling out.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings, SettingsError, load_settings
from knowledge.catalogue import CatalogueFormatError

logger = logging.getLogger(__name__)
NO_TOKEN_MESSAGE = (
    "TELEGRAM_BOT_TOKEN chưa được đặt (trong môi trường hoặc tệp .env), nên không kết nối được Telegram.\n"
    "Để trò chuyện với bot ngay trong terminal, chạy: tthc-bot console\n"
    "TELEGRAM_BOT_TOKEN is not set; to chat with the bot offline in this terminal run: tthc-bot console"
)
CATALOGUE_MISSING_MESSAGE = (
    "Không đọc được danh mục thủ tục: chạy `tthc-bot catalogue build` để dựng lại.\n"
    "The procedure catalogue cannot be read: run `tthc-bot catalogue build`."
)
STALE_SCHEMA_MESSAGE = (
    "Lược đồ cơ sở dữ liệu chưa được cập nhật: chạy `tthc-bot db upgrade` rồi khởi động lại.\n"
    "The database schema is not up to date: run `tthc-bot db upgrade`, then start again."
)


def register(subparsers: Any) -> None:
    """Add the ``run`` sub-command."""
    parser = subparsers.add_parser("run", help="chạy bot Telegram (long polling) / run the Telegram bot")
    parser.set_defaults(func=run)


def configure_logging(level: str) -> None:
    """Log to stderr at ``level``; the HTTP client's per-request lines (which carry the token) stay quiet."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


def is_embedded_sqlite(url: str) -> bool:
    """Return True for a SQLite database (the embedded default)."""
    return make_url(url).get_backend_name() == "sqlite"


async def prepare_schema(url: str) -> str | None:
    """Make sure the schema is current (migrating embedded SQLite); return an error message or None."""
    from bot.database import create_engine, schema_is_current, upgrade_database

    engine = create_engine(url)
    try:
        current = await schema_is_current(engine)
    finally:
        await engine.dispose()
    if current:
        return None
    if is_embedded_sqlite(url):
        await upgrade_database(url)
        logger.info("embedded SQLite database migrated to the newest schema")
        return None
    return STALE_SCHEMA_MESSAGE


def load_checked_settings() -> Settings | None:
    """Return the settings, or print the one-line error naming the variable and return None."""
    try:
        return load_settings()
    except SettingsError as error:
        print(f"Lỗi cấu hình / settings error: {error}", file=sys.stderr)
        return None


def run(_args: argparse.Namespace) -> int:
    """Run the bot until SIGINT/SIGTERM; return the process exit code."""
    settings = load_checked_settings()
    if settings is None:
        return 2
    if not settings.telegram_bot_token:
        print(NO_TOKEN_MESSAGE, file=sys.stderr)
        return 2
    configure_logging(settings.log_level)

    from telegram import Update

    from bot.application import build_application
    from bot.database import create_engine, session_factory
    from bot.services import Services

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        problem = loop.run_until_complete(prepare_schema(settings.database_url))
    except (SQLAlchemyError, OSError) as error:
        print(
            f"Không mở được cơ sở dữ liệu / cannot open the database: {type(error).__name__}", file=sys.stderr
        )
        return 1
    if problem:
        print(problem, file=sys.stderr)
        return 2
    engine = create_engine(settings.database_url)
    try:
        services = loop.run_until_complete(Services.load(settings, session_factory(engine)))
    except CatalogueFormatError as error:
        print(f"{CATALOGUE_MISSING_MESSAGE}\n{error}", file=sys.stderr)
        loop.run_until_complete(engine.dispose())
        return 1
    application = build_application(settings, services)
    logger.info("catalogue loaded: %d procedures; polling Telegram", len(services.catalogue))
    try:
        application.run_polling(
            allowed_updates=Update.ALL_TYPES,
            stop_signals=(signal.SIGINT, signal.SIGTERM),
            close_loop=False,
        )
    finally:
        loop.run_until_complete(engine.dispose())
        loop.close()
    logger.info("stopped")
    return 0
