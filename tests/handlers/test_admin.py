"""Admin commands through the handlers on an offline bot: refusals, /stats, /export, aliases, /unanswered."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.constants import ChatType

from bot.conversations import utc_now
from bot.offline_request import RecordedCall
from tests.bot.rating_rows import add_conversation, add_unanswered
from tests.handlers.harness import BotHarness, make_settings, running_bot
from tests.handlers.harness import sent_texts as all_texts

ADMIN_ID = 4242
ADMIN_COMMANDS = ["/stats", "/export", "/unanswered", "/alias x = 1.001193", "/aliases", "/unalias x"]


@pytest.fixture
async def admin_bot(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[BotHarness]:
    """Yield a bot whose ADMIN_IDS lists ADMIN_ID (the default test user 1001 is not an admin)."""
    async with running_bot(sessions, make_settings(admin_ids=frozenset({ADMIN_ID}))) as running:
        yield running


TELEGRAM_HTML_TAGS = {"b", "strong", "i", "em", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler"}


def sent_texts(calls: list[RecordedCall]) -> list[str]:
    """Return the sent texts, checking each is HTML that Telegram accepts (no stray "<word>")."""
    texts = all_texts(calls)
    for text in texts:
        tags = set(re.findall(r"</?([A-Za-z][\w-]*)", text))
        assert tags <= TELEGRAM_HTML_TAGS, f"unsupported tags {tags - TELEGRAM_HTML_TAGS} in {text!r}"
    return texts


async def _as_admin(harness: BotHarness, text: str, **kwargs: Any) -> list[RecordedCall]:
    return await harness.send(harness.factory(chat_id=ADMIN_ID, user_id=ADMIN_ID, **kwargs).text(text))


@pytest.mark.parametrize("command", ADMIN_COMMANDS)
async def test_non_admins_are_refused_politely(admin_bot: BotHarness, command: str) -> None:
    calls = await admin_bot.say(command)
    assert sent_texts(calls) == ["Xin lỗi, lệnh này chỉ dành cho quản trị viên của bot."]
    assert not [c for c in calls if c.method in ("sendPhoto", "sendDocument")]
    assert await admin_bot.services.aliases.entries() == []


async def test_refusal_in_english(admin_bot: BotHarness) -> None:
    calls = await admin_bot.send(admin_bot.factory(language_code="en").text("/stats"))
    assert sent_texts(calls) == ["Sorry, this command is for the bot's administrators only."]


async def test_admin_commands_stay_out_of_groups(admin_bot: BotHarness) -> None:
    calls = await _as_admin(admin_bot, "/stats", chat_type=ChatType.GROUP)
    assert sent_texts(calls) == ["Lệnh quản trị chỉ dùng trong cuộc trò chuyện riêng với bot."]


async def test_stats_sends_figures_and_a_chart(
    admin_bot: BotHarness, sessions: async_sessionmaker[AsyncSession]
) -> None:
    now = utc_now() - timedelta(minutes=5)
    for level in (5, 5, 4, 2):
        await add_conversation(sessions, now, level=level, reason="missing" if level == 2 else None)
    await add_conversation(sessions, now, level=5, channel="relay")
    calls = await _as_admin(admin_bot, "/stats 7d")
    [text] = sent_texts(calls)
    assert "Lượt đánh giá: 5" in text and "Tỷ lệ hài lòng: 80 %" in text
    assert "Qua tình nguyện viên: 1 lượt" in text and "Thủ tục đăng ký khai sinh (1.001193)" in text
    assert str(ADMIN_ID) not in text and "u" * 32 not in text
    [photo] = [c for c in calls if c.method == "sendPhoto"]
    assert photo.params["chat_id"] == ADMIN_ID and "hài lòng" in photo.params["caption"]


async def test_stats_without_data_and_with_a_bad_period(admin_bot: BotHarness) -> None:
    calls = await _as_admin(admin_bot, "/stats all")
    assert "Chưa có dữ liệu" in sent_texts(calls)[0]
    assert not [c for c in calls if c.method == "sendPhoto"]
    calls = await _as_admin(admin_bot, "/stats last-week")
    assert sent_texts(calls)[0].startswith("Khoảng thời gian: 7d")


async def test_export_sends_xlsx_and_csv(
    admin_bot: BotHarness, sessions: async_sessionmaker[AsyncSession]
) -> None:
    assert "Không có lượt đánh giá" in sent_texts(await _as_admin(admin_bot, "/export"))[0]
    await add_conversation(sessions, utc_now() - timedelta(hours=1), level=4)
    calls = await _as_admin(admin_bot, "/export 30d")
    documents = [c for c in calls if c.method == "sendDocument"]
    assert len(documents) == 2
    assert documents[0].params["caption"] == "1 lượt đánh giá"
    assert all(c.params["chat_id"] == ADMIN_ID for c in documents)


async def test_alias_is_used_by_the_search_at_once(admin_bot: BotHarness) -> None:
    question = "cho hỏi bé mới chào đời cần gì"
    before = sent_texts(await admin_bot.say(question))[0]
    assert "Thủ tục đăng ký khai sinh" not in before
    taught = sent_texts(await _as_admin(admin_bot, "/alias bé mới chào đời = 1.001193"))
    assert taught == [
        "Đã dạy bot: “bé mới chào đời” → Thủ tục đăng ký khai sinh (1.001193). Tìm kiếm dùng ngay từ bây giờ."
    ]
    after = sent_texts(await admin_bot.say(question))[0]
    assert "Thủ tục đăng ký khai sinh" in after
    listed = sent_texts(await _as_admin(admin_bot, "/aliases"))[0]
    assert "“bé mới chào đời” → 1.001193 Thủ tục đăng ký khai sinh" in listed
    removed = sent_texts(await _as_admin(admin_bot, "/unalias be moi chao doi"))
    assert removed == ["Đã xoá cụm từ “be moi chao doi”."]
    assert "Thủ tục đăng ký khai sinh" not in sent_texts(await admin_bot.say(question + " nhé"))[0]
    assert "Chưa có cụm từ nào" in sent_texts(await _as_admin(admin_bot, "/aliases"))[0]


@pytest.mark.parametrize(
    ("command", "reply"),
    [
        ("/alias chỉ có cụm từ", "Cách dùng: /alias"),
        ("/alias cụm từ = 9.999999", "Không có thủ tục nào mang mã này"),
        ("/alias gọi 0912345678 = 1.001193", "không được chứa số giấy tờ"),
        ("/unalias", "Cách dùng: /unalias"),
        ("/unalias không có", "Không có cụm từ “không có”"),
    ],
)
async def test_alias_mistakes_are_explained(admin_bot: BotHarness, command: str, reply: str) -> None:
    assert reply in sent_texts(await _as_admin(admin_bot, command))[0]
    assert await admin_bot.services.aliases.entries() == []


async def test_unanswered_groups_variants(
    admin_bot: BotHarness, sessions: async_sessionmaker[AsyncSession]
) -> None:
    now = utc_now() - timedelta(minutes=1)
    for question in ("làm căn cước", "lam can cuoc", "Làm căn cước ạ", "xin visa"):
        await add_unanswered(sessions, now, question)
    [text] = sent_texts(await _as_admin(admin_bot, "/unanswered"))
    assert "1. “làm căn cước” — 3 lần (3 cách viết)" in text
    assert "2. “xin visa” — 1 lần" in text
