"""Tables of the admin features: search aliases taught by admins, and the aggregate counts kept by purges.

``tthc-bot purge`` deletes old conversations, ratings and unanswered questions, but first adds them to the
daily count tables here, so ``/stats`` and ``tthc-bot report`` (which read both) give the same figures
before and after a purge. Neither table holds any text typed by a user or any user key.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class AdminAlias(SQLModel, table=True):
    """A phrase an admin taught the search to map to one procedure (``/alias <phrase> = <code>``)."""

    __tablename__ = "admin_aliases"

    id: int | None = Field(default=None, primary_key=True)
    phrase: str = Field(max_length=200)  # as the admin typed it (normalised)
    phrase_key: str = Field(max_length=200, unique=True)  # folded, lower-case: accent variants are one alias
    procedure_code: str = Field(max_length=64)
    created_at: datetime


class RatingDailyCount(SQLModel, table=True):
    """How many purged ratings a day had, per rated procedure, level, channel and reason."""

    __tablename__ = "rating_daily_counts"
    __table_args__ = (
        UniqueConstraint(
            "day", "procedure_code", "level", "channel", "reason", name="uq_rating_daily_counts"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)  # local day (Asia/Ho_Chi_Minh) of the rating
    procedure_code: str = Field(default="", max_length=64)  # "" when no procedure had been shown
    level: int
    channel: str = Field(max_length=16)
    reason: str = Field(default="", max_length=32)  # "" when no reason was given
    count: int = 0


class ActivityDailyCount(SQLModel, table=True):
    """How many purged conversations, questions and unanswered questions a day had, per channel."""

    __tablename__ = "activity_daily_counts"
    __table_args__ = (UniqueConstraint("day", "channel", name="uq_activity_daily_counts"),)

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)  # local day of the conversation's start (questions: of their log entry)
    channel: str = Field(max_length=16)
    conversations: int = 0
    card_conversations: int = 0  # conversations in which at least one procedure card was shown
    questions: int = 0
    unanswered: int = 0
