"""A bare "sang tên" transfers what the rest of the message names: land or a vehicle."""

from __future__ import annotations

import pytest

from knowledge.transfer import (
    LAND_GIFT,
    LAND_TRANSFER,
    VEHICLE_SALE,
    VEHICLE_TRANSFER,
    land_gift,
    sale_object,
    transfer_object,
)


@pytest.mark.parametrize(
    ("request_part", "message", "expected"),
    [
        ("muốn sang tên", "sổ đỏ mang tên bố đã mất muốn sang tên", LAND_TRANSFER),
        ("Giờ sang tên ở đâu?", "Tôi mua mảnh đất có sổ đỏ. Giờ sang tên ở đâu?", LAND_TRANSFER),
        ("giờ đi sang tên thế nào", "mua xe của hàng xóm giờ đi sang tên thế nào", VEHICLE_TRANSFER),
        ("xang ten o dau", "mua lai xe may cu, xang ten o dau", VEHICLE_TRANSFER),
        ("giờ sang tên cho bố tôi", "ông tôi để lại căn nhà giờ sang tên cho bố tôi", LAND_TRANSFER),
        ("muốn đứng tên", "mua miếng đất rồi muốn đứng tên", LAND_TRANSFER),  # a wish to be the owner
        ("muốn được đứng tên", "mua xe cũ muốn được đứng tên", VEHICLE_TRANSFER),
    ],
)
def test_a_bare_transfer_takes_its_object_from_the_message(
    request_part: str, message: str, expected: str
) -> None:
    assert transfer_object(request_part, message) == expected


@pytest.mark.parametrize(
    ("request_part", "message"),
    [
        ("sang tên xe máy ở đâu", "mua đất rồi, giờ sang tên xe máy ở đâu"),  # the request names it
        ("sang tên sổ đỏ", "sang tên sổ đỏ"),
        ("sang tên ở đâu", "sang tên ở đâu"),  # nothing to go by
        ("tách thửa và sang tên", "Bố cho tôi 100 mét đất. Tách thửa và sang tên"),  # a second action
        ("đặt lịch sang tên", "đặt lịch sang tên"),  # "đặt" is not land
        ("sổ đỏ đứng tên tôi bị mất", "sổ đỏ đứng tên tôi bị mất"),  # in one's name already
    ],
)
def test_no_object_is_added(request_part: str, message: str) -> None:
    assert transfer_object(request_part, message) is None


@pytest.mark.parametrize(
    ("request_part", "expected"),
    [
        ("cho tui miếng đất thì làm giấy tờ sao", LAND_GIFT),
        ("bố tôi cho tôi 100 mét đất", LAND_GIFT),
        ("ba má tặng con trai căn nhà", LAND_GIFT),
        ("ong ba cho tui mieng dat", LAND_GIFT),
        ("cấp sổ cho mảnh đất mới mua", None),  # no one receives it
        ("cho em đặt lịch", None),  # "đặt" is not land
        ("cho em dat lich", None),  # unaccented: a measure word is needed too
        ("cho em hỏi đất chưa có sổ", None),
        ("má tui muốn cho đất thằng út", LAND_GIFT),  # the land first, then who receives it
        ("ba muốn tặng mảnh đất cho con", LAND_GIFT),
        ("ma tui muon cho mieng dat thang ut", LAND_GIFT),
        ("cho thuê đất con", None),  # a lease, not a gift
        ("cấp sổ cho mảnh đất của con", None),
    ],
)
def test_a_gift_of_land_needs_a_receiver_beside_cho_and_dat(request_part: str, expected: str | None) -> None:
    assert land_gift(request_part) == expected


@pytest.mark.parametrize(
    ("request_part", "message", "expected"),
    [
        ("bà muốn chuyển cho các con", "Ông bà tôi có mảnh đất ở quê. Bà muốn chuyển cho các con", LAND_GIFT),
        ("giờ chia cho mấy anh em", "ba tui mất rồi, đất đứng tên ổng giờ chia cho mấy anh em", LAND_GIFT),
        ("muốn chuyển cho con trai", "Tôi có chiếc xe máy cũ muốn chuyển cho con trai", None),  # no land
        ("Tôi muốn chia cho 2 con mỗi đứa 100m2.", "Gia đình tôi có 1 lô đất 200m2. Tôi muốn chia cho 2 con "
         "mỗi đứa 100m2.", LAND_GIFT),  # a number of children
        ("chuyển cho các con", "chuyển cho các con", None),
        # The wish cut off before "cho": "Ổng muốn | cho tui, giờ làm sao?"
        ("cho tui, giờ làm sao?", "Ổng có cái sổ đỏ đứng tên ổng. Ổng muốn cho tui, giờ làm sao?", LAND_GIFT),
        ("ba muốn cho con đi học xa", "nhà có miếng đất, ba muốn cho con đi học xa", None),  # a child let go
        ("cho tôi hỏi thủ tục", "Nhà tôi có sổ đỏ. Cho tôi hỏi thủ tục", None),  # a question asked
    ],
)
def test_handing_over_to_family_is_a_gift_of_the_land_the_story_names(
    request_part: str, message: str, expected: str | None
) -> None:
    assert land_gift(request_part, message) == expected


@pytest.mark.parametrize(
    ("request_part", "message", "expected"),
    [
        # A vehicle's seller returns its registration and plate; land is transferred.
        ("bán cho người ta thì giấy tờ sao", "tui có chiếc xe cúp muốn bán cho người ta thì giấy tờ sao",
         VEHICLE_SALE),
        ("muốn bán mảnh đất thì làm giấy tờ gì", "", LAND_TRANSFER),
        ("toi muon ban o to", "", VEHICLE_SALE),
        ("toi ban xe may cho nguoi khac roi, phai lam thu hoi dang ky", "", VEHICLE_SALE),  # "ban xe"
        ("xe ban cho nguoi khac roi can lam thu hoi", "", VEHICLE_SALE),  # a vehicle sold to a buyer
    ],
)
def test_a_sale_is_read_from_the_object_nearest_to_it(request_part: str, message: str, expected: str) -> None:
    assert sale_object(request_part, message) == expected


@pytest.mark.parametrize(
    ("request_part", "message"),
    [
        ("ban toi muon lam can cuoc", ""),  # "bạn" (friend), not "bán"
        ("mua bán nhà đất cần công chứng không", ""),  # a sale contract, not a seller's act
        ("muốn bán hàng online", ""),  # nothing registered is sold
        ("mua ban xe can giay to gi", ""),  # a sale contract
        ("muon xe ban cho anh di lam", ""),  # "mượn xe bạn": a friend's vehicle, borrowed
    ],
)
def test_other_messages_sell_nothing(request_part: str, message: str) -> None:
    assert sale_object(request_part, message) is None


def test_an_unaccented_sale_split_after_its_wish_still_sells() -> None:
    message = "tui co chiec xe cup muon ban cho nguoi ta thi giay to sao"
    assert sale_object("ban cho nguoi ta thi giay to sao", message) == VEHICLE_SALE
