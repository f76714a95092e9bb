"""Sending a message whose copy sent back by Telegram nobody reads, without parsing that copy.

``Bot.send_message`` turns Telegram's answer (the whole sent message, its buttons included) into a
``Message`` object. For an answer card with eight or nine buttons that took a tenth of the bot's CPU
under load, and the handlers never look at it. ``send_unread`` makes the same ``sendMessage`` call through
``Bot.do_api_request`` and leaves the answer as JSON. Errors, retries and the rate limiter are those of any
other call. ``do_api_request`` does not apply the bot's ``Defaults``, so the two that messages use, the
parse mode and the link-preview options, are applied here. PTB warns against ``do_api_request`` for a
method it has; that advice is about convenience, and it is silenced for this one call.
"""

from __future__ import annotations

import warnings
from typing import Any

from telegram import Bot, InlineKeyboardMarkup
from telegram.ext import ExtBot
from telegram.warnings import PTBUserWarning

warnings.filterwarnings(
    "ignore", message=r"Please use 'Bot\.send_message' instead", category=PTBUserWarning
)


async def send_unread(
    bot: Bot, chat_id: int, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Send ``text`` to ``chat_id`` as ``bot.send_message`` would, without parsing the returned message."""
    api_kwargs: dict[str, Any] = {"chat_id": chat_id, "text": text}
    defaults = bot.defaults if isinstance(bot, ExtBot) else None
    if defaults is not None:
        if defaults.parse_mode is not None:
            api_kwargs["parse_mode"] = defaults.parse_mode
        if defaults.link_preview_options is not None:
            api_kwargs["link_preview_options"] = defaults.link_preview_options
    if reply_markup is not None:
        api_kwargs["reply_markup"] = reply_markup
    await bot.do_api_request("send_message", api_kwargs=api_kwargs)
