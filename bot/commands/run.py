"""``tthc-bot run``: the Telegram bot by long polling, or ``--webhook`` as one of several replicas.

Both modes stop cleanly on SIGINT/SIGTERM, queue log writes durably while the database is unreachable
(``--spool-dir``) and throttle users who flood the bot (``--flood-burst``, ``--flood-rate``). Webhook mode
serves ``WEBHOOK_URL``'s path on ``LISTEN:PORT`` (see ``bot.webhook_server``); ``--no-set-webhook`` is for
the replicas that share a URL another replica registers.

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
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings, SettingsError, load_settings
from bot.throttle import DEFAULT_BURST, DEFAULT_RATE
from bot.write_queue import DEFAULT_CAPACITY
from knowledge.catalogue import CatalogueFormatError

logger = logging.getLogger(__name__)
NO_TOKEN_MESSAGE = (
    "TELEGRAM_BOT_TOKEN chưa được đặt (trong môi trường hoặc tệp .env), nên không kết nối được Telegram.\n"
    "Để trò chuyện với bot ngay trong terminal, chạy: tthc-bot console\n"
    "TELEGRAM_BOT_TOKEN is not set; to chat with the bot offline in this terminal run: tthc-bot console"
)
CATALOGUE_MISSING_MESSAGE = (
    "Không đọc được danh mục thủ tục: chạy `tthc-bot catalogue build` để dựng lại"
    " / the procedure catalogue cannot be read: run `tthc-bot catalogue build`."
)
TELEGRAM_UNREACHABLE_MESSAGE = (
    "Không kết nối được Telegram ({reason}): kiểm tra mạng, TELEGRAM_API_BASE_URL và TELEGRAM_BOT_TOKEN rồi"
    " chạy lại / cannot reach Telegram: check the network, TELEGRAM_API_BASE_URL and TELEGRAM_BOT_TOKEN."
)
# A catalogue file cut short or damaged inside its compressed stream (not wrapped by Catalogue.load).
CATALOGUE_ERRORS: tuple[type[Exception], ...] = (CatalogueFormatError,)
WEBHOOK_SETTINGS_MESSAGE = (
    "Chế độ webhook cần WEBHOOK_URL và WEBHOOK_SECRET.\n"
    "Webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET (and LISTEN, PORT for the local address)."
)
STALE_SCHEMA_MESSAGE = (
    "Lược đồ cơ sở dữ liệu chưa được cập nhật: chạy `tthc-bot db upgrade` rồi khởi động lại.\n"
    "The database schema is not up to date: run `tthc-bot db upgrade`, then start again."
)


def register(subparsers: Any) -> None:
    """Add the ``run`` sub-command."""
    parser = subparsers.add_parser("run", help="chạy bot Telegram (long polling) / run the Telegram bot")
    parser.add_argument(
        "--webhook",
        action="store_true",
        help="chạy webhook (WEBHOOK_URL, WEBHOOK_SECRET, LISTEN, PORT) / serve the webhook",
    )
    parser.add_argument(
        "--no-set-webhook",
        dest="set_webhook",
        action="store_false",
        help="không gọi setWebhook (các bản sao sau cùng một URL) / do not register the webhook URL",
    )
    parser.add_argument(
        "--spool-dir",
        type=Path,
        default=Path("spool"),
        help="thư mục hàng đợi ghi khi CSDL mất kết nối / directory of the write queue (default: ./spool)",
    )
    parser.add_argument(
        "--queue-capacity", type=int, default=DEFAULT_CAPACITY, help="writes the queue holds (default: 10000)"
    )
    parser.add_argument(
        "--flood-burst", type=int, default=DEFAULT_BURST, help="updates a user may send at once (default: 10)"
    )
    parser.add_argument(
        "--flood-rate", type=float, default=DEFAULT_RATE, help="updates per second per user after the burst"
    )
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


def run(args: argparse.Namespace) -> int:
    """Run the bot (polling, or ``--webhook``) until SIGINT/SIGTERM; return the process exit code."""
    settings = load_checked_settings()
    if settings is None:
        return 2
    if not settings.telegram_bot_token:
        print(NO_TOKEN_MESSAGE, file=sys.stderr)
        return 2
    webhook = bool(args.webhook)
    if webhook and not (settings.webhook_url and settings.webhook_secret):
        print(WEBHOOK_SETTINGS_MESSAGE, file=sys.stderr)
        return 2
    configure_logging(settings.log_level)

    from telegram import Update

    from bot.application import build_application
    from bot.database import create_engine, session_factory
    from bot.event_loop import loop_factory, loop_name
    from bot.services import Services
    from bot.throttle import FloodControl, install_flood_control
    from bot.write_queue import WriteQueue, install_write_queue

    loop = loop_factory()()
    asyncio.set_event_loop(loop)
    logger.info("event loop: %s", loop_name(loop))
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
    except CATALOGUE_ERRORS as error:
        print(CATALOGUE_MISSING_MESSAGE, file=sys.stderr)
        logger.debug("catalogue error: %s", error)
        loop.run_until_complete(engine.dispose())
        return 1
    except (SQLAlchemyError, OSError) as error:
        print(
            f"Không mở được cơ sở dữ liệu / cannot open the database: {type(error).__name__}", file=sys.stderr
        )
        loop.run_until_complete(engine.dispose())
        return 1
    application = build_application(settings, services)
    queue = WriteQueue(args.spool_dir, capacity=args.queue_capacity)
    try:
        queue.open()
    except OSError as error:
        print(f"Không tạo được thư mục hàng đợi / cannot create the spool: {error}", file=sys.stderr)
        loop.run_until_complete(engine.dispose())
        return 1
    install_write_queue(application, services, queue)
    flood_control = FloodControl(args.flood_burst, args.flood_rate)
    install_flood_control(application, flood_control, settings)
    logger.info("catalogue loaded: %d procedures", len(services.catalogue))
    from telegram.error import InvalidToken, NetworkError

    try:
        if webhook:
            from bot.webhook_server import serve_webhook

            loop.run_until_complete(
                serve_webhook(application, settings, engine, queue, set_webhook=args.set_webhook)
            )
        else:
            logger.info("polling Telegram")
            # Initialise first, so an unreachable Telegram is one message below, not PTB's logged traceback.
            loop.run_until_complete(application.initialize())
            application.run_polling(
                allowed_updates=Update.ALL_TYPES,
                stop_signals=(signal.SIGINT, signal.SIGTERM),
                close_loop=False,
            )
    except (NetworkError, InvalidToken) as error:  # raised by start-up (getMe); polling errors are retried
        print(TELEGRAM_UNREACHABLE_MESSAGE.format(reason=type(error).__name__), file=sys.stderr)
        return 1
    finally:
        queue.close()
        loop.run_until_complete(engine.dispose())
        loop.close()
    logger.info("stopped")
    return 0
