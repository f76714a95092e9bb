"""Two webhook replicas behind a round-robin balancer behave as one bot.

200 users each ask a question on one replica and rate the conversation on the other. A fifth of them go
idle instead of tapping "Đã rõ", so the idle sweepers of both replicas race to survey them. Every rating
must be stored exactly once, and every conversation surveyed exactly once.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from dataclasses import dataclass

from tests.e2e.conftest import PickedQuestion, QuestionBank, user_key
from tests.e2e.fake_bot_api import answering, to_chat
from tests.scale.conftest import StartCluster
from tests.scale.replica_cluster import ReplicaCluster, WebhookFakeBotApi

USERS = 200
FIRST_USER = 850_000_001
IDLE_EVERY = 5  # every fifth user goes idle and is surveyed by a sweeper
IDLE_MINUTES = "0.1"  # 6 s; the sweepers run every 1.5 s
CONCURRENT_USERS = 24
STEP_TIMEOUT = 30.0
IDLE_SURVEY_TIMEOUT = 45.0
SURVEY_TEXT = "Bạn có hài lòng"
IDLE_SURVEY_TEXT = "Cuộc trò chuyện đã kết thúc."
NOTHING_OPEN = "Không có gì ạ!"
CLAIM_LOG = re.compile(r"idle sweep: (\d+) claimed")


@dataclass
class Outcome:
    """What one simulated user did: where the question and the rating went, and the popup it got."""

    user: int
    level: int
    question_replica: int
    rating_replica: int
    idle: bool
    popup: str


async def _conversation(
    cluster: ReplicaCluster,
    fake: WebhookFakeBotApi,
    index: int,
    question: PickedQuestion,
    gate: asyncio.Semaphore,
) -> Outcome:
    """Ask on one replica, end (or go idle), and rate on the other; hold ``gate`` only while busy."""
    user = FIRST_USER + index
    level = 1 + index % 5
    idle = index % IDLE_EVERY == 0
    home = index % 2
    other = 1 - home

    async with gate:
        mark = fake.mark()
        asked = await cluster.deliver(fake.user_message(user, question.text), to=home, failover=False)
        await fake.wait_for("sendMessage", to_chat(user, question.code), STEP_TIMEOUT, mark)
        card = fake.find("sendMessage", to_chat(user, question.code), since=mark)[0]
        if not idle:
            # "Đã rõ, cảm ơn" on either replica; a slow user may already have been surveyed by a sweeper.
            await cluster.deliver(fake.tap(user, card, "Đã rõ, cảm ơn"), to=index // 2 % 2, failover=False)
    if idle:
        survey = await fake.wait_for(
            "sendMessage", to_chat(user, IDLE_SURVEY_TEXT), IDLE_SURVEY_TIMEOUT, mark
        )
    else:
        survey = await fake.wait_for("sendMessage", to_chat(user, SURVEY_TEXT), STEP_TIMEOUT, mark)

    async with gate:
        button = next(b for b in survey.buttons if str(b["callback_data"]).endswith(f":{level}"))
        tap = fake.tap(user, survey, str(button["text"]))
        rated = await cluster.deliver(tap, to=other, failover=False)
        answer = await fake.wait_for("answerCallbackQuery", answering(tap), STEP_TIMEOUT)
    return Outcome(user, level, asked.replica, rated.replica, idle, str(answer.params.get("text", "")))


async def test_two_replicas_store_every_rating_once_and_survey_once(
    fake_api: WebhookFakeBotApi, start_cluster: StartCluster, question_bank: QuestionBank
) -> None:
    questions = question_bank.confident(USERS)
    cluster = await start_cluster(2, survey_idle_minutes=IDLE_MINUTES)
    gate = asyncio.Semaphore(CONCURRENT_USERS)

    try:
        outcomes = await asyncio.wait_for(
            asyncio.gather(*(_conversation(cluster, fake_api, i, q, gate) for i, q in enumerate(questions))),
            timeout=180,
        )
    except (AssertionError, TimeoutError) as error:
        raise AssertionError(f"{str(error)[:3000]}\n{cluster.problems()}") from None
    await asyncio.sleep(4)  # a few more sweeps on both replicas must not survey anybody again

    # The question and the rating of every user were handled by different replicas.
    assert all(o.question_replica != o.rating_replica for o in outcomes)
    assert min(cluster.acknowledged.values()) >= USERS, cluster.acknowledged
    assert all(o.popup.startswith("Đã ghi nhận") for o in outcomes), Counter(o.popup for o in outcomes)

    # Every rating stored exactly once, with the level the user chose.
    rows = await cluster.rows("SELECT conversation_id, level, user_key FROM ratings")
    assert len(rows) == USERS
    assert len({row["conversation_id"] for row in rows}) == USERS
    assert {row["user_key"]: row["level"] for row in rows} == {user_key(o.user): o.level for o in outcomes}
    states = await cluster.rows("SELECT state, count(*) AS n FROM conversations GROUP BY state")
    assert {row["state"]: row["n"] for row in states} == {"rated": USERS}

    # Every conversation surveyed exactly once; the idle ones by a sweeper.
    surveys = Counter(call.chat_id for call in fake_api.find("sendMessage", lambda c: SURVEY_TEXT in c.text))
    assert surveys == {o.user: 1 for o in outcomes}
    idle_users = {o.user for o in outcomes if o.idle}
    idle_surveyed = {c.chat_id for c in fake_api.find("sendMessage", lambda c: IDLE_SURVEY_TEXT in c.text)}
    assert idle_users <= idle_surveyed
    claimed = sum(int(n) for replica in cluster.replicas for n in CLAIM_LOG.findall(replica.stderr()))
    assert claimed == len(idle_surveyed), "the sweepers claimed more conversations than they surveyed"
    # Nothing was sent twice or to a wrong chat: one card and one survey per user, plus "nothing open"
    # for a user whose "Đã rõ" came after a sweeper had already surveyed the conversation.
    late = {c.chat_id for c in fake_api.find("sendMessage", lambda c: c.text.startswith(NOTHING_OPEN))}
    assert late <= idle_surveyed - idle_users
    sends = Counter(call.chat_id for call in fake_api.find("sendMessage"))
    assert sends == {o.user: 3 if o.user in late else 2 for o in outcomes}
