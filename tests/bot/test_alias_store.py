"""Admin aliases: parsing, storage keyed by folded phrase, and the live search index using them at once."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.alias_store import AliasError, AliasProblem, AliasStore, parse_alias, phrase_key
from bot.services import Services
from knowledge.search import Decision
from tests.handlers.harness import make_settings, sample_catalogue


def test_parse_alias() -> None:
    request = parse_alias("  giấy  tờ cho con mới đẻ = 1.001193 ")
    assert (request.phrase, request.code) == ("giấy tờ cho con mới đẻ", "1.001193")
    assert parse_alias("ab = cd = 1.000894").code == "1.000894"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("no separator 1.001193", AliasProblem.SYNTAX),
        ("= 1.001193", AliasProblem.SYNTAX),
        ("phrase =", AliasProblem.SYNTAX),
        ("phrase = 1.001193 extra", AliasProblem.SYNTAX),
        ("x = 1.001193", AliasProblem.PHRASE_LENGTH),
        ("gọi 0912345678 = 1.001193", AliasProblem.PERSONAL_DATA),
    ],
)
def test_bad_aliases(text: str, problem: AliasProblem) -> None:
    with pytest.raises(AliasError) as caught:
        parse_alias(text)
    assert caught.value.problem is problem


def test_accent_variants_share_a_key() -> None:
    assert phrase_key("Giấy Tờ  Nhà Đất") == phrase_key("giay to nha dat") == "giay to nha dat"


async def test_store_adds_repoints_and_removes(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    store = AliasStore(db_sessions)
    assert await store.add("giấy tờ nhà đất", "1.004227") is True
    assert await store.add("giay to nha dat", "1.000894") is False  # same key: re-pointed
    assert await store.mapping() == {"giay to nha dat": "1.000894"}
    assert await store.remove("GIẤY TỜ NHÀ ĐẤT") is True
    assert await store.remove("giấy tờ nhà đất") is False
    assert await store.entries() == []


async def test_services_search_uses_aliases_at_once(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    services = Services.from_catalogue(make_settings(), db_sessions, sample_catalogue())
    question = "cho hỏi bé mới chào đời cần gì"
    assert services.index.search(question).decision is Decision.NONE
    await services.aliases.add("bé mới chào đời", "1.001193")
    assert await services.reload_aliases() == 1
    result = services.index.search(question)
    assert result.decision is Decision.CONFIDENT and result.best is not None
    assert result.best.procedure.code == "1.001193"
    assert services.index.search("be moi chao doi a").best.procedure.code == "1.001193"  # type: ignore[union-attr]
    await services.aliases.remove("bé mới chào đời")
    await services.reload_aliases()
    assert services.index.search(question).decision is Decision.NONE
