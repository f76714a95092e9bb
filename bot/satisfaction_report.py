"""The satisfaction figures admins read in ``/stats`` and ``tthc-bot report``, over a period of local days.

Every figure is computed from *daily counts*: the live rows (conversations, ratings, unanswered questions)
are first reduced to :class:`RatingCount` and :class:`ActivityCount` records, and the counts that
``tthc-bot purge`` archived (``rating_daily_counts``, ``activity_daily_counts``) are added to them. So a
purge deletes text and keys, never figures.

Definitions (days are local days in Asia/Ho_Chi_Minh):
- conversations: conversations started in the period; ratings: ratings given in the period;
- response rate = ratings ÷ conversations;
- satisfaction rate = (Rất hài lòng + Hài lòng) ÷ ratings, the share the service-quality index uses;
- a rating belongs to the procedure shown last in its conversation;
- relayed ratings are counted per kind of relay (``relay:help_for``: a helper rated on the citizen's behalf,
  ``relay:deep_link``: a neighbour opened a shared card), from ``relayed_conversations``;
- best / worst procedures: at least ``MIN_PROCEDURE_RATINGS`` ratings, ordered by satisfaction rate, then
  mean level, then number of ratings;
- card share = conversations in which a procedure card was shown ÷ conversations;
  unanswered share = questions no procedure matched ÷ questions asked.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from bot.models.admin import ActivityDailyCount, RatingDailyCount
from bot.models.conversation import Channel, Conversation, Rating, UnansweredQuestion
from bot.models.relay import RelayedConversation

MIN_PROCEDURE_RATINGS = 3
TOP_PROCEDURES = 5
SATISFIED_LEVELS = (4, 5)
NEGATIVE_LEVELS = (1, 2)
LEVELS = (5, 4, 3, 2, 1)


def _local_zone() -> tzinfo:
    try:
        return ZoneInfo("Asia/Ho_Chi_Minh")
    except ZoneInfoNotFoundError:  # no tz database: Vietnam has kept UTC+7 without DST since 1975
        return timezone(timedelta(hours=7), "ICT")


LOCAL_ZONE = _local_zone()


def local_day(moment: datetime) -> date:
    """Return the local (Asia/Ho_Chi_Minh) day of a stored time; naive times are read as UTC (SQLite)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL_ZONE).date()


def local_time(moment: datetime) -> datetime:
    """Return a stored time converted to local time (Asia/Ho_Chi_Minh)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL_ZONE)


def today_local() -> date:
    """Return today's local date."""
    return datetime.now(LOCAL_ZONE).date()


class PeriodError(ValueError):
    """A period argument that is not ``7d``, ``30d``, ``YYYY-MM``, ``all`` or a valid date range."""


@dataclass(frozen=True, slots=True)
class Period:
    """A range of local days: ``start`` inclusive, ``end`` exclusive; None means unbounded."""

    start: date | None
    end: date | None
    label: str

    def contains(self, day: date) -> bool:
        """Return True when ``day`` lies in the period."""
        return (self.start is None or day >= self.start) and (self.end is None or day < self.end)

    def utc_bounds(self) -> tuple[datetime | None, datetime | None]:
        """Return the period's limits as UTC instants (local midnights), for querying stored times."""
        return _midnight_utc(self.start), _midnight_utc(self.end)

    def days(self, first_seen: date | None = None, last_seen: date | None = None) -> list[date]:
        """Return every day of the period; an unbounded side is cut at ``first_seen`` / ``last_seen``."""
        start = self.start or first_seen
        end = self.end - timedelta(days=1) if self.end is not None else last_seen
        if start is None or end is None or end < start:
            return []
        return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def _midnight_utc(day: date | None) -> datetime | None:
    if day is None:
        return None
    return datetime.combine(day, time(0), LOCAL_ZONE).astimezone(UTC)


_RELATIVE = re.compile(r"^(\d{1,4})d$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_period(text: str | None, today: date | None = None) -> Period:
    """Return the period named by ``7d``/``30d`` (the last N days, today included), ``YYYY-MM`` or ``all``.

    No text means ``30d``. Raises :class:`PeriodError` for anything else.
    """
    value = (text or "30d").strip().lower()
    today = today or today_local()
    if value in ("all", "tatca", "tất cả"):
        return Period(None, None, "all")
    relative = _RELATIVE.match(value)
    if relative:
        days = int(relative.group(1))
        if not 1 <= days <= 3660:
            raise PeriodError(value)
        return Period(today - timedelta(days=days - 1), today + timedelta(days=1), f"{days}d")
    month = _MONTH.match(value)
    if month:
        year, number = int(month.group(1)), int(month.group(2))
        if not 1 <= number <= 12 or year < 2000:
            raise PeriodError(value)
        start = date(year, number, 1)
        end = date(year + (number == 12), number % 12 + 1, 1)
        return Period(start, end, value)
    raise PeriodError(value)


def period_between(since: date | None, until: date | None) -> Period:
    """Return the period from ``since`` to ``until``, both inclusive (either may be None: unbounded)."""
    if since is not None and until is not None and until < since:
        raise PeriodError(f"{since}..{until}")
    end = until + timedelta(days=1) if until is not None else None
    label = f"{since.isoformat() if since else '…'}..{until.isoformat() if until else '…'}"
    if since is None and until is None:
        label = "all"
    return Period(since, end, label)


@dataclass(frozen=True, slots=True)
class RatingCount:
    """How many ratings a day had for one procedure, level, channel and reason."""

    day: date
    procedure_code: str
    level: int
    channel: str
    reason: str
    count: int


@dataclass(frozen=True, slots=True)
class ActivityCount:
    """How many conversations (with a card), questions and unanswered questions a day had in one channel."""

    day: date
    channel: str
    conversations: int = 0
    card_conversations: int = 0
    questions: int = 0
    unanswered: int = 0


def rated_procedure(procedures_shown: str | None) -> str:
    """Return the code a rating is about: the procedure shown last in its conversation ('' if none)."""
    try:
        codes = json.loads(procedures_shown or "[]")
    except ValueError:
        return ""
    return str(codes[-1]) if isinstance(codes, list) and codes else ""


def _json_length(raw: str | None) -> int:
    try:
        values = json.loads(raw or "[]")
    except ValueError:
        return 0
    return len(values) if isinstance(values, list) else 0


def rating_channel(rating: Rating, sources: Mapping[int, str]) -> str:
    """Return the channel a rating counts in; a marked relay is ``relay:help_for`` or ``relay:deep_link``."""
    source = sources.get(rating.conversation_id)
    if rating.channel == Channel.RELAY.value and source:
        return f"{Channel.RELAY.value}:{source}"
    return rating.channel


async def relay_sources(session: AsyncSession, conversation_ids: Sequence[int]) -> dict[int, str]:
    """Return how each of these conversations was relayed (``help_for``, ``deep_link``), where marked."""
    sources: dict[int, str] = {}
    ids = list(conversation_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        result = await session.execute(
            select(RelayedConversation.conversation_id, RelayedConversation.source).where(
                col(RelayedConversation.conversation_id).in_(chunk)
            )
        )
        sources.update({int(conversation_id): str(source) for conversation_id, source in result.all()})
    return sources


def count_ratings(ratings: Iterable[Rating], relay: Mapping[int, str] | None = None) -> list[RatingCount]:
    """Return the daily counts of these rating rows (``relay``: conversation id → relay source)."""
    counter: Counter[tuple[date, str, int, str, str]] = Counter()
    for rating in ratings:
        key = (
            local_day(rating.created_at),
            rated_procedure(rating.procedures_shown),
            int(rating.level),
            rating_channel(rating, relay or {}),
            rating.reason or "",
        )
        counter[key] += 1
    return [RatingCount(*key, count) for key, count in sorted(counter.items())]


def count_activity(
    conversations: Iterable[Conversation], unanswered: Iterable[UnansweredQuestion]
) -> list[ActivityCount]:
    """Return the daily counts of these conversation and unanswered-question rows."""
    totals: dict[tuple[date, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for conversation in conversations:
        row = totals[(local_day(conversation.started_at), conversation.channel)]
        row[0] += 1
        row[1] += 1 if _json_length(conversation.procedures_shown) else 0
        row[2] += _json_length(conversation.questions)
    for question in unanswered:
        totals[(local_day(question.created_at), question.channel)][3] += 1
    return [ActivityCount(day, channel, *values) for (day, channel), values in sorted(totals.items())]


@dataclass(frozen=True, slots=True)
class ProcedureScore:
    """The ratings of one procedure in the period."""

    code: str
    name: str
    ratings: int
    satisfied: int
    level_sum: int

    @property
    def satisfaction_rate(self) -> float:
        """Return the share of Rất hài lòng + Hài lòng ratings."""
        return self.satisfied / self.ratings if self.ratings else 0.0

    @property
    def mean_level(self) -> float:
        """Return the mean level (1-5)."""
        return self.level_sum / self.ratings if self.ratings else 0.0


@dataclass(frozen=True, slots=True)
class ChannelFigures:
    """Ratings and satisfied ratings of one channel (private, group, relay)."""

    ratings: int
    satisfied: int

    @property
    def satisfaction_rate(self) -> float | None:
        """Return the satisfied share, or None without ratings."""
        return self.satisfied / self.ratings if self.ratings else None


@dataclass(frozen=True)
class SatisfactionReport:
    """Every figure of ``/stats`` for one period."""

    period: Period
    conversations: int
    ratings: int
    levels: dict[int, int]
    channels: dict[str, ChannelFigures]
    best: list[ProcedureScore]
    worst: list[ProcedureScore]
    reasons: list[tuple[str, int]]
    questions: int
    unanswered: int
    card_conversations: int
    daily: dict[date, dict[int, int]] = field(default_factory=dict)

    @property
    def satisfied(self) -> int:
        """Return the number of Rất hài lòng + Hài lòng ratings."""
        return sum(self.levels.get(level, 0) for level in SATISFIED_LEVELS)

    @property
    def satisfaction_rate(self) -> float | None:
        """Return (Rất hài lòng + Hài lòng) ÷ ratings, or None without ratings."""
        return self.satisfied / self.ratings if self.ratings else None

    @property
    def response_rate(self) -> float | None:
        """Return ratings ÷ conversations (at most 1), or None without conversations."""
        return min(1.0, self.ratings / self.conversations) if self.conversations else None

    @property
    def card_share(self) -> float | None:
        """Return the share of conversations that got a procedure card, or None without conversations."""
        return self.card_conversations / self.conversations if self.conversations else None

    @property
    def unanswered_share(self) -> float | None:
        """Return the share of questions no procedure matched, or None without questions."""
        return min(1.0, self.unanswered / self.questions) if self.questions else None

    def to_json(self) -> dict[str, Any]:
        """Return the figures as plain JSON data (codes and numbers only, no user data)."""
        return {
            "period": {
                "label": self.period.label,
                "since": self.period.start.isoformat() if self.period.start else None,
                "until": (self.period.end - timedelta(days=1)).isoformat() if self.period.end else None,
            },
            "conversations": self.conversations,
            "ratings": self.ratings,
            "response_rate": _rounded(self.response_rate),
            "satisfaction_rate": _rounded(self.satisfaction_rate),
            "levels": {str(level): self.levels.get(level, 0) for level in LEVELS},
            "channels": {
                name: {
                    "ratings": figures.ratings,
                    "satisfied": figures.satisfied,
                    "satisfaction_rate": _rounded(figures.satisfaction_rate),
                }
                for name, figures in sorted(self.channels.items())
            },
            "best_procedures": [_procedure_json(p) for p in self.best],
            "worst_procedures": [_procedure_json(p) for p in self.worst],
            "negative_reasons": [{"reason": reason, "count": count} for reason, count in self.reasons],
            "questions": self.questions,
            "unanswered": self.unanswered,
            "unanswered_share": _rounded(self.unanswered_share),
            "card_conversations": self.card_conversations,
            "card_share": _rounded(self.card_share),
            "daily": [
                {"day": day.isoformat(), **{str(level): counts.get(level, 0) for level in LEVELS}}
                for day, counts in sorted(self.daily.items())
            ],
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _procedure_json(score: ProcedureScore) -> dict[str, Any]:
    return {
        "code": score.code,
        "name": score.name,
        "ratings": score.ratings,
        "satisfaction_rate": _rounded(score.satisfaction_rate),
        "mean_level": round(score.mean_level, 2),
    }


def build_report(
    period: Period,
    ratings: Sequence[RatingCount],
    activity: Sequence[ActivityCount],
    name_of: Callable[[str], str | None] = lambda code: None,
) -> SatisfactionReport:
    """Return the report of ``period`` from daily counts (counts outside the period are ignored)."""
    ratings = [r for r in ratings if period.contains(r.day)]
    activity = [a for a in activity if period.contains(a.day)]
    levels: Counter[int] = Counter()
    channels: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    procedures: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    reasons: Counter[str] = Counter()
    daily: dict[date, dict[int, int]] = defaultdict(dict)
    for rating in ratings:
        satisfied = rating.count if rating.level in SATISFIED_LEVELS else 0
        levels[rating.level] += rating.count
        channels[rating.channel][0] += rating.count
        channels[rating.channel][1] += satisfied
        if rating.procedure_code:
            totals = procedures[rating.procedure_code]
            totals[0] += rating.count
            totals[1] += satisfied
            totals[2] += rating.level * rating.count
        if rating.level in NEGATIVE_LEVELS:
            reasons[rating.reason or "none"] += rating.count
        day = daily[rating.day]
        day[rating.level] = day.get(rating.level, 0) + rating.count
    scores = [
        ProcedureScore(code, name_of(code) or code, total, satisfied, level_sum)
        for code, (total, satisfied, level_sum) in procedures.items()
        if total >= MIN_PROCEDURE_RATINGS
    ]
    best = sorted(scores, key=lambda s: (-s.satisfaction_rate, -s.mean_level, -s.ratings, s.code))
    best = best[:TOP_PROCEDURES]
    listed = {s.code for s in best}
    worst = sorted(
        (s for s in scores if s.code not in listed),
        key=lambda s: (s.satisfaction_rate, s.mean_level, -s.ratings, s.code),
    )[:TOP_PROCEDURES]
    return SatisfactionReport(
        period=period,
        conversations=sum(a.conversations for a in activity),
        ratings=sum(levels.values()),
        levels={level: levels.get(level, 0) for level in LEVELS},
        channels={name: ChannelFigures(*values) for name, values in channels.items()},
        best=best,
        worst=worst,
        reasons=sorted(reasons.items(), key=lambda item: (-item[1], item[0])),
        questions=sum(a.questions for a in activity),
        unanswered=sum(a.unanswered for a in activity),
        card_conversations=sum(a.card_conversations for a in activity),
        daily=dict(daily),
    )


async def load_counts(
    sessions: async_sessionmaker[AsyncSession], period: Period
) -> tuple[list[RatingCount], list[ActivityCount]]:
    """Return the daily counts of ``period``: the live rows reduced to counts plus the archived counts."""
    low, high = period.utc_bounds()
    async with sessions() as session:
        ratings = await _rows(session, Rating, col(Rating.created_at), low, high)
        conversations = await _rows(session, Conversation, col(Conversation.started_at), low, high)
        unanswered = await _rows(session, UnansweredQuestion, col(UnansweredQuestion.created_at), low, high)
        relay = await relay_sources(session, [r.conversation_id for r in ratings if r.channel == "relay"])
        rating_counts = count_ratings(ratings, relay)
        activity_counts = count_activity(conversations, unanswered)
        archived_ratings = select(RatingDailyCount)
        archived_activity = select(ActivityDailyCount)
        if period.start is not None:
            archived_ratings = archived_ratings.where(col(RatingDailyCount.day) >= period.start)
            archived_activity = archived_activity.where(col(ActivityDailyCount.day) >= period.start)
        if period.end is not None:
            archived_ratings = archived_ratings.where(col(RatingDailyCount.day) < period.end)
            archived_activity = archived_activity.where(col(ActivityDailyCount.day) < period.end)
        for row in (await session.execute(archived_ratings)).scalars():
            rating_counts.append(
                RatingCount(row.day, row.procedure_code, row.level, row.channel, row.reason, row.count)
            )
        for item in (await session.execute(archived_activity)).scalars():
            activity_counts.append(
                ActivityCount(
                    item.day, item.channel, item.conversations, item.card_conversations, item.questions,
                    item.unanswered,
                )
            )  # fmt: skip
    return rating_counts, activity_counts


async def _rows(
    session: AsyncSession, table: Any, column: Any, low: datetime | None, high: datetime | None
) -> list[Any]:
    query = select(table)
    if low is not None:
        query = query.where(column >= low)
    if high is not None:
        query = query.where(column < high)
    return list((await session.execute(query)).scalars().all())


async def load_report(
    sessions: async_sessionmaker[AsyncSession],
    period: Period,
    name_of: Callable[[str], str | None] = lambda code: None,
) -> SatisfactionReport:
    """Return the report of ``period`` from the database (live rows plus purged counts)."""
    ratings, activity = await load_counts(sessions, period)
    return build_report(period, ratings, activity, name_of)
