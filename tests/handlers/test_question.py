"""Free-text questions: cards, follow-ups, candidates, no match, long pastes, foreign text, DB failures."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversations import decode_list
from handlers.question import candidates_menu, no_match_reply
from knowledge.aspects import Aspect
from knowledge.search import Decision, Match, SearchResult
from tests.handlers.harness import (
    BIRTH,
    DEATH_COMMUNE,
    DEATH_FOREIGN,
    MARRIAGE,
    BotHarness,
    buttons,
    running_bot,
    sent_texts,
    sessions_for,
)


async def test_question_gets_an_answer_card(harness: BotHarness) -> None:
    calls = await harness.say("thủ tục đăng ký khai sinh cần giấy tờ gì")
    [message] = [c for c in calls if c.method == "sendMessage"]
    text = str(message.params["text"])
    assert "Thủ tục đăng ký khai sinh" in text and "1.001193" in text
    assert "Tờ khai đăng ký khai sinh" in text
    assert message.params["parse_mode"] == "HTML"
    data = [b.get("callback_data") for b in buttons(message)]
    assert "p:1.001193:fees" in data and "end" in data
    key = harness.services.settings.hash_user_id(harness.updates.chat.id)
    assert await harness.services.conversations.current_procedure(key) == "1.001193"


async def test_unaccented_question_about_fees(harness: BotHarness) -> None:
    [text] = sent_texts(await harness.say("le phi dang ky ket hon bao nhieu"))
    assert MARRIAGE.name in text
    assert "1.500.000" in text


async def test_follow_up_applies_to_the_procedure_under_discussion(harness: BotHarness) -> None:
    await harness.say("đăng ký khai sinh")
    [text] = sent_texts(await harness.say("thế lệ phí bao nhiêu?"))
    assert BIRTH.name in text
    assert "Miễn phí" in text


async def test_restart_keeps_the_procedure_under_discussion(
    sessions: async_sessionmaker[AsyncSession], migrated_sqlite_url: str
) -> None:
    async with running_bot(sessions) as first:
        await first.say("đăng ký khai sinh")
    async with sessions_for(migrated_sqlite_url) as fresh_sessions, running_bot(fresh_sessions) as second:
        [text] = sent_texts(await second.say("thế lệ phí bao nhiêu?"))
    assert BIRTH.name in text


async def test_no_match_helps_and_logs_the_masked_question(harness: BotHarness) -> None:
    [text] = sent_texts(await harness.say("con mèo của tôi tên Mướp, gọi 0912345678"))
    assert "chưa tìm thấy thủ tục" in text
    assert "1022" in text and "dichvucong.gov.vn" in text and "Một cửa" in text
    [logged] = await harness.services.unanswered.recent()
    assert "0912345678" not in logged.question and "[số điện thoại]" in logged.question


def test_candidates_menu_lists_up_to_five_and_an_escape() -> None:
    matches = tuple(Match(p, 0.5) for p in (DEATH_COMMUNE, DEATH_FOREIGN) * 4)
    result = SearchResult("khai tử", Aspect("fees"), Decision.AMBIGUOUS, matches)
    card = candidates_menu(result)
    assert card.text.startswith("Ý bạn là")
    flat = [b for row in card.buttons for b in row]
    assert [b.callback_data for b in flat[:2]] == ["p:1.000656:fees", "p:2.000497:fees"]
    assert len(flat) == 6 and flat[-1].text == "Không phải các thủ tục này" and flat[-1].callback_data == "nm"


def test_no_match_reply_links_the_portal() -> None:
    card = no_match_reply()
    assert card.buttons[0][0].url == "https://dichvucong.gov.vn"


async def test_long_paste_is_answered_on_its_beginning(harness: BotHarness) -> None:
    paste = "cho hỏi đăng ký khai sinh cần giấy tờ gì " + "blah " * 800
    texts = sent_texts(await harness.say(paste))
    assert "500 ký tự" in texts[0]
    assert BIRTH.name in texts[1]
    conversation_id = await harness.services.conversations.record_activity(
        _chat(harness), question=None, procedure_code=None
    )
    stored = await harness.services.conversations.get(conversation_id)
    assert stored is not None and all(len(q) <= 500 for q in decode_list(stored.questions))


async def test_foreign_text_gets_a_polite_reply(harness: BotHarness) -> None:
    [text] = sent_texts(await harness.say("Как получить свидетельство о рождении?"))
    assert "tiếng Việt" in text


async def test_database_failure_still_answers(tmp_path: object) -> None:
    # An empty database (never migrated): every read and write fails, the catalogue is in memory.
    async with sessions_for(f"sqlite+aiosqlite:///{tmp_path}/empty.db") as broken, running_bot(broken) as bot:
        [text] = sent_texts(await bot.say("đăng ký khai sinh"))
    assert BIRTH.name in text


def _chat(harness: BotHarness) -> Any:
    from bot.conversations import ChatRef
    from bot.models.conversation import Channel

    key = harness.services.settings.hash_user_id(harness.updates.chat.id)
    return ChatRef(key, "", Channel.PRIVATE, "vi", chat_id=harness.updates.chat.id)
