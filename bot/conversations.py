"""Conversation state in the database: the open conversation of each chat, its procedure, and survey claims.

Handlers stay stateless: everything a later update needs (the procedure under discussion, whether a survey
was already asked) is read from here, so a restart or a second process loses nothing. State changes that
must happen once (open → surveying) are atomic conditional UPDATEs checked by their row count.

The hot path of a question is one read (:meth:`ConversationStore.snapshot`: the open conversation, the
procedure under discussion and a pending survey comment) and one short write (:meth:`record_activity` given
that snapshot: a single Core UPDATE, guarded by the ``last_activity`` it read, else the full path).

A chat id is written only sealed by :class:`bot.chat_cipher.ChatIdCipher` (column ``chat_ref``); a store
built without a cipher stores no way back to the chat at all, and the sweeper then closes its idle
conversations without a survey.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, Table, bindparam, insert, update
from sqlalchemy import select as core_select
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.sql.elements import BindParameter
from sqlmodel import col, select

from bot.chat_cipher import ChatIdCipher
from bot.models.conversation import Channel, Conversation, ConversationState, Rating
from bot.models.preferences import UserPreference
from bot.privacy import mask_personal_data

MAX_STORED_QUESTIONS = 20
MAX_STORED_QUESTION_CHARS = 500
CONVERSATIONS: Table = Conversation.__table__  # type: ignore[attr-defined]
RATINGS: Table = Rating.__table__  # type: ignore[attr-defined]
USER_PREFERENCES: Table = UserPreference.__table__  # type: ignore[attr-defined]
_INSERT_CONVERSATION = insert(CONVERSATIONS)
# The open conversation exactly as a snapshot read it (same id, still open, no activity since).
_UPDATE_READ_CONVERSATION = update(CONVERSATIONS).where(
    CONVERSATIONS.c.id == bindparam("read_id"),
    CONVERSATIONS.c.state == ConversationState.OPEN.value,
    CONVERSATIONS.c.last_activity == bindparam("read_activity"),
)
MAX_CLAIMS_PER_SWEEP = 500  # bounds one sweep's transaction; the next sweep takes the rest


def utc_now() -> datetime:
    """Return the current time, timezone-aware in UTC (the form every table stores)."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ChatRef:
    """Who is talking: hashed chat and user keys, channel, locale, and the chat id (in memory only).

    ``chat_id`` is the private chat to survey later; the store writes it only sealed, never as is.
    """

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


@dataclass(frozen=True, slots=True)
class OpenConversation:
    """What the hot path needs of a chat's open conversation to update it without loading it again."""

    id: int
    questions: str
    procedures_shown: str
    last_activity: datetime
    channel: str
    locale: str


@dataclass(frozen=True, slots=True)
class ChatSnapshot:
    """A chat's state read in one go: open conversation, procedure under discussion, pending comment.

    ``user_locale`` is the /lang choice of the user asked for (None when not asked, or never chosen).
    """

    open: OpenConversation | None
    procedure_code: str | None
    pending_comment: int | None
    user_locale: str | None = None


def _append_json(raw: str, item: str, limit: int, *, unique: bool = False) -> str:
    values: list[str] = json.loads(raw or "[]")
    if unique and item in values:
        values.remove(item)
    values.append(item)
    return json.dumps(values[-limit:], ensure_ascii=False)


@cache
def _snapshot_statements(with_user_locale: bool) -> tuple[Select[Any], Select[Any]]:
    """Return the two SELECTs of ``ConversationStore.snapshot``, built once (bound parameters ``chat_key``,
    ``comment_since`` and, with the user's locale, ``user_key``): the open conversation, else the fallback."""
    conversations, ratings, preferences = CONVERSATIONS.c, RATINGS.c, USER_PREFERENCES.c
    chat_key: BindParameter[Any] = bindparam("chat_key")
    pending = (
        core_select(ratings.conversation_id)
        .where(
            ratings.comment_pending.is_(True),
            ratings.updated_at >= bindparam("comment_since"),
            ratings.conversation_id.in_(
                core_select(conversations.id).where(conversations.chat_key == chat_key)
            ),
        )
        .order_by(ratings.id.desc())
        .limit(1)
        .scalar_subquery()
        .label("pending")
    )
    extra = []
    if with_user_locale:
        user_locale = (
            core_select(preferences.locale)
            .where(preferences.user_key == bindparam("user_key"))
            .scalar_subquery()
            .label("user_locale")
        )
        extra.append(user_locale)
    opened = (
        core_select(
            conversations.id,
            conversations.questions,
            conversations.procedures_shown,
            conversations.last_activity,
            conversations.channel,
            conversations.locale,
            conversations.procedure_code,
            pending,
            *extra,
        )
        .where(conversations.chat_key == chat_key, conversations.state == ConversationState.OPEN.value)
        .order_by(conversations.id.desc())
        .limit(1)
    )
    latest = (
        core_select(conversations.procedure_code)
        .where(conversations.chat_key == chat_key, conversations.procedure_code.is_not(None))
        .order_by(conversations.last_activity.desc(), conversations.id.desc())
        .limit(1)
        .scalar_subquery()
        .label("latest")
    )
    return opened, core_select(pending, latest, *extra)


def decode_list(raw: str | None) -> list[str]:
    """Return the list stored as JSON text in a conversation or rating column."""
    return list(json.loads(raw or "[]"))


class ConversationStore:
    """Reads and changes conversations; every method opens its own short transaction."""

    def __init__(
        self, session_factory: async_sessionmaker[AsyncSession], cipher: ChatIdCipher | None = None
    ) -> None:
        self._sessions = session_factory
        self._cipher = cipher

    @property
    def _engine(self) -> AsyncEngine:
        """The engine the sessions are bound to: the hot path runs Core statements on it, without the ORM."""
        bind = self._sessions.kw.get("bind")
        if not isinstance(bind, AsyncEngine):
            raise TypeError("the session factory must be bound to an AsyncEngine")
        return bind

    def _sealed(self, chat: ChatRef) -> str | None:
        if self._cipher is None or chat.chat_id is None or chat.channel is Channel.GROUP:
            return None
        return self._cipher.seal(chat.chat_id)

    def _opened(self, chat_ref: str | None) -> int | None:
        return self._cipher.open(chat_ref) if self._cipher is not None else None

    async def snapshot(
        self, chat_key: str, comment_since: datetime, *, user_key: str | None = None
    ) -> ChatSnapshot:
        """Return the chat's open conversation, its procedure under discussion and a pending comment.

        ``pending_comment`` is the conversation whose rating waits for a comment updated since
        ``comment_since`` (see ``SatisfactionLog.pending_comment``). With ``user_key`` the same read also
        returns that user's /lang choice (``user_locale``). One Core SELECT on a plain connection (a second
        one only when the chat has no open conversation).
        """
        opened, fallback = _snapshot_statements(user_key is not None)
        params = {"chat_key": chat_key, "comment_since": comment_since, "user_key": user_key}
        async with self._engine.connect() as connection:
            row = (await connection.execute(opened, params)).first()
            if row is not None:
                # The open conversation is the chat's latest; it started with the procedure then discussed.
                return ChatSnapshot(
                    OpenConversation(
                        row.id,
                        row.questions,
                        row.procedures_shown,
                        row.last_activity,
                        row.channel,
                        row.locale,
                    ),
                    row.procedure_code,
                    row.pending,
                    row.user_locale if user_key is not None else None,
                )
            values = (await connection.execute(fallback, params)).one()
        return ChatSnapshot(
            None, values.latest, values.pending, values.user_locale if user_key is not None else None
        )

    async def record_activity(
        self,
        chat: ChatRef,
        *,
        question: str | None = None,
        procedure_code: str | None = None,
        snapshot: ChatSnapshot | None = None,
    ) -> int:
        """Add a question (masked) and/or a shown procedure to the chat's open conversation; return its id.

        Opens a new conversation when the chat has none open. The procedure becomes the one under discussion.
        Given the chat's ``snapshot`` (read earlier in the same update) it is one Core UPDATE or INSERT; if
        the conversation changed since (another process, the sweeper), it falls back to reading it again.
        """
        now = utc_now()
        if snapshot is not None:
            written = await self._record_from_snapshot(chat, snapshot, now, question, procedure_code)
            if written is not None:
                return written
        async with self._sessions() as session, session.begin():
            conversation = await self._open_conversation(session, chat.chat_key)
            if conversation is None:
                conversation = Conversation(
                    chat_key=chat.chat_key,
                    user_key=chat.user_key,
                    chat_ref=self._sealed(chat),
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

    async def _record_from_snapshot(
        self,
        chat: ChatRef,
        snapshot: ChatSnapshot,
        now: datetime,
        question: str | None,
        procedure_code: str | None,
    ) -> int | None:
        masked = mask_personal_data(question)[:MAX_STORED_QUESTION_CHARS] if question else None
        current = snapshot.open
        async with self._engine.begin() as connection:
            if current is None:
                inserted = await connection.execute(
                    _INSERT_CONVERSATION,
                    {
                        "chat_key": chat.chat_key,
                        "user_key": chat.user_key,
                        "chat_ref": self._sealed(chat),
                        "channel": chat.channel.value,
                        "locale": chat.locale,
                        "state": ConversationState.OPEN.value,
                        "procedure_code": procedure_code or snapshot.procedure_code,
                        "procedures_shown": _append_json("[]", procedure_code, 50)
                        if procedure_code
                        else "[]",
                        "questions": _append_json("[]", masked, MAX_STORED_QUESTIONS) if masked else "[]",
                        "started_at": now,
                        "last_activity": now,
                    },
                )
                assert inserted.inserted_primary_key is not None
                return int(inserted.inserted_primary_key[0])
            changes: dict[str, object] = {"last_activity": now, "locale": chat.locale}
            if chat.channel is Channel.RELAY:
                changes["channel"] = Channel.RELAY.value
            if masked:
                changes["questions"] = _append_json(current.questions, masked, MAX_STORED_QUESTIONS)
            if procedure_code:
                changes["procedure_code"] = procedure_code
                changes["procedures_shown"] = _append_json(
                    current.procedures_shown, procedure_code, 50, unique=True
                )
            # The values are parameters of a statement built once (SET takes the columns named in them).
            changes["read_id"] = current.id
            changes["read_activity"] = current.last_activity
            updated = await connection.execute(_UPDATE_READ_CONVERSATION, changes)
            return current.id if updated.rowcount == 1 else None

    async def attach_chat(self, chat_key: str, chat_id: int) -> bool:
        """Give the chat's open conversation that has no chat yet ``chat_id`` (sealed); True if one changed.

        Used for a group question whose asker has started the bot in private: the survey goes there.
        """
        if self._cipher is None:
            return False
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                update(Conversation)
                .where(
                    col(Conversation.chat_key) == chat_key,
                    col(Conversation.state) == ConversationState.OPEN.value,
                    col(Conversation.chat_ref).is_(None),
                )
                .values(chat_ref=self._cipher.seal(chat_id))
            )
            return int(getattr(result, "rowcount", 0) or 0) > 0

    def chat_of(self, conversation: Conversation) -> int | None:
        """Return the chat id sealed in a conversation row, or None (none stored, or not openable)."""
        return self._opened(conversation.chat_ref)

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
                return SurveyTicket(conversation.id, conversation.locale, self._opened(conversation.chat_ref))
            return None

    async def claim_idle(self, cutoff: datetime) -> list[SurveyTicket]:
        """Claim the open conversations idle since before ``cutoff``; return the ones this caller must survey.

        Conversations with a chat that opens go to ``surveying`` and are returned with their chat id; the
        others (groups whose asker never started the bot, or a chat sealed under another key) are closed
        without a survey. Each row is claimed by a conditional UPDATE, so with several processes every
        conversation is surveyed exactly once.
        """
        tickets: list[SurveyTicket] = []
        async with self._sessions() as session, session.begin():
            rows = (
                await session.execute(
                    select(Conversation.id, Conversation.chat_ref, Conversation.locale)
                    .where(
                        col(Conversation.state) == ConversationState.OPEN.value,
                        col(Conversation.last_activity) < cutoff,
                    )
                    .order_by(col(Conversation.id))
                    .limit(MAX_CLAIMS_PER_SWEEP)
                    # PostgreSQL: rows another replica is claiming are skipped, not waited for (no lock
                    # convoys or deadlocks between sweepers); SQLite ignores it (one writer at a time).
                    .with_for_update(skip_locked=True)
                )
            ).all()
            for conversation_id, chat_ref, locale in rows:
                chat_id = self._opened(chat_ref)
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
                .values(state=ConversationState.CLOSED.value, chat_ref=None, ended_at=utc_now())
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
                .values(state=ConversationState.CLOSED.value, chat_ref=None, ended_at=utc_now())
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
            .values(state=target.value, chat_ref=None, ended_at=utc_now())
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
    def _latest_procedure_query(chat_key: str) -> Any:
        return (
            select(Conversation.procedure_code)
            .where(col(Conversation.chat_key) == chat_key, col(Conversation.procedure_code).is_not(None))
            .order_by(col(Conversation.last_activity).desc(), col(Conversation.id).desc())
            .limit(1)
        )

    @classmethod
    async def _latest_procedure(cls, session: AsyncSession, chat_key: str) -> str | None:
        result = await session.execute(cls._latest_procedure_query(chat_key))
        return result.scalars().first()
