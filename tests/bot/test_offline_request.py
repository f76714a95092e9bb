"""The offline Bot API: calls are recorded and answered locally; injected failures become Telegram errors."""

from __future__ import annotations

import pytest
from telegram.error import Forbidden

from bot.application import default_options
from bot.offline_request import LocalRequest, OfflineBot, RecordedCall


async def test_calls_are_recorded_and_answered() -> None:
    seen: list[RecordedCall] = []
    request = LocalRequest(seen.append)
    bot = OfflineBot(request, defaults=default_options())
    async with bot:
        message = await bot.send_message(42, "<b>xin chào</b>")
        edited = await bot.edit_message_text("sửa", chat_id=42, message_id=message.message_id)
    assert message.chat.id == 42 and message.text == "<b>xin chào</b>"
    assert not isinstance(edited, bool) and edited.message_id == message.message_id
    methods = [call.method for call in request.calls]
    assert methods == ["getMe", "sendMessage", "editMessageText"]
    assert request.calls_to("sendMessage")[0].params["parse_mode"] == "HTML"
    assert seen == request.calls


async def test_injected_failures_raise_telegram_errors() -> None:
    request = LocalRequest()
    request.fail_with["sendMessage"] = (403, "Forbidden: bot was blocked by the user")
    async with OfflineBot(request) as bot:
        with pytest.raises(Forbidden):
            await bot.send_message(42, "x")
