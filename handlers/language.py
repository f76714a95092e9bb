"""``/lang``: each user picks the reply language (Tiếng Việt / English); the choice lives in the database.

``load_user_choice`` runs first for every update (handler group -3) and makes the stored choice visible to
``handlers.context.locale_of`` for the rest of that update.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.conversations import utc_now
from bot.i18n import SUPPORTED_LOCALES, _, set_user_choice, use_locale
from bot.satisfaction_log import COMMENT_WINDOW
from bot.user_preferences import UserPreferences
from handlers.context import locale_of, remember_snapshot, services_of

logger = logging.getLogger(__name__)
CALLBACK_PREFIX = "lang:"
# Each language is named in itself, so anyone can find their own.
LANGUAGE_NAMES: dict[str, str] = {"vi": "🇻🇳 Tiếng Việt", "en": "🇬🇧 English"}


def language_markup() -> InlineKeyboardMarkup:
    """Return one button per supported language (``lang:vi``, ``lang:en``)."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(LANGUAGE_NAMES[code], callback_data=CALLBACK_PREFIX + code)]
            for code in SUPPORTED_LOCALES
        ]
    )


def confirmation(locale: str) -> str:
    """Return the confirmation of a language switch, written in the new language."""
    with use_locale(locale):
        return _(
            "Từ giờ mình trả lời bằng tiếng Việt. "
            "Tên thủ tục luôn giữ nguyên tiếng Việt vì đó là tên chính thức."
        )


def is_private_text(update: Update) -> bool:
    """Return True for a new text message (not a command) in the user's own private chat (a question)."""
    message, chat, user = update.message, update.effective_chat, update.effective_user
    return (
        message is not None
        and bool(message.text)
        and not (message.text or "").startswith("/")
        and chat is not None
        and chat.type == ChatType.PRIVATE
        and user is not None
        and chat.id == user.id
    )


async def load_user_choice(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Load the user's stored /lang choice for this update (none when unknown or the database fails).

    For a text message in a private chat the chat's conversation state is read in the same query and kept
    for ``handlers.question.handle_text`` (see ``handlers.context.take_snapshot``).
    """
    set_user_choice(None)
    remember_snapshot(None)
    if not isinstance(update, Update) or update.effective_user is None:
        return
    services = services_of(context)
    key = services.settings.hash_user_id(update.effective_user.id)
    try:
        if is_private_text(update):
            # A private chat's id is its user's id: the chat key and the user key are the same hash.
            snapshot = await services.conversations.snapshot(key, utc_now() - COMMENT_WINDOW, user_key=key)
            remember_snapshot(update, key, snapshot)
            set_user_choice(snapshot.user_locale)
        else:
            set_user_choice(await UserPreferences(services.session_factory).locale(key))
    except SQLAlchemyError:
        logger.warning("reading the language choice failed; using the default")


async def _save(update: Update, context: ContextTypes.DEFAULT_TYPE, locale: str) -> None:
    services = services_of(context)
    user = update.effective_user
    if user is None:
        return
    await UserPreferences(services.session_factory).set_locale(
        services.settings.hash_user_id(user.id), locale
    )
    set_user_choice(locale)
    logger.info("language switched to %s", locale)


async def lang_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/lang`` shows the language buttons; ``/lang en`` or ``/lang vi`` switches at once."""
    message = update.effective_message
    if message is None:
        return
    wanted = (context.args or [""])[0].strip().lower()
    if wanted in SUPPORTED_LOCALES:
        await _save(update, context, wanted)
        await message.reply_text(confirmation(wanted))
        return
    with use_locale(locale_of(update, services_of(context))):
        await message.reply_text(
            _("Chọn ngôn ngữ trả lời / Choose your language:"), reply_markup=language_markup()
        )


async def language_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A language button (``lang:<code>``): store the choice and confirm in the new language."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    locale = query.data.removeprefix(CALLBACK_PREFIX)
    if locale not in SUPPORTED_LOCALES:
        with use_locale(locale_of(update, services_of(context))):
            await query.answer(_("Nút này không còn hiệu lực."))
        return
    await _save(update, context, locale)
    await query.answer()
    try:
        await query.edit_message_text(confirmation(locale))
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise
