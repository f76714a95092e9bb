"""Fifty users at once: each asks, finishes and rates; nothing is lost, doubled or sent to the wrong chat."""

from __future__ import annotations

import asyncio
import re
from collections import Counter

from tests.e2e.bot_process import BotProcess
from tests.e2e.conftest import PickedQuestion, QuestionBank, database_rows, user_key
from tests.e2e.fake_bot_api import FakeBotApi, answering, to_chat

USERS = 50
STEP_TIMEOUT = 60.0
FIRST_USER = 840_000_001
CODE = re.compile(r"(?<![\d.])\d{1,2}\.\d{6}(?![\d.])")


async def _converse(fake: FakeBotApi, user: int, question: PickedQuestion, level: int) -> None:
    fake.user_message(user, question.text)
    card = await fake.wait_for("sendMessage", to_chat(user), STEP_TIMEOUT)
    assert question.code in card.plain_text

    tap = fake.tap(user, card, "Đã rõ, cảm ơn")
    await fake.wait_for("answerCallbackQuery", answering(tap), STEP_TIMEOUT)
    survey = await fake.wait_for("sendMessage", to_chat(user, "Bạn có hài lòng"), STEP_TIMEOUT)

    rating_button = next(b for b in survey.buttons if b["callback_data"].endswith(f":{level}"))
    mark = fake.mark()
    tap = fake.tap(user, survey, rating_button["text"])
    await fake.wait_for("answerCallbackQuery", answering(tap), STEP_TIMEOUT, mark)
    edited = await fake.wait_for("editMessageText", to_chat(user), STEP_TIMEOUT, mark)
    if level <= 2:
        mark = fake.mark()
        tap = fake.tap(user, edited, "Khác")
        await fake.wait_for("answerCallbackQuery", answering(tap), STEP_TIMEOUT, mark)
        comment_prompt = await fake.wait_for("editMessageText", to_chat(user), STEP_TIMEOUT, mark)
        mark = fake.mark()
        tap = fake.tap(user, comment_prompt, "Bỏ qua")
        await fake.wait_for("answerCallbackQuery", answering(tap), STEP_TIMEOUT, mark)
        edited = await fake.wait_for("editMessageText", to_chat(user), STEP_TIMEOUT, mark)
    assert "Cảm ơn bạn" in edited.plain_text


async def test_fifty_users_at_once(
    fake_api: FakeBotApi, running_bot: BotProcess, question_bank: QuestionBank
) -> None:
    questions = question_bank.confident(USERS)
    users = [FIRST_USER + i for i in range(USERS)]
    levels = [1 + i % 5 for i in range(USERS)]

    await asyncio.wait_for(
        asyncio.gather(
            *(_converse(fake_api, u, q, lv) for u, q, lv in zip(users, questions, levels, strict=True))
        ),
        timeout=150,
    )

    rows = database_rows(
        running_bot.database_path, "SELECT conversation_id, level, reason, user_key FROM ratings"
    )
    assert len(rows) == USERS
    assert len({row["conversation_id"] for row in rows}) == USERS
    assert {row["user_key"]: row["level"] for row in rows} == {
        user_key(u): lv for u, lv in zip(users, levels, strict=True)
    }
    negative = sum(level <= 2 for level in levels)
    assert Counter(row["reason"] for row in rows) == {"other": negative, None: USERS - negative}

    own_code = {u: q.code for u, q in zip(users, questions, strict=True)}
    sends = Counter(call.chat_id for call in fake_api.find("sendMessage"))
    assert sends == dict.fromkeys(users, 2)  # one card, one survey: nothing doubled, nothing elsewhere
    for call in fake_api.find():
        if call.method in ("sendMessage", "editMessageText"):
            chat = call.chat_id
            assert isinstance(chat, int) and chat in own_code, chat
            codes = set(CODE.findall(call.plain_text))
            assert codes <= {own_code[chat]}, (chat, codes)
