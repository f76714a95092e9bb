"""An age in a question about the identity card picks the card record for that age."""

from __future__ import annotations

import pytest

from knowledge.age import FROM_14, UNDER_14, card_age_group


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Con tôi năm nay 15 tuổi, chưa làm căn cước bao giờ", FROM_14),
        ("con trai 16t làm cccd ở đâu", FROM_14),
        ("bé 6 tuổi làm căn cước được không", UNDER_14),
        ("làm căn cước cho trẻ em dươi 14 tuổi", UNDER_14),  # "dưới 14" is below the number
        ("t muốn làm cccd mà chưa đủ 14 tuổi", UNDER_14),
        ("mất cccd, tôi 30 tuổi làm lại ở đâu", None),  # an adult's age says nothing about the card
        ("con tôi 15 tuổi muốn làm hộ chiếu", None),  # not the identity card
        ("làm căn cước ở đâu", None),
        ("Con tôi 16 tuổi bị mất căn cước. Làm lại ở đâu?", None),  # a re-issue, whatever the age
        ("Con tôi 10 tuổi làm hộ chiếu có cần căn cước của bố mẹ?", None),  # another paper is asked for
        ("con 15 tuổi làm căn cước lần đầu có mất phí không", FROM_14),  # "mất phí" asks the fee
    ],
)
def test_an_age_beside_the_identity_card_picks_its_record(text: str, expected: str | None) -> None:
    assert card_age_group(text) == expected
