"""A bare "đổi" in a question exchanges the paper the message names nearest to it."""

from __future__ import annotations

import pytest

from knowledge.exchange import (
    CARD_EXCHANGE,
    LAND_TITLE_EXCHANGE,
    LICENCE_EXCHANGE,
    exchanged_paper,
    expired_paper,
)


@pytest.mark.parametrize(
    ("request_part", "message", "expected"),
    [
        (
            "Cán bộ địa chính khuyên nên đổi sang mẫu mới. Tôi cần chuẩn bị những giấy tờ gì?",
            "Sổ đỏ nhà tôi cấp từ năm 1998, giờ đã cũ nát. Cán bộ địa chính khuyên nên đổi sang mẫu mới.",
            LAND_TITLE_EXCHANGE,
        ),
        ("Giờ đổi ở đâu?", "Căn cước của tôi in sai quê. Giờ đổi ở đâu?", CARD_EXCHANGE),
        (  # unaccented, "doi sang" reads only as an exchange
            "Can bo khuyen nen doi sang mau moi. Toi can giay to gi?",
            "So do nha toi cap tu nam 1998, gio da cu nat. Can bo khuyen nen doi sang mau moi.",
            LAND_TITLE_EXCHANGE,
        ),
        (  # unaccented, "doi duoc" after a paper: can it be exchanged
            "Co doi duoc khong?",
            "Nha toi bi ngap, so do bi uot nhoe het chu. Co doi duoc khong?",
            LAND_TITLE_EXCHANGE,
        ),
    ],
)
def test_a_bare_exchange_takes_the_nearest_paper(request_part: str, message: str, expected: str) -> None:
    assert exchanged_paper(request_part, message) == expected


@pytest.mark.parametrize(
    ("request_part", "message"),
    [
        ("đổi sổ đỏ ở đâu", "đổi sổ đỏ ở đâu"),  # the request names the paper: the lexicon reads it
        ("đổi tên cho con", "Căn cước bố mẹ có rồi. đổi tên cho con"),  # a name, not a paper
        ("doi o dau", "so do cu roi, doi o dau"),  # unaccented "doi" may be "đợi", "đói", "đội"
        ("giờ phải làm gì", "Sổ đỏ nhà tôi bị rách. giờ phải làm gì"),  # no exchange asked
    ],
)
def test_no_bare_exchange_no_paper(request_part: str, message: str) -> None:
    assert exchanged_paper(request_part, message) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gplx b1 hết hạn", LICENCE_EXCHANGE),
        ("bằng lái xe ô tô của tôi sắp hết hạn", LICENCE_EXCHANGE),
        ("cmnd het han", CARD_EXCHANGE),
        ("căn cước hết hạn năm 2025", CARD_EXCHANGE),
        ("driving license hết hạn", LICENCE_EXCHANGE),  # the English name some people type
        ("bằng lái xe hơi của anh hết date rồi", LICENCE_EXCHANGE),  # chat for "hết hạn"
    ],
)
def test_an_expired_card_or_licence_is_exchanged(text: str, expected: str) -> None:
    assert expired_paper(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "gia hạn tạm trú hết hạn",  # no card or licence
        "hộ chiếu hết hạn",  # a passport is issued anew
        "bằng lái hết hạn bị mất luôn",  # a lost paper is re-issued
        "làm căn cước cho con",  # nothing expired
    ],
)
def test_nothing_expired_to_exchange(text: str) -> None:
    assert expired_paper(text) is None
