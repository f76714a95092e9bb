"""Concurrent update processing that keeps each chat's updates in order.

PTB processes updates one at a time by default, so one chat waiting on the database or the Bot API holds up
every other chat. ``ChatOrderedProcessor`` lets updates of *different* chats run concurrently (up to a bound)
while the updates of one chat (or, without a chat, of one user) still run strictly one after another, in the
order they arrived: a follow-up question never overtakes the question it follows, and a rating tap never
overtakes the survey. The bot uses no ``ConversationHandler``, which must not be combined with concurrency.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

DEFAULT_MAX_CONCURRENT_UPDATES = 64


def ordering_key(update: object) -> tuple[str, int] | None:
    """Return the key whose updates must stay in order: the chat, else the user; None for neither."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return ("chat", update.effective_chat.id)
    if update.effective_user is not None:
        return ("user", update.effective_user.id)
    return None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Runs updates of different chats concurrently and the updates of one chat in arrival order."""

    def __init__(self, max_concurrent_updates: int = DEFAULT_MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[tuple[str, int], asyncio.Lock] = {}
        self._users: dict[tuple[str, int], int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await ``coroutine`` once every earlier update of the same chat is done."""
        key = ordering_key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key]
                del self._locks[key]

    @property
    def chats_in_flight(self) -> int:
        """Return how many chats have an update running or waiting."""
        return len(self._locks)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
