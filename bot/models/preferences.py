"""The per-user preferences table: the chosen reply language, and whether the user started the bot.

Users are keyed by the keyed hash of their Telegram id (``Settings.hash_user_id``); no raw id is stored.
``started_at`` records that the user sent ``/start`` in their private chat, which is their consent to get
messages there: only then does the survey of a question they asked in a group go to them in private (a
private chat's id is the user's id, so it is taken from the update, not stored). It is cleared when the
user blocks the bot.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class UserPreference(SQLModel, table=True):
    """One user's remembered choices (all optional)."""

    __tablename__ = "user_preferences"

    user_key: str = Field(primary_key=True, max_length=64)
    locale: str | None = Field(default=None, max_length=8)  # chosen with /lang; None = not chosen
    started_at: datetime | None = None  # first /start in a private chat
    relay_until: datetime | None = None  # a helper's /help_for session waits for the citizen's question
    updated_at: datetime
