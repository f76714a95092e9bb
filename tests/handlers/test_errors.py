"""The global error handler: blocked users, failing handlers, network errors."""

from __future__ import annotations

import logging

import pytest

from bot.models.conversation import ConversationState
from tests.handlers.harness import BotHarness, sent_texts


async def test_blocked_user_closes_the_conversation(harness: BotHarness) -> None:
    await harness.say("đăng ký khai sinh")
    key = harness.services.settings.hash_user_id(harness.updates.chat.id)
    harness.request.fail_with["sendMessage"] = (403, "Forbidden: bot was blocked by the user")
    await harness.say("thế lệ phí bao nhiêu?")
    del harness.request.fail_with["sendMessage"]
    assert await harness.services.conversations.begin_survey(key) is None  # closed, no survey
    conversation = await harness.services.conversations.get(1)
    assert conversation is not None and conversation.state == ConversationState.CLOSED.value


async def test_failure_is_logged_once_without_text_and_apologised(
    harness: BotHarness, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("index exploded")

    monkeypatch.setattr(harness.services.index, "search", broken)
    with caplog.at_level(logging.INFO):
        calls = await harness.say("đăng ký khai sinh của bé 001203004567")
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "RuntimeError" in errors[0].getMessage()
    assert all(
        "001203004567" not in r.getMessage() and "khai sinh" not in r.getMessage() for r in caplog.records
    )
    assert "Xin lỗi" in sent_texts(calls)[0]


async def test_network_error_is_not_fatal(harness: BotHarness, caplog: pytest.LogCaptureFixture) -> None:
    harness.request.fail_with["sendMessage"] = (502, "Bad Gateway")
    with caplog.at_level(logging.WARNING):
        await harness.say("đăng ký khai sinh")
    del harness.request.fail_with["sendMessage"]
    assert any("network error" in r.getMessage() for r in caplog.records)
    assert sent_texts(await harness.say("đăng ký khai sinh"))
