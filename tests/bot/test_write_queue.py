"""The durable write queue: writes made while the database is down are kept, bounded, and written later."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
import textwrap
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError, InternalError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversations import ChatRef, ConversationStore
from bot.database import create_engine, session_factory
from bot.models.conversation import Channel
from bot.satisfaction_log import RatingOutcome, SatisfactionLevel, SatisfactionLog
from bot.unanswered_log import UnansweredLog
from bot.write_queue import (
    QueuedSatisfactionLog,
    QueuedUnansweredLog,
    QueueFullError,
    WriteQueue,
    WriteReplay,
    install_write_queue,
    is_database_unavailable,
    read_pending,
)
from tests.handlers.harness import popup_texts, running_bot, sent_texts

DEAD_DATABASE = "postgresql+asyncpg://nobody@127.0.0.1:1/none"
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def queue(tmp_path: Path) -> Iterator[WriteQueue]:
    write_queue = WriteQueue(tmp_path / "spool", capacity=5)
    write_queue.open()
    yield write_queue
    write_queue.close()


@pytest.fixture
async def dead_sessions() -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(DEAD_DATABASE)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()


def outage() -> OperationalError:
    return OperationalError("SELECT 1", {}, ConnectionRefusedError(111, "refused"))


def test_entries_are_on_disk_before_enqueue_returns(queue: WriteQueue) -> None:
    queue.enqueue({"op": "unanswered", "question": "a"})
    queue.enqueue({"op": "unanswered", "question": "b"})
    assert queue.path is not None
    assert [e["question"] for e in read_pending(queue.path)] == ["a", "b"]
    assert len(queue) == 2


def test_done_markers_and_a_torn_last_line_are_respected(tmp_path: Path) -> None:
    path = tmp_path / "spool-x.jsonl"
    lines = [{"seq": 0, "entry": {"n": 0}}, {"seq": 1, "entry": {"n": 1}}, {"done": 0}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + '\n{"seq": 2, "ent', encoding="utf-8")
    assert read_pending(path) == [{"n": 1}]


def test_a_full_queue_refuses_and_logs_the_count(queue: WriteQueue, caplog: pytest.LogCaptureFixture) -> None:
    for n in range(5):
        queue.enqueue({"n": n})
    with caplog.at_level(logging.ERROR), pytest.raises(QueueFullError):
        queue.enqueue({"n": 5})
    with pytest.raises(QueueFullError):
        queue.enqueue({"n": 6})
    assert queue.refused == 2
    assert "2 writes refused" in caplog.text
    assert len(queue) == 5


async def test_drain_writes_in_order_and_stops_while_the_database_is_down(queue: WriteQueue) -> None:
    for n in range(4):
        queue.enqueue({"n": n})
    written: list[int] = []
    down = {"value": True}

    async def apply(entry: dict[str, Any]) -> None:
        if entry["n"] == 2 and down["value"]:
            raise outage()
        written.append(entry["n"])

    assert await queue.drain(apply) == 2
    assert written == [0, 1] and len(queue) == 2
    down["value"] = False
    assert await queue.drain(apply) == 2
    assert written == [0, 1, 2, 3] and len(queue) == 0
    assert queue.path is not None and queue.path.stat().st_size == 0  # truncated once empty


async def test_a_write_the_database_rejects_is_counted_not_retried(
    queue: WriteQueue, caplog: pytest.LogCaptureFixture
) -> None:
    queue.enqueue({"op": "rating", "n": 1})

    async def reject(_entry: dict[str, Any]) -> None:
        raise IntegrityError("INSERT", {}, ValueError("bad"))

    with caplog.at_level(logging.ERROR):
        assert await queue.drain(reject) == 1
    assert queue.failed == 1 and len(queue) == 0
    assert "1 rejected so far" in caplog.text


def test_outage_errors_are_recognised() -> None:
    assert is_database_unavailable(outage())
    assert is_database_unavailable(ConnectionRefusedError())
    assert not is_database_unavailable(IntegrityError("x", {}, ValueError()))
    assert not is_database_unavailable(ValueError())


def test_a_connection_cut_mid_operation_counts_as_an_outage() -> None:
    class InternalClientError(Exception):
        """Named like asyncpg's error for a connection cut mid-operation."""

    cut = InternalError("SELECT 1", {}, InternalClientError("cannot switch to state 15"))
    assert is_database_unavailable(cut)
    assert not is_database_unavailable(InternalError("SELECT 1", {}, RuntimeError("a real bug")))


async def test_the_spool_of_a_killed_process_is_adopted(tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from bot.write_queue import WriteQueue
        queue = WriteQueue(Path({str(spool)!r}))
        queue.open()
        for n in range(3):
            queue.enqueue({{"op": "unanswered", "question": f"q{{n}}", "channel": "private", "locale": "vi"}})
        print("acknowledged", flush=True)
        time.sleep(60)
        """
    )
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", script, stdout=asyncio.subprocess.PIPE, env=env
    )
    assert child.stdout is not None
    assert (await asyncio.wait_for(child.stdout.readline(), 30)).strip() == b"acknowledged"
    adopter = WriteQueue(spool)
    adopter.open()
    try:
        assert adopter.adopt_orphans() == 0  # its owner is alive: hands off
        child.send_signal(signal.SIGKILL)
        await child.wait()
        assert adopter.adopt_orphans() == 3
        assert [e["question"] for e in read_pending(adopter.path or spool)] == ["q0", "q1", "q2"]
        assert len(list(spool.glob("spool-*.jsonl"))) == 1  # the orphan file is gone
    finally:
        adopter.close()


async def test_a_clean_close_leaves_pending_writes_for_the_next_start(tmp_path: Path) -> None:
    first = WriteQueue(tmp_path)
    first.open()
    first.enqueue({"op": "unanswered", "question": "q"})
    first.close()
    second = WriteQueue(tmp_path)
    second.open()
    try:
        assert second.adopt_orphans() == 1
    finally:
        second.close()


async def surveying_conversation(sessions: async_sessionmaker[AsyncSession], chat_key: str) -> int:
    store = ConversationStore(sessions)
    chat = ChatRef(chat_key=chat_key, user_key="u" * 32, channel=Channel.PRIVATE, locale="vi", chat_id=77)
    await store.record_activity(chat, question="đăng ký khai sinh", procedure_code="1.001193")
    ticket = await store.begin_survey(chat_key)
    assert ticket is not None
    return ticket.conversation_id


async def test_ratings_made_during_an_outage_are_written_once_when_it_ends(
    db_sessions: async_sessionmaker[AsyncSession],
    dead_sessions: async_sessionmaker[AsyncSession],
    queue: WriteQueue,
) -> None:
    chat_key = "c" * 32
    conversation_id = await surveying_conversation(db_sessions, chat_key)
    down = QueuedSatisfactionLog(dead_sessions, queue)
    level = SatisfactionLevel.DISSATISFIED
    assert await down.record_rating(conversation_id, chat_key, level) is RatingOutcome.RECORDED
    assert await down.record_rating(conversation_id, chat_key, level) is RatingOutcome.RECORDED  # a 2nd tap
    assert len(queue) == 2
    replay = WriteReplay(db_sessions)
    assert await queue.drain(replay) == 2
    summary = await SatisfactionLog(db_sessions).summary()
    assert summary.total == 1 and summary.counts[level] == 1
    assert queue.written == 2 and queue.failed == 0
    # a replica killed before marking its replays done replays them again: still one rating
    await replay({"op": "rating", "conversation_id": conversation_id, "chat_key": chat_key, "level": 2})
    assert (await SatisfactionLog(db_sessions).summary()).total == 1


async def test_with_the_database_up_writes_go_straight_to_it(
    db_sessions: async_sessionmaker[AsyncSession], queue: WriteQueue
) -> None:
    chat_key = "d" * 32
    conversation_id = await surveying_conversation(db_sessions, chat_key)
    log = QueuedSatisfactionLog(db_sessions, queue)
    assert (
        await log.record_rating(conversation_id, chat_key, SatisfactionLevel.SATISFIED)
        is RatingOutcome.RECORDED
    )
    repeated = await log.record_rating(conversation_id, chat_key, SatisfactionLevel.SATISFIED)
    assert repeated is RatingOutcome.ALREADY_RATED
    assert len(queue) == 0


async def test_a_rating_is_not_acknowledged_when_the_queue_is_full(
    dead_sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    tiny = WriteQueue(tmp_path, capacity=1)
    tiny.open()
    try:
        log = QueuedSatisfactionLog(dead_sessions, tiny)
        await log.record_rating(1, "k" * 32, SatisfactionLevel.SATISFIED)
        with pytest.raises(QueueFullError):
            await log.record_rating(2, "k" * 32, SatisfactionLevel.SATISFIED)
        assert tiny.refused == 1
    finally:
        tiny.close()


async def test_unanswered_questions_are_queued_masked_and_overflow_is_counted(
    dead_sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    tiny = WriteQueue(tmp_path, capacity=1)
    tiny.open()
    try:
        log = QueuedUnansweredLog(dead_sessions, tiny)
        await log.record("số của tôi 0912345678 hỏi thủ tục lạ", Channel.PRIVATE, "vi")
        await log.record("câu thứ hai", Channel.PRIVATE, "vi")  # overflow: counted, not raised
        assert tiny.refused == 1
        [entry] = read_pending(tiny.path or tmp_path)
        assert "0912345678" not in entry["question"]
    finally:
        tiny.close()


async def test_during_an_outage_citizens_get_answers_and_ratings_are_acknowledged(
    dead_sessions: async_sessionmaker[AsyncSession], queue: WriteQueue
) -> None:
    async with running_bot(dead_sessions) as harness:
        install_write_queue(harness.application, harness.services, queue)
        answer = sent_texts(await harness.say("đăng ký khai sinh"))
        assert any("1.001193" in text for text in answer)  # answered from the catalogue in memory
        nothing = sent_texts(await harness.say("thủ tục cấp phép bay vũ trụ"))
        assert nothing  # the no-match reply, its log entry queued
        tap = await harness.tap("r:41:5")
        assert any("Đã ghi nhận" in text for text in popup_texts(tap))
    assert [e["op"] for e in read_pending(queue.path or Path())] == ["unanswered", "rating"]


async def test_the_drain_job_writes_the_queue_once_the_database_is_back(
    db_sessions: async_sessionmaker[AsyncSession], queue: WriteQueue
) -> None:
    queue.enqueue({"op": "unanswered", "question": "câu hỏi lạ", "channel": "private", "locale": "vi"})
    async with running_bot(db_sessions) as harness:
        install_write_queue(harness.application, harness.services, queue, interval=0.05)
        await harness.application.start()
        try:
            for _ in range(100):
                if not len(queue):
                    break
                await asyncio.sleep(0.05)
        finally:
            await harness.application.stop()
    assert len(queue) == 0
    assert [q.question for q in await UnansweredLog(db_sessions).recent()] == ["câu hỏi lạ"]
