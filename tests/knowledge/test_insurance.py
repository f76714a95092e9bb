"""Tests for reading a withdrawal from social insurance, and leave after a birth."""

from __future__ import annotations

import pytest

from knowledge.insurance import (
    LUMP_SUM,
    MATERNITY,
    SICKNESS,
    VOLUNTARY,
    lump_sum_withdrawal,
    maternity_leave,
    sickness_leave,
    voluntary_scheme,
)


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


@pytest.mark.parametrize(
    "text",
    [
        "sinh con thứ hai được nghỉ bao lâu",
        "Tôi sinh con thứ hai. Công ty có đóng bảo hiểm đầy đủ. Tôi được nghỉ bao lâu?",
        "sinh con duoc nghi bao lau",
        "vợ sinh con, chồng được nghỉ mấy ngày",
        "vợ em sắp sinh, em làm công ty thì có được nghỉ không",  # a birth to come
        "vo em sap sinh, em co duoc nghi va huong che do gi",  # unaccented "được nghỉ"
        "đẻ xong được công ty trả tiền không",  # pay asked, not leave
        "vợ tôi sảy thai thì được nghỉ bao lâu",  # a miscarriage
    ],
)
def test_leave_after_a_birth_is_the_maternity_benefit(text: str) -> None:
    assert maternity_leave(text) == MATERNITY


@pytest.mark.parametrize(
    "text",
    [
        "sinh con rồi, làm khai sinh xong mới được nghỉ",  # the birth's paper is asked
        "sinh con thứ ba theo nghị định nào bị phạt",  # "nghị", not "nghỉ"
        "tôi được nghỉ bao lâu khi ốm",  # no birth
        "sinh con thứ 3 có bị phạt tiền không",  # a fine, not pay
    ],
)
def test_no_birth_or_a_birth_paper_is_no_maternity_leave(text: str) -> None:
    assert maternity_leave(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "tôi bị ốm phải nằm viện 1 tuần, công ty có trả tiền không",
        "con tôi bị ốm, tôi nghỉ làm chăm con có được hưởng bảo hiểm",  # a child's illness
        "điều trị nội trú 10 ngày thì được hưởng chế độ gì",
        "toi bi om phai nam vien 1 tuan cong ty co tra tien khong",  # typed without accents
    ],
)
def test_time_off_or_pay_for_an_illness_is_the_sickness_benefit(text: str) -> None:
    assert sickness_leave(text) == SICKNESS


@pytest.mark.parametrize(
    "text",
    [
        "nằm viện có được bảo hiểm y tế chi trả không",  # the health card pays the hospital
        "bị tai nạn lao động nằm viện được hưởng gì",  # a work accident
        "bị ốm",  # nothing asked
        "om con di lam giay to",  # "ôm" (hold), typed without accents
    ],
)
def test_the_health_card_an_accident_or_nothing_asked_is_no_sickness_benefit(text: str) -> None:
    assert sickness_leave(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "công ty tôi không đóng bảo hiểm thì tôi tự đóng được không",
        "cong ty toi khong dong bao hiem thi toi tu dong duoc khong",
        "tôi làm tự do muốn tự đóng bảo hiểm để về già có lương hưu",
    ],
)
def test_paying_ones_own_insurance_is_the_voluntary_scheme(text: str) -> None:
    assert voluntary_scheme(text) == VOLUNTARY


@pytest.mark.parametrize(
    "text",
    [
        "tôi tự đóng cửa hàng",  # no insurance
        "tự mua bảo hiểm xe máy ở đâu",  # a policy bought, not social insurance
        "tự đóng bảo hiểm y tế cho con ở đâu",  # the health card
    ],
)
def test_no_insurance_or_health_insurance_is_no_voluntary_scheme(text: str) -> None:
    assert voluntary_scheme(text) is None
