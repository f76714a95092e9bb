"""Faults under load: a replica killed with SIGKILL halfway, then the database connections cut.

Users behave as citizens do: when the bot apologises or a reply never comes, they try again (tap the
button again, or ask again). The balancer redelivers an update a replica did not acknowledge to the other
replica, as Telegram does. The promise under test: every rating the user was told is recorded ("Đã ghi
nhận…") is in the database exactly once, after the write queues have drained.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from tests.e2e.conftest import PickedQuestion, QuestionBank, user_key
from tests.e2e.fake_bot_api import CallNotSeen, RecordedCall, answering, to_chat
from tests.scale.conftest import StartCluster
from tests.scale.replica_cluster import ReplicaCluster, WebhookFakeBotApi

USERS = 120
FIRST_USER = 870_000_001
CONCURRENT_USERS = 24
KILL_AT = USERS // 2  # acknowledged ratings before replica 1 is killed
CUT_AT = USERS * 7 // 10  # acknowledged ratings before the database connections are cut
CUT_FOR_SECONDS = 2.5
CUT_EVERY_SECONDS = 0.1
ATTEMPTS = 5  # conversations a user starts before giving up
TAPS = 4  # taps on one rating button before starting over
REPLY_WAIT = 3.0
DRAIN_TIMEOUT = 45.0  # the queue drains every second; a dead replica's spool is adopted within ~10 s
SURVEY_TEXT = "Bạn có hài lòng"
RECORDED = "Đã ghi nhận"
ALREADY_RATED = "Bạn đã đánh giá cuộc trò chuyện này rồi"
# What the replicas may log as failures while their database connections are being cut. InternalError is
# asyncpg's "another operation is in progress" on a connection whose query was cut off mid-way.
CONNECTION_ERRORS = re.compile(
    r"OperationalError|InterfaceError|DBAPIError|InternalError|ConnectionDoesNotExist|ConnectionResetError|"
    r"AdminShutdown|CannotConnectNow|TimeoutError|ConnectionRefusedError|OSError|PendingRollbackError"
)
FAILURE_LINE = re.compile(r"update \S+ failed: (\w+)|could not be processed")


@dataclass
class Progress:
    """Acknowledged ratings as they arrive, and the moments the faults were injected."""

    acknowledged: dict[int, int] = field(default_factory=dict)  # user → level acknowledged
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    killed_after: int = -1
    cut_after: int = -1
    connections_cut: int = 0

    def record(self, user: int, level: int) -> None:
        self.acknowledged[user] = level
        self.changed.set()

    async def reached(self, count: int) -> None:
        while len(self.acknowledged) < count:
            self.changed.clear()
            await self.changed.wait()


async def _reply(fake: WebhookFakeBotApi, user: int, since: int, containing: str) -> RecordedCall | None:
    try:
        return await fake.wait_for("sendMessage", to_chat(user, containing), REPLY_WAIT, since)
    except CallNotSeen:
        return None


async def _citizen(
    cluster: ReplicaCluster, fake: WebhookFakeBotApi, index: int, question: PickedQuestion, progress: Progress
) -> str:
    """Ask, end and rate until a rating is acknowledged; return the popup that acknowledged it."""
    user = FIRST_USER + index
    level = 1 + index % 5
    for _attempt in range(ATTEMPTS):
        mark = fake.mark()
        await cluster.deliver(fake.user_message(user, question.text))
        card = await _reply(fake, user, mark, question.code)
        if card is None:
            continue  # an apology: ask again
        mark = fake.mark()
        await cluster.deliver(fake.tap(user, card, "Đã rõ, cảm ơn"))
        survey = await _reply(fake, user, mark, SURVEY_TEXT)
        if survey is None:
            continue  # the conversation was lost mid-way: start a new one
        button = next(b for b in survey.buttons if str(b["callback_data"]).endswith(f":{level}"))
        for _tap in range(TAPS):
            tap = fake.tap(user, survey, str(button["text"]))
            await cluster.deliver(tap)
            answers = fake.find("answerCallbackQuery", answering(tap))  # the popup the user saw
            popup = str(answers[0].params.get("text", "")) if answers else ""
            if popup.startswith((RECORDED, ALREADY_RATED)):
                progress.record(user, level)
                return popup
    raise AssertionError(f"user {user} could not get a rating acknowledged in {ATTEMPTS} conversations")


async def _kill_halfway(cluster: ReplicaCluster, progress: Progress) -> None:
    await progress.reached(KILL_AT)
    progress.killed_after = len(progress.acknowledged)
    await cluster.replicas[1].kill()


async def _cut_connections(cluster: ReplicaCluster, progress: Progress) -> None:
    await progress.reached(CUT_AT)
    progress.cut_after = len(progress.acknowledged)
    until = time.monotonic() + CUT_FOR_SECONDS
    while time.monotonic() < until:
        progress.connections_cut += await cluster.terminate_connections()
        await asyncio.sleep(CUT_EVERY_SECONDS)


async def _drained(cluster: ReplicaCluster, expected: int) -> int:
    """Wait until no write is queued and ``expected`` ratings are stored; return the stored count."""
    deadline = time.monotonic() + DRAIN_TIMEOUT
    while True:
        stored = len(await cluster.rows("SELECT id FROM ratings"))
        if (stored >= expected and cluster.pending_spooled_writes() == 0) or time.monotonic() > deadline:
            return stored
        await asyncio.sleep(0.5)


async def test_no_acknowledged_rating_is_lost_when_a_replica_dies_and_the_database_drops(
    fake_api: WebhookFakeBotApi, start_cluster: StartCluster, question_bank: QuestionBank
) -> None:
    questions = question_bank.confident(USERS)
    cluster = await start_cluster(2)
    cluster.tracebacks_allowed = True  # cut connections make handlers fail (and log it); checked below
    # A replica killed mid-update cannot acknowledge it; the redelivered update's popup then comes too late.
    fake_api.tolerated_errors.add("query is too old")
    progress = Progress()
    gate = asyncio.Semaphore(CONCURRENT_USERS)

    async def one(index: int) -> str:
        async with gate:
            return await _citizen(cluster, fake_api, index, questions[index], progress)

    faults = [
        asyncio.create_task(_kill_halfway(cluster, progress)),
        asyncio.create_task(_cut_connections(cluster, progress)),
    ]
    try:
        popups = await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(USERS))), timeout=150)
        await asyncio.wait_for(asyncio.gather(*faults), timeout=15)
    except (AssertionError, TimeoutError) as error:
        raise AssertionError(f"{str(error)[:3000]}\n{cluster.problems()}") from None
    finally:
        for task in faults:
            task.cancel()

    # Both faults really happened during the load.
    assert 0 < progress.killed_after < USERS and not cluster.replicas[1].alive
    assert progress.killed_after < progress.cut_after < USERS
    assert progress.connections_cut > 0
    assert cluster.redeliveries > 0

    expected = {user_key(user): level for user, level in progress.acknowledged.items()}
    assert len(expected) == USERS
    stored = await _drained(cluster, USERS)
    rows = await cluster.rows("SELECT conversation_id, level, user_key FROM ratings")
    assert stored == len(rows)
    duplicates = {key: n for key, n in Counter(row["user_key"] for row in rows).items() if n > 1}
    assert duplicates == {}, duplicates
    assert len({row["conversation_id"] for row in rows}) == len(rows)
    lost = {key: level for key, level in expected.items() if key not in {row["user_key"] for row in rows}}
    assert lost == {}, f"{len(lost)} acknowledged ratings lost; spooled: {cluster.pending_spooled_writes()}"
    assert {row["user_key"]: row["level"] for row in rows} == expected
    assert all(p.startswith((RECORDED, ALREADY_RATED)) for p in popups)

    status, report = await cluster.replicas[0].health()
    assert status == 200 and report["queued_writes"] == 0, report
    # What failed while the connections were cut was the database connection, nothing else.
    failures = Counter(
        match.group(1) or "process_update"
        for line in cluster.replicas[0].stderr().splitlines()
        if (match := FAILURE_LINE.search(line))
    )
    unexpected = {kind: n for kind, n in failures.items() if not CONNECTION_ERRORS.search(kind)}
    assert unexpected == {}, f"{unexpected}\n{cluster.problems()}"
