"""End to end, over the loopback fake Bot API: inline mode, deep links, groups, /help_for and /lang."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.bot_process import BotProcess
from tests.e2e.conftest import TEST_TOKEN, QuestionBank, database_rows, user_key
from tests.e2e.fake_bot_api import FakeBotApi, RecordedCall, answering, to_chat

REPLY_TIMEOUT = 15.0
HELPER = 830_000_100
BOT_USERNAME = "tthc_e2e_bot"


@pytest.fixture
async def helper_bot(fake_api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """Yield ``tthc-bot run`` with one community helper (HELPER_IDS), checked like ``running_bot``."""
    process = BotProcess(
        fake_api, tmp_path, TEST_TOKEN, survey_idle_minutes="60", extra_env={"HELPER_IDS": str(HELPER)}
    )
    await process.start()
    try:
        yield process
    finally:
        with contextlib.suppress(AssertionError):
            await process.stop()
    assert "Traceback" not in process.stderr(), process.stderr()
    assert not fake_api.unexpected_failures(), fake_api.unexpected_failures()


async def _say(fake: FakeBotApi, user: int, text: str, **where: object) -> RecordedCall:
    mark = fake.mark()
    chat = where.get("chat_id", user)
    fake.user_message(user, text, **where)  # type: ignore[arg-type]
    return await fake.wait_for("sendMessage", to_chat(int(chat)), REPLY_TIMEOUT, mark)  # type: ignore[call-overload]


async def _tap(fake: FakeBotApi, user: int, message: RecordedCall, button: str, method: str) -> RecordedCall:
    mark = fake.mark()
    update = fake.tap(user, message, button)
    await fake.wait_for("answerCallbackQuery", answering(update), REPLY_TIMEOUT, mark)
    return await fake.wait_for(method, to_chat(user), REPLY_TIMEOUT, mark)


async def test_inline_query_lists_the_search_results_with_deep_links(
    fake_api: FakeBotApi, helper_bot: BotProcess, question_bank: QuestionBank
) -> None:
    question = question_bank.confident(1)[0]
    update = fake_api.inline_query(830_000_001, question.text)
    answer = await fake_api.wait_for("answerInlineQuery", answering(update), REPLY_TIMEOUT)
    results = answer.params["results"]
    assert results[0]["id"] == question.code
    assert answer.params["is_personal"] is False and answer.params["cache_time"] > 0
    card = results[0]["input_message_content"]["message_text"]
    assert question.code in card and "Nguồn: Cổng Dịch vụ công quốc gia" in card
    urls = [button["url"] for row in results[0]["reply_markup"]["inline_keyboard"] for button in row]
    link = f"https://t.me/{BOT_USERNAME}?start=p_{question.code.replace('.', '_')}"
    assert link in urls

    empty = fake_api.inline_query(830_000_001, "")
    popular = await fake_api.wait_for("answerInlineQuery", answering(empty), REPLY_TIMEOUT)
    assert 0 < len(popular.params["results"]) <= 10


async def test_deep_link_opens_the_card_and_the_rating_is_relayed(
    fake_api: FakeBotApi, helper_bot: BotProcess, question_bank: QuestionBank
) -> None:
    neighbour = 830_000_002
    question = question_bank.confident(1)[0]
    card = await _say(fake_api, neighbour, f"/start p_{question.code.replace('.', '_')}")
    assert card.plain_text.startswith("Thủ tục được chia sẻ với bạn:") and question.code in card.plain_text
    survey = await _tap(fake_api, neighbour, card, "Đã rõ, cảm ơn", "sendMessage")
    await _tap(fake_api, neighbour, survey, "Rất hài lòng", "editMessageText")
    [rating] = database_rows(helper_bot.database_path, "SELECT * FROM ratings")
    assert (rating["channel"], rating["level"], rating["user_key"]) == ("relay", 5, user_key(neighbour))
    [mark] = database_rows(helper_bot.database_path, "SELECT * FROM relayed_conversations")
    assert (mark["source"], mark["on_behalf"], mark["procedure_code"]) == ("deep_link", 0, question.code)

    unknown = await _say(fake_api, neighbour, "/start p_9_999999")
    assert "không còn trong danh mục" in unknown.plain_text


async def test_group_answers_only_when_addressed_and_surveys_in_private(
    fake_api: FakeBotApi, helper_bot: BotProcess, question_bank: QuestionBank
) -> None:
    asker, group = 830_000_003, -1_000_830_000_003
    question = question_bank.confident(1)[0]
    await _say(fake_api, asker, "/start")  # the asker started the bot in private
    mark = fake_api.mark()
    fake_api.user_message(asker, question.text, chat_id=group, chat_type="supergroup")  # not addressed
    answer = await _say(
        fake_api, asker, f"@{BOT_USERNAME} {question.text}", chat_id=group, chat_type="supergroup"
    )
    assert question.code in answer.plain_text
    assert len(fake_api.replies_to(group, since=mark)) == 1  # the unaddressed message got nothing

    mark = fake_api.mark()
    fake_api.user_message(asker, f"cảm ơn @{BOT_USERNAME}", chat_id=group, chat_type="supergroup")
    survey = await fake_api.wait_for("sendMessage", to_chat(asker, "Bạn có hài lòng"), REPLY_TIMEOUT, mark)
    note = await fake_api.wait_for("sendMessage", to_chat(group), REPLY_TIMEOUT, mark)
    assert "tin nhắn riêng" in note.plain_text and not note.buttons
    assert all("Bạn có hài lòng" not in call.plain_text for call in fake_api.replies_to(group))
    await _tap(fake_api, asker, survey, "Hài lòng", "editMessageText")
    [rating] = database_rows(helper_bot.database_path, "SELECT channel, level FROM ratings")
    assert (rating["channel"], rating["level"]) == ("group", 4)
    stored = [
        str(value)
        for row in database_rows(helper_bot.database_path, "SELECT * FROM conversations")
        for value in row
    ]
    assert stored and not any(str(group) in value for value in stored)  # the group's id is never stored


async def test_help_for_refuses_non_helpers_and_rates_on_behalf(
    fake_api: FakeBotApi, helper_bot: BotProcess, question_bank: QuestionBank
) -> None:
    refused = await _say(fake_api, 830_000_004, "/help_for")
    assert "tổ công nghệ số cộng đồng" in refused.plain_text

    question = question_bank.confident(1, with_documents=True)[0]
    prompt = await _say(fake_api, HELPER, "/help_for")
    assert "Hỗ trợ người dân" in prompt.plain_text
    checklist = await _say(fake_api, HELPER, question.text)
    assert question.code in checklist.plain_text and "📋" in checklist.plain_text
    ticked = await _tap(fake_api, HELPER, checklist, "☐ 1.", "editMessageText")
    assert ticked.button("☑ 1.")
    ask = await _tap(fake_api, HELPER, ticked, "Xong, hỏi ý kiến người dân", "sendMessage")
    assert "thay mặt người dân" in ask.plain_text
    await _tap(fake_api, HELPER, ask, "Rất hài lòng", "editMessageText")
    [rating] = database_rows(helper_bot.database_path, "SELECT * FROM ratings")
    assert (rating["channel"], rating["level"]) == ("relay", 5)
    [mark] = database_rows(
        helper_bot.database_path,
        "SELECT * FROM relayed_conversations WHERE conversation_id = ?",
        rating["conversation_id"],
    )
    assert (mark["source"], mark["on_behalf"]) == ("help_for", 1)


async def test_lang_switches_and_is_remembered(fake_api: FakeBotApi, helper_bot: BotProcess) -> None:
    user = 830_000_005
    menu = await _say(fake_api, user, "/lang")
    confirmation = await _tap(fake_api, user, menu, "English", "editMessageText")
    assert confirmation.plain_text.startswith("From now on I will reply in English.")
    greeting = await _say(fake_api, user, "/start")
    assert greeting.plain_text.startswith("Hello!")
    [row] = database_rows(
        helper_bot.database_path, "SELECT locale FROM user_preferences WHERE user_key = ?", user_key(user)
    )
    assert row["locale"] == "en"
