"""Periods, daily counts and the /stats figures, from counts and from the database (both backends)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.satisfaction_report import (
    ActivityCount,
    Period,
    PeriodError,
    RatingCount,
    build_report,
    load_report,
    local_day,
    parse_period,
    period_between,
    rated_procedure,
)
from tests.bot.rating_rows import add_conversation, add_unanswered

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("7d", date(2026, 11, 17), date(2026, 11, 24)),
        ("30d", date(2026, 10, 25), date(2026, 11, 24)),
        (None, date(2026, 10, 25), date(2026, 11, 24)),
        ("2026-02", date(2026, 2, 1), date(2026, 3, 1)),
        ("2025-12", date(2025, 12, 1), date(2026, 1, 1)),
        ("ALL", None, None),
    ],
)
def test_periods(text: str | None, start: date | None, end: date | None) -> None:
    period = parse_period(text, TODAY)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["7", "0d", "2026-13", "yesterday", "7d;drop", "1999-01"])
def test_bad_periods_are_refused(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text, TODAY)


def test_date_range_includes_both_ends() -> None:
    period = period_between(date(2026, 11, 1), date(2026, 11, 3))
    assert period.contains(date(2026, 11, 3)) and not period.contains(date(2026, 11, 4))
    assert not period.contains(date(2026, 10, 31))
    with pytest.raises(PeriodError):
        period_between(date(2026, 11, 3), date(2026, 11, 1))


def test_local_day_is_vietnam_time() -> None:
    # 17:30 UTC is 00:30 the next day in Hanoi; naive (SQLite) times are read as UTC.
    assert local_day(datetime(2026, 10, 31, 17, 30, tzinfo=UTC)) == date(2026, 11, 1)
    assert local_day(datetime(2026, 10, 31, 16, 59)) == date(2026, 10, 31)


def test_rated_procedure_is_the_last_shown() -> None:
    assert rated_procedure('["1.000894", "1.001193"]') == "1.001193"
    assert rated_procedure("[]") == "" and rated_procedure("not json") == ""


def _ratings(code: str, levels: list[int], channel: str = "private", reason: str = "") -> list[RatingCount]:
    return [RatingCount(TODAY, code, level, channel, reason if level <= 2 else "", 1) for level in levels]


def test_figures_from_counts() -> None:
    ratings = (
        _ratings("A", [5, 5, 4, 4, 4, 5, 4])
        + _ratings("B", [1], reason="missing")
        + _ratings("C", [5, 5], channel="relay")
    )
    activity = [
        ActivityCount(TODAY, "private", conversations=20, card_conversations=15, questions=40, unanswered=4)
    ]
    report = build_report(parse_period("7d", TODAY), ratings, activity, {"A": "Thủ tục A"}.get)
    assert report.ratings == 10 and report.conversations == 20
    assert report.satisfaction_rate == pytest.approx(0.9)
    assert report.response_rate == pytest.approx(0.5)
    assert report.levels == {5: 5, 4: 4, 3: 0, 2: 0, 1: 1}
    assert report.channels["relay"].ratings == 2 and report.channels["private"].ratings == 8
    assert report.channels["private"].satisfaction_rate == pytest.approx(7 / 8)
    assert [s.code for s in report.best] == ["A"]  # B and C have fewer than 3 ratings
    assert report.best[0].name == "Thủ tục A"
    assert report.reasons == [("missing", 1)]
    assert report.card_share == pytest.approx(0.75) and report.unanswered_share == pytest.approx(0.1)


def test_best_and_worst_are_ordered_and_disjoint() -> None:
    ratings = []
    for index, levels in enumerate([[5, 5, 5], [5, 4, 3], [1, 2, 3], [4, 4, 4, 4], [1, 1, 1], [3, 3, 3]]):
        ratings += _ratings(f"P{index}", levels)
    report = build_report(Period(None, None, "all"), ratings, [])
    assert [s.code for s in report.best] == ["P0", "P3", "P1", "P5", "P2"]
    assert [s.code for s in report.worst] == ["P4"]
    assert report.worst[0].satisfaction_rate == 0


def test_counts_outside_the_period_are_ignored() -> None:
    old = RatingCount(date(2026, 1, 1), "A", 1, "private", "", 5)
    report = build_report(parse_period("7d", TODAY), [old, *_ratings("A", [5])], [])
    assert report.ratings == 1 and report.satisfaction_rate == 1


def test_no_data_has_no_rates() -> None:
    report = build_report(parse_period("7d", TODAY), [], [])
    assert report.satisfaction_rate is None and report.response_rate is None
    assert report.to_json()["satisfaction_rate"] is None


async def test_report_from_the_database(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    # 16:30 UTC on Oct 31 is 23:30 in Hanoi (October); 17:30 UTC is already November 1st there.
    await add_conversation(db_sessions, datetime(2026, 10, 31, 16, 30, tzinfo=UTC), level=1, reason="wrong")
    for hour in (1, 2, 3):
        await add_conversation(db_sessions, datetime(2026, 10, 31, 17, 30 + hour, tzinfo=UTC), level=5)
    await add_conversation(db_sessions, datetime(2026, 11, 2, 3, 0, tzinfo=UTC), code=None, questions=2)
    await add_unanswered(db_sessions, datetime(2026, 11, 2, 3, 0, tzinfo=UTC), "hỏi gì đó")
    november = await load_report(db_sessions, parse_period("2026-11", TODAY))
    assert november.ratings == 3 and november.satisfaction_rate == 1.0
    assert november.conversations == 4 and november.card_conversations == 3
    assert november.questions == 5 and november.unanswered == 1
    assert november.best[0].code == "1.001193" and november.best[0].ratings == 3
    october = await load_report(db_sessions, parse_period("2026-10", TODAY))
    assert october.ratings == 1 and october.reasons == [("wrong", 1)]
    everything = await load_report(db_sessions, parse_period("all", TODAY))
    assert everything.ratings == 4 and everything.to_json()["levels"] == {
        "5": 3,
        "4": 0,
        "3": 0,
        "2": 0,
        "1": 1,
    }
