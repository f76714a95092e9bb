"""The /stats text in Vietnamese and English."""

from __future__ import annotations

from datetime import date

from bot.i18n import use_locale
from bot.satisfaction_report import ActivityCount, RatingCount, build_report, parse_period
from bot.stats_message import render_stats

TODAY = date(2026, 11, 23)


def _report() -> object:
    ratings = [
        RatingCount(TODAY, "1.001193", 5, "private", "", 6),
        RatingCount(TODAY, "1.001193", 4, "private", "", 1),
    ]
    ratings += [
        RatingCount(TODAY, "1.000894", 1, "relay", "unclear", 3),
        RatingCount(TODAY, "1.000894", 5, "relay", "", 6),
    ]
    activity = [ActivityCount(TODAY, "private", 32, 24, 64, 8)]
    names = {"1.001193": "Thủ tục đăng ký khai sinh", "1.000894": "Thủ tục <kết hôn>"}
    return build_report(parse_period("7d", TODAY), ratings, activity, names.get)


def test_vietnamese_message() -> None:
    with use_locale("vi"):
        text = render_stats(_report())  # type: ignore[arg-type]
    assert "Tỷ lệ hài lòng: 81,2 %" in text  # 13 of 16
    assert "Lượt đánh giá: 16" in text and "Tỷ lệ phản hồi: 50 %" in text
    assert "• Rất hài lòng: 12 (75 %)" in text
    assert "Qua tình nguyện viên: 9 lượt, hài lòng 66,7 %" in text
    assert "1. Thủ tục đăng ký khai sinh (1.001193): 100 % · 7 lượt" in text
    assert "Thủ tục &lt;kết hôn&gt;" in text  # names are escaped for HTML
    assert "• Khó hiểu: 3" in text
    assert "Không tìm được thủ tục: 12,5 % câu hỏi (8/64)" in text


def test_english_message() -> None:
    with use_locale("en"):
        text = render_stats(_report())  # type: ignore[arg-type]
    assert "Satisfaction rate: 81.2%" in text
    assert "Thủ tục đăng ký khai sinh" in text  # official names stay Vietnamese
    assert "Hard to understand: 3" in text
