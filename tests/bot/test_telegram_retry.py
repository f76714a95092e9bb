"""Retries of Bot API calls: RetryAfter and 5xx are retried with back-off; bad requests are not."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot

from bot.telegram_retry import RetryingRateLimiter, backoff_delay, is_retryable
from tests.e2e.fake_bot_api import FakeBotApi

TOKEN = "123456:retry-test"


class Flaky:
    """A Bot API call that fails with the given errors, then returns True."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def __call__(self) -> bool:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return True


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


async def call(limiter: RetryingRateLimiter, flaky: Flaky) -> Any:
    return await limiter.process_request(flaky, (), {}, "sendMessage", {}, None)


def limiter_with(sleeps: Sleeps, **options: Any) -> RetryingRateLimiter:
    return RetryingRateLimiter(sleep=sleeps, **options)


async def test_retry_after_waits_as_long_as_telegram_asks() -> None:
    sleeps = Sleeps()
    flaky = Flaky(RetryAfter(3), RetryAfter(1))
    assert await call(limiter_with(sleeps), flaky) is True
    assert flaky.calls == 3
    assert sleeps.delays == pytest.approx([3.1, 1.1])


async def test_server_errors_are_retried_with_growing_backoff() -> None:
    sleeps = Sleeps()
    flaky = Flaky(NetworkError("Bad Gateway"), NetworkError("Internal Server Error"), NetworkError("x"))
    limiter = limiter_with(sleeps, base_delay=1.0, max_delay=100.0)
    assert await call(limiter, flaky) is True
    assert flaky.calls == 4 and limiter.retries == 3
    assert all(0 <= d <= cap for d, cap in zip(sleeps.delays, (1.0, 2.0, 4.0), strict=True))


@pytest.mark.parametrize("error", [BadRequest("Bad Request: chat not found"), TimedOut("timed out")])
async def test_bad_requests_and_timeouts_are_not_repeated(error: Exception) -> None:
    sleeps = Sleeps()
    flaky = Flaky(error)
    with pytest.raises(type(error)):
        await call(limiter_with(sleeps), flaky)
    assert flaky.calls == 1 and not sleeps.delays


async def test_it_gives_up_after_max_retries() -> None:
    sleeps = Sleeps()
    flaky = Flaky(*(NetworkError("Bad Gateway") for _ in range(10)))
    with pytest.raises(NetworkError):
        await call(limiter_with(sleeps, max_retries=2), flaky)
    assert flaky.calls == 3


async def test_a_very_long_retry_after_is_not_waited_for() -> None:
    sleeps = Sleeps()
    flaky = Flaky(RetryAfter(600))
    with pytest.raises(RetryAfter):
        await call(limiter_with(sleeps, max_retry_after=30), flaky)
    assert flaky.calls == 1 and not sleeps.delays


async def test_total_waiting_is_bounded() -> None:
    sleeps = Sleeps()
    flaky = Flaky(RetryAfter(20), RetryAfter(20), RetryAfter(20))
    with pytest.raises(RetryAfter):
        await call(limiter_with(sleeps, max_total_wait=45), flaky)
    assert sum(sleeps.delays) <= 45


def test_backoff_is_full_jitter_under_a_cap() -> None:
    assert backoff_delay(1, 0.5, 8.0, rng=lambda: 1.0) == 0.5
    assert backoff_delay(4, 0.5, 8.0, rng=lambda: 1.0) == 4.0
    assert backoff_delay(10, 0.5, 8.0, rng=lambda: 1.0) == 8.0
    assert backoff_delay(3, 0.5, 8.0, rng=lambda: 0.0) == 0.0


def test_what_is_retryable() -> None:
    assert is_retryable(RetryAfter(1)) and is_retryable(NetworkError("Bad Gateway"))
    assert not is_retryable(BadRequest("x")) and not is_retryable(TimedOut())
    assert not is_retryable(ValueError())


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


async def test_a_real_bot_survives_429_and_502_from_the_api(fake_api: FakeBotApi) -> None:
    fake_api.user_message(4242, "xin chào")  # makes the chat known to the fake API
    limiter = RetryingRateLimiter(base_delay=0.01)
    bot: ExtBot[Any] = ExtBot(TOKEN, base_url=fake_api.base_url, rate_limiter=limiter)
    async with bot:
        fake_api.fail_next("sendMessage", 1, error_code=429, retry_after=1)
        fake_api.fail_next("sendMessage", 1, error_code=502)
        fake_api.fail_next("sendMessage", 1, error_code=500)
        message = await bot.send_message(4242, "Trả lời")
    assert message.text == "Trả lời"
    attempts = [c for c in fake_api.calls if c.method == "sendMessage"]
    assert [c.ok for c in attempts] == [False, False, False, True]
    assert limiter.retries == 3
