"""The log of questions the bot could not answer, masked, for admins to improve the catalogue and lexicon."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from bot.conversations import utc_now
from bot.models.conversation import Channel, UnansweredQuestion
from bot.privacy import mask_personal_data

MAX_QUESTION_CHARS = 500


class UnansweredLog:
    """Appends and lists unanswered questions."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def record(self, question: str, channel: Channel, locale: str) -> None:
        """Store the question with personal data masked and cut to 500 characters."""
        masked = mask_personal_data(question.strip())[:MAX_QUESTION_CHARS]
        if not masked:
            return
        async with self._sessions() as session, session.begin():
            row = UnansweredQuestion(
                question=masked, channel=channel.value, locale=locale, created_at=utc_now()
            )
            session.add(row)

    async def recent(self, limit: int = 50) -> list[UnansweredQuestion]:
        """Return the latest unanswered questions, newest first."""
        async with self._sessions() as session:
            result = await session.execute(
                select(UnansweredQuestion).order_by(col(UnansweredQuestion.id).desc()).limit(limit)
            )
            return list(result.scalars().all())
