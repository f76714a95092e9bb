"""What every handler derives from an update: the services, the reply locale and the chat reference."""

from __future__ import annotations

from contextvars import ContextVar

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.conversations import ChatRef, ChatSnapshot
from bot.i18n import choose_locale, user_choice
from bot.models.conversation import Channel
from bot.services import SERVICES_KEY, Services

# The chat state read by the first handler group together with the user's /lang choice (one database
# round trip), kept for the question handler of the same update: (update, chat key, snapshot).
_prefetched: ContextVar[tuple[Update, str, ChatSnapshot] | None] = ContextVar(
    "prefetched_snapshot", default=None
)


def remember_snapshot(
    update: Update | None, chat_key: str = "", snapshot: ChatSnapshot | None = None
) -> None:
    """Keep ``snapshot`` of ``chat_key`` for the rest of ``update``; ``remember_snapshot(None)`` forgets."""
    _prefetched.set(None if update is None or snapshot is None else (update, chat_key, snapshot))


def take_snapshot(update: Update, chat_key: str) -> ChatSnapshot | None:
    """Return (once) the snapshot read earlier for this very update and chat, else None."""
    kept = _prefetched.get()
    if kept is None or kept[0] is not update or kept[1] != chat_key:
        return None
    _prefetched.set(None)
    return kept[2]


def services_of(context: ContextTypes.DEFAULT_TYPE) -> Services:
    """Return the services stored in the application's ``bot_data``."""
    services: Services = context.application.bot_data[SERVICES_KEY]
    return services


def locale_of(update: Update, services: Services) -> str:
    """Return the reply locale: the /lang choice, else DEFAULT_LOCALE if set, else Telegram's language."""
    user = update.effective_user
    settings = services.settings
    return choose_locale(
        settings.default_locale,
        user.language_code if user else None,
        user_choice(),
        default_is_explicit=settings.default_locale_is_set,
    )


def channel_of(update: Update) -> Channel:
    """Return group for group chats, relay for a forwarded question in a private chat, else private."""
    chat = update.effective_chat
    if chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP, ChatType.CHANNEL):
        return Channel.GROUP
    message = update.effective_message
    if message is not None and message.forward_origin is not None:
        return Channel.RELAY
    return Channel.PRIVATE


def chat_ref_of(update: Update, services: Services, locale: str) -> ChatRef | None:
    """Return the hashed reference of the update's chat (raw chat id kept only for private chats)."""
    chat = update.effective_chat
    if chat is None:
        return None
    user = update.effective_user
    channel = channel_of(update)
    hash_id = services.settings.hash_user_id
    # In a group each person has their own conversation (keyed like their private chat), so follow-up
    # questions keep their own context and the survey can go to them in private, never to the group.
    person = user.id if channel is Channel.GROUP and user is not None else chat.id
    chat_key = hash_id(person)
    return ChatRef(
        chat_key=chat_key,
        user_key=(chat_key if user.id == person else hash_id(user.id)) if user else "",
        channel=channel,
        locale=locale,
        chat_id=chat.id if channel is not Channel.GROUP else None,
    )
