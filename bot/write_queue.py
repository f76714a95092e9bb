"""The bounded, durable retry queue of writes made while the database is unreachable.

Ratings, dissatisfaction reasons, comments and unanswered questions that cannot be written because the
database does not answer are appended to a spool file (one JSON line each, flushed and ``fsync``-ed)
*before* the user is told "recorded", and written to the database when it answers again. So:

- citizens keep getting answers and their ratings are acknowledged during an outage;
- a replica killed with SIGKILL loses nothing it acknowledged: either the rating was committed, or it is in
  the spool file. Each replica holds an exclusive ``flock`` on its own file while it lives; a file whose lock
  is free belongs to a dead process and is adopted by whichever replica (or the restarted one) sees it first;
- the queue is bounded (``capacity`` entries). When it is full a write is refused: the error reaches the
  handler, the user is asked to try again (nothing is acknowledged), and the count of refused writes is
  logged. Nothing is dropped silently.

Replays are idempotent for ratings, reasons and comments (the database accepts each once). A replica that
dies in the middle of a replay may write an unanswered question twice; that log is advisory.

The file holds only hashed chat keys and masked text, like the database.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import Application, ContextTypes

from bot.models.conversation import Channel
from bot.privacy import mask_personal_data
from bot.satisfaction_log import (
    MAX_COMMENT_CHARS,
    DissatisfactionReason,
    RatingOutcome,
    SatisfactionLevel,
    SatisfactionLog,
)
from bot.services import Services
from bot.unanswered_log import MAX_QUESTION_CHARS, UnansweredLog

logger = logging.getLogger(__name__)
DEFAULT_CAPACITY = 10_000
SPOOL_PREFIX = "spool-"
SPOOL_SUFFIX = ".jsonl"
DRAIN_JOB_NAME = "write-queue-drain"
DRAIN_INTERVAL_SECONDS = 1.0
ADOPT_EVERY_TICKS = 10  # look for the spool files of dead replicas every 10 drains

Entry = dict[str, Any]
Apply = Callable[[Entry], Awaitable[None]]


def is_database_unavailable(error: BaseException) -> bool:
    """Return True for errors that mean "the database does not answer now" (retry later)."""
    if isinstance(error, OperationalError | InterfaceError | PoolTimeoutError | OSError | TimeoutError):
        return True  # PoolTimeoutError: every connection busy for 30 s, the database is not keeping up
    if not isinstance(error, DBAPIError):
        return False
    # asyncpg's InternalClientError ("cannot switch to state …") follows a connection cut mid-operation.
    return bool(error.connection_invalidated) or type(error.orig).__name__ in _BROKEN_CONNECTION_ERRORS


_BROKEN_CONNECTION_ERRORS = frozenset({"InternalClientError", "ConnectionDoesNotExistError"})


class QueueFullError(RuntimeError):
    """The write queue is full; the write was refused (and counted)."""


@dataclass
class _SpoolFile:
    path: Path
    handle: IO[str]
    pending: deque[tuple[int, Entry]] = field(default_factory=deque)
    next_seq: int = 0


def read_pending(path: Path) -> list[Entry]:
    """Return the entries of a spool file not yet marked done, in order (a torn last line is ignored)."""
    entries: dict[int, Entry] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # a write cut short by a crash: never fsync-ed, so never acknowledged
            if not isinstance(record, dict):
                continue
            if "done" in record:
                entries.pop(int(record["done"]), None)
            elif "seq" in record and isinstance(record.get("entry"), dict):
                entries[int(record["seq"])] = record["entry"]
    return [entries[seq] for seq in sorted(entries)]


class WriteQueue:
    """A bounded FIFO of writes, mirrored in an append-only spool file that this process locks."""

    def __init__(self, directory: Path, *, capacity: int = DEFAULT_CAPACITY, durable: bool = True) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.directory = directory
        self.capacity = capacity
        self.durable = durable
        self.refused = 0  # writes refused because the queue was full
        self.written = 0  # queued writes later written to the database
        self.failed = 0  # queued writes the database rejected for good (logged each)
        self._spool: _SpoolFile | None = None

    # -- life cycle -------------------------------------------------------------------------------------
    def open(self) -> Path:
        """Create the directory and this process's locked spool file; return its path."""
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"{SPOOL_PREFIX}{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}{SPOOL_SUFFIX}"
        path = self.directory / name
        handle = path.open("a+", encoding="utf-8")
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        self._spool = _SpoolFile(path, handle)
        return path

    def close(self) -> None:
        """Release the spool file; it is deleted when empty, else left for the next start to adopt."""
        spool = self._spool
        if spool is None:
            return
        self._spool = None
        if not spool.pending:
            spool.path.unlink(missing_ok=True)
        else:
            logger.warning("%d queued writes left in the spool for the next start", len(spool.pending))
        spool.handle.close()

    def __len__(self) -> int:
        return 0 if self._spool is None else len(self._spool.pending)

    @property
    def path(self) -> Path | None:
        """Return this process's spool file, or None before ``open``."""
        return None if self._spool is None else self._spool.path

    # -- writing ----------------------------------------------------------------------------------------
    def enqueue(self, entry: Entry) -> None:
        """Append ``entry`` durably; raise :class:`QueueFullError` (and count it) when the queue is full."""
        spool = self._require_open()
        if len(spool.pending) >= self.capacity:
            self.refused += 1
            logger.error(
                "write queue full (%d entries): %d writes refused so far", self.capacity, self.refused
            )
            raise QueueFullError(f"the write queue is full ({self.capacity} entries)")
        seq = spool.next_seq
        spool.next_seq += 1
        self._append(spool, {"seq": seq, "entry": entry})
        spool.pending.append((seq, entry))
        if len(spool.pending) == 1 or len(spool.pending) % 1000 == 0:
            logger.warning("database unavailable: %d writes queued", len(spool.pending))

    async def drain(self, apply: Apply) -> int:
        """Write queued entries in order with ``apply``; stop at the first "database unavailable" error.

        Return how many entries left the queue. An entry the database rejects for another reason is logged
        and counted in ``failed``, never retried forever.
        """
        spool = self._require_open()
        done = 0
        while spool.pending:
            seq, entry = spool.pending[0]
            try:
                await apply(entry)
            except Exception as error:
                if is_database_unavailable(error):
                    break
                self.failed += 1
                logger.error(
                    "a queued %s write was rejected by the database (%s); %d rejected so far",
                    entry.get("op"),
                    type(error).__name__,
                    self.failed,
                )
            else:
                self.written += 1
            spool.pending.popleft()
            self._append(spool, {"done": seq})
            done += 1
        if done and not spool.pending:
            spool.handle.truncate(0)
            spool.handle.seek(0)
            self._sync(spool)
            logger.info("write queue drained: %d writes written so far", self.written)
        return done

    def adopt_orphans(self) -> int:
        """Move the pending entries of spool files whose owner died into this queue; return how many."""
        spool = self._require_open()
        moved = 0
        for path in sorted(self.directory.glob(f"{SPOOL_PREFIX}*{SPOOL_SUFFIX}")):
            if path == spool.path:
                continue
            try:
                handle = path.open("r+", encoding="utf-8")
            except FileNotFoundError:
                continue
            with handle:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # its owner is alive
                if not path.exists():
                    continue  # adopted and removed by another replica meanwhile
                entries = read_pending(path)
                if len(spool.pending) + len(entries) > self.capacity:
                    logger.warning("an orphaned spool (%d writes) waits for room in the queue", len(entries))
                    continue
                for entry in entries:
                    self.enqueue(entry)
                path.unlink()
                moved += len(entries)
        if moved:
            logger.info("adopted %d queued writes of a stopped replica", moved)
        return moved

    # -- internals --------------------------------------------------------------------------------------
    def _require_open(self) -> _SpoolFile:
        if self._spool is None:
            raise RuntimeError("the write queue is not open")
        return self._spool

    def _append(self, spool: _SpoolFile, record: Entry) -> None:
        spool.handle.seek(0, os.SEEK_END)
        spool.handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        self._sync(spool)

    def _sync(self, spool: _SpoolFile) -> None:
        spool.handle.flush()
        if self.durable:
            os.fsync(spool.handle.fileno())


class WriteReplay:
    """Writes one queued entry to the database with the plain (non-queuing) logs."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._satisfaction = SatisfactionLog(session_factory)
        self._unanswered = UnansweredLog(session_factory)

    async def __call__(self, entry: Entry) -> None:
        """Write ``entry``; a write the database already holds is a no-op (replays are idempotent)."""
        op = entry.get("op")
        if op == "rating":
            await self._satisfaction.record_rating(
                int(entry["conversation_id"]), str(entry["chat_key"]), SatisfactionLevel(int(entry["level"]))
            )
        elif op == "reason":
            await self._satisfaction.record_reason(
                int(entry["conversation_id"]), str(entry["chat_key"]), DissatisfactionReason(entry["reason"])
            )
        elif op == "comment":
            comment = entry.get("comment")
            await self._satisfaction.record_comment(
                int(entry["conversation_id"]),
                str(entry["chat_key"]),
                None if comment is None else str(comment),
            )
        elif op == "unanswered":
            await self._unanswered.record(
                str(entry["question"]), Channel(entry["channel"]), str(entry["locale"])
            )
        else:
            raise ValueError(f"unknown queued write {op!r}")


class QueuedSatisfactionLog(SatisfactionLog):
    """The satisfaction log, whose writes go to the write queue when the database is unavailable.

    While the queue holds writes, new ones queue behind them, so a reason never overtakes its rating.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], queue: WriteQueue) -> None:
        super().__init__(session_factory)
        self.queue = queue

    async def record_rating(
        self, conversation_id: int, chat_key: str, level: SatisfactionLevel
    ) -> RatingOutcome:
        """Store the rating once, or queue it durably when the database is down (then RECORDED)."""
        entry = {
            "op": "rating",
            "conversation_id": conversation_id,
            "chat_key": chat_key,
            "level": int(level),
        }
        if len(self.queue) == 0:
            try:
                return await super().record_rating(conversation_id, chat_key, level)
            except Exception as error:
                self._enqueue_or_raise(entry, error)
                return RatingOutcome.RECORDED
        self._enqueue_or_raise(entry, None)
        return RatingOutcome.RECORDED

    async def record_reason(self, conversation_id: int, chat_key: str, reason: DissatisfactionReason) -> bool:
        """Attach the reason, or queue it when the database is down (then True)."""
        entry = {
            "op": "reason",
            "conversation_id": conversation_id,
            "chat_key": chat_key,
            "reason": reason.value,
        }
        if len(self.queue) == 0:
            try:
                return await super().record_reason(conversation_id, chat_key, reason)
            except Exception as error:
                self._enqueue_or_raise(entry, error)
                return True
        self._enqueue_or_raise(entry, None)
        return True

    async def record_comment(self, conversation_id: int, chat_key: str, comment: str | None) -> bool:
        """Store the comment (masked), or queue it when the database is down (then True)."""
        masked = mask_personal_data(comment)[:MAX_COMMENT_CHARS] if comment else None
        entry = {"op": "comment", "conversation_id": conversation_id, "chat_key": chat_key, "comment": masked}
        if len(self.queue) == 0:
            try:
                return await super().record_comment(conversation_id, chat_key, masked)
            except Exception as error:
                self._enqueue_or_raise(entry, error)
                return True
        self._enqueue_or_raise(entry, None)
        return True

    def _enqueue_or_raise(self, entry: Entry, error: Exception | None) -> None:
        if error is not None and not is_database_unavailable(error):
            raise error
        try:
            self.queue.enqueue(entry)
        except QueueFullError:
            if error is not None:
                raise error from None
            raise


class QueuedUnansweredLog(UnansweredLog):
    """The unanswered-question log, whose writes go to the write queue when the database is unavailable."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession], queue: WriteQueue) -> None:
        super().__init__(session_factory)
        self.queue = queue

    async def record(self, question: str, channel: Channel, locale: str) -> None:
        """Store the (masked) question, or queue it when the database is down."""
        masked = mask_personal_data(question.strip())[:MAX_QUESTION_CHARS]
        if not masked:
            return
        entry = {"op": "unanswered", "question": masked, "channel": channel.value, "locale": locale}
        try:
            if len(self.queue) == 0:
                await super().record(masked, channel, locale)
                return
        except Exception as error:
            if not is_database_unavailable(error):
                raise
        try:
            self.queue.enqueue(entry)
        except QueueFullError:
            return  # counted and logged by the queue; the citizen still gets the answer


def install_write_queue(
    application: Application[Any, Any, Any, Any, Any, Any],
    services: Services,
    queue: WriteQueue,
    *,
    interval: float = DRAIN_INTERVAL_SECONDS,
) -> None:
    """Route the services' log writes through ``queue`` and drain it (and adopt orphans) on the JobQueue."""
    services.satisfaction = QueuedSatisfactionLog(services.session_factory, queue)
    services.unanswered = QueuedUnansweredLog(services.session_factory, queue)
    replay = WriteReplay(services.session_factory)
    ticks = 0

    async def drain(_context: ContextTypes.DEFAULT_TYPE) -> None:
        nonlocal ticks
        if ticks % ADOPT_EVERY_TICKS == 0:
            try:
                queue.adopt_orphans()
            except OSError as error:
                logger.warning("adopting orphaned spool files failed: %s", type(error).__name__)
        ticks += 1
        if len(queue):
            await queue.drain(replay)

    if application.job_queue is None:
        raise RuntimeError("the JobQueue is missing: install python-telegram-bot[job-queue]")
    application.job_queue.run_repeating(drain, interval=interval, first=0.0, name=DRAIN_JOB_NAME)
