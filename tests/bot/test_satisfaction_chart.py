"""The /stats chart: a PNG, daily or weekly bars, numbers in the locale's format."""

from __future__ import annotations

from datetime import date

from bot.i18n import use_locale
from bot.satisfaction_chart import buckets, format_count, format_rate, period_text, render_chart
from bot.satisfaction_report import RatingCount, build_report, parse_period

TODAY = date(2026, 11, 23)


def _report(period: str, days: list[date]) -> object:
    ratings = [RatingCount(day, "A", level, "private", "", 2) for day in days for level in (5, 4, 1)]
    return build_report(parse_period(period, TODAY), ratings, [])


def test_numbers_follow_the_locale() -> None:
    with use_locale("vi"):
        assert format_rate(0.875) == "87,5 %" and format_count(1282) == "1.282"
    with use_locale("en"):
        assert format_rate(0.875) == "87.5%" and format_count(1282) == "1,282"


def test_short_periods_have_daily_bars_and_long_ones_weekly() -> None:
    daily = _report("30d", [date(2026, 11, 20)])
    starts, counts, weekly = buckets(daily, TODAY)  # type: ignore[arg-type]
    assert not weekly and len(starts) == 30 and counts[date(2026, 11, 20)] == {5: 2, 4: 2, 1: 2}
    long = _report("90d", [date(2026, 11, 16), date(2026, 11, 18)])
    starts, counts, weekly = buckets(long, TODAY)  # type: ignore[arg-type]
    assert weekly and all(start.weekday() == 0 for start in starts)
    assert counts[date(2026, 11, 16)] == {5: 4, 4: 4, 1: 4}


def test_all_time_runs_from_the_first_rating_to_today() -> None:
    starts, _counts, weekly = buckets(_report("all", [date(2026, 11, 1)]), TODAY)  # type: ignore[arg-type]
    assert not weekly and starts[0] == date(2026, 11, 1) and starts[-1] == TODAY


def test_chart_is_a_png() -> None:
    with use_locale("vi"):
        image = render_chart(_report("30d", [date(2026, 11, 20), date(2026, 11, 22)]), TODAY)  # type: ignore[arg-type]
        assert period_text(parse_period("2026-11", TODAY)) == "1/11/2026 – 30/11/2026"
    assert image.startswith(b"\x89PNG\r\n\x1a\n") and len(image) > 10_000
