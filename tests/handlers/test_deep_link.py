"""``/start p_<code>``: the shared procedure's card, a relayed conversation, a polite unknown code."""

from __future__ import annotations

from sqlmodel import select

from bot.models.conversation import Conversation, Rating
from bot.models.relay import RelayedConversation
from tests.handlers.harness import BIRTH, BotHarness, buttons, sent_texts


async def test_deep_link_opens_the_card_and_tags_the_conversation_as_relayed(harness: BotHarness) -> None:
    calls = await harness.say("/start p_1_001193")
    [message] = [c for c in calls if c.method == "sendMessage"]
    text = str(message.params["text"])
    assert text.startswith("Thủ tục được chia sẻ với bạn:")
    assert BIRTH.name in text and BIRTH.code in text and "Xin chào" not in text
    assert any(b.get("callback_data") == "p:1.001193:docs" for b in buttons(message))
    async with harness.services.session_factory() as session:
        [conversation] = (await session.execute(select(Conversation))).scalars().all()
        mark = await session.get(RelayedConversation, conversation.id)
    assert conversation.channel == "relay" and conversation.procedure_code == BIRTH.code
    assert mark is not None and mark.source == "deep_link" and mark.on_behalf is False


async def test_the_rating_after_a_deep_link_is_relayed(harness: BotHarness) -> None:
    await harness.say("/start p_1_001193")
    await harness.say("lệ phí bao nhiêu")  # a follow-up in the same conversation
    survey = await harness.say("cảm ơn")
    [prompt] = [c for c in survey if c.method == "sendMessage"]
    rating = next(b["callback_data"] for b in buttons(prompt) if b["callback_data"].endswith(":5"))
    await harness.tap(rating)
    async with harness.services.session_factory() as session:
        [stored] = (await session.execute(select(Rating))).scalars().all()
    assert stored.channel == "relay" and stored.level == 5


async def test_unknown_code_gets_a_polite_reply(harness: BotHarness) -> None:
    [text] = sent_texts(await harness.say("/start p_9_999999"))
    assert "9.999999" in text and "không còn trong danh mục" in text


async def test_other_start_parameters_get_the_greeting(harness: BotHarness) -> None:
    [text] = sent_texts(await harness.say("/start inline"))
    assert text.startswith("Xin chào!")
