"""``send_unread`` makes the call ``send_message`` makes, defaults included, and fails the same way."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden

from bot.application import default_options
from bot.message_sender import send_unread
from bot.offline_request import LocalRequest, OfflineBot

MARKUP = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("📄 Hồ sơ", callback_data="a:documents:1.001193")],
        [InlineKeyboardButton("🔗 Trang chính thức", url="https://dichvucong.gov.vn")],
    ]
)


@pytest.mark.parametrize("markup", [MARKUP, None])
async def test_the_call_is_the_one_send_message_makes(markup: InlineKeyboardMarkup | None) -> None:
    request = LocalRequest()
    async with OfflineBot(request, defaults=default_options()) as bot:
        await bot.send_message(42, "<b>Đăng ký khai sinh</b> & lệ phí", reply_markup=markup)
        await send_unread(bot, 42, "<b>Đăng ký khai sinh</b> & lệ phí", reply_markup=markup)
    sent, unread = request.calls_to("sendMessage")
    assert unread.params == sent.params
    assert sent.params["parse_mode"] == "HTML"
    assert sent.params["link_preview_options"] == {"is_disabled": True}


async def test_a_bot_without_defaults_sends_plain_text() -> None:
    request = LocalRequest()
    async with OfflineBot(request) as bot:
        await send_unread(bot, 42, "xin chào")
    (call,) = request.calls_to("sendMessage")
    assert call.params == {"chat_id": 42, "text": "xin chào"}


async def test_telegram_errors_are_raised_as_usual() -> None:
    request = LocalRequest()
    request.fail_with["sendMessage"] = (403, "Forbidden: bot was blocked by the user")
    bot: Bot = OfflineBot(request, defaults=default_options())
    async with bot:
        with pytest.raises(Forbidden):
            await send_unread(bot, 42, "xin chào")
