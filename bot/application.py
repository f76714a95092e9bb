"""The factory of the Telegram Application: one place that wires settings, services, handlers and jobs.

Used by ``tthc-bot run`` (long polling against the Bot API), by ``tthc-bot console`` (an offline bot) and by
tests, so every path runs the same handlers.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from telegram import BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, BaseHandler, Defaults, ExtBot

from bot.aiohttp_request import AiohttpRequest
from bot.alias_refresh import schedule_alias_refresh
from bot.chat_ordered_processor import ChatOrderedProcessor
from bot.config import Settings
from bot.i18n import translate
from bot.idle_surveys import schedule_idle_sweeps
from bot.services import SERVICES_KEY, Services
from bot.telegram_retry import RetryingRateLimiter
from handlers.registry import register_handlers

logger = logging.getLogger(__name__)
DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def default_options() -> Defaults:
    """Return the defaults of every sent message: HTML parse mode, no link previews."""
    return Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True))


def file_base_url(base_url: str) -> str:
    """Return the file download base matching an API base (``…/bot`` → ``…/file/bot``)."""
    base = base_url.rstrip("/")
    return base[: -len("/bot")] + "/file/bot" if base.endswith("/bot") else base + "/file/bot"


def bot_commands(locale: str) -> list[BotCommand]:
    """Return the command menu in a locale."""
    return [
        BotCommand("start", translate(locale, "Bắt đầu và xem câu hỏi mẫu")),
        BotCommand("help", translate(locale, "Cách đặt câu hỏi")),
        BotCommand("end", translate(locale, "Kết thúc và đánh giá")),
        BotCommand("lang", translate(locale, "Đổi ngôn ngữ (Tiếng Việt / English)")),
    ]


async def publish_commands(application: AnyApplication) -> None:
    """Set the command menu in Vietnamese (default) and English (``language_code="en"``)."""
    try:
        await application.bot.set_my_commands(bot_commands("vi"))
        await application.bot.set_my_commands(bot_commands("en"), language_code="en")
    except TelegramError as error:
        logger.warning("setMyCommands failed: %s", type(error).__name__)


def build_application(
    settings: Settings,
    services: Services,
    *,
    bot: ExtBot[Any] | None = None,
    extra_handlers: Sequence[BaseHandler[Any, Any, Any]] = (),
) -> AnyApplication:
    """Return the Application: Bot API at ``settings.telegram_api_base_url`` (or ``bot``), handlers, sweeper.

    Updates of different chats run concurrently, each chat's in order (``ChatOrderedProcessor``).

    With ``bot`` given (e.g. an ``OfflineBot``) no token or network is needed; it should carry
    ``default_options()``. ``extra_handlers`` run before the catch-all fallbacks.
    """
    builder = ApplicationBuilder().post_init(publish_commands).concurrent_updates(ChatOrderedProcessor())
    if bot is not None:
        builder = builder.bot(bot)
    else:
        if not settings.telegram_bot_token:
            raise ValueError("TELEGRAM_BOT_TOKEN is not set")
        base_url = settings.telegram_api_base_url or DEFAULT_API_BASE_URL
        builder = (
            builder.token(settings.telegram_bot_token)
            .base_url(base_url)
            .base_file_url(file_base_url(base_url))
            .defaults(default_options())
            .request(AiohttpRequest())
            .get_updates_request(AiohttpRequest(connection_pool_size=1))
            .rate_limiter(RetryingRateLimiter())
        )
    application = builder.build()
    application.bot_data[SERVICES_KEY] = services
    register_handlers(application, extra_handlers)
    schedule_idle_sweeps(application, float(settings.survey_idle_minutes))
    schedule_alias_refresh(application)
    return application
