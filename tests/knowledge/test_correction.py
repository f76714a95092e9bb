"""A paper said to be wrong is corrected by its own record; the paper nearest to the error decides."""

from __future__ import annotations

import pytest

from knowledge.correction import (
    CARD_CORRECTION,
    CIVIL_STATUS_CORRECTION,
    DIPLOMA_CORRECTION,
    INSURANCE_CORRECTION,
    LAND_TITLE_CORRECTION,
    LICENCE_CORRECTION,
    correction_of,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Giấy khai sinh của tôi ghi sai năm sinh của mẹ", CIVIL_STATUS_CORRECTION),
        ("cái giấy khai sinh của tui bị ghi sai tên cha", CIVIL_STATUS_CORRECTION),
        ("xin đính chính giấy khai sinh", CIVIL_STATUS_CORRECTION),  # the correction asked by its name
        ("nhà tôi bị sai diện tích trong sổ đỏ", LAND_TITLE_CORRECTION),
        ("so bao hiem cua toi ghi nham ngay sinh", INSURANCE_CORRECTION),
        # The paper nearest to the error word: the land title is wrong, the birth paper only mentioned.
        ("Có giấy khai sinh rồi. Sổ đỏ bị in sai tên chủ", LAND_TITLE_CORRECTION),
        ("căn cước bị sai quê quán", CARD_CORRECTION),  # a card with wrong details is exchanged
        ("bằng lái bị sai ngày sinh", LICENCE_CORRECTION),
        ("sua lai que quan trong giay khai sinh", CIVIL_STATUS_CORRECTION),  # a detail mended
        ("sửa sai tên trên bằng đại học", DIPLOMA_CORRECTION),
        ("bằng tốt nghiệp in sai ngày sinh", DIPLOMA_CORRECTION),
    ],
)
def test_a_wrong_paper_is_corrected_by_its_record(text: str, expected: str) -> None:
    assert correction_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "khai sinh cho con ở đâu, sợ làm sai",  # a fear of erring
        "đăng ký kết hôn cần gì",  # nothing wrong
        "cán bộ làm sai quy định khi cấp sổ đỏ",  # a violation, not a wrong paper
        "em ở trọ trên sài gòn muốn đăng ký tạm trú",  # Saigon
        "sửa nhà để đăng ký thường trú",  # building work, no detail mended
    ],
)
def test_no_wrong_paper_no_correction(text: str) -> None:
    assert correction_of(text) is None
