"""Inline mode: ``@bot <question>`` lists procedures from the same search, with deep links."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversations import ChatRef
from bot.models.conversation import Channel
from tests.handlers.community import chosen_result, inline_query
from tests.handlers.harness import BIRTH, LAND, MARRIAGE, BotHarness, make_settings, running_bot


def _answer(calls: list[Any]) -> dict[str, Any]:
    [call] = [c for c in calls if c.method == "answerInlineQuery"]
    return dict(call.params)


def _results(params: dict[str, Any]) -> list[dict[str, Any]]:
    results = params["results"]
    return json.loads(results) if isinstance(results, str) else list(results)


async def test_question_lists_matching_procedures_with_a_card_and_deep_link(harness: BotHarness) -> None:
    params = _answer(await harness.send(inline_query(harness.application.bot, 7001, "đăng ký khai sinh")))
    results = _results(params)
    assert results[0]["id"] == BIRTH.code
    assert results[0]["title"] == BIRTH.name
    assert "🟢" in results[0]["description"] and BIRTH.code in results[0]["description"]
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML"
    text = content["message_text"]
    assert BIRTH.name in text and "Trực tuyến toàn trình" in text and "Miễn phí" in text
    assert "Nguồn: Cổng Dịch vụ công quốc gia" in text
    urls = [b["url"] for row in results[0]["reply_markup"]["inline_keyboard"] for b in row]
    assert "https://t.me/tthc_offline_bot?start=p_1_001193" in urls
    assert BIRTH.url in urls
    assert params["is_personal"] is False and int(params["cache_time"]) > 0
    assert params["button"]["start_parameter"] == "inline"


async def test_unrelated_text_gives_no_results(harness: BotHarness) -> None:
    params = _answer(await harness.send(inline_query(harness.application.bot, 7001, "xyzzy qwrtp")))
    assert _results(params) == []


async def test_empty_query_lists_the_most_discussed_procedures(harness: BotHarness) -> None:
    store = harness.services.conversations
    for number, code in enumerate([LAND.code, LAND.code, MARRIAGE.code]):
        chat = ChatRef(f"chat-{number}", f"user-{number}", Channel.PRIVATE, "vi", chat_id=number + 1)
        await store.record_activity(chat, procedure_code=code)
    ids = [
        r["id"]
        for r in _results(_answer(await harness.send(inline_query(harness.application.bot, 7001, ""))))
    ]
    assert ids[:2] == [LAND.code, MARRIAGE.code]
    assert len(ids) == len(set(ids)) > 2  # filled up with the example questions' procedures


async def test_results_are_shared_so_they_use_the_default_language(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with running_bot(sessions, make_settings(default_locale="en")) as english:
        params = _answer(await english.send(inline_query(english.application.bot, 7002, "khai sinh")))
    text = _results(params)[0]["input_message_content"]["message_text"]
    assert "Fully online" in text and BIRTH.name in text  # procedure names stay Vietnamese


async def test_chosen_result_is_only_logged(harness: BotHarness) -> None:
    assert await harness.send(chosen_result(harness.application.bot, 7001, BIRTH.code)) == []
