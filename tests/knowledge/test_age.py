"""An age picks the identity-card record for a child, and the social pension for an old person."""

from __future__ import annotations

import pytest

from knowledge.age import FROM_14, SOCIAL_PENSION, UNDER_14, card_age_group, social_pension


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Con tôi năm nay 15 tuổi, chưa làm căn cước bao giờ", FROM_14),
        ("con trai 16t làm cccd ở đâu", FROM_14),
        ("bé 6 tuổi làm căn cước được không", UNDER_14),
        ("làm căn cước cho trẻ em dươi 14 tuổi", UNDER_14),  # "dưới 14" is below the number
        ("t muốn làm cccd mà chưa đủ 14 tuổi", UNDER_14),
        ("mất cccd, tôi 30 tuổi làm lại ở đâu", None),  # a re-issue: the age says nothing
        ("lam the can cuoc cho nguoi gia 80t", FROM_14),  # an adult's age rules out the children's record
        ("cccd hết hạn năm 25 tuổi", None),  # an expired card is exchanged, whatever the age
        ("làm căn cước cho con", UNDER_14),  # no age, but a child's first card
        ("căn cước cho bé mới sinh", UNDER_14),
        ("con tôi 15 tuổi muốn làm hộ chiếu", None),  # not the identity card
        ("làm căn cước ở đâu", None),
        ("Con tôi 16 tuổi bị mất căn cước. Làm lại ở đâu?", None),  # a re-issue, whatever the age
        ("Con tôi 10 tuổi làm hộ chiếu có cần căn cước của bố mẹ?", None),  # another paper is asked for
        ("con 15 tuổi làm căn cước lần đầu có mất phí không", FROM_14),  # "mất phí" asks the fee
        ("làm căn cước gắn chip cho người già liệt giường", FROM_14),  # no age, but an elder's card
        ("lam can cuoc cho ong noi", FROM_14),
        ("Bố tôi nằm một chỗ, không tự đi làm căn cước được", FROM_14),  # "bố tôi": an elder
        ("mẹ tôi làm căn cước cho em bé được không", UNDER_14),  # the child's card, asked by its mother
        ("cc gắn chip cho tre em", UNDER_14),  # the chip names the card
    ],
)
def test_an_age_beside_the_identity_card_picks_its_record(text: str, expected: str | None) -> None:
    assert card_age_group(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "tía tui 85 tuổi rồi có được lãnh tiền hông",
        "người già 80 tuổi được nhận tiền gì",
        "bà 72t nhận trợ cấp",
        "Mẹ tôi năm nay 76 tuổi, nhà nghèo, chưa có lương hưu. Làm sao để mẹ được nhận trợ cấp?",
        "mẹ tui già yếu 81 tuổi, không lương hưu, xin tiền trợ cấp",  # "không" without "có"
        "mẹ tôi già rồi chưa có lương hưu có được nhận tiền gì không",  # no age: old and no pension
        "ba tui lớn tuổi ko có lương hưu, lãnh tiền gì được",
    ],
)
def test_an_old_person_asking_for_money_means_the_social_pension(text: str) -> None:
    assert social_pension(text) == SOCIAL_PENSION


@pytest.mark.parametrize(
    "text",
    [
        "mẹ tôi 78 tuổi làm căn cước",  # a card, not money
        "bố tôi 90 tuổi mất, được hỗ trợ mai táng không",  # a funeral grant
        "ông 82 tuổi có lương hưu rồi",  # already paid a pension
        "con 15 tuổi nhận tiền học bổng",  # too young
        "dưới 80 tuổi có được nhận tiền không",  # a limit, not an age
        "gia đình tôi không có lương hưu, có được nhận trợ cấp không",  # "gia đình", not "già"
        "tôi tham gia đóng nhiều năm mà chưa có lương hưu, được nhận tiền gì",  # "tham gia", not "già"
    ],
)
def test_other_ages_and_matters_are_not_the_social_pension(text: str) -> None:
    assert social_pension(text) is None
