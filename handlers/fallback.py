"""Short polite replies to everything that is not a question: media, edited messages, unknown commands."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import _, use_locale
from handlers.context import locale_of, services_of

logger = logging.getLogger(__name__)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply to a sticker, photo, voice message, location, file… that only text questions are understood."""
    message = update.effective_message
    if message is None:
        return
    with use_locale(locale_of(update, services_of(context))):
        hint = _(
            "Mình chỉ đọc được câu hỏi dạng chữ. Bạn hãy gõ tên thủ tục cần hỏi, ví dụ “đăng ký khai sinh”."
        )
        await message.reply_text(hint)
    logger.info("non-text message answered with a hint")


async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply to an edited message that edits are not re-read."""
    message = update.effective_message
    if message is None:
        return
    with use_locale(locale_of(update, services_of(context))):
        await message.reply_text(
            _("Mình không đọc lại tin nhắn đã sửa. Bạn hãy gửi câu hỏi thành tin nhắn mới nhé.")
        )


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply to a command the bot does not have with the list of its commands."""
    message = update.effective_message
    if message is None:
        return
    with use_locale(locale_of(update, services_of(context))):
        await message.reply_text(
            _(
                "Mình không có lệnh này. Các lệnh: /start (bắt đầu), /help (hướng dẫn), /end (kết thúc). "
                "Hoặc bạn cứ gõ câu hỏi."
            )
        )
