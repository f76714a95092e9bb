"""Sending and editing messages whose copy sent back by Telegram nobody reads, without parsing that copy.

``Bot.send_message`` and ``edit_message_text`` turn Telegram's answer (the whole message, its buttons
included) into a ``Message`` object. For answer cards and survey prompts that took a tenth of the bot's
CPU under load, and the handlers never look at it. ``send_unread`` and ``edit_unread`` make the same calls
through ``Bot.do_api_request`` and leave the answer as JSON. Errors, retries and the rate limiter are those
of any other call. ``do_api_request`` does not apply the bot's ``Defaults``, so the two that messages use,
the parse mode and the link-preview options, are applied here. PTB warns against ``do_api_request`` for a
method it has; that advice is about convenience, and it is silenced for these two methods.
"""

from __future__ import annotations

import warnings
from typing import Any

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup
from telegram.ext import ExtBot
from telegram.warnings import PTBUserWarning

warnings.filterwarnings(
    "ignore", message=r"Please use 'Bot\.(send_message|edit_message_text)' instead", category=PTBUserWarning
)


async def send_unread(
    bot: Bot, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Send ``text`` to ``chat_id`` as ``bot.send_message`` would, without parsing the returned message."""
    await _call(bot, "send_message", {"chat_id": chat_id}, text, reply_markup)


async def edit_unread(
    query: CallbackQuery, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace the text of the message ``query``'s button belongs to, as ``query.edit_message_text`` would."""
    if query.inline_message_id:
        target: dict[str, Any] = {"inline_message_id": query.inline_message_id}
    elif query.message is not None:
        target = {"chat_id": query.message.chat.id, "message_id": query.message.message_id}
    else:  # neither: let PTB raise the error it raises for such a query
        await query.edit_message_text(text, reply_markup=reply_markup)
        return
    await _call(query.get_bot(), "edit_message_text", target, text, reply_markup)


async def _call(
    bot: Bot, method: str, target: dict[str, Any], text: str, reply_markup: InlineKeyboardMarkup | None
) -> None:
    api_kwargs: dict[str, Any] = {**target, "text": text}
    defaults = bot.defaults if isinstance(bot, ExtBot) else None
    if defaults is not None:
        if defaults.parse_mode is not None:
            api_kwargs["parse_mode"] = defaults.parse_mode
        if defaults.link_preview_options is not None:
            api_kwargs["link_preview_options"] = defaults.link_preview_options
    if reply_markup is not None:
        api_kwargs["reply_markup"] = reply_markup
    await bot.do_api_request(method, api_kwargs=api_kwargs)
