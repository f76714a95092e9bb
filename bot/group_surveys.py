"""Surveys of questions asked in a group go to the asker in private, never to the group.

In a group each person has their own conversation (keyed by their user id, like their private chat). The
idle sweeper surveys a conversation only when it has a (sealed) chat; group conversations are stored
without one. When the asker has started the bot in private (their consent), ``route_to_private`` gives
their open conversation their private chat, sealed like every stored chat id, so the sweeper asks for the
rating there.
"""

from __future__ import annotations

from bot.conversations import ConversationStore


async def route_to_private(conversations: ConversationStore, chat_key: str, private_chat_id: int) -> bool:
    """Point the person's open conversation at their private chat; return True if one was changed."""
    return await conversations.attach_chat(chat_key, private_chat_id)
