"""``/help_for``: helpers only; the citizen's question, a document checklist, a rating on their behalf."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select

from bot.models.conversation import Rating
from bot.models.relay import RelayedConversation
from bot.offline_request import RecordedCall
from tests.handlers.harness import (
    BIRTH,
    BotHarness,
    buttons,
    make_settings,
    popup_texts,
    running_bot,
    sent_texts,
)

HELPER = 1001


@pytest.fixture
async def helper_bot(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[BotHarness]:
    """Yield a bot on which the default user (1001) is a community helper."""
    async with running_bot(sessions, make_settings(helper_ids=frozenset({HELPER}))) as running:
        yield running


def _checklist(calls: list[RecordedCall]) -> RecordedCall:
    """Return the checklist message (the one with the "done, ask the citizen" button)."""
    [message] = [
        c
        for c in calls
        if c.method in ("sendMessage", "editMessageText")
        and any(b.get("callback_data", "").startswith("hd:") for b in buttons(c))
    ]
    return message


async def test_non_helpers_are_refused_politely(harness: BotHarness) -> None:
    [text] = sent_texts(await harness.say("/help_for"))
    assert "tổ công nghệ số cộng đồng" in text
    calls = await harness.say("1.001193")
    assert not any(
        b.get("callback_data", "").startswith("hd:") for c in calls for b in buttons(c)
    )  # their next text is an ordinary question


async def test_the_guided_flow_ends_with_a_rating_on_behalf(helper_bot: BotHarness) -> None:
    [prompt] = sent_texts(await helper_bot.say("/help_for"))
    assert "Hỗ trợ người dân" in prompt
    checklist = _checklist(await helper_bot.say("người dân hỏi thủ tục 1.001193"))
    assert BIRTH.name in checklist.params["text"] and "(0/2)" in checklist.params["text"]
    items = [b for b in buttons(checklist) if b.get("callback_data", "").startswith("hc:")]
    assert [b["text"][:1] for b in items] == ["☐", "☐"]
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons(checklist) if "callback_data" in b)

    ticked = _checklist(await helper_bot.tap(items[1]["callback_data"]))
    assert "(1/2)" in ticked.params["text"]
    assert [b["text"][:1] for b in buttons(ticked) if b.get("callback_data", "").startswith("hc:")] == [
        "☐",
        "☑",
    ]
    again = [b for b in buttons(ticked) if b.get("callback_data", "").startswith("hc:")]
    unticked = _checklist(await helper_bot.tap(again[1]["callback_data"]))
    assert "(0/2)" in unticked.params["text"]

    done = next(b["callback_data"] for b in buttons(ticked) if b.get("callback_data", "").startswith("hd:"))
    calls = await helper_bot.tap(done)
    [ask] = [c for c in calls if c.method == "sendMessage"]
    assert "thay mặt người dân" in ask.params["text"]
    rating = next(b["callback_data"] for b in buttons(ask) if b["callback_data"].endswith(":2"))
    await helper_bot.tap(rating)
    async with helper_bot.services.session_factory() as session:
        [stored] = (await session.execute(select(Rating))).scalars().all()
        mark = await session.get(RelayedConversation, stored.conversation_id)
    assert stored.channel == "relay" and stored.level == 2
    assert mark is not None and mark.on_behalf is True and mark.source == "help_for"
    assert "người dân hỏi thủ tục 1.001193" in stored.questions
    assert popup_texts(await helper_bot.tap(done)) == [
        "Phần hỗ trợ này đã kết thúc. Gõ /help_for để giúp người tiếp theo."
    ]


async def test_question_as_argument_and_relay_session_ends_after_the_card(helper_bot: BotHarness) -> None:
    _checklist(await helper_bot.say("/help_for 1.001193"))
    calls = await helper_bot.say("1.000894")
    assert not any(b.get("callback_data", "").startswith("hd:") for c in calls for b in buttons(c))


async def test_unclear_question_offers_candidates(helper_bot: BotHarness) -> None:
    await helper_bot.say("/help_for")
    calls = await helper_bot.say("đăng ký khai tử")
    [menu] = [c for c in calls if c.method == "sendMessage"]
    picks = [b["callback_data"] for b in buttons(menu) if b["callback_data"].startswith("hp:")]
    assert len(picks) >= 2
    checklist = _checklist(await helper_bot.tap(picks[0]))
    assert picks[0].removeprefix("hp:") in checklist.params["text"]
    assert "Nguồn chưa có danh sách giấy tờ" in checklist.params["text"]  # no documents, no toggles


async def test_checklist_taps_from_another_chat_are_refused(helper_bot: BotHarness) -> None:
    checklist = _checklist(await helper_bot.say("/help_for 1.001193"))
    item = next(
        b["callback_data"] for b in buttons(checklist) if b.get("callback_data", "").startswith("hc:")
    )
    stranger = helper_bot.factory(chat_id=9009, user_id=9009)
    assert popup_texts(await helper_bot.send(stranger.callback(item))) == ["Nút này không còn hiệu lực."]
    assert popup_texts(await helper_bot.tap("hc:1:zz:0")) == ["Nút này không còn hiệu lực."]


async def test_help_for_in_a_group_is_redirected_to_private(helper_bot: BotHarness) -> None:
    group = helper_bot.factory(chat_id=-100777, user_id=HELPER, chat_type="supergroup")
    [text] = sent_texts(await helper_bot.send(group.text("/help_for")))
    assert "tin nhắn riêng" in text
