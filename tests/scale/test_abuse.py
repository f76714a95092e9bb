"""Abuse against real webhook replicas: a flooding user, forged and malformed requests, non-admins.

Whatever arrives, the replica answers politely or refuses with a 4xx, keeps serving everybody else, and
never crashes or logs a traceback (checked on teardown by the ``start_cluster`` fixture).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from typing import Any

from tests.e2e.conftest import QuestionBank
from tests.e2e.fake_bot_api import to_chat
from tests.scale.conftest import StartCluster
from tests.scale.replica_cluster import SECRET_HEADER, WEBHOOK_SECRET, ReplicaCluster, WebhookFakeBotApi

REPLY_TIMEOUT = 20.0
SLOW_DOWN = "Bạn gửi tin nhắn hơi nhanh"
ADMIN_ONLY = "Xin lỗi, lệnh này chỉ dành cho quản trị viên của bot."
FLOOD_MESSAGES = 100
FLOOD_SECONDS = 10.0
# The replicas' defaults: a burst of 10 updates, then 1 per second, per user and per replica.
BURST, RATE = 10, 1.0


async def _still_serves(
    cluster: ReplicaCluster, fake: WebhookFakeBotApi, user: int, bank: QuestionBank
) -> None:
    """Assert that every replica is ready and answers a question with the right card."""
    question = bank.confident(1)[0]
    for index, replica in enumerate(cluster.replicas):
        status, report = await replica.health()
        assert status == 200 and report["ready"], (status, report)
        mark = fake.mark()
        await cluster.deliver(fake.user_message(user + index, question.text), to=index, failover=False)
        card = await fake.wait_for("sendMessage", to_chat(user + index), REPLY_TIMEOUT, mark)
        assert question.code in card.plain_text


async def test_a_flooding_user_is_throttled_politely_and_others_are_served(
    fake_api: WebhookFakeBotApi, start_cluster: StartCluster, question_bank: QuestionBank
) -> None:
    cluster = await start_cluster(2)
    questions = question_bank.confident(11)
    flooder, others = 861_000_001, [861_000_101 + i for i in range(10)]
    started = time.monotonic()

    async def at(delay: float, update: dict[str, Any]) -> int:
        await asyncio.sleep(max(0.0, started + delay - time.monotonic()))
        return (await cluster.deliver(update, failover=False)).status

    # 100 messages in 10 s from one user, while ten others each ask three questions in the same 10 s.
    flood = [
        at(k * FLOOD_SECONDS / FLOOD_MESSAGES, fake_api.user_message(flooder, questions[0].text))
        for k in range(FLOOD_MESSAGES)
    ]
    calm = [
        at(0.3 + round_ * 4.0 + i * 0.1, fake_api.user_message(user, questions[1 + i].text))
        for round_ in range(3)
        for i, user in enumerate(others)
    ]
    statuses = await asyncio.wait_for(asyncio.gather(*flood, *calm), timeout=60)
    elapsed = time.monotonic() - started
    assert Counter(statuses) == {200: len(statuses)}  # refused updates are acknowledged, not redelivered

    to_flooder = fake_api.find("sendMessage", to_chat(flooder))
    notices = [c for c in to_flooder if SLOW_DOWN in c.plain_text]
    cards = [c for c in to_flooder if questions[0].code in c.plain_text]
    # Told politely, at most once per replica; the flood itself is shed, not answered.
    assert 1 <= len(notices) <= len(cluster.replicas), [c.plain_text for c in notices]
    allowed = len(cluster.replicas) * (BURST + RATE * elapsed)
    assert BURST <= len(cards) <= allowed, (len(cards), allowed)
    assert len(cards) + len(notices) == len(to_flooder)

    for i, user in enumerate(others):
        replies = fake_api.find("sendMessage", to_chat(user))
        assert len(replies) == 3, [c.plain_text[:80] for c in replies]
        assert all(questions[1 + i].code in c.plain_text for c in replies)
        assert not any(SLOW_DOWN in c.plain_text for c in replies)


async def test_webhook_requests_without_the_right_secret_are_refused(
    fake_api: WebhookFakeBotApi, start_cluster: StartCluster, question_bank: QuestionBank
) -> None:
    cluster = await start_cluster(1)
    user = 862_000_001
    question = question_bank.confident(1)[0]
    body = json.dumps(fake_api.user_message(user, question.text)).encode()

    assert (await cluster.post_raw(0, body))[0] == 401
    for forged in ("wrong-secret", WEBHOOK_SECRET.upper(), WEBHOOK_SECRET[:-1], WEBHOOK_SECRET + "x", " "):
        assert (await cluster.post_raw(0, body, {SECRET_HEADER: forged}))[0] == 403, forged
    await asyncio.sleep(0.3)
    assert fake_api.find("sendMessage", to_chat(user)) == []  # nothing forged reached a handler

    status, _text = await cluster.post_raw(0, body, {SECRET_HEADER: WEBHOOK_SECRET})
    assert status == 200
    card = await fake_api.wait_for("sendMessage", to_chat(user), REPLY_TIMEOUT)
    assert question.code in card.plain_text


async def test_admin_commands_from_non_admins_are_refused(
    fake_api: WebhookFakeBotApi, start_cluster: StartCluster, question_bank: QuestionBank
) -> None:
    admin, citizen = 863_000_999, 863_000_001
    cluster = await start_cluster(2, admin_ids=str(admin))
    commands = [
        "/stats",
        "/export",
        "/unanswered",
        "/alias giay khai sinh = 1.001193",
        "/aliases",
        "/unalias x",
    ]
    for command in commands:
        mark = fake_api.mark()
        await cluster.deliver(fake_api.user_message(citizen, command))
        reply = await fake_api.wait_for("sendMessage", to_chat(citizen), REPLY_TIMEOUT, mark)
        assert reply.plain_text == ADMIN_ONLY, (command, reply.plain_text)
    assert len(fake_api.find("sendMessage", to_chat(citizen))) == len(commands)
    assert fake_api.find("sendDocument") == []
    assert await cluster.rows("SELECT * FROM admin_aliases") == []

    # The same command from the admin is served: the refusal above is about who asked.
    mark = fake_api.mark()
    await cluster.deliver(fake_api.user_message(admin, "/stats"))
    reply = await fake_api.wait_for("sendMessage", to_chat(admin), REPLY_TIMEOUT, mark)
    assert reply.plain_text != ADMIN_ONLY
    await _still_serves(cluster, fake_api, 863_000_100, question_bank)


async def test_oversized_and_malformed_updates_get_4xx_and_the_replica_keeps_serving(
    fake_api: WebhookFakeBotApi, start_cluster: StartCluster, question_bank: QuestionBank
) -> None:
    cluster = await start_cluster(1)
    user = 864_000_001
    valid = fake_api.user_message(user, "thủ tục đăng ký khai sinh")
    message = valid["message"]
    bad_bodies: dict[str, bytes] = {
        "oversized": json.dumps({**valid, "padding": "x" * 400_000}).encode(),
        "oversized text": json.dumps({**valid, "message": {**message, "text": "á" * 300_000}}).encode(),
        "not json": b"\x00\xff{update_id: 1,",
        "truncated json": json.dumps(valid).encode()[:-7],
        "invalid utf-8": b'{"update_id": 1, "message": "\xc3\x28"}',
        "empty": b"",
        "json list": b"[1, 2, 3]",
        "json string": b'"update"',
        "no update_id": json.dumps({"message": message}).encode(),
        "update_id as text": json.dumps({**valid, "update_id": "12"}).encode(),
        "message as text": json.dumps({"update_id": 7, "message": "hello"}).encode(),
        "message without chat": json.dumps(
            {"update_id": 8, "message": {"message_id": 1, "text": "x"}}
        ).encode(),
        "deeply nested": b'{"update_id": 9, "message": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    }
    outcomes: dict[str, int] = {}
    for name, body in bad_bodies.items():
        status, _text = await cluster.post_raw(0, body, {SECRET_HEADER: WEBHOOK_SECRET})
        outcomes[name] = status
    not_refused = {name: status for name, status in outcomes.items() if not 400 <= status < 500}
    assert not_refused == {}, outcomes
    assert outcomes["oversized"] == 413
    assert cluster.replicas[0].alive
    assert fake_api.find("sendMessage", to_chat(user)) == []
    await _still_serves(cluster, fake_api, 864_000_100, question_bank)
