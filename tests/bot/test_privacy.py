"""Masking of citizen-id numbers, phone numbers and e-mails."""

from __future__ import annotations

import pytest

from bot.privacy import EMAIL_MASK, ID_MASK, PHONE_MASK, mask_personal_data


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CCCD của tôi 001203004567 bị mất", f"CCCD của tôi {ID_MASK} bị mất"),
        ("cmnd 123456789", f"cmnd {ID_MASK}"),
        ("gọi 0912 345 678 nhé", f"gọi {PHONE_MASK} nhé"),
        ("sđt +84912345678", f"sđt {PHONE_MASK}"),
        ("số 0912.345.678", f"số {PHONE_MASK}"),
        ("mail nguyen.van.a@gmail.com", f"mail {EMAIL_MASK}"),
    ],
)
def test_personal_data_is_masked(text: str, expected: str) -> None:
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize(
    "text", ["lệ phí 1500000 đồng", "năm 2024", "mã thủ tục 1.001193", "nghị định 123/2015/NĐ-CP"]
)
def test_ordinary_numbers_are_kept(text: str) -> None:
    assert mask_personal_data(text) == text
