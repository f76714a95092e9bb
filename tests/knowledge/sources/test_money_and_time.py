"""Tests for Vietnamese money, time and fee-label parsing."""

from __future__ import annotations

import pytest

from knowledge.procedure import Fee, TimeUnit
from knowledge.sources.money_and_time import fee_label, make_fee, parse_money, parse_number, parse_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50.000 Đồng", (50_000, "VND")),
        ("1.500.000 đồng", (1_500_000, "VND")),
        ("100,000 Việt Nam Đồng", (100_000, "VND")),
        ("4,000,000 Việt Nam Đồng", (4_000_000, "VND")),
        ("135 VNĐ", (135, "VND")),
        ("Lệ phí : 50.000 Đồng", (50_000, "VND")),
        ("1,5 triệu đồng", (1_500_000, "VND")),
        ("Miễn phí", (0, "VND")),
        ("Không có thông tin", (None, "")),
        ("25 USD", (None, "USD")),
    ],
)
def test_parse_money_reads_vietnamese_formats(text: str, expected: tuple[int | None, str]) -> None:
    assert parse_money(text) == expected


def test_parse_number_tells_thousands_from_decimals() -> None:
    assert parse_number("1.500.000") == 1_500_000
    assert parse_number("12,5") == 12.5
    assert parse_number("12.5") == 12.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 Ngày làm việc", (5.0, TimeUnit.WORKING_DAY, "")),
        ("30 Ngày", (30.0, TimeUnit.DAY, "")),
        ("1", (1.0, None, "")),
        (7, (7.0, None, "")),
        ("Không quá 10 ngày làm việc. Đối với các xã miền núi", (10.0, TimeUnit.WORKING_DAY,
                                                                  "Không quá 10 ngày làm việc")),
        ("Theo mô tả", (None, None, "Theo mô tả")),
        ("Không có thông tin", (None, None, "")),
        ("1 năm", (12.0, TimeUnit.MONTH, "")),
    ],
)
def test_parse_time(text: object, expected: tuple[float | None, TimeUnit | None, str]) -> None:
    assert parse_time(text) == expected


def test_long_time_wording_is_cut_short() -> None:
    value, unit, text = parse_time("Trường hợp cấp đổi đồng loạt cho nhiều người sử dụng đất do đo đạc lập "
                                   "bản đồ địa chính thì thời gian thực hiện theo dự án đã được cơ quan có "
                                   "thẩm quyền")
    assert value is None and unit is None
    assert len(text) <= 80 and text.endswith("…")


def test_fee_missing_thousands_is_corrected_from_its_own_note() -> None:
    # Real page text: "Trực tiếp5 Ngày làm việc135 VNĐ(Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.)"
    repairs: list[str] = []
    fee = make_fee(135, "Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.", "Phí", repairs)
    assert fee == Fee(135_000, "Lệ phí cấp giấy phép lái xe")
    assert repairs == ["fee_thousands_corrected"]


def test_implausible_small_fee_without_confirmation_becomes_unknown() -> None:
    repairs: list[str] = []
    fee = make_fee(50, "(áp dụng mức phí 25.000 đồng/hồ sơ kể từ ngày 01/7/2025)", "Phí", repairs)
    assert fee.amount_vnd is None
    assert repairs == ["fee_implausible_amount"]


def test_zero_fee_is_free_only_when_the_note_agrees() -> None:
    assert make_fee(0, "", "Lệ phí") == Fee(0, "Miễn phí")
    assert make_fee(0, "Không thu lệ phí", "Lệ phí") == Fee(0, "Miễn phí")
    assert make_fee(0, "Không", "Lệ phí") == Fee(0, "Miễn phí")
    repairs: list[str] = []
    fee = make_fee(0, "Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định. Miễn lệ phí cho ...", "Lệ phí",
                   repairs)
    assert fee.amount_vnd is None
    assert fee.label == "Mức lệ phí cụ thể do Hội đồng nhân dân tỉnh quyết định"
    assert repairs == ["fee_zero_unconfirmed"]


def test_fee_label_is_short() -> None:
    assert fee_label("Phí : 50.000 Đồng - 50.000đ/tem “AB” (Thông tư số 25/2021/TT-BTC)", "Phí") == "Phí"
    assert fee_label("/hồ sơ", "Phí, lệ phí") == "Phí, lệ phí mỗi hồ sơ"
    assert fee_label("", "Lệ phí") == "Lệ phí"
    long_note = ("Theo quy định của Luật phí và lệ phí và các văn bản quy phạm pháp luật hướng dẫn Luật "
                 "phí và lệ phí")
    assert len(fee_label(long_note, "Phí")) <= 80
