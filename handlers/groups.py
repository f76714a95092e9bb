"""Groups: the bot answers only commands and messages that mention it or reply to it, and never surveys there.

``group_gate`` runs before the ordinary handlers (handler group -2) for every update from a group:
- a message not addressed to the bot (no mention, not a reply to it, a command for another bot) is dropped;
- an addressed question is answered in the group (the mention stripped off), in the asker's own conversation;
- ending the conversation ("cảm ơn @bot", ``/end``, the "Đã rõ, cảm ơn" button) sends the rating question to
  the asker in private, only if they have started the bot there; otherwise the conversation just closes.
Everything else (``/start``, ``/help``, card buttons…) goes on to the ordinary handlers.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy.exc import SQLAlchemyError
from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.group_surveys import route_to_private
from bot.i18n import _, use_locale
from bot.survey_prompts import send_rating_prompt
from bot.user_preferences import UserPreferences
from handlers.context import locale_of, services_of
from handlers.message_kinds import clip_question, is_farewell
from handlers.question import answer_question

logger = logging.getLogger(__name__)
GROUP_TYPES = frozenset({ChatType.GROUP, ChatType.SUPERGROUP})
END_CALLBACK = "end"
_COMMAND = re.compile(r"^/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?")


def is_group(update: Update) -> bool:
    """Return True when the update comes from a group or supergroup."""
    chat = update.effective_chat
    return chat is not None and chat.type in GROUP_TYPES


def command_of(text: str, bot_username: str) -> str | None:
    """Return the name of ``/cmd`` or ``/cmd@thisbot``; None for plain text or another bot's command."""
    match = _COMMAND.match(text)
    if match is None:
        return None
    target = match.group(2)
    if target is not None and target.lower() != bot_username.lower():
        return None
    return match.group(1).lower()


def mentions_bot(message: Message, bot_username: str, bot_id: int) -> bool:
    """Return True when the message mentions the bot (``@username`` or a text mention of it)."""
    text = message.text or message.caption or ""
    entities = message.entities or message.caption_entities or ()
    for entity in entities:
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot_id:
            return True
        if entity.type == MessageEntity.MENTION:
            mention = message.parse_entity(entity) if message.text else message.parse_caption_entity(entity)
            if mention.lower() == "@" + bot_username.lower():
                return True
    # Telegram always sends mention entities; this also covers clients and tests that omit them.
    return re.search(rf"(?<![\w@])@{re.escape(bot_username)}(?!\w)", text, re.IGNORECASE) is not None


def is_addressed(message: Message, bot_username: str, bot_id: int) -> bool:
    """Return True for a command to this bot, a mention of it, or a reply to one of its messages."""
    text = message.text or ""
    if text.startswith("/"):
        return command_of(text, bot_username) is not None
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return True
    return mentions_bot(message, bot_username, bot_id)


def strip_mention(text: str, bot_username: str) -> str:
    """Return ``text`` without the bot's ``@username`` and surrounding punctuation left alone."""
    stripped = re.sub(rf"(?<![\w@])@{re.escape(bot_username)}(?!\w)[,:]?", " ", text, flags=re.IGNORECASE)
    return " ".join(stripped.split())


async def group_gate(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Filter and route every group update (see the module docstring); stop the ones handled here."""
    if not isinstance(update, Update) or not is_group(update):
        return
    if update.edited_message is not None:
        raise ApplicationHandlerStop  # edits in a group are not re-read, and not answered either
    query = update.callback_query
    if query is not None:
        if query.data == END_CALLBACK:
            with use_locale(locale_of(update, services_of(context))):
                await query.answer(_("Cảm ơn bạn!"))
                await end_in_group(update, context)
            raise ApplicationHandlerStop
        return
    message = update.message
    if message is None:
        return
    bot = context.bot
    if (
        message.from_user is None
        or message.from_user.is_bot
        or not is_addressed(message, bot.username, bot.id)
    ):
        raise ApplicationHandlerStop
    text = message.text
    if text is None:
        return  # media that mentions the bot: the ordinary "text only" hint answers it
    command = command_of(text, bot.username)
    if command == "end":
        with use_locale(locale_of(update, services_of(context))):
            await end_in_group(update, context)
        raise ApplicationHandlerStop
    if command is not None:
        return
    await answer_in_group(update, context, strip_mention(text, bot.username))
    raise ApplicationHandlerStop


async def answer_in_group(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Answer a question addressed to the bot in a group; route its survey to the asker's private chat."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    services = services_of(context)
    with use_locale(locale_of(update, services)):
        if not text:
            hint = _("Bạn muốn hỏi thủ tục nào? Ví dụ: @{bot} đăng ký khai sinh cần giấy tờ gì").format(
                bot=context.bot.username
            )
            await message.reply_text(hint)
            return
        if is_farewell(text):
            await end_in_group(update, context)
            return
        question, _clipped = clip_question(text)
        await answer_question(update, context, question)
    user_key = services.settings.hash_user_id(user.id)
    try:
        if await UserPreferences(services.session_factory).has_started(user_key):
            # A private chat's id is the user's id; it is stored only on the open conversation.
            await route_to_private(services.conversations, user_key, user.id)
    except SQLAlchemyError:
        logger.exception("routing the group survey to the private chat failed")


async def end_in_group(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """End the asker's conversation; send the survey to them in private if they started the bot."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    services = services_of(context)
    user_key = services.settings.hash_user_id(user.id)
    preferences = UserPreferences(services.session_factory)
    ticket = await services.conversations.begin_survey(user_key)
    if ticket is None:
        await context.bot.send_message(chat.id, _("Không có gì ạ! Khi cần, bạn cứ nhắn câu hỏi cho mình."))
        return
    surveyed = await preferences.has_started(user_key)
    if surveyed:
        try:
            await send_rating_prompt(context.bot, user.id, ticket.conversation_id, ticket.locale)
        except Forbidden:
            await preferences.withdraw_start(user_key)
            surveyed = False
        except TelegramError as error:
            logger.warning("private survey %s failed: %s", ticket.conversation_id, type(error).__name__)
            surveyed = False
    if not surveyed:
        await services.conversations.close(ticket.conversation_id)
        await context.bot.send_message(
            chat.id,
            _("Cảm ơn bạn! Khi cần, cứ gọi mình bằng cách nhắc @{bot}.").format(bot=context.bot.username),
        )
        logger.info("group conversation %s closed without a survey", ticket.conversation_id)
        return
    await context.bot.send_message(chat.id, _("Cảm ơn bạn! Mình đã gửi phiếu đánh giá vào tin nhắn riêng."))
    logger.info("group conversation %s: survey sent in private", ticket.conversation_id)
