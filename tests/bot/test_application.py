"""The Application factory: Bot API address, rate limiter, defaults, command menus, handlers."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.application import bot_commands, build_application, file_base_url, publish_commands
from bot.services import SERVICES_KEY, Services
from bot.telegram_retry import RetryingRateLimiter
from tests.handlers.harness import make_settings, running_bot, sample_catalogue


def test_file_base_url() -> None:
    assert file_base_url("http://127.0.0.1:8081/bot") == "http://127.0.0.1:8081/file/bot"
    assert file_base_url("https://api.telegram.org/bot/") == "https://api.telegram.org/file/bot"


def test_real_bot_uses_the_configured_api(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    settings = make_settings(telegram_bot_token="123:abc", telegram_api_base_url="http://127.0.0.1:9/bot")
    services = Services.from_catalogue(settings, db_sessions, sample_catalogue())
    application = build_application(settings, services)
    assert application.bot.base_url == "http://127.0.0.1:9/bot123:abc"
    assert application.bot.base_file_url == "http://127.0.0.1:9/file/bot123:abc"
    assert isinstance(application.bot.rate_limiter, RetryingRateLimiter)
    assert application.bot.defaults is not None and application.bot.defaults.parse_mode == "HTML"
    assert application.bot_data[SERVICES_KEY] is services
    assert application.handlers and application.error_handlers


def test_a_token_is_required_without_an_offline_bot(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    settings = make_settings()
    with pytest.raises(ValueError, match="TELEGRAM_BOT_TOKEN"):
        build_application(settings, Services.from_catalogue(settings, db_sessions, sample_catalogue()))


async def test_commands_are_published_in_vietnamese_and_english(
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with running_bot(db_sessions) as bot:
        await publish_commands(bot.application)
    default, english = bot.request.calls_to("setMyCommands")
    assert "language_code" not in default.params
    assert english.params["language_code"] == "en"
    assert default.params["commands"][0] == {"command": "start", "description": "Bắt đầu và xem câu hỏi mẫu"}
    assert english.params["commands"][0]["description"] == "Start and see example questions"
    assert [c.command for c in bot_commands("vi")] == ["start", "help", "end", "lang"]


async def test_extra_handlers_run_before_the_fallbacks(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    from telegram.ext import CommandHandler

    from bot.application import default_options
    from bot.offline_request import LocalRequest, OfflineBot
    from bot.update_factory import UpdateFactory

    seen: list[str] = []

    async def admin(update: object, _context: object) -> None:
        seen.append("admin")

    settings = make_settings()
    services = Services.from_catalogue(settings, db_sessions, sample_catalogue())
    request = LocalRequest()
    application = build_application(
        settings,
        services,
        bot=OfflineBot(request, defaults=default_options()),
        extra_handlers=[CommandHandler("admin", admin)],
    )
    async with application:
        await application.process_update(UpdateFactory(application.bot).text("/admin"))
    assert seen == ["admin"]
    assert not request.calls_to("sendMessage")  # the unknown-command fallback did not answer
