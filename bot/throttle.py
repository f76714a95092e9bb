"""Per-user flood control: a token bucket per hashed user id, checked before any handler runs.

A user may send a burst of ``burst`` updates, then ``rate`` updates per second. Past that, the first
update that is refused gets one polite reply ("please wait a few seconds"), at most one per 30 s; the
rest of the flood is dropped silently, so a flooding client cannot make the bot flood Telegram in return.
Other users have their own buckets and are never slowed down. Admins are not throttled.

Why the buckets live in process memory and not in the database: a rate limiter is advisory and
short-lived (seconds), and keeping it in the database would add a write per update, the very load it is
meant to shed. With N webhook replicas behind a round-robin balancer each replica sees about 1/N of a
user's updates, so the effective limit is at most N times the configured one; configure ``rate`` per replica
accordingly. The table of buckets is bounded (least recently seen users are forgotten first).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.config import Settings
from bot.i18n import _, choose_locale, use_locale

logger = logging.getLogger(__name__)
THROTTLE_GROUP = -100  # runs before every handler group
DEFAULT_BURST = 10
DEFAULT_RATE = 1.0
MAX_TRACKED_USERS = 100_000
NOTICE_INTERVAL_SECONDS = 30.0  # at most one "slow down" notice per user in this time


class Verdict(Enum):
    """What to do with one update of a user."""

    ALLOW = "allow"
    NOTIFY = "notify"  # refused; tell the user (at most once per notice interval)
    DROP = "drop"  # refused; already told recently


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    notified_at: float | None = None


class FloodControl:
    """Token buckets keyed by hashed user id; ``check(key)`` says whether an update may be handled."""

    def __init__(
        self,
        burst: int = DEFAULT_BURST,
        rate: float = DEFAULT_RATE,
        *,
        notice_interval: float = NOTICE_INTERVAL_SECONDS,
        max_tracked: int = MAX_TRACKED_USERS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if burst < 1 or rate <= 0:
            raise ValueError("burst must be at least 1 and rate positive")
        self.burst = burst
        self.rate = rate
        self.notice_interval = notice_interval
        self.max_tracked = max_tracked
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self.refused = 0  # updates refused since start-up

    def check(self, key: str) -> Verdict:
        """Take one token from ``key``'s bucket; return ALLOW, or NOTIFY/DROP when it is empty."""
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = _Bucket(tokens=float(self.burst), updated=now)
            self._buckets[key] = bucket
            if len(self._buckets) > self.max_tracked:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return Verdict.ALLOW
        self.refused += 1
        if bucket.notified_at is not None and now - bucket.notified_at < self.notice_interval:
            return Verdict.DROP
        bucket.notified_at = now
        return Verdict.NOTIFY

    def tracked_users(self) -> int:
        """Return how many users currently have a bucket."""
        return len(self._buckets)


def slow_down_text() -> str:
    """Return the polite notice sent once to a user who writes too fast."""
    return _("Bạn gửi tin nhắn hơi nhanh. Bạn vui lòng đợi vài giây rồi gửi tiếp nhé.")


def flood_guard(
    flood_control: FloodControl, settings: Settings
) -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Any]:
    """Return the update callback that stops a throttled user's update before any handler sees it."""

    async def guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        if user is None or settings.is_admin(user.id):
            return
        verdict = flood_control.check(settings.hash_user_id(user.id))
        if verdict is Verdict.ALLOW:
            return
        if verdict is Verdict.NOTIFY:
            logger.info("a user is sending too fast; updates are dropped for a few seconds")
            with use_locale(choose_locale(settings.default_locale, user.language_code)):
                await _notify(update, context, slow_down_text())
        raise ApplicationHandlerStop

    return guard


async def _notify(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text)
        elif update.effective_chat is not None and update.effective_message is not None:
            await context.bot.send_message(update.effective_chat.id, text)
    except TelegramError as error:
        logger.warning("the slow-down notice could not be sent: %s", type(error).__name__)


def install_flood_control(
    application: Application[Any, Any, Any, Any, Any, Any], flood_control: FloodControl, settings: Settings
) -> None:
    """Check every update against ``flood_control`` before the bot's handlers (handler group -100)."""
    application.add_handler(TypeHandler(Update, flood_guard(flood_control, settings)), group=THROTTLE_GROUP)
