"""``tthc-bot console``: chat with the bot offline in this terminal (same handlers, nothing goes out)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.commands.run import CATALOGUE_MISSING_MESSAGE, load_checked_settings, prepare_schema
from knowledge.catalogue import CatalogueFormatError


def register(subparsers: Any) -> None:
    """Add the ``console`` sub-command."""
    parser = subparsers.add_parser(
        "console", help="trò chuyện ngoại tuyến trong terminal / chat offline in this terminal"
    )
    parser.add_argument(
        "--lang", default=None, help="ngôn ngữ của người dùng (vi, en) / the user's Telegram language"
    )
    parser.set_defaults(func=run_console)


async def _chat(settings: Any, language: str) -> None:
    from bot.application import build_application
    from bot.console import PROMPT, ConsoleChat, ConsoleScreen, make_offline_bot
    from bot.database import create_engine, session_factory
    from bot.services import Services

    engine = create_engine(settings.database_url)
    try:
        services = await Services.load(settings, session_factory(engine))
        screen = ConsoleScreen(sys.stdout)
        bot, request = make_offline_bot(screen)
        application = build_application(settings, services, bot=bot)
        interactive = sys.stdin.isatty()
        async with application:
            if interactive:
                print(
                    "Trợ lý thủ tục hành chính (ngoại tuyến). Gõ câu hỏi; gõ số để bấm nút; Ctrl-D để thoát.",
                    flush=True,
                )
                print(PROMPT, end="", flush=True)
            await ConsoleChat(application, request, screen, language).run(sys.stdin, interactive)
    finally:
        await engine.dispose()


def run_console(args: argparse.Namespace) -> int:
    """Run the offline chat on stdin/stdout; return the process exit code."""
    settings = load_checked_settings()
    if settings is None:
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    language = args.lang or settings.default_locale
    try:
        problem = asyncio.run(prepare_schema(settings.database_url))
        if problem:
            print(problem, file=sys.stderr)
            return 2
        asyncio.run(_chat(settings, language))
    except CatalogueFormatError as error:
        print(f"{CATALOGUE_MISSING_MESSAGE}\n{error}", file=sys.stderr)
        return 1
    except (SQLAlchemyError, OSError) as error:
        print(
            f"Không mở được cơ sở dữ liệu / cannot open the database: {type(error).__name__}", file=sys.stderr
        )
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
