"""The services container: shipped catalogue plus imports, search index, stores on one session factory."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services import Services
from tests.handlers.harness import BIRTH, make_settings, sample_catalogue, sessions_for


async def test_from_catalogue_wires_every_store(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    services = Services.from_catalogue(make_settings(), db_sessions, sample_catalogue())
    assert services.index.get(BIRTH.code) == BIRTH
    best = services.index.search("đăng ký khai sinh").best
    assert best is not None and best.procedure.code == BIRTH.code
    conversation_id = await services.conversations.record_activity(
        _chat(services), question="khai sinh", procedure_code=BIRTH.code
    )
    assert (await services.conversations.get(conversation_id)) is not None


async def test_load_reads_the_shipped_catalogue(sqlite_database_url: str) -> None:
    from bot.database import upgrade_database

    await upgrade_database(sqlite_database_url)
    async with sessions_for(sqlite_database_url) as sessions:
        services = await Services.load(make_settings(), sessions)
    assert len(services.catalogue) > 1000
    assert services.index.get("1.001193") is not None


def _chat(services: Services) -> Any:
    from bot.conversations import ChatRef
    from bot.models.conversation import Channel

    return ChatRef(services.settings.hash_user_id(1), "", Channel.PRIVATE, "vi", chat_id=1)
