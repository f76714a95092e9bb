"""Conversation state in the database: the open conversation of each chat, its procedure, and survey claims.

Handlers stay stateless: everything a later update needs (the procedure under discussion, whether a survey
was already asked) is read from here, so a restart or a second process loses nothing. State changes that
must happen once (open → surveying) are atomic conditional UPDATEs checked by their row count.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from bot.models.conversation import Channel, Conversation, ConversationState
from bot.privacy import mask_personal_data

MAX_STORED_QUESTIONS = 20
MAX_STORED_QUESTION_CHARS = 500


def utc_now() -> datetime:
    """Return the current time, timezone-aware in UTC (the form every table stores)."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ChatRef:
    """Who is talking: hashed chat and user keys, channel, locale, raw chat id (private chats only)."""

    chat_key: str
    user_key: str
    channel: Channel
    locale: str
    chat_id: int | None = None


@dataclass(frozen=True, slots=True)
class SurveyTicket:
    """A conversation claimed for its satisfaction survey: send the survey for ``conversation_id``."""

    conversation_id: int
    locale: str
    chat_id: int | None


def _append_json(raw: str, item: str, limit: int, *, unique: bool = False) -> str:
    values: list[str] = json.loads(raw or "[]")
    if unique and item in values:
        values.remove(item)
    values.append(item)
    return json.dumps(values[-limit:], ensure_ascii=False)


def decode_list(raw: str | None) -> list[str]:
    """Return the list stored as JSON text in a conversation or rating column."""
    return list(json.loads(raw or "[]"))


class ConversationStore:
    """Reads and changes conversations; every method opens its own short transaction."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def record_activity(
        self, chat: ChatRef, *, question: str | None = None, procedure_code: str | None = None
    ) -> int:
        """Add a question (masked) and/or a shown procedure to the chat's open conversation; return its id.

        Opens a new conversation when the chat has none open. The procedure becomes the one under discussion.
        """
        now = utc_now()
        async with self._sessions() as session, session.begin():
            conversation = await self._open_conversation(session, chat.chat_key)
            if conversation is None:
                conversation = Conversation(
                    chat_key=chat.chat_key,
                    user_key=chat.user_key,
                    chat_id=chat.chat_id if chat.channel is not Channel.GROUP else None,
                    channel=chat.channel.value,
                    locale=chat.locale,
                    state=ConversationState.OPEN.value,
                    procedure_code=await self._latest_procedure(session, chat.chat_key),
                    started_at=now,
                    last_activity=now,
                )
                session.add(conversation)
            conversation.last_activity = now
            conversation.locale = chat.locale
            if chat.channel is Channel.RELAY:
                conversation.channel = Channel.RELAY.value
            if question:
                masked = mask_personal_data(question)[:MAX_STORED_QUESTION_CHARS]
                conversation.questions = _append_json(conversation.questions, masked, MAX_STORED_QUESTIONS)
            if procedure_code:
                conversation.procedure_code = procedure_code
                conversation.procedures_shown = _append_json(
                    conversation.procedures_shown, procedure_code, 50, unique=True
                )
            await session.flush()
            assert conversation.id is not None
            return conversation.id

    async def current_procedure(self, chat_key: str) -> str | None:
        """Return the code of the procedure most recently discussed in this chat, or None."""
        async with self._sessions() as session:
            return await self._latest_procedure(session, chat_key)

    async def last_question(self, chat_key: str) -> str | None:
        """Return the last (masked) question of the chat's open conversation, or None."""
        async with self._sessions() as session:
            conversation = await self._open_conversation(session, chat_key)
            if conversation is None:
                return None
            questions = decode_list(conversation.questions)
            return questions[-1] if questions else None

    async def get(self, conversation_id: int) -> Conversation | None:
        """Return one conversation by id, or None."""
        async with self._sessions() as session:
            return await session.get(Conversation, conversation_id)

    async def begin_survey(self, chat_key: str) -> SurveyTicket | None:
        """Move the chat's open conversation to ``surveying``; return its ticket, or None if none was open.

        The conditional UPDATE (``state = 'open'``) makes the survey happen once even if two updates race.
        """
        async with self._sessions() as session, session.begin():
            conversation = await self._open_conversation(session, chat_key)
            if conversation is None or conversation.id is None:
                return None
            if await self._claim(session, conversation.id, ConversationState.SURVEYING):
                return SurveyTicket(conversation.id, conversation.locale, conversation.chat_id)
            return None

    async def claim_idle(self, cutoff: datetime) -> list[SurveyTicket]:
        """Claim the open conversations idle since before ``cutoff``; return the ones this caller must survey.

        Private conversations go to ``surveying`` and are returned with their chat id; group conversations
        (whose chat id is never stored) are closed without a survey. Each row is claimed by a conditional
        UPDATE, so with several processes every conversation is surveyed exactly once.
        """
        tickets: list[SurveyTicket] = []
        async with self._sessions() as session, session.begin():
            rows = (
                await session.execute(
                    select(Conversation.id, Conversation.chat_id, Conversation.locale).where(
                        col(Conversation.state) == ConversationState.OPEN.value,
                        col(Conversation.last_activity) < cutoff,
                    )
                )
            ).all()
            for conversation_id, chat_id, locale in rows:
                target = ConversationState.SURVEYING if chat_id is not None else ConversationState.CLOSED
                if await self._claim(session, conversation_id, target) and chat_id is not None:
                    tickets.append(SurveyTicket(conversation_id, locale, chat_id))
        return tickets

    async def close_chat(self, chat_key: str) -> int:
        """Close the open or surveying conversations of a chat (e.g. the bot was blocked); return how many."""
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                update(Conversation)
                .where(
                    col(Conversation.chat_key) == chat_key,
                    col(Conversation.state).in_(
                        [ConversationState.OPEN.value, ConversationState.SURVEYING.value]
                    ),
                )
                .values(state=ConversationState.CLOSED.value, chat_id=None, ended_at=utc_now())
            )
            return int(getattr(result, "rowcount", 0) or 0)

    async def close(self, conversation_id: int) -> bool:
        """Close one conversation that is not rated yet (e.g. its survey could not be delivered)."""
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                update(Conversation)
                .where(
                    col(Conversation.id) == conversation_id,
                    col(Conversation.state).in_(
                        [ConversationState.OPEN.value, ConversationState.SURVEYING.value]
                    ),
                )
                .values(state=ConversationState.CLOSED.value, chat_id=None, ended_at=utc_now())
            )
            return int(getattr(result, "rowcount", 0) or 0) == 1

    @staticmethod
    async def _claim(session: AsyncSession, conversation_id: int, target: ConversationState) -> bool:
        result = await session.execute(
            update(Conversation)
            .where(
                col(Conversation.id) == conversation_id,
                col(Conversation.state) == ConversationState.OPEN.value,
            )
            .values(state=target.value, chat_id=None, ended_at=utc_now())
            .execution_options(synchronize_session=False)
        )
        assert isinstance(result, CursorResult)
        return result.rowcount == 1

    @staticmethod
    async def _open_conversation(session: AsyncSession, chat_key: str) -> Conversation | None:
        result = await session.execute(
            select(Conversation)
            .where(
                col(Conversation.chat_key) == chat_key,
                col(Conversation.state) == ConversationState.OPEN.value,
            )
            .order_by(col(Conversation.id).desc())
            .limit(1)
        )
        return result.scalars().first()

    @staticmethod
    async def _latest_procedure(session: AsyncSession, chat_key: str) -> str | None:
        result = await session.execute(
            select(Conversation.procedure_code)
            .where(col(Conversation.chat_key) == chat_key, col(Conversation.procedure_code).is_not(None))
            .order_by(col(Conversation.last_activity).desc(), col(Conversation.id).desc())
            .limit(1)
        )
        return result.scalars().first()
