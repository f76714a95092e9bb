"""The survey across time and process lives: the idle timeout, a clean restart and a crash (SIGKILL)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.bot_process import BotProcess
from tests.e2e.conftest import TEST_TOKEN, QuestionBank, database_rows, user_key
from tests.e2e.fake_bot_api import FakeBotApi, RecordedCall, answering, to_chat

REPLY_TIMEOUT = 15.0
IDLE_MINUTES = "0.03"  # 1.8 s
IDLE_SURVEY_TEXT = "Cuộc trò chuyện đã kết thúc."


@pytest.fixture
async def bot(fake_api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """Yield a bot process that a test starts, stops and restarts itself; it is always stopped at the end."""
    process = BotProcess(fake_api, tmp_path, TEST_TOKEN, survey_idle_minutes=IDLE_MINUTES)
    try:
        yield process
    finally:
        if process.returncode is None:
            with contextlib.suppress(AssertionError):  # never started: the test itself reports why
                await process.stop()
    assert "Traceback" not in process.stderr(), process.stderr()
    assert not fake_api.unexpected_failures(), fake_api.unexpected_failures()


async def _ask(fake: FakeBotApi, user: int, text: str) -> RecordedCall:
    mark = fake.mark()
    fake.user_message(user, text)
    return await fake.wait_for("sendMessage", to_chat(user), REPLY_TIMEOUT, mark)


def _ratings(bot: BotProcess) -> list[tuple[int, str]]:
    return [(r["level"], r["user_key"]) for r in database_rows(bot.database_path, "SELECT * FROM ratings")]


async def test_idle_conversation_is_surveyed_exactly_once(
    fake_api: FakeBotApi, bot: BotProcess, question_bank: QuestionBank
) -> None:
    user = 820_000_001
    await bot.start()
    question = question_bank.confident(1)[0]
    card = await _ask(fake_api, user, question.text)
    assert question.code in card.plain_text

    survey = await fake_api.wait_for("sendMessage", to_chat(user, IDLE_SURVEY_TEXT), 20, fake_api.mark())
    idle_for = survey.at - card.at
    assert idle_for >= 1.5, f"surveyed after {idle_for:.2f} s, before the 1.8 s idle time"
    assert len(survey.buttons) == 5
    await asyncio.sleep(3)  # six more sweeps (every 0.45 s) must not survey it again
    surveys = fake_api.find("sendMessage", to_chat(user, "Bạn có hài lòng"))
    assert surveys == [survey]

    mark = fake_api.mark()
    tap = fake_api.tap(user, survey, "Hài lòng")
    await fake_api.wait_for("answerCallbackQuery", answering(tap), 10, mark)
    await fake_api.wait_for("editMessageText", to_chat(user), REPLY_TIMEOUT, mark)
    assert _ratings(bot) == [(4, user_key(user))]
    assert await bot.stop() == 0


@pytest.mark.parametrize("crash", [False, True], ids=["sigterm", "sigkill"])
async def test_rating_after_restart_is_stored(
    fake_api: FakeBotApi, bot: BotProcess, question_bank: QuestionBank, crash: bool
) -> None:
    bot.survey_idle_minutes = "60"
    user = 820_000_002
    await bot.start()
    question = question_bank.confident(1)[0]
    card = await _ask(fake_api, user, question.text)

    if crash:
        await bot.kill()
    else:
        assert await bot.stop() == 0, bot.stderr()
    mark = fake_api.mark()
    tap = fake_api.tap(user, card, "Đã rõ, cảm ơn")  # tapped while the bot is down
    await asyncio.sleep(0.3)
    assert not fake_api.find("answerCallbackQuery", since=mark)
    await bot.start()

    await fake_api.wait_for("answerCallbackQuery", answering(tap), 10, mark)
    survey = await fake_api.wait_for("sendMessage", to_chat(user, "Bạn có hài lòng"), REPLY_TIMEOUT, mark)
    mark = fake_api.mark()
    tap = fake_api.tap(user, survey, "Rất hài lòng")
    answer = await fake_api.wait_for("answerCallbackQuery", answering(tap), 10, mark)
    assert answer.params.get("text") == "Đã ghi nhận: Rất hài lòng"
    thanks = await fake_api.wait_for("editMessageText", to_chat(user), REPLY_TIMEOUT, mark)
    assert "Cảm ơn bạn đã đánh giá" in thanks.plain_text
    assert await bot.stop() == 0, bot.stderr()
    assert _ratings(bot) == [(5, user_key(user))]
    conversations = database_rows(bot.database_path, "SELECT state, chat_ref FROM conversations")
    assert len(conversations) == 1 and conversations[0]["chat_ref"] is None
