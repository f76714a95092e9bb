"""Who may use the admin commands: users listed in ``ADMIN_IDS``, in a private chat with the bot.

Anyone else gets a polite refusal. Admin views are never sent to groups, where other members would see them.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.i18n import _, use_locale
from bot.satisfaction_report import Period, PeriodError, parse_period
from bot.services import Services
from bot.stats_message import period_usage
from handlers.context import locale_of, services_of

logger = logging.getLogger(__name__)


async def admin_services(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Services | None:
    """Return the services when the sender is an admin in a private chat; otherwise refuse and return None.

    Call inside ``use_locale(...)`` so the refusal is in the user's language.
    """
    message = update.effective_message
    user = update.effective_user
    chat = update.effective_chat
    if message is None or user is None or chat is None:
        return None
    services = services_of(context)
    if not services.settings.is_admin(user.id):
        await message.reply_text(_("Xin lỗi, lệnh này chỉ dành cho quản trị viên của bot."))
        logger.info("admin command refused to a non-admin user")
        return None
    if chat.type != ChatType.PRIVATE:
        await message.reply_text(_("Lệnh quản trị chỉ dùng trong cuộc trò chuyện riêng với bot."))
        return None
    return services


def argument_text(update: Update) -> str:
    """Return the text after the command (``/alias a b = c`` → ``a b = c``), spaces kept as typed."""
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    _command, _space, rest = text.partition(" ")
    return rest.strip()


AdminHandler = Callable[[Update, Message, Services], Awaitable[None]]
PeriodHandler = Callable[[Update, Message, Services, Period], Awaitable[None]]
CommandCallback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def admin_command(handler: AdminHandler) -> CommandCallback:
    """Wrap ``handler(update, message, services)`` into a command callback for admins only.

    The wrapper answers in the user's language, refuses non-admins and groups, and ignores updates without
    a message.
    """

    @functools.wraps(handler)
    async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        with use_locale(locale_of(update, services_of(context))):
            services = await admin_services(update, context)
            if services is not None:
                await handler(update, message, services)

    return guarded


def admin_period_command(handler: PeriodHandler) -> CommandCallback:
    """Like :func:`admin_command`, also parsing the period asked for (``/stats 7d``); a bad one gets usage."""

    @functools.wraps(handler)
    async def with_period(update: Update, message: Message, services: Services) -> None:
        try:
            period = parse_period(argument_text(update) or None)
        except PeriodError:
            await message.reply_text(period_usage())
            return
        await handler(update, message, services, period)

    return admin_command(with_period)
