"""The alias refresh job brings aliases taught by another process into this one's search index."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.alias_refresh import JOB_NAME, refresh_aliases, schedule_alias_refresh
from bot.alias_store import AliasStore
from knowledge.search import Decision
from tests.handlers.harness import running_bot


async def test_aliases_of_another_process_arrive(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    async with running_bot(db_sessions) as bot:
        schedule_alias_refresh(bot.application)
        assert bot.application.job_queue.get_jobs_by_name(JOB_NAME)
        question = "cho hỏi bé mới chào đời cần gì"
        assert bot.services.index.search(question).decision is Decision.NONE
        await AliasStore(db_sessions).add("bé mới chào đời", "1.001193")  # e.g. taught on another replica

        class Context:
            application = bot.application

        await refresh_aliases(Context())  # type: ignore[arg-type]
        assert bot.services.index.search(question).decision is Decision.CONFIDENT
