"""Tests for reading a withdrawal from social insurance."""

from __future__ import annotations

import pytest

from knowledge.insurance import LUMP_SUM, lump_sum_withdrawal


@pytest.mark.parametrize(
    "question",
    [
        "đóng bhxh được 10 năm nghỉ có rút được ko",
        "dong bao hiem 5 nam roi nghi viec rut dc khong",
        "sổ bảo hiểm muốn rút thì làm sao",
        "nghỉ việc rồi bảo hiểm rút được chưa",
        "công ty đóng bảo hiểm được 5 năm thì em nghỉ việc, giờ muốn lấy tiền bảo hiểm về",
        "em muốn lấy hết tiền bảo hiểm ra",
    ],
)
def test_rut_beside_social_insurance_is_the_lump_sum(question: str) -> None:
    assert lump_sum_withdrawal(question) == LUMP_SUM


@pytest.mark.parametrize(
    "question",
    [
        "đăng ký xe rồi có rút được hồ sơ không",  # no insurance: a file is withdrawn
        "bảo hiểm xe máy rút hồ sơ gốc",  # a vehicle file, not money
        "bảo hiểm y tế có rút được không",  # health insurance pays no lump sum
        "bảo hiểm thất nghiệp rút được không",
        "đóng bhxh được 10 năm",  # nothing withdrawn
        "lấy tiền bảo hiểm thai sản ở đâu",  # another benefit
        "bố đóng bảo hiểm 20 năm mất thì con được nhận tiền tuất không",  # the survivors' allowance
        "rút tiền bảo hiểm nhân thọ",  # a private policy, not social insurance
    ],
)
def test_other_withdrawals_are_not_the_lump_sum(question: str) -> None:
    assert lump_sum_withdrawal(question) is None
