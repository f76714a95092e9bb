"""Unanswered questions grouped so accented and unaccented variants count as one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.satisfaction_report import parse_period
from bot.unanswered_summary import frequent_unanswered, group_key, group_questions
from tests.bot.rating_rows import add_unanswered


def test_variants_share_a_group() -> None:
    assert group_key("Làm căn cước ạ") == group_key("lam can cuoc") == group_key("LÀM CĂN CƯỚC")


def test_groups_are_ranked_and_shown_by_an_accented_wording() -> None:
    questions = ["lam can cuoc", "lam can cuoc", "Làm căn cước", "đổi bằng lái", "doi bang lai", "xin visa"]
    groups = group_questions(questions)
    assert [(g.question, g.count, g.variants) for g in groups] == [
        ("Làm căn cước", 3, 2),
        ("đổi bằng lái", 2, 2),
        ("xin visa", 1, 1),
    ]
    assert group_questions(["lam can cuoc", "LAM CAN CUOC", "lam can cuoc"])[0].question == "lam can cuoc"
    assert len(group_questions(questions, limit=1)) == 1


def test_personal_data_never_shows() -> None:
    groups = group_questions(["số của tôi 012345678901 làm gì", "gọi 0912 345 678"])
    assert all("012345678901" not in g.question and "0912" not in g.question for g in groups)


async def test_frequent_unanswered_reads_the_period(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    now = datetime(2026, 11, 23, 3, tzinfo=UTC)
    await add_unanswered(db_sessions, now, "lam can cuoc")
    await add_unanswered(db_sessions, now - timedelta(hours=1), "làm căn cước")
    await add_unanswered(db_sessions, now - timedelta(days=60), "câu hỏi cũ")
    groups = await frequent_unanswered(db_sessions, parse_period("7d", date(2026, 11, 23)))
    assert [(g.count, g.variants) for g in groups] == [(2, 2)]
    everything = await frequent_unanswered(db_sessions, parse_period("all", date(2026, 11, 23)))
    assert sum(g.count for g in everything) == 3
