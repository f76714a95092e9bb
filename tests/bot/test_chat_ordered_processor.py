"""Updates of different chats run concurrently; the updates of one chat run in arrival order."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.chat_ordered_processor import ChatOrderedProcessor, ordering_key
from bot.offline_request import LocalRequest, OfflineBot
from bot.update_factory import UpdateFactory


def _updates(chat_id: int, count: int) -> list[Update]:
    factory = UpdateFactory(OfflineBot(LocalRequest()), chat_id=chat_id, user_id=chat_id)
    return [factory.text(f"tin {number}") for number in range(count)]


async def test_one_chat_in_order_and_chats_concurrently() -> None:
    processor = ChatOrderedProcessor(max_concurrent_updates=16)
    log: list[tuple[int, str, int]] = []
    running: set[int] = set()
    overlap = []

    async def handle(update: Update, delay: float) -> None:
        assert update.effective_chat is not None and update.effective_message is not None
        chat = update.effective_chat.id
        assert chat not in running, "two updates of one chat ran at once"
        running.add(chat)
        overlap.append(len(running))
        log.append((chat, "start", int(str(update.effective_message.text).split()[1])))
        await asyncio.sleep(delay)
        running.discard(chat)

    first, second = _updates(1, 5), _updates(2, 5)
    tasks = []
    for number in range(5):
        # The first update of each chat is the slowest: later ones must still wait for it.
        delay = 0.05 if number == 0 else 0.001
        tasks.append(
            asyncio.create_task(processor.process_update(first[number], handle(first[number], delay)))
        )
        tasks.append(
            asyncio.create_task(processor.process_update(second[number], handle(second[number], delay)))
        )
    await asyncio.gather(*tasks)
    for chat in (1, 2):
        assert [number for c, _, number in log if c == chat] == [0, 1, 2, 3, 4]
    assert max(overlap) == 2  # the two chats did run at the same time
    assert processor.chats_in_flight == 0  # no lock is kept once a chat is idle


def test_ordering_key_prefers_the_chat() -> None:
    [update] = _updates(-100123, 1)
    assert ordering_key(update) == ("chat", -100123)
    assert ordering_key(object()) is None
