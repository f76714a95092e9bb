"""A nationality beside a civil-status matter means a foreign element; small talk about a country does not."""

from __future__ import annotations

import pytest

from knowledge.foreign import born_abroad, nationality, recorded_abroad


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("chồng em người Hàn Quốc, đăng ký kết hôn ở đâu", "nguoi han quoc"),
        ("chong em nguoi han quoc dang ky ket hon", "nguoi han quoc"),
        ("vợ tôi người Lào, làm khai sinh cho con", "nguoi lao"),
        ("bạn trai em quốc tịch Nhật, bọn em muốn cưới", "quoc tich nhat"),
        ("nhận con nuôi người Campuchia", "nguoi campuchia"),
        ("tôi định cư ở Mỹ, về nước đăng ký kết hôn", "dinh cu o my"),
        ("con gái tui lấy chồng Đài Loan, giờ làm giấy tờ sao", "lay chong dai loan"),
        ("tui muốn lấy chồng bên Đài Loan thì làm giấy tờ gì", "lay chong ben dai loan"),
        ("lấy vợ người Nhật cần giấy gì", "lay vo nguoi nhat"),
        ("cưới chồng Hàn Quốc thì đăng ký kết hôn ở đâu", "chong han quoc"),
        ("em có chồng tây, đăng ký kết hôn cần gì", "chong tay"),
    ],
)
def test_a_nationality_beside_a_civil_status_matter_is_found(text: str, expected: str) -> None:
    assert nationality(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "tôi thích người Hàn Quốc",
        "bạn trai em người Nhật đẹp trai lắm",
        "người Thái ở Sơn La làm khai sinh",  # a people of Viet Nam, not a nationality
        "người anh trai tôi muốn kết hôn",
        "đăng ký kết hôn ở đâu",
        "tôi là người Mỹ cần giấy tờ gì để mua nhà",
        "chồng ngã xe mất rồi, làm khai tử",  # "ngã", not "Nga"
    ],
)
def test_no_foreign_element_without_both(text: str) -> None:
    assert nationality(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("con tôi sinh ở Nhật, giờ về nước làm khai sinh", True),
        ("tôi sinh con ở nước ngoài về việt nam đăng ký khai sinh được không", True),
        ("be sinh ra tai han quoc lam giay khai sinh", True),
        ("con tôi sinh ở Nhật, giờ học lớp 3", False),  # no civil-status matter
        ("con tôi sinh ở Hà Nội, làm khai sinh", False),  # born at home
    ],
)
def test_a_child_born_in_another_country_is_found(text: str, expected: bool) -> None:
    assert born_abroad(text) is expected


@pytest.mark.parametrize(
    ("request_text", "message", "matter"),
    [
        ("chúng tôi đã đăng ký kết hôn ở Hàn Quốc, về nước có phải làm gì", "", "kết hôn"),
        ("cưới bên Nhật rồi giờ về nước làm giấy tờ sao", "", "kết hôn"),
        ("ghi chú ly hôn cần gì", "", "ly hôn"),
        # Told in the story, while the request names no other matter.
        ("Giờ phải làm giấy tờ gì?", "Tôi kết hôn ở Hàn năm 2015. Giờ phải làm giấy tờ gì?", "kết hôn"),
    ],
)
def test_a_marriage_or_divorce_done_abroad_is_recorded(request_text: str, message: str, matter: str) -> None:
    wording = recorded_abroad(request_text, message)
    assert wording is not None and wording.startswith(f"ghi vào sổ hộ tịch việc {matter} ")


@pytest.mark.parametrize(
    ("request_text", "message"),
    [
        ("kết hôn lại", "tôi ly hôn ở Mỹ rồi, về Việt Nam muốn kết hôn lại"),  # asks to marry
        ("đăng ký kết hôn với người Hàn Quốc", ""),  # a marriage to be made, not one made abroad
        ("tôi thích đi du lịch ở Nhật", ""),
        ("đăng ký kết hôn ở nước ngoài tại đại sứ quán", ""),  # registered by the mission itself
        # a marriage still to come: the citizen asks for the paper to marry with
        ("lam giay xac nhan doc than", "lam giay xac nhan doc than de ket hon o nuoc ngoai"),
        ("sắp cưới ở Hàn Quốc", ""),
    ],
)
def test_other_messages_record_nothing(request_text: str, message: str) -> None:
    assert recorded_abroad(request_text, message) is None
