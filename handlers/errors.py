"""The global error handler: every failure is logged once, without message text or raw ids, and the user
gets a short apology. A user who blocked the bot has their open conversation closed."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ContextTypes

from bot.i18n import _, use_locale
from bot.telegram_retry import retry_after_seconds
from handlers.context import locale_of, services_of

logger = logging.getLogger(__name__)


async def handle_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error once and answer the user when that is possible and useful."""
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, Forbidden):
        logger.info("update %s: the bot was blocked or removed from the chat", update_id)
        await _close_blocked_chat(update, context)
        return
    if isinstance(error, RetryAfter):
        logger.warning(
            "update %s: flood control persisted after a retry (%.0f s)", update_id, retry_after_seconds(error)
        )
        return
    if isinstance(error, NetworkError):
        logger.warning("update %s: network error talking to Telegram: %s", update_id, type(error).__name__)
        return
    logger.error("update %s failed: %s", update_id, type(error).__name__, exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    services = services_of(context)
    try:
        with use_locale(locale_of(update, services)):
            if update.callback_query is not None:
                await update.callback_query.answer(_("Xin lỗi, đã có lỗi. Bạn thử lại sau nhé."))
            else:
                apology = _("Xin lỗi, mình gặp lỗi khi xử lý tin nhắn này. Bạn thử lại sau nhé.")
                await context.bot.send_message(update.effective_chat.id, apology)
    except TelegramError as reply_error:
        logger.warning("update %s: the apology could not be sent: %s", update_id, type(reply_error).__name__)


async def _close_blocked_chat(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    services = services_of(context)
    try:
        await services.conversations.close_chat(services.settings.hash_user_id(update.effective_chat.id))
    except SQLAlchemyError:
        logger.exception("closing the conversation of a blocked chat failed")
