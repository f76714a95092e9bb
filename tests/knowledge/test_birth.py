"""A newborn told of, papers asked: the birth registration."""

from __future__ import annotations

import pytest

from knowledge.birth import BIRTH_REGISTRATION, newborn_papers


@pytest.mark.parametrize(
    "text",
    [
        "bé nhà em sinh được 2 tuần rồi chưa làm giấy tờ gì",
        "con tôi mới đẻ hôm qua giờ làm giấy tờ gì",
        "chau vua chao doi thi lam thu tuc gi",  # typed without accents
    ],
)
def test_a_newborn_whose_papers_are_asked_means_the_birth_registration(text: str) -> None:
    assert newborn_papers(text) == BIRTH_REGISTRATION


@pytest.mark.parametrize(
    "text",
    [
        "vợ mới sinh được 1 tháng, chồng được nghỉ mấy ngày, làm thủ tục gì",  # leave: maternity
        "con mới sinh làm thẻ bhyt cần giấy tờ gì",  # the child's health card
        "con tôi sinh được 2 tuần rồi",  # nothing asked
        "mẹ tôi để lại giấy tờ gì",  # no newborn
    ],
)
def test_leave_pay_or_nothing_asked_is_no_birth_registration(text: str) -> None:
    assert newborn_papers(text) is None
