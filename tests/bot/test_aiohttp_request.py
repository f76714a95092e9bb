"""Tests for the aiohttp transport: what reaches the server, and how failures surface to PTB."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.aiohttp_request import AiohttpRequest

TOKEN = "7000000003:AATransportTestToken000000000000000"
MESSAGE = {"message_id": 5, "date": 0, "chat": {"id": 42, "type": "private"}, "text": "ok"}
ME = {"id": 7000000003, "is_bot": True, "first_name": "TTHC", "username": "tthc_test_bot"}


class Recorder:
    """A tiny Bot API: records each call's content type and body; answers as ``answer`` says."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, bytes]] = []
        self.status = 200
        self.answer: dict[str, Any] = {"ok": True, "result": MESSAGE}
        self.delay = 0.0

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method == "getMe":
            return web.json_response({"ok": True, "result": ME})
        self.calls.append((method, request.content_type, await request.read()))
        await asyncio.sleep(self.delay)
        return web.json_response(self.answer, status=self.status)


@pytest.fixture
async def server() -> AsyncIterator[tuple[Recorder, str]]:
    recorder = Recorder()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", recorder.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield recorder, f"http://127.0.0.1:{port}/bot"
    await runner.cleanup()


async def test_calls_go_out_as_json_with_their_types(server: tuple[Recorder, str]) -> None:
    recorder, base_url = server
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Phí", callback_data="a:fees")]])
    async with Bot(TOKEN, base_url=base_url, request=AiohttpRequest()) as bot:
        message = await bot.send_message(42, "Lệ phí <b>50.000 ₫</b>", reply_markup=markup)
    assert message.message_id == 5
    method, content_type, body = recorder.calls[-1]
    assert (method, content_type) == ("sendMessage", "application/json")
    sent = json.loads(body)
    assert sent["chat_id"] == 42
    assert sent["text"] == "Lệ phí <b>50.000 ₫</b>"
    assert sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a:fees"


async def test_uploads_go_out_as_multipart(server: tuple[Recorder, str]) -> None:
    recorder, base_url = server
    async with Bot(TOKEN, base_url=base_url, request=AiohttpRequest()) as bot:
        await bot.send_photo(42, InputFile(b"\x89PNG chart", filename="chart.png"), caption="Tuần này")
    method, content_type, body = recorder.calls[-1]
    assert (method, content_type) == ("sendPhoto", "multipart/form-data")
    assert b"chart.png" in body and b"\x89PNG chart" in body
    assert "Tuần này".encode() in body


async def test_error_answers_become_ptb_errors(server: tuple[Recorder, str]) -> None:
    recorder, base_url = server
    async with Bot(TOKEN, base_url=base_url, request=AiohttpRequest()) as bot:
        recorder.status = 429
        recorder.answer = {"ok": False, "description": "Too Many Requests", "parameters": {"retry_after": 3}}
        with pytest.raises(RetryAfter):
            await bot.send_message(42, "x")
        recorder.status = 400
        recorder.answer = {"ok": False, "description": "Bad Request: chat not found"}
        with pytest.raises(BadRequest):
            await bot.send_message(42, "x")


async def test_slow_server_times_out(server: tuple[Recorder, str]) -> None:
    recorder, base_url = server
    recorder.delay = 1.0
    async with Bot(TOKEN, base_url=base_url, request=AiohttpRequest(read_timeout=0.2)) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(42, "x")


async def test_refused_connection_is_a_network_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = AiohttpRequest()
    await request.initialize()
    bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=request)
    with pytest.raises(NetworkError) as raised:
        await bot.send_message(42, "x")
    await request.shutdown()
    assert not isinstance(raised.value, TimedOut)


async def test_requests_need_initialising() -> None:
    request = AiohttpRequest()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request("http://127.0.0.1:9/bot/getMe", "POST")
    await request.initialize()
    await request.shutdown()
    await request.shutdown()  # twice is harmless


def test_proxy_settings_apply_except_to_hosts_named_in_no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    request = AiohttpRequest()
    assert request.proxy_for("https://api.telegram.org/botX/getMe") == "http://proxy.example:3128"
    assert request.proxy_for("http://127.0.0.1:8081/botX/getMe") is None
    monkeypatch.delenv("HTTPS_PROXY")
    assert AiohttpRequest().proxy_for("https://api.telegram.org/botX/getMe") is None
