"""Per-user preferences in the database: the /lang choice, consent to private messages, helper sessions.

Keyed by the hashed Telegram user id. Every method is one short transaction, so any process (or replica)
sees the same choice on the next update.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.conversations import USER_PREFERENCES, utc_now
from bot.i18n import SUPPORTED_LOCALES
from bot.models.preferences import UserPreference

RELAY_SESSION = timedelta(minutes=30)


def _aware(moment: datetime | None) -> datetime | None:
    """Return a stored time as timezone-aware UTC (SQLite gives it back naive)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


class UserPreferences:
    """Reads and writes ``user_preferences`` rows."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def get(self, user_key: str) -> UserPreference | None:
        """Return the user's preferences, or None when nothing was ever stored."""
        async with self._sessions() as session:
            return await session.get(UserPreference, user_key)

    async def locale(self, user_key: str) -> str | None:
        """Return the locale the user chose with /lang, or None (one Core SELECT: it runs on every update)."""
        bind = self._sessions.kw.get("bind")
        if not isinstance(bind, AsyncEngine):
            preference = await self.get(user_key)
            return preference.locale if preference is not None else None
        column = USER_PREFERENCES.c
        async with bind.connect() as connection:
            locale = await connection.scalar(select(column.locale).where(column.user_key == user_key))
        return str(locale) if locale is not None else None

    async def set_locale(self, user_key: str, locale: str) -> None:
        """Remember the user's reply language (``vi`` or ``en``)."""
        if locale not in SUPPORTED_LOCALES:
            raise ValueError(f"unsupported locale {locale!r}")
        await self._change(user_key, locale=locale)

    async def mark_started(self, user_key: str) -> None:
        """Record that the user sent /start in their private chat (consent to be messaged there)."""
        preference = await self.get(user_key)
        if preference is None or preference.started_at is None:
            await self._change(user_key, started_at=utc_now())

    async def has_started(self, user_key: str) -> bool:
        """Return True when the user started the bot in private and has not blocked it since."""
        preference = await self.get(user_key)
        return preference is not None and preference.started_at is not None

    async def withdraw_start(self, user_key: str) -> None:
        """Forget the consent (the user blocked the bot): no more private surveys until the next /start."""
        if await self.get(user_key) is not None:
            await self._change(user_key, started_at=None)

    async def start_relay(self, user_key: str, now: datetime | None = None) -> datetime:
        """Open a helper's /help_for session: their next text is a citizen's question; return its end."""
        until = (now or utc_now()) + RELAY_SESSION
        await self._change(user_key, relay_until=until)
        return until

    async def relay_pending(self, user_key: str, now: datetime | None = None) -> bool:
        """Return True while a /help_for session waits for the citizen's question."""
        preference = await self.get(user_key)
        until = _aware(preference.relay_until) if preference is not None else None
        return until is not None and until > (now or utc_now())

    async def stop_relay(self, user_key: str) -> None:
        """Close the helper's /help_for session."""
        if await self.get(user_key) is not None:
            await self._change(user_key, relay_until=None)

    async def _change(self, user_key: str, **values: object) -> None:
        """Update the user's row with ``values``, creating it when missing (one retry on a racing insert)."""
        for attempt in range(2):
            try:
                async with self._sessions() as session, session.begin():
                    preference = await session.get(UserPreference, user_key)
                    if preference is None:
                        preference = UserPreference(user_key=user_key, updated_at=utc_now())
                        session.add(preference)
                    for name, value in values.items():
                        setattr(preference, name, value)
                    preference.updated_at = utc_now()
                return
            except IntegrityError:
                if attempt == 1:
                    raise
