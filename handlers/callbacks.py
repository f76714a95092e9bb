"""Buttons under answers: another part of a card (``p:<code>:<part>``), a candidate of "Ý bạn là…?",
"Không phải các thủ tục này" (``nm``) and "Đã rõ, cảm ơn" (``end``); plus expired or forged data."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError
from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.answer_card import inline_markup, parse_part_callback, render_card
from bot.i18n import _, use_locale
from bot.message_sender import edit_unread, send_unread
from handlers.context import chat_ref_of, locale_of, services_of
from handlers.question import end_conversation, no_match_reply

logger = logging.getLogger(__name__)


async def expired_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Politely answer a tap on a button whose data is expired, unknown or forged."""
    query = update.callback_query
    if query is None:
        return
    with use_locale(locale_of(update, services_of(context))):
        await query.answer(_("Nút này đã hết hạn. Bạn hãy gõ lại câu hỏi nhé."), show_alert=False)
    logger.info("expired or unknown button data")


async def show_part(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Replace the message with the card part the button asks for, and remember the procedure."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    services = services_of(context)
    locale = locale_of(update, services)
    with use_locale(locale):
        parsed = parse_part_callback(query.data)
        procedure = services.catalogue.get(parsed[0]) if parsed else None
        if parsed is None or procedure is None:
            await expired_button(update, context)
            return
        await query.answer()
        card = render_card(procedure, parsed[1])
        chat = chat_ref_of(update, services, locale)
        if chat is not None:
            try:
                await services.conversations.record_activity(chat, procedure_code=procedure.code)
            except SQLAlchemyError:
                logger.exception("storing the conversation failed; the answer is still sent")
        await _replace(update, context, card.text, inline_markup(card.buttons))
        logger.info("card part shown: %s (%s)", procedure.code, parsed[1].value)


async def none_of_these(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The candidates were all wrong: log the question as unanswered and show how to get help."""
    query = update.callback_query
    if query is None:
        return
    services = services_of(context)
    locale = locale_of(update, services)
    with use_locale(locale):
        await query.answer()
        chat = chat_ref_of(update, services, locale)
        if chat is not None:
            try:
                question = await services.conversations.last_question(chat.chat_key)
                if question:
                    await services.unanswered.record(question, chat.channel, locale)
            except SQLAlchemyError:
                logger.exception("logging an unanswered question failed")
        card = no_match_reply()
        await _replace(update, context, card.text, inline_markup(card.buttons))


async def finish(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "Đã rõ, cảm ơn": end the conversation and ask for the rating once."""
    query = update.callback_query
    if query is None:
        return
    with use_locale(locale_of(update, services_of(context))):
        await query.answer(_("Cảm ơn bạn!"))
        await end_conversation(update, context)


async def _replace(
    update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, markup: InlineKeyboardMarkup | None
) -> None:
    query = update.callback_query
    if query is None:
        return
    try:
        await edit_unread(query, text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" in str(error).lower():
            return
        chat = update.effective_chat
        if chat is None:
            raise
        await send_unread(context.bot, chat.id, text, reply_markup=markup)
