"""Retries of Bot API calls: ``RetryAfter`` (HTTP 429) and server errors (5xx, refused connections).

Installed as the bot's rate limiter, so it wraps every call the bot makes: replies inside handlers, the
idle-survey job, ``setWebhook``. Telegram enforces its own limits with 429 + ``retry_after``; this class
honours them instead of throttling every request in advance (a per-process throttle of 30 messages/s would
cap a replica far below the load it must carry).

What is retried, and why it is safe:
- ``RetryAfter``: Telegram did not perform the call. Wait ``retry_after`` (capped), then call again.
- ``NetworkError`` other than ``TimedOut``: a 5xx answer or a connection that could not be opened. Telegram
  answered with an error or never saw the request, so repeating it does not duplicate a message.
- ``TimedOut`` is *not* retried: the message may already have been delivered. Nor is ``BadRequest``
  (a subclass of ``NetworkError`` in PTB): it would fail again.
Back-off is exponential with full jitter, bounded in attempts and in the total time spent waiting.
"""

from __future__ import annotations

import asyncio
import logging
import random
import warnings
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter

logger = logging.getLogger(__name__)
JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


def backoff_delay(attempt: int, base: float, cap: float, rng: Callable[[], float] = random.random) -> float:
    """Return the wait before retry ``attempt`` (1, 2, …): full jitter in ``[0, min(cap, base·2^n)]``."""
    return rng() * min(cap, base * (2 ** (attempt - 1)))


def retry_after_seconds(error: RetryAfter) -> float:
    """Return the wait Telegram asked for, in seconds."""
    with warnings.catch_warnings():  # PTB 22 warns that the type becomes timedelta; both are handled
        warnings.simplefilter("ignore")
        value = error.retry_after
    return float(value.total_seconds() if hasattr(value, "total_seconds") else value)


def is_retryable(error: BaseException) -> bool:
    """Return True for errors after which repeating the same call is safe (see the module docstring)."""
    if isinstance(error, RetryAfter):
        return True
    # BadRequest subclasses NetworkError in PTB, but a bad request stays bad however often it is sent.
    return isinstance(error, NetworkError) and not isinstance(error, TimedOut | BadRequest)


class RetryingRateLimiter(BaseRateLimiter[Any]):
    """A PTB rate limiter that only retries: ``RetryAfter`` and 5xx/connection errors, with back-off.

    ``max_retries`` bounds the attempts after the first; ``max_retry_after`` is the longest 429 wait that is
    honoured (a longer one is re-raised at once, the handler's error path answers the user);
    ``max_total_wait`` bounds the sum of all waits of one call.
    """

    def __init__(
        self,
        *,
        max_retries: int = 3,
        base_delay: float = 0.5,
        max_delay: float = 8.0,
        max_retry_after: float = 30.0,
        max_total_wait: float = 45.0,
        sleep: Callable[[float], Coroutine[Any, Any, None]] = asyncio.sleep,
    ) -> None:
        self.max_retries = max_retries
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_retry_after = max_retry_after
        self.max_total_wait = max_total_wait
        self._sleep = sleep
        self.retries = 0  # calls repeated since start-up, for logs and tests

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Any,
    ) -> JSONResult:
        """Call ``callback``; on a retryable error wait and call again, at most ``max_retries`` times."""
        waited = 0.0
        attempt = 0
        while True:
            try:
                return await callback(*args, **kwargs)
            except (RetryAfter, NetworkError) as error:
                attempt += 1
                if not is_retryable(error) or attempt > self.max_retries:
                    raise
                if isinstance(error, RetryAfter):
                    delay = retry_after_seconds(error)
                    if delay > self.max_retry_after:
                        raise
                    delay += 0.1  # Telegram counts whole seconds; arrive just after the window
                else:
                    delay = backoff_delay(attempt, self.base_delay, self.max_delay)
                if waited + delay > self.max_total_wait:
                    raise
                waited += delay
                self.retries += 1
                logger.warning(
                    "%s failed (%s); retry %d/%d in %.2f s",
                    endpoint,
                    type(error).__name__,
                    attempt,
                    self.max_retries,
                    delay,
                )
                await self._sleep(delay)
