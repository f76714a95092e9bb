"""Groups: answer only what is addressed to the bot; the survey goes to the asker in private."""

from __future__ import annotations

from sqlmodel import select

from bot.models.conversation import Conversation
from bot.offline_request import RecordedCall
from tests.handlers.community import GROUP_ID, group_message
from tests.handlers.harness import BIRTH, BotHarness, buttons, sent_texts

ASKER = 6006


def _to(calls: list[RecordedCall], chat_id: int) -> list[RecordedCall]:
    return [c for c in calls if c.method == "sendMessage" and int(c.params["chat_id"]) == chat_id]


async def test_messages_not_addressed_to_the_bot_are_ignored(harness: BotHarness) -> None:
    bot = harness.application.bot
    assert await harness.send(group_message(bot, ASKER, "đăng ký khai sinh cần gì")) == []
    assert await harness.send(group_message(bot, ASKER, "/start@another_bot")) == []
    assert await harness.send(group_message(bot, ASKER, "cảm ơn mọi người")) == []


async def test_a_mention_is_answered_in_the_group_without_the_mention(harness: BotHarness) -> None:
    bot = harness.application.bot
    calls = await harness.send(group_message(bot, ASKER, "@tthc_offline_bot 1.001193", mention_entity=True))
    [card] = _to(calls, GROUP_ID)
    assert BIRTH.name in str(card.params["text"])
    async with harness.services.session_factory() as session:
        [conversation] = (await session.execute(select(Conversation))).scalars().all()
    assert conversation.channel == "group" and conversation.chat_ref is None
    assert conversation.chat_key == harness.services.settings.hash_user_id(ASKER)  # the asker's own


async def test_a_reply_to_the_bot_is_a_follow_up_question(harness: BotHarness) -> None:
    bot = harness.application.bot
    await harness.send(group_message(bot, ASKER, "@tthc_offline_bot 1.001193"))
    calls = await harness.send(group_message(bot, ASKER, "lệ phí bao nhiêu", reply_to_bot=True))
    [card] = _to(calls, GROUP_ID)
    assert BIRTH.name in str(card.params["text"]) and "Phí, lệ phí" in str(card.params["text"])


async def test_commands_for_this_bot_work_in_the_group(harness: BotHarness) -> None:
    [text] = sent_texts(
        await harness.send(group_message(harness.application.bot, ASKER, "/help@tthc_offline_bot"))
    )
    assert "Cách hỏi" in text


async def test_bare_mention_gets_a_hint(harness: BotHarness) -> None:
    [text] = sent_texts(
        await harness.send(group_message(harness.application.bot, ASKER, "@tthc_offline_bot"))
    )
    assert "@tthc_offline_bot đăng ký khai sinh" in text


async def test_thanks_in_the_group_sends_the_survey_in_private_to_a_started_user(harness: BotHarness) -> None:
    private = harness.factory(chat_id=ASKER, user_id=ASKER)
    await harness.send(private.text("/start"))  # consent to be messaged in private
    bot = harness.application.bot
    await harness.send(group_message(bot, ASKER, "@tthc_offline_bot 1.001193"))
    calls = await harness.send(group_message(bot, ASKER, "cảm ơn @tthc_offline_bot"))
    [survey] = _to(calls, ASKER)
    assert "Bạn có hài lòng" in str(survey.params["text"])
    [note] = _to(calls, GROUP_ID)
    assert "tin nhắn riêng" in str(note.params["text"]) and not buttons(note)
    rating = next(b["callback_data"] for b in buttons(survey) if b["callback_data"].endswith(":4"))
    [thanks] = sent_texts(await harness.send(private.callback(rating)))
    assert "Hài lòng" in thanks
    async with harness.services.session_factory() as session:
        [conversation] = (await session.execute(select(Conversation))).scalars().all()
    assert conversation.state == "rated" and conversation.channel == "group"


async def test_thanks_from_someone_who_never_started_the_bot_closes_without_a_survey(
    harness: BotHarness,
) -> None:
    bot = harness.application.bot
    await harness.send(group_message(bot, 6007, "@tthc_offline_bot 1.001193"))
    calls = await harness.send(group_message(bot, 6007, "/end@tthc_offline_bot"))
    assert [int(c.params["chat_id"]) for c in calls if c.method == "sendMessage"] == [GROUP_ID]
    assert not any(buttons(c) for c in calls if c.method == "sendMessage")
    async with harness.services.session_factory() as session:
        [conversation] = (await session.execute(select(Conversation))).scalars().all()
    assert conversation.state == "closed"


async def test_done_button_in_the_group_never_surveys_there(harness: BotHarness) -> None:
    bot = harness.application.bot
    await harness.send(group_message(bot, 6008, "@tthc_offline_bot 1.001193"))
    group_member = harness.factory(chat_id=GROUP_ID, user_id=6008, chat_type="supergroup")
    calls = await harness.send(group_member.callback("end"))
    assert not any("Bạn có hài lòng" in t for t in sent_texts(calls))


async def test_idle_group_conversation_is_surveyed_in_private(harness: BotHarness) -> None:
    private = harness.factory(chat_id=ASKER, user_id=ASKER)
    await harness.send(private.text("/start"))
    await harness.send(group_message(harness.application.bot, ASKER, "@tthc_offline_bot 1.001193"))
    async with harness.services.session_factory() as session:
        [conversation] = (await session.execute(select(Conversation))).scalars().all()
    assert harness.services.conversations.chat_of(conversation) == ASKER  # the private chat, never the group


async def test_the_idle_sweeper_claims_the_group_conversation_for_the_private_chat(
    harness: BotHarness,
) -> None:
    from datetime import timedelta

    from bot.conversations import utc_now

    private = harness.factory(chat_id=ASKER, user_id=ASKER)
    await harness.send(private.text("/start"))
    await harness.send(group_message(harness.application.bot, ASKER, "@tthc_offline_bot 1.001193"))
    [ticket] = await harness.services.conversations.claim_idle(utc_now() + timedelta(minutes=1))
    assert ticket.chat_id == ASKER
