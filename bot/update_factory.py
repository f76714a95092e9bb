"""Builds real Telegram ``Update`` objects for an offline bot: what the console types and what tests send."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from telegram import (
    Bot,
    CallbackQuery,
    Chat,
    Message,
    MessageEntity,
    MessageOriginHiddenUser,
    Update,
    User,
)
from telegram.constants import ChatType

from bot.offline_request import BOT_USER

BOT = User(
    int(str(BOT_USER["id"])), str(BOT_USER["first_name"]), is_bot=True, username=str(BOT_USER["username"])
)


class UpdateFactory:
    """Creates updates from one user in one chat, with increasing update and message ids."""

    def __init__(
        self,
        bot: Bot,
        *,
        chat_id: int = 1001,
        user_id: int = 1001,
        chat_type: str = ChatType.PRIVATE,
        language_code: str | None = "vi",
    ) -> None:
        self.bot = bot
        self.chat = Chat(chat_id, chat_type, title=None if chat_type == ChatType.PRIVATE else "Nhóm")
        self.user = User(user_id, "Người dùng", is_bot=False, language_code=language_code)
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(100000)

    def _message(self, text: str | None = None, **fields: object) -> Message:
        entities: tuple[MessageEntity, ...] = ()
        if text and text.startswith("/"):
            command = text.split()[0]
            entities = (MessageEntity(MessageEntity.BOT_COMMAND, 0, len(command)),)
        message = Message(
            next(self._message_ids),
            datetime.now(UTC),
            self.chat,
            from_user=self.user,
            text=text,
            entities=entities,
            **fields,  # type: ignore[arg-type]
        )
        message.set_bot(self.bot)
        return message

    def text(self, text: str, *, forwarded: bool = False) -> Update:
        """Return an update with a new text message (a command when it starts with "/")."""
        origin = MessageOriginHiddenUser(datetime.now(UTC), "Người gửi") if forwarded else None
        return self._update(message=self._message(text, forward_origin=origin))

    def edited(self, text: str) -> Update:
        """Return an update with an edited text message."""
        message = self._message(text, edit_date=datetime.now(UTC))
        return self._update(edited_message=message)

    def message_with(self, **fields: object) -> Update:
        """Return an update with a non-text message, e.g. ``sticker=Sticker(...)`` or ``location=...``."""
        return self._update(message=self._message(None, **fields))

    def callback(self, data: str, *, message_id: int = 1, message_text: str = "") -> Update:
        """Return an update with a tap on an inline button carrying ``data`` under a bot message."""
        bot_message = Message(
            message_id, datetime.now(UTC), self.chat, from_user=BOT, text=message_text or "…"
        )
        bot_message.set_bot(self.bot)
        query = CallbackQuery(
            str(next(self._update_ids)),
            self.user,
            chat_instance=str(self.chat.id),
            data=data,
            message=bot_message,
        )
        query.set_bot(self.bot)
        return self._update(callback_query=query)

    def _update(self, **fields: object) -> Update:
        update = Update(next(self._update_ids), **fields)  # type: ignore[arg-type]
        update.set_bot(self.bot)
        return update
