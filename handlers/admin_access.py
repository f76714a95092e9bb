"""Who may use the admin commands: users listed in ``ADMIN_IDS``, in a private chat with the bot.

Anyone else gets a polite refusal. Admin views are never sent to groups, where other members would see them.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.i18n import _
from bot.satisfaction_report import Period, PeriodError, parse_period
from bot.services import Services
from bot.stats_message import period_usage
from handlers.context import services_of

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


async def admin_period_request(
    update: Update, context: ContextTypes.DEFAULT_TYPE
) -> tuple[Services, Period] | None:
    """Return the services and the period an admin asked for (``/stats 7d``), or None once answered.

    Call inside ``use_locale(...)``, like ``admin_services``.
    """
    services = await admin_services(update, context)
    message = update.effective_message
    if services is None or message is None:
        return None
    try:
        period = parse_period(argument_text(update) or None)
    except PeriodError:
        await message.reply_text(period_usage())
        return None
    return services, period
