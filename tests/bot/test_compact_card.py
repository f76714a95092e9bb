"""The compact card of inline mode: badge, key facts, source credit, in the current locale."""

from __future__ import annotations

from bot.compact_card import badge, compact_card, key_facts, short_description
from bot.i18n import use_locale
from knowledge.procedure import OnlineLevel, Procedure
from tests.handlers.harness import BIRTH, LAND, MARRIAGE


def test_badges_follow_the_online_level() -> None:
    assert badge(BIRTH) == "🟢 Trực tuyến toàn trình"
    assert badge(MARRIAGE) == "🟡 Trực tuyến một phần"
    assert badge(LAND) == "🔴 Chỉ nộp trực tiếp"
    assert badge(Procedure("9.000001", "X", online_level=OnlineLevel.UNKNOWN)).startswith("⚪ Chưa rõ")


def test_key_facts_and_credit() -> None:
    assert key_facts(MARRIAGE) == [
        "Lĩnh vực: Hộ tịch",
        "Thời hạn: 5 ngày làm việc",
        "Lệ phí: 1.500.000\xa0₫",
        "Hồ sơ: 2 giấy tờ",
    ]
    text = compact_card(MARRIAGE)
    assert text.startswith("<b>Thủ tục đăng ký kết hôn</b>") and text.endswith(
        "<i>Nguồn: Cổng Dịch vụ công quốc gia</i>"
    )
    assert len(short_description(MARRIAGE)) <= 120


def test_english_card_keeps_the_official_name() -> None:
    with use_locale("en"):
        text = compact_card(MARRIAGE)
    assert "Thủ tục đăng ký kết hôn" in text and "Partly online" in text and "Documents: 2" in text
    assert "₫1,500,000" in text or "1,500,000" in text
