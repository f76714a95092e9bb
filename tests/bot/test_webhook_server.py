"""The webhook server: secret token, size and shape checks, processing inside the request, /healthz."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli import main
from bot.database import create_engine, upgrade_database
from bot.satisfaction_log import SatisfactionLog
from bot.webhook_server import (
    DEFAULT_PATH,
    SECRET_HEADER,
    WebhookServer,
    database_probe,
    webhook_path,
)
from tests.e2e.fake_bot_api import FakeBotApi
from tests.handlers.harness import BotHarness, buttons, running_bot, sessions_for

SECRET = "test-webhook-secret_0123"
REPO_ROOT = Path(__file__).resolve().parents[2]
GOOD = {SECRET_HEADER: SECRET}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def always(value: bool) -> bool:
    return value


@pytest.fixture
async def migrated_sqlite_url(sqlite_database_url: str) -> str:
    await upgrade_database(sqlite_database_url)
    return sqlite_database_url


@pytest.fixture
async def sessions(migrated_sqlite_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    async with sessions_for(migrated_sqlite_url) as factory:
        yield factory


@pytest.fixture
async def running(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[BotHarness]:
    async with running_bot(sessions) as harness:
        yield harness


def make_server(
    harness: BotHarness, *, database: bool = True, procedures: int | None = None
) -> WebhookServer:
    return WebhookServer(
        harness.application,
        secret=SECRET,
        path="/tg/hook",
        database_ready=lambda: always(database),
        catalogue_size=lambda: len(harness.services.catalogue) if procedures is None else procedures,
        max_body_bytes=64 * 1024,
    )


@pytest.fixture
async def client(running: BotHarness) -> AsyncIterator[TestClient[Any, Any]]:
    async with TestClient(TestServer(make_server(running).web_app())) as test_client:
        yield test_client


def message_update(harness: BotHarness, text: str) -> dict[str, Any]:
    return dict(harness.updates.text(text).to_dict())


def test_the_path_comes_from_the_webhook_url() -> None:
    assert webhook_path("https://bot.example.org/telegram/abc/") == "/telegram/abc"
    assert webhook_path("https://bot.example.org") == DEFAULT_PATH
    assert webhook_path(None) == DEFAULT_PATH


async def test_an_update_is_answered_before_the_200(
    client: TestClient[Any, Any], running: BotHarness
) -> None:
    response = await client.post("/tg/hook", json=message_update(running, "đăng ký khai sinh"), headers=GOOD)
    assert response.status == 200
    sent = [c for c in running.request.calls if c.method == "sendMessage"]
    assert sent and "khai sinh" in str(sent[-1].params["text"]).lower()


async def test_missing_secret_is_401_and_wrong_secret_403(
    client: TestClient[Any, Any], running: BotHarness
) -> None:
    update = message_update(running, "đăng ký khai sinh")
    assert (await client.post("/tg/hook", json=update)).status == 401
    assert (await client.post("/tg/hook", json=update, headers={SECRET_HEADER: SECRET + "x"})).status == 403
    assert (await client.post("/tg/hook", json=update, headers={SECRET_HEADER: ""})).status == 403
    assert not [c for c in running.request.calls if c.method != "getMe"]  # nothing was processed


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[1, 2]",
        b'"text"',
        b'{"update_id": "7"}',
        b'{"message": {}}',
        b"\xff\xfe",
        b"",
        b"[" * 5_000,  # nesting deep enough to make the JSON decoder raise RecursionError
    ],
)
async def test_malformed_bodies_are_400(
    client: TestClient[Any, Any], running: BotHarness, body: bytes
) -> None:
    response = await client.post("/tg/hook", data=body, headers=GOOD)
    assert response.status == 400
    assert not [c for c in running.request.calls if c.method != "getMe"]


async def test_an_update_ptb_cannot_read_is_400(client: TestClient[Any, Any]) -> None:
    body = {"update_id": 5, "message": {"message_id": "x", "chat": 3}}
    assert (await client.post("/tg/hook", json=body, headers=GOOD)).status == 400


async def test_oversized_bodies_are_413_with_or_without_a_length(client: TestClient[Any, Any]) -> None:
    big = json.dumps({"update_id": 1, "padding": "x" * 100_000}).encode()
    assert (await client.post("/tg/hook", data=big, headers=GOOD)).status == 413

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(10):
            yield b"x" * 10_000

    assert (await client.post("/tg/hook", data=chunks(), headers=GOOD)).status == 413


async def test_the_server_keeps_serving_after_bad_requests(
    client: TestClient[Any, Any], running: BotHarness
) -> None:
    for body in (b"{", b"x" * 70_000, b"[]"):
        await client.post("/tg/hook", data=body, headers=GOOD)
    ok = await client.post("/tg/hook", json=message_update(running, "lệ phí đăng ký kết hôn"), headers=GOOD)
    assert ok.status == 200
    assert (await client.get("/livez")).status == 200


async def test_wrong_method_and_path_are_refused(client: TestClient[Any, Any]) -> None:
    assert (await client.get("/tg/hook")).status == 405
    assert (await client.post("/other", json={"update_id": 1}, headers=GOOD)).status == 404


async def test_a_repeated_rating_delivery_counts_once(
    client: TestClient[Any, Any], running: BotHarness
) -> None:
    await client.post("/tg/hook", json=message_update(running, "đăng ký khai sinh"), headers=GOOD)
    await client.post("/tg/hook", json=message_update(running, "cảm ơn"), headers=GOOD)
    survey = next(c for c in reversed(running.request.calls) if len(buttons(c)) == 5)
    tap = dict(running.updates.callback(str(buttons(survey)[0]["callback_data"])).to_dict())
    for _ in range(3):  # Telegram redelivers when a replica died before its 200
        assert (await client.post("/tg/hook", json=tap, headers=GOOD)).status == 200
    summary = await SatisfactionLog(running.services.session_factory).summary()
    assert summary.total == 1


async def test_healthz_is_200_only_with_database_and_catalogue(running: BotHarness) -> None:
    cases = [((True, None), 200), ((False, None), 503), ((True, 0), 503)]
    for (database, procedures), status in cases:
        server = make_server(running, database=database, procedures=procedures)
        async with TestClient(TestServer(server.web_app())) as test_client:
            response = await test_client.get("/healthz")
            report = await response.json()
            assert response.status == status, report
            assert report["database"] is database
            assert report["ready"] is (status == 200)


async def test_healthz_is_503_while_shutting_down(running: BotHarness) -> None:
    server = make_server(running)
    async with TestClient(TestServer(server.web_app())) as test_client:
        server.accepting = False
        assert (await test_client.get("/healthz")).status == 503
        response = await test_client.post("/tg/hook", json=message_update(running, "khai sinh"), headers=GOOD)
        assert response.status == 503  # Telegram delivers it again, to another replica


async def test_database_probe_answers_for_a_live_and_a_dead_database(migrated_sqlite_url: str) -> None:
    live = create_engine(migrated_sqlite_url)
    dead = create_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    try:
        assert await database_probe(live)() is True
        assert await database_probe(dead, timeout=3)() is False
    finally:
        await live.dispose()
        await dead.dispose()


def test_a_secret_is_required(running: BotHarness) -> None:
    with pytest.raises(ValueError):
        WebhookServer(
            running.application, secret="", database_ready=lambda: always(True), catalogue_size=lambda: 1
        )


def test_webhook_mode_needs_its_settings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("WEBHOOK_URL", "WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("USER_HASH_KEY", "a-long-enough-hash-key")
    assert main(["run", "--webhook"]) == 2
    assert "WEBHOOK_URL" in capsys.readouterr().err


async def wait_ready(session: aiohttp.ClientSession, url: str, process: asyncio.subprocess.Process) -> None:
    for _ in range(300):
        assert process.returncode is None, "the replica exited during start-up"
        with contextlib.suppress(aiohttp.ClientError):
            async with session.get(url) as response:
                if response.status == 200:
                    return
        await asyncio.sleep(0.2)
    raise AssertionError("the replica never became ready")


async def test_a_replica_process_serves_the_webhook_and_stops_on_sigterm(
    migrated_database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    async with FakeBotApi() as fake:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
        env.update(
            TELEGRAM_BOT_TOKEN="123456:replica-test",
            TELEGRAM_API_BASE_URL=fake.base_url,
            DATABASE_URL=migrated_database_url,
            USER_HASH_KEY="replica-test-hash-key",
            WEBHOOK_URL="https://bot.example.org/tg",
            WEBHOOK_SECRET=SECRET,
            LISTEN="127.0.0.1",
            PORT=str(port),
            PYTHONPATH=str(REPO_ROOT),
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--webhook", "--spool-dir", str(tmp_path / "spool"),
            cwd=tmp_path, env=env, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            async with aiohttp.ClientSession() as session:
                await wait_ready(session, f"http://127.0.0.1:{port}/healthz", process)
                assert fake.webhook_url == "https://bot.example.org/tg"
                [registered] = fake.find("setWebhook")
                assert registered.params["secret_token"] == SECRET
                update = fake.user_message(31337, "đăng ký khai sinh")
                url = f"http://127.0.0.1:{port}/tg"
                async with session.post(url, json=update, headers=GOOD) as response:
                    assert response.status == 200
                assert fake.replies_to(31337)  # answered before the 200
                async with session.post(url, json=update, headers={SECRET_HEADER: "wrong"}) as response:
                    assert response.status == 403
            process.send_signal(signal.SIGTERM)
            assert await asyncio.wait_for(process.wait(), 30) == 0
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    assert not list((tmp_path / "spool").glob("*.jsonl"))  # an empty spool is removed on a clean stop
