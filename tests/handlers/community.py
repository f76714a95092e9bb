"""Update builders the community-helper tests need beyond ``UpdateFactory``: inline queries, group
messages that mention or reply to the bot."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from telegram import Bot, Chat, ChosenInlineResult, InlineQuery, Message, MessageEntity, Update, User
from telegram.constants import ChatType

from bot.update_factory import BOT

_ids = itertools.count(500000)
GROUP_ID = -1001234567890


def person(user_id: int, language_code: str | None = "vi") -> User:
    """Return a human Telegram user."""
    return User(user_id, "Người dùng", is_bot=False, language_code=language_code)


def inline_query(bot: Bot, user_id: int, text: str) -> Update:
    """Return an inline query update ``@bot <text>``."""
    query = InlineQuery(str(next(_ids)), person(user_id), text, "")
    query.set_bot(bot)
    update = Update(next(_ids), inline_query=query)
    update.set_bot(bot)
    return update


def chosen_result(bot: Bot, user_id: int, result_id: str) -> Update:
    """Return a chosen-inline-result update."""
    chosen = ChosenInlineResult(result_id, person(user_id), "khai sinh")
    update = Update(next(_ids), chosen_inline_result=chosen)
    update.set_bot(bot)
    return update


def group_message(
    bot: Bot,
    user_id: int,
    text: str,
    *,
    mention_entity: bool = False,
    reply_to_bot: bool = False,
    chat_id: int = GROUP_ID,
) -> Update:
    """Return a text message in a group, optionally with a real mention entity or replying to the bot."""
    chat = Chat(chat_id, ChatType.SUPERGROUP, title="Tổ dân phố 5")
    entities: list[MessageEntity] = []
    if text.startswith("/"):
        entities.append(MessageEntity(MessageEntity.BOT_COMMAND, 0, len(text.split()[0])))
    if mention_entity:
        handle = "@" + str(BOT.username)
        start = text.index(handle)
        entities.append(MessageEntity(MessageEntity.MENTION, start, len(handle)))
    replied = None
    if reply_to_bot:
        replied = Message(next(_ids), datetime.now(UTC), chat, from_user=BOT, text="Thẻ thủ tục")
    message = Message(
        next(_ids),
        datetime.now(UTC),
        chat,
        from_user=person(user_id),
        text=text,
        entities=tuple(entities),
        reply_to_message=replied,
    )
    message.set_bot(bot)
    update = Update(next(_ids), message=message)
    update.set_bot(bot)
    return update
