"""Relay marks of conversations: opened from a shared deep link, or a helper's /help_for on someone's behalf.

Reports separate on-behalf ratings with ``ratings JOIN relayed_conversations USING (conversation_id)
WHERE on_behalf``; every relayed conversation (and its rating) also has ``channel = 'relay'``.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversations import utc_now
from bot.models.relay import RelayedConversation, RelaySource


class RelayLog:
    """Writes and reads ``relayed_conversations``."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def mark(
        self,
        conversation_id: int,
        source: RelaySource,
        *,
        on_behalf: bool = False,
        procedure_code: str | None = None,
    ) -> None:
        """Mark a conversation as relayed; a later on-behalf mark upgrades an earlier plain one."""
        try:
            async with self._sessions() as session, session.begin():
                row = await session.get(RelayedConversation, conversation_id)
                if row is None:
                    session.add(
                        RelayedConversation(
                            conversation_id=conversation_id,
                            source=source.value,
                            on_behalf=on_behalf,
                            procedure_code=procedure_code,
                            created_at=utc_now(),
                        )
                    )
                elif on_behalf and not row.on_behalf:
                    row.on_behalf = True
                    row.source = source.value
        except IntegrityError:
            return  # a concurrent update marked it first

    async def get(self, conversation_id: int) -> RelayedConversation | None:
        """Return the relay mark of a conversation, or None when it was not relayed."""
        async with self._sessions() as session:
            return await session.get(RelayedConversation, conversation_id)
