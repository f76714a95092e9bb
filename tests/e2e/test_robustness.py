"""Whatever a user or Telegram throws at the bot gets a polite answer and never stops the process."""

from __future__ import annotations

import asyncio

import pytest

from tests.e2e.bot_process import BotProcess
from tests.e2e.conftest import QuestionBank, database_rows
from tests.e2e.fake_bot_api import FakeBotApi, answering, to_chat

REPLY_TIMEOUT = 15.0


async def _still_answers(fake: FakeBotApi, bot: BotProcess, user: int, question_bank: QuestionBank) -> None:
    question = question_bank.confident(1)[0]
    mark = fake.mark()
    fake.user_message(user, question.text)
    try:
        card = await fake.wait_for("sendMessage", to_chat(user), REPLY_TIMEOUT, mark)
    except AssertionError as error:
        raise AssertionError(f"{error}\n--- bot log ---\n{bot.stderr()[-3000:]}") from None
    assert question.code in card.plain_text


async def test_forged_callbacks_get_polite_answers(
    fake_api: FakeBotApi, running_bot: BotProcess, question_bank: QuestionBank
) -> None:
    user = 830_000_001
    fake_api.user_message(user, "/start")
    await fake_api.wait_for("sendMessage", to_chat(user), REPLY_TIMEOUT)
    forged = [
        "p:9.999999:docs",  # a procedure that does not exist
        "p:1.000001:nonsense",
        "r:999999:1",  # a rating of somebody else's (or no) conversation
        "rr:abc:missing",
        "end",  # "Đã rõ" without any open conversation
        "q:99",
        "💥" * 16,
        "' OR 1=1 --",
    ]  # with /start and the question after them: 10 updates, within the bot's per-user burst allowance
    updates = [fake_api.callback(user, data, message_id=1) for data in forged]
    for update in updates:
        await fake_api.wait_for("answerCallbackQuery", answering(update), REPLY_TIMEOUT)
    answers = fake_api.find("answerCallbackQuery")
    assert len(answers) == len(forged)
    assert all(c.params.get("text") for c in answers), [c.params for c in answers]
    assert database_rows(running_bot.database_path, "SELECT * FROM ratings") == []
    await _still_answers(fake_api, running_bot, user, question_bank)


async def test_odd_messages_get_short_replies(
    fake_api: FakeBotApi, running_bot: BotProcess, question_bank: QuestionBank
) -> None:
    user = 830_000_002
    mark = fake_api.mark()
    fake_api.sticker(user)
    fake_api.photo(user)
    fake_api.location(user)
    fake_api.user_message(user, "/khong_co_lenh_nay")
    fake_api.edited_message(user, 1, "sửa lại câu hỏi")
    fake_api.user_message(user, "hộ chiếu " * 700)  # a 6,300-character paste
    fake_api.user_message(user, "护照的费用是多少？")  # not Latin script
    # One reply each, plus the "I read the first 500 characters" notice before the paste's answer.
    replies = await fake_api.wait_for_count("sendMessage", 8, to_chat(user), REPLY_TIMEOUT, mark)
    assert all(0 < len(r.plain_text) <= 4096 for r in replies)
    assert any("500 ký tự" in r.plain_text for r in replies)
    assert any("tiếng Việt" in r.plain_text for r in replies)
    await _still_answers(fake_api, running_bot, user, question_bank)


@pytest.mark.parametrize("error_code", [429, 502], ids=["retry-after", "bad-gateway"])
async def test_refused_send_is_retried_and_delivered_once(
    fake_api: FakeBotApi, running_bot: BotProcess, question_bank: QuestionBank, error_code: int
) -> None:
    user = 830_000_003
    question = question_bank.confident(1)[0]
    fake_api.fail_next("sendMessage", 1, error_code=error_code, retry_after=1)
    fake_api.user_message(user, question.text)
    card = await fake_api.wait_for("sendMessage", to_chat(user), REPLY_TIMEOUT)
    refused = fake_api.find("sendMessage", ok_only=False, predicate=lambda c: not c.ok)
    assert len(refused) == 1 and refused[0].injected and refused[0].chat_id == user
    if error_code == 429:
        assert card.at - refused[0].at >= 0.9  # it waited the retry_after second
    assert question.code in card.plain_text
    await asyncio.sleep(1.5)
    assert fake_api.find("sendMessage", to_chat(user)) == [card]  # delivered exactly once
