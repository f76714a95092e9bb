"""UserPreferences: the /lang choice, consent to private messages and helper relay sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversations import utc_now
from bot.user_preferences import RELAY_SESSION, UserPreferences


async def test_locale_is_remembered_per_user(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    preferences = UserPreferences(db_sessions)
    assert await preferences.locale("a" * 32) is None
    await preferences.set_locale("a" * 32, "en")
    await preferences.set_locale("a" * 32, "vi")
    await preferences.set_locale("b" * 32, "en")
    assert await preferences.locale("a" * 32) == "vi"
    assert await preferences.locale("b" * 32) == "en"
    with pytest.raises(ValueError):
        await preferences.set_locale("a" * 32, "fr")


async def test_consent_is_given_by_start_and_withdrawn_on_block(
    db_sessions: async_sessionmaker[AsyncSession],
) -> None:
    preferences = UserPreferences(db_sessions)
    await preferences.set_locale("c" * 32, "en")
    assert not await preferences.has_started("c" * 32)
    await preferences.mark_started("c" * 32)
    first = (await preferences.get("c" * 32)).started_at  # type: ignore[union-attr]
    await preferences.mark_started("c" * 32)
    assert (await preferences.get("c" * 32)).started_at == first  # type: ignore[union-attr]
    assert await preferences.has_started("c" * 32)
    assert await preferences.locale("c" * 32) == "en"  # other choices are kept
    await preferences.withdraw_start("c" * 32)
    assert not await preferences.has_started("c" * 32)


async def test_relay_session_expires(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    preferences = UserPreferences(db_sessions)
    now = utc_now()
    assert not await preferences.relay_pending("d" * 32, now)
    await preferences.start_relay("d" * 32, now)
    assert await preferences.relay_pending("d" * 32, now + RELAY_SESSION - timedelta(seconds=1))
    assert not await preferences.relay_pending("d" * 32, now + RELAY_SESSION + timedelta(seconds=1))
    await preferences.stop_relay("d" * 32)
    assert not await preferences.relay_pending("d" * 32, now)
