"""A relative's death told in a message means the death registration; a lost paper does not."""

from __future__ import annotations

import pytest

from knowledge.death import (
    DEATH_REGISTRATION,
    ESTATE_DIVISION,
    LAND_INHERITANCE,
    MERIT_DEATH_ALLOWANCE,
    SURVIVORS_ALLOWANCE,
    death_registration,
    estate_after_death,
    estate_division,
    inherited_title,
    merit_death,
    survivors_allowance,
)


@pytest.mark.parametrize(
    "text",
    [
        "má tui mới mất, giờ làm giấy tờ gì cho bả",
        "bố tôi mất hôm qua thì làm gì",
        "ông nội mất ở bệnh viện rồi, con cháu cần làm gì",
        "chong em vua qua doi",
        "ba tôi mới mất làm giấy tờ gì",  # what to do next, right after the verb
        "nguoi nha mat thi lam giay to gi",  # a relative named as "người nhà"
        "Mẹ tôi 75 tuổi, hôm qua mất ở nhà. Gia đình cần đi báo chính quyền như thế nào?",  # told later
        "ông nội mới mất, xã bảo phải đi báo",  # the verb ends its clause
        "nhà có đám ma, phải làm giấy gì cho người mất",  # the dead named as "người"
        "ông già tui mất rồi làm sao khai báo",  # "ông già": one's father
    ],
)
def test_a_relative_who_died_means_the_death_registration(text: str) -> None:
    assert death_registration(text) == DEATH_REGISTRATION


@pytest.mark.parametrize(
    "text",
    [
        "mẹ tôi mất căn cước",  # lost, not dead
        "bố tôi bị mất ví",
        "mẹ mất ví ở chợ",  # "ví" (wallet) folds like "vì"
        "con tôi mất giấy khai sinh",
        "mất bao lâu thì có sổ đỏ",  # a duration
        "làm sổ đỏ có mất",  # "có", not "cô"
        "xe đi mất rồi",  # "đi", not "dì"
        "mẹ tôi hôm qua mất ví ở chợ",
        "người mất việc thì nhận trợ cấp gì",  # a job lost
        "người mất tích lâu năm",  # missing
    ],
)
def test_a_loss_or_a_duration_is_no_death(text: str) -> None:
    assert death_registration(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "bố mất để lại mảnh đất giờ anh em muốn chia",
        "ông bà mất để lại nhà giờ chia cho con cháu",
        "bo me khong de lai di chuc, chia dat the nao",
        "anh em thỏa thuận phân chia tài sản thừa kế",
    ],
)
def test_sharing_what_a_relative_left_means_the_division_agreement(text: str) -> None:
    assert estate_division(text) == ESTATE_DIVISION


def test_the_estate_may_be_told_before_the_sharing_is_asked() -> None:
    message = "Nhà tôi có miếng đất ông nội để lại, giờ ba anh em muốn chia ra thì làm sao?"
    assert estate_division("chia ra thì làm sao?", message) == ESTATE_DIVISION
    assert estate_division("chia ra thì làm sao?") is None  # nothing left behind is told


@pytest.mark.parametrize(
    "text",
    [
        "bố mất để lại mảnh đất giờ sang tên cho mẹ",  # a transfer, nothing shared
        "chia đất cho con",  # a living parent's gift
        "vợ chồng chia tay, nhà đứng tên ai",  # parting, no estate
        "mẹ mất để lại sổ tiết kiệm",  # nothing shared out
    ],
)
def test_no_sharing_or_no_estate_is_no_division(text: str) -> None:
    assert estate_division(text) is None


def test_a_death_told_makes_the_sharing_an_estate_unless_the_split_is_asked_by_name() -> None:
    message = "Bố tôi mất không để lại di chúc, mấy anh em muốn chia đất thì làm thế nào?"
    assert estate_after_death(message, message) == ESTATE_DIVISION
    assert estate_after_death("bố tôi muốn lập di chúc chia đất cho các con") is None  # nobody died
    asked = "Giờ anh em thống nhất chia làm 3 phần. Thủ tục tách thửa thế nào?"
    assert estate_after_death(asked, f"Bố mẹ mất để lại mảnh đất. {asked}") is None


@pytest.mark.parametrize(
    "text",
    [
        "ba toi la thuong binh, nay ba mat thi gia dinh duoc huong che do gi",
        "ông nội là bệnh binh mới qua đời",
    ],
)
def test_the_death_of_a_person_with_merit_means_the_allowance_at_death(text: str) -> None:
    assert merit_death(text) == MERIT_DEATH_ALLOWANCE


@pytest.mark.parametrize(
    "text",
    [
        "bố tôi là thương binh mất thẻ",  # a lost card
        "bố tôi mất hôm qua thì làm gì",  # no merit named
    ],
)
def test_no_death_or_no_merit_is_no_allowance_at_death(text: str) -> None:
    assert merit_death(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "bố tôi đang hưởng lương hưu mới mất thì con cái được nhận gì",
        "chồng tôi đóng bhxh 15 năm, mới mất tháng trước, tôi được nhận gì",
        "bố em đang hưởng lương hưu thì mất, mẹ em có được lĩnh tiếp không",  # "thì mất", then a clause
        "chồng em mất vì tai nạn lao động, em được nhận tiền gì",  # a death at work
    ],
)
def test_the_death_of_an_insured_relative_means_the_survivors_allowance(text: str) -> None:
    assert survivors_allowance(text) == SURVIVORS_ALLOWANCE


@pytest.mark.parametrize(
    "text",
    [
        "bố tôi vừa mất sổ bhxh",  # a lost book
        "rút bhxh một lần",  # nobody died
        "chồng em bị tai nạn lao động nằm viện",  # injured, not dead
    ],
)
def test_no_death_or_no_insurance_is_no_survivors_allowance(text: str) -> None:
    assert survivors_allowance(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "bìa đỏ đứng tên ông bà đã mất",
        "so do dung ten ba da mat",
        "bố mất để lại sổ đỏ, giờ làm sao",
    ],
)
def test_a_title_in_a_dead_relatives_name_means_registering_the_inheritance(text: str) -> None:
    assert inherited_title(text) == LAND_INHERITANCE


@pytest.mark.parametrize(
    "text",
    [
        "sổ đỏ đứng tên bố, bố muốn cho tôi",  # no death
        "bố mất để lại sổ đỏ, anh em muốn chia",  # shared out: the division agreement
        "mẹ mất để lại sổ tiết kiệm",  # no land title
    ],
)
def test_no_death_no_title_or_a_sharing_is_no_inheritance_registration(text: str) -> None:
    assert inherited_title(text) is None
