"""Deep links ``https://t.me/<bot>?start=p_<code>``: the neighbour who taps one gets that procedure's card.

The conversation that follows (and its rating) is tagged ``channel = relay`` and marked in
``relayed_conversations`` as opened from a deep link.
"""

from __future__ import annotations

import dataclasses
import html
import logging

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update
from telegram.ext import ContextTypes

from bot.answer_card import inline_markup, render_card
from bot.deep_links import code_of
from bot.i18n import _, use_locale
from bot.models.conversation import Channel
from bot.models.relay import RelaySource
from bot.relay_log import RelayLog
from handlers.context import chat_ref_of, locale_of, services_of
from knowledge.aspects import Aspect

logger = logging.getLogger(__name__)
CARD_LIMIT = 3900  # room for the one-line introduction above the card


async def open_from_start(update: Update, context: ContextTypes.DEFAULT_TYPE, parameter: str) -> bool:
    """Answer ``/start p_<code>`` with the procedure's card; return False for other start parameters."""
    code = code_of(parameter)
    message = update.effective_message
    if code is None or message is None:
        return False
    services = services_of(context)
    locale = locale_of(update, services)
    with use_locale(locale):
        procedure = services.catalogue.get(code)
        if procedure is None:
            await message.reply_text(
                _(
                    "Liên kết này trỏ tới thủ tục {code}, nhưng thủ tục đó không còn trong danh mục. "
                    "Bạn hãy gõ tên thủ tục cần hỏi, mình sẽ tìm giúp."
                ).format(code=f"<code>{html.escape(code)}</code>")
            )
            logger.info("deep link to an unknown procedure")
            return True
        chat = chat_ref_of(update, services, locale)
        if chat is not None:
            try:
                relayed = dataclasses.replace(chat, channel=Channel.RELAY)
                conversation_id = await services.conversations.record_activity(
                    relayed, procedure_code=procedure.code
                )
                await RelayLog(services.session_factory).mark(
                    conversation_id, RelaySource.DEEP_LINK, procedure_code=procedure.code
                )
            except SQLAlchemyError:
                logger.exception("storing the relayed conversation failed; the card is still sent")
        card = render_card(procedure, Aspect.OVERVIEW, limit=CARD_LIMIT)
        text = _("Thủ tục được chia sẻ với bạn:") + "\n\n" + card.text
        await message.reply_text(text, reply_markup=inline_markup(card.buttons))
        logger.info("deep link opened: %s", procedure.code)
    return True
