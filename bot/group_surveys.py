"""Surveys of questions asked in a group go to the asker in private, never to the group.

In a group each person has their own conversation (keyed by their user id, like their private chat). The
idle sweeper surveys a conversation only when it has a chat id; group conversations are stored without one.
When the asker has started the bot in private (their consent), ``route_to_private`` gives their open
conversation the id of that private chat, so the sweeper asks for the rating there.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from bot.models.conversation import Conversation, ConversationState


async def route_to_private(
    session_factory: async_sessionmaker[AsyncSession], chat_key: str, private_chat_id: int
) -> bool:
    """Point the person's open conversation at their private chat; return True if one was changed."""
    async with session_factory() as session, session.begin():
        result = await session.execute(
            update(Conversation)
            .where(
                col(Conversation.chat_key) == chat_key,
                col(Conversation.state) == ConversationState.OPEN.value,
                col(Conversation.chat_id).is_(None),
            )
            .values(chat_id=private_chat_id)
        )
        return int(getattr(result, "rowcount", 0) or 0) > 0
