"""The fake Bot API itself: proven with raw HTTP and with a tiny echo bot built on python-telegram-bot."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.e2e.conftest import TEST_TOKEN
from tests.e2e.fake_bot_api import FakeBotApi


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_message.text is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Lại", callback_data="again:1")]])
    await update.effective_message.reply_text(
        f"Bạn nói: {update.effective_message.text}", reply_markup=keyboard
    )


async def _press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Đã nhận")
    await query.edit_message_text(f"Đã bấm {query.data}")


@pytest.fixture
async def echo_bot(fake_api: FakeBotApi) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """Run a minimal PTB echo bot, polling the fake server."""
    application = ApplicationBuilder().token(TEST_TOKEN).base_url(fake_api.base_url).build()
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, _echo))
    application.add_handler(CallbackQueryHandler(_press))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=2)
        yield application
        await application.updater.stop()
        await application.stop()


async def _post(api: FakeBotApi, method: str, *, token: str = TEST_TOKEN, **kwargs: Any) -> tuple[int, Any]:
    url = api.base_url.replace("/bot", f"/bot{token}/{method}")
    async with aiohttp.ClientSession() as session, session.post(url, **kwargs) as response:
        return response.status, await response.json()


async def test_echo_bot_round_trip(
    fake_api: FakeBotApi, echo_bot: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    fake_api.user_message(1001, "xin chào")
    fake_api.user_message(1002, "123")
    first = await fake_api.wait_for("sendMessage", lambda c: c.chat_id == 1001)
    second = await fake_api.wait_for("sendMessage", lambda c: c.chat_id == 1002)
    assert first.text == "Bạn nói: xin chào"
    assert second.text == "Bạn nói: 123"  # a numeric text stays a string
    assert first.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Lại", "callback_data": "again:1"}]]
    }
    assert first.content_type == "application/x-www-form-urlencoded"
    # The user's message was id 1 in that chat, the bot's reply is id 2.
    assert first.result["message_id"] == 2 and first.result["from"]["is_bot"] is True
    assert fake_api.find("getMe")


async def test_callback_answer_and_edit(
    fake_api: FakeBotApi, echo_bot: Application[Any, Any, Any, Any, Any, Any]
) -> None:
    fake_api.user_message(1003, "a")
    sent = await fake_api.wait_for("sendMessage", lambda c: c.chat_id == 1003)
    update = fake_api.callback(1003, sent.button("Lại")["callback_data"], sent.result["message_id"])
    answer = await fake_api.wait_for("answerCallbackQuery")
    assert answer.params["callback_query_id"] == update["callback_query"]["id"]
    assert answer.params["text"] == "Đã nhận"
    edit = await fake_api.wait_for("editMessageText")
    assert edit.text == "Đã bấm again:1" and edit.params["message_id"] == sent.result["message_id"]
    # The callback carried the stored message, keyboard included.
    assert update["callback_query"]["message"]["reply_markup"] == sent.params["reply_markup"]


async def test_long_poll_waits_then_returns_injected_update(fake_api: FakeBotApi) -> None:
    poll = asyncio.create_task(_post(fake_api, "getUpdates", data={"timeout": "3"}))
    await asyncio.sleep(0.2)
    assert not poll.done()
    update = fake_api.user_message(5, "hỏi")
    status, body = await asyncio.wait_for(poll, 2)
    assert status == 200 and [u["update_id"] for u in body["result"]] == [update["update_id"]]
    # Not confirmed yet: handed out again; confirmed by offset: gone.
    _, again = await _post(fake_api, "getUpdates", data={"timeout": "0"})
    assert len(again["result"]) == 1
    _, after = await _post(
        fake_api, "getUpdates", data={"offset": str(update["update_id"] + 1), "timeout": "0"}
    )
    assert after["result"] == [] and fake_api.pending_updates == 0


async def test_empty_long_poll_honours_timeout(fake_api: FakeBotApi) -> None:
    started = asyncio.get_running_loop().time()
    _, body = await _post(fake_api, "getUpdates", data={"timeout": "0.3"})
    elapsed = asyncio.get_running_loop().time() - started
    assert body == {"ok": True, "result": []}
    assert 0.25 <= elapsed < 2


async def test_json_body_and_form_body_parse_alike(fake_api: FakeBotApi) -> None:
    fake_api.user_message(7, "x")
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "p:1.000001:docs"}]]}
    await _post(fake_api, "sendMessage", json={"chat_id": 7, "text": "json", "reply_markup": markup})
    await _post(
        fake_api, "sendMessage", data={"chat_id": "7", "text": "form", "reply_markup": json.dumps(markup)}
    )
    json_call, form_call = fake_api.find("sendMessage")
    assert json_call.params["reply_markup"] == form_call.params["reply_markup"] == markup
    assert json_call.chat_id == form_call.chat_id == 7
    assert [json_call.result["message_id"], form_call.result["message_id"]] == [2, 3]


@pytest.mark.parametrize(
    ("params", "description"),
    [
        ({"chat_id": "9", "text": "x"}, "Bad Request: chat not found"),
        ({"chat_id": "8", "text": "  "}, "Bad Request: message text is empty"),
        ({"chat_id": "8", "text": "x" * 4097}, "Bad Request: message is too long"),
        ({"chat_id": "8", "text": "a <b", "parse_mode": "HTML"}, "Bad Request: can't parse entities"),
        ({"chat_id": "8", "text": "<b>x</i>", "parse_mode": "HTML"}, "Bad Request: can't parse entities"),
        ({"chat_id": "8", "text": "<div>x</div>", "parse_mode": "HTML"}, "Unsupported start tag"),
        ({"chat_id": "8", "text": "/alias <cụm từ>", "parse_mode": "HTML"}, 'Unsupported start tag "cụm"'),
        (
            {
                "chat_id": "8",
                "text": "x",
                "reply_markup": json.dumps({"inline_keyboard": [[{"text": "A", "callback_data": "d" * 65}]]}),
            },
            "Bad Request: BUTTON_DATA_INVALID",
        ),
    ],
)
async def test_send_message_errors_are_bot_api_errors(
    fake_api: FakeBotApi, params: dict[str, str], description: str
) -> None:
    fake_api.user_message(8, "x")
    status, body = await _post(fake_api, "sendMessage", data=params)
    assert status == 400 and body["ok"] is False and body["error_code"] == 400
    assert description in body["description"]
    assert not fake_api.find("sendMessage")
    assert fake_api.find("sendMessage", ok_only=False)[0].error == body["description"]


async def test_valid_html_is_accepted_and_rendered(fake_api: FakeBotApi) -> None:
    fake_api.user_message(8, "x")
    text = '<b>Hộ chiếu</b> &amp; <a href="https://dichvucong.gov.vn">link</a>'
    status, body = await _post(
        fake_api, "sendMessage", data={"chat_id": "8", "text": text, "parse_mode": "HTML"}
    )
    assert status == 200 and body["result"]["text"] == "Hộ chiếu & link"


async def test_edit_rules_not_modified_and_not_found(fake_api: FakeBotApi) -> None:
    fake_api.user_message(8, "x")
    _, sent = await _post(fake_api, "sendMessage", data={"chat_id": "8", "text": "một"})
    message_id = str(sent["result"]["message_id"])
    status, body = await _post(
        fake_api, "editMessageText", data={"chat_id": "8", "message_id": message_id, "text": "một"}
    )
    assert status == 400 and "message is not modified" in body["description"]
    status, body = await _post(
        fake_api, "editMessageText", data={"chat_id": "8", "message_id": "99", "text": "hai"}
    )
    assert status == 400 and body["description"] == "Bad Request: message to edit not found"
    status, body = await _post(
        fake_api, "editMessageText", data={"chat_id": "8", "message_id": "1", "text": "hai"}
    )
    assert (
        status == 400 and body["description"] == "Bad Request: message can't be edited"
    )  # the user's message
    status, body = await _post(
        fake_api, "editMessageText", data={"chat_id": "8", "message_id": message_id, "text": "hai"}
    )
    assert status == 200 and body["result"]["text"] == "hai"
    assert [call.error for call in fake_api.unexpected_failures()][1:] == [
        "Bad Request: message to edit not found",
        "Bad Request: message can't be edited",
    ]
    fake_api.tolerated_errors.add("message")
    assert not fake_api.unexpected_failures()


async def test_callback_query_can_be_answered_once(fake_api: FakeBotApi) -> None:
    query_id = fake_api.callback(8, "x", 1)["callback_query"]["id"]
    first, _ = await _post(fake_api, "answerCallbackQuery", data={"callback_query_id": query_id})
    second, body = await _post(fake_api, "answerCallbackQuery", data={"callback_query_id": query_id})
    assert (first, second) == (200, 400) and "query is too old" in body["description"]


async def test_fail_next_injects_retry_after_then_recovers(fake_api: FakeBotApi) -> None:
    fake_api.user_message(8, "x")
    fake_api.fail_next("sendMessage", 2, retry_after=3)
    fake_api.fail_next("sendChatAction", 1, error_code=502)
    results = [await _post(fake_api, "sendMessage", data={"chat_id": "8", "text": "t"}) for _ in range(3)]
    assert [status for status, _ in results] == [429, 429, 200]
    assert results[0][1]["parameters"] == {"retry_after": 3}
    status, body = await _post(fake_api, "sendChatAction", data={"chat_id": "8", "action": "typing"})
    assert (status, body["description"]) == (502, "Bad Gateway")
    assert len(fake_api.find(ok_only=False)) == 4 and not fake_api.unexpected_failures()


async def test_unknown_method_wrong_token_and_commands(fake_api: FakeBotApi) -> None:
    status, body = await _post(fake_api, "sendTelepathy", data={})
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    status, body = await _post(fake_api, "getMe", token="1:wrong")
    assert (status, body["description"]) == (401, "Unauthorized")
    commands = [{"command": "start", "description": "Bắt đầu"}]
    await _post(fake_api, "setMyCommands", data={"commands": json.dumps(commands), "language_code": "vi"})
    _, listed = await _post(fake_api, "getMyCommands", data={"language_code": "vi"})
    _, other = await _post(fake_api, "getMyCommands", data={})
    assert listed["result"] == commands and other["result"] == []


async def test_webhook_blocks_polling_until_deleted(fake_api: FakeBotApi) -> None:
    fake_api.user_message(8, "x")
    await _post(fake_api, "setWebhook", data={"url": "https://bot.example.org/hook"})
    status, _ = await _post(fake_api, "getUpdates", data={"timeout": "0"})
    assert status == 409
    await _post(fake_api, "deleteWebhook", data={"drop_pending_updates": "true"})
    _, body = await _post(fake_api, "getUpdates", data={"timeout": "0"})
    assert body["result"] == []


async def test_update_factories_build_valid_updates(fake_api: FakeBotApi) -> None:
    bot = ApplicationBuilder().token(TEST_TOKEN).base_url(fake_api.base_url).build().bot
    for raw in (
        fake_api.user_message(3, "/start@tthc_e2e_bot", chat_id=-100123, chat_type="group"),
        fake_api.sticker(3),
        fake_api.photo(3, caption="ảnh"),
        fake_api.location(3),
        fake_api.edited_message(3, 2, "sửa"),
        fake_api.inline_query(3, "hộ chiếu"),
    ):
        update = Update.de_json(raw, bot)
        assert update.update_id == raw["update_id"] and update.effective_user is not None
    command = Update.de_json(fake_api.user_message(3, "/help"), bot)
    assert command.message is not None and command.message.entities[0].type == "bot_command"


async def test_wait_for_reports_recent_calls_on_timeout(fake_api: FakeBotApi) -> None:
    await _post(fake_api, "getMe")
    with pytest.raises(AssertionError, match="getMe"):
        await fake_api.wait_for("sendMessage", timeout=0.2)


async def test_leak_trap_records_proxied_connections(fake_api: FakeBotApi) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", int(fake_api.proxy_url.rsplit(":", 1)[1]))
    writer.write(b"CONNECT api.telegram.org:443 HTTP/1.1\r\n\r\n")
    await writer.drain()
    await reader.read()
    writer.close()
    assert fake_api.leaks == ["CONNECT api.telegram.org:443 HTTP/1.1"]
    fake_api.leaks.clear()  # the fixture would (rightly) fail the test otherwise


async def test_network_guard_refuses_public_hosts(no_real_network: list[str]) -> None:
    with pytest.raises(OSError, match="must not reach"):
        await asyncio.get_running_loop().getaddrinfo("api.telegram.org", 443)
    assert no_real_network == ["getaddrinfo('api.telegram.org')"]
    no_real_network.clear()
