"""The idle sweeper: surveys idle private conversations once, across restarts and processes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import CallbackContext

from bot.conversations import utc_now
from bot.database import upgrade_database
from bot.idle_surveys import JOB_NAME, sweep_idle_conversations, sweep_interval
from bot.models.conversation import Conversation
from tests.handlers.harness import buttons, running_bot, sessions_for


@pytest.mark.parametrize(("minutes", "seconds"), [(10, 30.0), (1, 15.0), (0.02, 0.3), (0.001, 0.2)])
def test_interval_is_a_quarter_of_the_idle_time_at_most_30_s(minutes: float, seconds: float) -> None:
    assert sweep_interval(minutes) == pytest.approx(seconds)


async def _age_all(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session, session.begin():
        await session.execute(update(Conversation).values(last_activity=utc_now() - timedelta(hours=1)))


async def test_idle_conversation_is_surveyed_once_even_by_two_bots(sqlite_database_url: str) -> None:
    await upgrade_database(sqlite_database_url)
    async with sessions_for(sqlite_database_url) as sessions, running_bot(sessions) as first:
        assert JOB_NAME in [job.name for job in first.application.job_queue.jobs()]
        await first.say("đăng ký khai sinh")
        await _age_all(sessions)
        async with running_bot(sessions) as second:
            sent_first = await sweep_idle_conversations(CallbackContext(first.application))
            sent_second = await sweep_idle_conversations(CallbackContext(second.application))
            assert sent_first + sent_second == 1
            surveys = [
                c
                for bot in (first, second)
                for c in bot.request.calls_to("sendMessage")
                if len(buttons(c)) == 5
            ]
            [survey] = surveys
            assert survey.params["chat_id"] == first.updates.chat.id
            assert "Cuộc trò chuyện đã kết thúc" in str(survey.params["text"])
            assert await sweep_idle_conversations(CallbackContext(first.application)) == 0


async def test_survey_due_during_a_restart_is_sent_by_the_next_process(sqlite_database_url: str) -> None:
    await upgrade_database(sqlite_database_url)
    async with sessions_for(sqlite_database_url) as sessions:
        async with running_bot(sessions) as before:
            await before.say("đăng ký khai sinh")
        await _age_all(sessions)
    async with sessions_for(sqlite_database_url) as sessions, running_bot(sessions) as after:
        assert await sweep_idle_conversations(CallbackContext(after.application)) == 1
        [survey] = after.request.calls_to("sendMessage")
        conversation_id = int(buttons(survey)[0]["callback_data"].split(":")[1])
        calls = await after.tap(f"r:{conversation_id}:5")
        assert "Rất hài lòng" in str([c.params for c in calls])


async def test_fresh_and_group_conversations_are_not_surveyed(sqlite_database_url: str) -> None:
    await upgrade_database(sqlite_database_url)
    async with sessions_for(sqlite_database_url) as sessions, running_bot(sessions) as bot:
        group = bot.factory(chat_id=-100500, chat_type="group")
        await bot.send(group.text("đăng ký khai sinh"))
        assert await sweep_idle_conversations(CallbackContext(bot.application)) == 0  # group, and not idle
        await bot.say("đăng ký khai sinh")
        assert await sweep_idle_conversations(CallbackContext(bot.application)) == 0  # private, not idle yet
        await _age_all(sessions)
        assert await sweep_idle_conversations(CallbackContext(bot.application)) == 1  # only the private one


async def test_blocked_user_survey_closes_the_conversation(sqlite_database_url: str) -> None:
    await upgrade_database(sqlite_database_url)
    async with sessions_for(sqlite_database_url) as sessions, running_bot(sessions) as bot:
        conversation_id = int(
            await bot.services.conversations.record_activity(_private_chat(bot), question="x")
        )
        await _age_all(sessions)
        bot.request.fail_with["sendMessage"] = (403, "Forbidden: bot was blocked by the user")
        assert await sweep_idle_conversations(CallbackContext(bot.application)) == 0
        conversation = await bot.services.conversations.get(conversation_id)
        assert conversation is not None and conversation.state == "closed"


def _private_chat(bot: Any) -> Any:
    from bot.conversations import ChatRef
    from bot.models.conversation import Channel

    key = bot.services.settings.hash_user_id(bot.updates.chat.id)
    return ChatRef(key, "", Channel.PRIVATE, "vi", chat_id=bot.updates.chat.id)
