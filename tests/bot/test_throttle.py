"""Per-user flood control: a flooding user is told once to slow down; everyone else is unaffected."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.database import upgrade_database
from bot.throttle import FloodControl, Verdict, install_flood_control
from tests.handlers.harness import BotHarness, make_settings, running_bot, sent_texts, sessions_for

ADMIN_ID = 9001


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_hundred_messages_in_ten_seconds_are_throttled_and_notified_once() -> None:
    clock = Clock()
    control = FloodControl(burst=10, rate=1.0, clock=clock)
    verdicts = []
    for _ in range(100):
        verdicts.append(control.check("flooder"))
        clock.now += 0.1
    allowed = verdicts.count(Verdict.ALLOW)
    assert 10 <= allowed <= 21  # the burst plus about one per second
    assert verdicts.count(Verdict.NOTIFY) == 1  # told once, politely; the rest is dropped silently
    assert control.refused == 100 - allowed
    assert control.check("neighbour") is Verdict.ALLOW  # another user is not slowed down


def test_the_bucket_refills_and_the_notice_rearms_after_its_interval() -> None:
    clock = Clock()
    control = FloodControl(burst=2, rate=0.5, notice_interval=30, clock=clock)
    first = [control.check("u") for _ in range(4)]
    assert first == [Verdict.ALLOW, Verdict.ALLOW, Verdict.NOTIFY, Verdict.DROP]
    clock.now += 2.0  # one token back
    assert control.check("u") is Verdict.ALLOW
    assert control.check("u") is Verdict.DROP  # told 2 s ago: not again
    clock.now += 30.0
    assert [control.check("u") for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.NOTIFY]


def test_the_table_of_users_is_bounded() -> None:
    control = FloodControl(burst=1, rate=1.0, max_tracked=3, clock=Clock())
    for user in "abcde":
        control.check(user)
    assert control.tracked_users() == 3


def test_bad_limits_are_refused() -> None:
    with pytest.raises(ValueError):
        FloodControl(burst=0)
    with pytest.raises(ValueError):
        FloodControl(rate=0)


@pytest.fixture
async def sessions(sqlite_database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    await upgrade_database(sqlite_database_url)
    async with sessions_for(sqlite_database_url) as factory:
        yield factory


@pytest.fixture
async def guarded(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[BotHarness]:
    settings = make_settings(admin_ids=frozenset({ADMIN_ID}))
    async with running_bot(sessions, settings) as harness:
        install_flood_control(harness.application, FloodControl(burst=5, rate=0.5), settings)
        yield harness


async def test_a_flooding_user_is_answered_politely_and_others_normally(guarded: BotHarness) -> None:
    flooder = guarded.factory(user_id=555, chat_id=555)
    replies: list[str] = []
    for _ in range(30):
        replies += sent_texts(await guarded.send(flooder.text("lệ phí đăng ký kết hôn")))
    answers = [r for r in replies if "kết hôn" in r.lower()]
    notices = [r for r in replies if "hơi nhanh" in r]
    assert 5 <= len(answers) <= 7
    assert len(notices) == 1
    neighbour = guarded.factory(user_id=556, chat_id=556)
    assert any("khai sinh" in t.lower() for t in sent_texts(await guarded.send(neighbour.text("khai sinh"))))


async def test_a_flooded_button_gets_a_popup_not_a_message(guarded: BotHarness) -> None:
    flooder = guarded.factory(user_id=557, chat_id=557)
    calls = []
    for _ in range(10):
        calls += await guarded.send(flooder.callback("p:1.001193:fees"))
    popups = [
        c for c in calls if c.method == "answerCallbackQuery" and "hơi nhanh" in str(c.params.get("text"))
    ]
    assert len(popups) == 1
    assert not [c for c in calls if c.method == "sendMessage" and "hơi nhanh" in str(c.params.get("text"))]


async def test_admins_are_not_throttled(guarded: BotHarness) -> None:
    admin = guarded.factory(user_id=ADMIN_ID, chat_id=ADMIN_ID)
    replies: list[str] = []
    for _ in range(12):
        replies += sent_texts(await guarded.send(admin.text("khai sinh")))
    assert not [r for r in replies if "hơi nhanh" in r]
    assert len([r for r in replies if "khai sinh" in r.lower()]) == 12
