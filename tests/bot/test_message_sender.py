"""``send_unread``/``edit_unread`` make the calls PTB's methods make, defaults included, and fail alike."""

from __future__ import annotations

import pytest
from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, User
from telegram.error import BadRequest, Forbidden

from bot.application import default_options
from bot.message_sender import edit_unread, send_unread
from bot.offline_request import LocalRequest, OfflineBot
from bot.update_factory import UpdateFactory

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


async def test_an_edit_is_the_one_edit_message_text_makes() -> None:
    request = LocalRequest()
    async with OfflineBot(request, defaults=default_options()) as bot:
        query = UpdateFactory(bot, chat_id=42).callback("r:5:7", message_id=9).callback_query
        assert query is not None
        await query.edit_message_text("Cảm ơn <b>bạn</b>", reply_markup=MARKUP)
        await edit_unread(query, "Cảm ơn <b>bạn</b>", reply_markup=MARKUP)
    edited, unread = request.calls_to("editMessageText")
    assert unread.params == edited.params
    assert (edited.params["chat_id"], edited.params["message_id"]) == (42, 9)


async def test_an_inline_message_is_edited_by_its_inline_id() -> None:
    request = LocalRequest()
    async with OfflineBot(request, defaults=default_options()) as bot:
        user = User(7, "An", is_bot=False)
        query = CallbackQuery("1", user, "chat", inline_message_id="AAQ-inline", data="x")
        query.set_bot(bot)
        await query.edit_message_text("đã cập nhật")
        await edit_unread(query, "đã cập nhật")
    edited, unread = request.calls_to("editMessageText")
    assert unread.params == edited.params
    assert unread.params["inline_message_id"] == "AAQ-inline"


async def test_an_edit_refused_by_telegram_raises_bad_request() -> None:
    request = LocalRequest()
    request.fail_with["editMessageText"] = (400, "Bad Request: message is not modified")
    async with OfflineBot(request, defaults=default_options()) as bot:
        query = UpdateFactory(bot).callback("r:5:7").callback_query
        assert query is not None
        with pytest.raises(BadRequest, match="not modified"):
            await edit_unread(query, "giống hệt")
