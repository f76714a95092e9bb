"""Phone formats the admin views must never show: landlines with area codes and the (+84) prefix."""

from __future__ import annotations

import pytest

from bot.privacy import PHONE_MASK, mask_personal_data


@pytest.mark.parametrize("text", ["024 3825 1234", "02438251234", "(+84) 912345678", "(+84) 24 3825 1234"])
def test_phone_numbers_are_masked(text: str) -> None:
    assert mask_personal_data(f"gọi {text} nhé") == f"gọi {PHONE_MASK} nhé"


@pytest.mark.parametrize(
    "text", ["năm 2024 có 12 hồ sơ", "lệ phí 1500000 đồng", "mã 1.001193", "tổng đài 1800 1234"]
)
def test_ordinary_numbers_stay(text: str) -> None:
    assert mask_personal_data(text) == text
