"""The satisfaction log: one rating per conversation, with an optional reason and masked comment.

"Once per conversation" is enforced by the database, not by process memory: the conversation moves
``surveying → rated`` with a conditional UPDATE, and ``ratings.conversation_id`` is unique.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import IntEnum, StrEnum

from sqlalchemy import func, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot.conversations import utc_now
from bot.models.conversation import Conversation, ConversationState, Rating
from bot.privacy import mask_personal_data

COMMENT_WINDOW = timedelta(minutes=15)
MAX_COMMENT_CHARS = 1000


class SatisfactionLevel(IntEnum):
    """The five rating levels, 5 = best."""

    VERY_SATISFIED = 5
    SATISFIED = 4
    NEUTRAL = 3
    DISSATISFIED = 2
    VERY_DISSATISFIED = 1

    @property
    def is_negative(self) -> bool:
        """Return True for the two dissatisfied levels, which ask for a reason."""
        return self <= SatisfactionLevel.DISSATISFIED


class DissatisfactionReason(StrEnum):
    """Why a user was not satisfied."""

    WRONG_PROCEDURE = "wrong"
    MISSING_INFORMATION = "missing"
    HARD_TO_UNDERSTAND = "unclear"
    OTHER = "other"


class RatingOutcome(StrEnum):
    """What happened to a rating tap."""

    RECORDED = "recorded"
    ALREADY_RATED = "already_rated"
    NOT_FOUND = "not_found"


@dataclass(frozen=True, slots=True)
class RatingSummary:
    """Counts of ratings per level and the number of comments."""

    counts: dict[SatisfactionLevel, int]
    comments: int

    @property
    def total(self) -> int:
        """Return the number of ratings."""
        return sum(self.counts.values())


def _changed(result: object) -> int:
    assert isinstance(result, CursorResult)
    return int(result.rowcount or 0)


class SatisfactionLog:
    """Writes and reads ratings; every method is one short transaction."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def record_rating(
        self, conversation_id: int, chat_key: str, level: SatisfactionLevel
    ) -> RatingOutcome:
        """Store the rating of a conversation of this chat, once; later taps return ALREADY_RATED."""
        now = utc_now()
        try:
            async with self._sessions() as session, session.begin():
                conversation = await session.get(Conversation, conversation_id)
                if conversation is None or conversation.chat_key != chat_key:
                    return RatingOutcome.NOT_FOUND
                claimed = _changed(
                    await session.execute(
                        update(Conversation)
                        .where(
                            col(Conversation.id) == conversation_id,
                            col(Conversation.state) == ConversationState.SURVEYING.value,
                        )
                        .values(state=ConversationState.RATED.value, ended_at=now)
                        .execution_options(synchronize_session=False)
                    )
                )
                if claimed != 1:
                    return RatingOutcome.ALREADY_RATED
                session.add(
                    Rating(
                        conversation_id=conversation_id,
                        level=int(level),
                        comment_pending=False,
                        procedures_shown=conversation.procedures_shown,
                        questions=conversation.questions,
                        channel=conversation.channel,
                        user_key=conversation.user_key,
                        locale=conversation.locale,
                        conversation_started_at=conversation.started_at,
                        created_at=now,
                        updated_at=now,
                    )
                )
        except IntegrityError:
            return RatingOutcome.ALREADY_RATED
        return RatingOutcome.RECORDED

    async def record_reason(self, conversation_id: int, chat_key: str, reason: DissatisfactionReason) -> bool:
        """Attach a reason to a negative rating (once), then await a comment; return True if stored."""
        async with self._sessions() as session, session.begin():
            return (
                _changed(
                    await session.execute(
                        update(Rating)
                        .where(
                            col(Rating.conversation_id) == conversation_id,
                            col(Rating.conversation_id).in_(self._chat_conversations(chat_key)),
                            col(Rating.reason).is_(None),
                            col(Rating.level) <= int(SatisfactionLevel.DISSATISFIED),
                        )
                        .values(reason=reason.value, comment_pending=True, updated_at=utc_now())
                    )
                )
                == 1
            )

    async def pending_comment(self, chat_key: str) -> int | None:
        """Return the conversation id whose rating waits for a comment from this chat (recently), or None."""
        async with self._sessions() as session:
            result = await session.execute(
                select(Rating.conversation_id)
                .where(
                    col(Rating.comment_pending).is_(True),
                    col(Rating.updated_at) >= utc_now() - COMMENT_WINDOW,
                    col(Rating.conversation_id).in_(self._chat_conversations(chat_key)),
                )
                .order_by(col(Rating.id).desc())
                .limit(1)
            )
            return result.scalars().first()

    async def record_comment(self, conversation_id: int, chat_key: str, comment: str | None) -> bool:
        """Store the (masked) comment, or None to skip; return True if a comment was still awaited."""
        text = mask_personal_data(comment)[:MAX_COMMENT_CHARS] if comment else None
        async with self._sessions() as session, session.begin():
            return (
                _changed(
                    await session.execute(
                        update(Rating)
                        .where(
                            col(Rating.conversation_id) == conversation_id,
                            col(Rating.conversation_id).in_(self._chat_conversations(chat_key)),
                            col(Rating.comment_pending).is_(True),
                        )
                        .values(comment=text, comment_pending=False, updated_at=utc_now())
                    )
                )
                == 1
            )

    async def summary(self) -> RatingSummary:
        """Return the number of ratings per level and of comments."""
        async with self._sessions() as session:
            by_level = select(Rating.level, func.count()).group_by(col(Rating.level))
            rows = (await session.execute(by_level)).all()
            comments = (
                await session.execute(select(func.count()).where(col(Rating.comment).is_not(None)))
            ).scalar_one()
        counts = {level: 0 for level in SatisfactionLevel}
        for level, count in rows:
            counts[SatisfactionLevel(level)] = int(count)
        return RatingSummary(counts, int(comments))

    async def recent(self, limit: int = 50) -> list[Rating]:
        """Return the latest ratings, newest first."""
        async with self._sessions() as session:
            result = await session.execute(select(Rating).order_by(col(Rating.id).desc()).limit(limit))
            return list(result.scalars().all())

    @staticmethod
    def _chat_conversations(chat_key: str) -> SelectOfScalar[int] | SelectOfScalar[None]:
        return select(Conversation.id).where(col(Conversation.chat_key) == chat_key)
