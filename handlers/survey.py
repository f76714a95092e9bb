"""The satisfaction survey buttons: rating ``r:<id>:<level>``, reason ``rr:<id>:<reason>``, skip ``rs:<id>``.

A late or repeated tap is acknowledged with a short popup and never counted twice (the database decides).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.answer_card import AnswerCard, inline_markup
from bot.conversations import ChatRef
from bot.i18n import _, use_locale
from bot.message_sender import edit_unread, send_unread
from bot.satisfaction_log import DissatisfactionReason, RatingOutcome, SatisfactionLevel
from bot.services import Services
from bot.survey_prompts import comment_prompt, level_label, reason_prompt, thanks_text
from handlers.context import chat_ref_of, locale_of, services_of
from handlers.question import end_conversation

logger = logging.getLogger(__name__)

Parsed = TypeVar("Parsed")


def parse_rating(data: str) -> tuple[int, SatisfactionLevel] | None:
    """Return (conversation id, level) from ``r:<id>:<level>``, or None when malformed."""
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != "r" or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    try:
        return int(parts[1]), SatisfactionLevel(int(parts[2]))
    except ValueError:
        return None


def parse_reason(data: str) -> tuple[int, DissatisfactionReason] | None:
    """Return (conversation id, reason) from ``rr:<id>:<reason>``, or None when malformed."""
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != "rr" or not parts[1].isdigit():
        return None
    try:
        return int(parts[1]), DissatisfactionReason(parts[2])
    except ValueError:
        return None


def parse_skip(data: str) -> int | None:
    """Return the conversation id from ``rs:<id>``, or None when malformed."""
    prefix, _sep, rest = data.partition(":")
    return int(rest) if prefix == "rs" and rest.isdigit() else None


async def _edit(update: Update, card: AnswerCard) -> None:
    query = update.callback_query
    if query is None:
        return
    try:
        await edit_unread(query, card.text, reply_markup=inline_markup(card.buttons))
    except BadRequest as error:
        chat = update.effective_chat
        if "not modified" not in str(error).lower() and chat is not None:
            await send_unread(query.get_bot(), chat.id, card.text, reply_markup=inline_markup(card.buttons))


async def _tapped(
    update: Update, services: Services, locale: str, parse: Callable[[str], Parsed | None]
) -> tuple[Parsed, ChatRef] | None:
    """Return a survey button's parsed data and its chat; answer "no longer valid" and return None otherwise.

    Call inside ``use_locale(locale)`` with an update that carries callback data.
    """
    query = update.callback_query
    if query is None or query.data is None:
        return None
    parsed = parse(query.data)
    chat = chat_ref_of(update, services, locale)
    if parsed is None or chat is None:
        await query.answer(_("Nút này không còn hiệu lực."))
        return None
    return parsed, chat


async def rate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Store a rating once; a negative one asks for the reason next."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    services = services_of(context)
    locale = locale_of(update, services)
    with use_locale(locale):
        tapped = await _tapped(update, services, locale, parse_rating)
        if tapped is None:
            return
        (conversation_id, level), chat = tapped
        outcome = await services.satisfaction.record_rating(conversation_id, chat.chat_key, level)
        if outcome is RatingOutcome.ALREADY_RATED:
            await query.answer(_("Bạn đã đánh giá cuộc trò chuyện này rồi. Cảm ơn bạn!"))
            logger.info("repeated rating tap ignored (conversation %s)", conversation_id)
            return
        if outcome is RatingOutcome.NOT_FOUND:
            await query.answer(_("Nút này không còn hiệu lực."))
            logger.info("rating tap for an unknown conversation")
            return
        await query.answer(_("Đã ghi nhận: {level}").format(level=level_label(level)))
        logger.info("rating stored: conversation %s level %d", conversation_id, int(level))
        if level.is_negative:
            await _edit(update, reason_prompt(conversation_id, level))
        else:
            await _edit(update, AnswerCard(thanks_text(level)))


async def give_reason(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Store why a user was dissatisfied (once) and invite an optional comment."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    services = services_of(context)
    locale = locale_of(update, services)
    with use_locale(locale):
        tapped = await _tapped(update, services, locale, parse_reason)
        if tapped is None:
            return
        (conversation_id, reason), chat = tapped
        if not await services.satisfaction.record_reason(conversation_id, chat.chat_key, reason):
            await query.answer(_("Mình đã ghi nhận ý kiến của bạn rồi. Cảm ơn bạn!"))
            return
        await query.answer()
        await _edit(update, comment_prompt(conversation_id))


async def skip_comment(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "Bỏ qua": close the survey without a comment."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    services = services_of(context)
    locale = locale_of(update, services)
    with use_locale(locale):
        tapped = await _tapped(update, services, locale, parse_skip)
        if tapped is None:
            return
        conversation_id, chat = tapped
        if not await services.satisfaction.record_comment(conversation_id, chat.chat_key, None):
            await query.answer(_("Mình đã ghi nhận ý kiến của bạn rồi. Cảm ơn bạn!"))
            return
        await query.answer()
        await _edit(update, AnswerCard(thanks_text()))


async def end_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/end``: finish the conversation and ask for the rating."""
    with use_locale(locale_of(update, services_of(context))):
        await end_conversation(update, context)
