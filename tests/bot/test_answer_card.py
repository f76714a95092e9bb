"""Answer cards: online-level badges, every part, escaping, the 4,096 limit, buttons and callback parsing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answer_card import (
    END_CALLBACK,
    MESSAGE_LIMIT,
    PORTAL_URL,
    parse_part_callback,
    part_callback,
    render_card,
)
from knowledge.aspects import Aspect
from knowledge.procedure import Document, OnlineLevel, Procedure
from tests.handlers.harness import BIRTH, LAND, MARRIAGE, RESIDENCE

SOURCE = "Nguồn: Cổng Dịch vụ công quốc gia"


def test_full_online_badge_says_no_visit_needed() -> None:
    text = render_card(BIRTH, Aspect("overview")).text
    assert "<b>Thủ tục đăng ký khai sinh</b>" in text
    assert "<code>1.001193</code>" in text
    assert "nộp trực tuyến toàn trình trên Cổng DVC, không phải đến nơi" in text


def test_partial_badge_names_the_agency_and_why_to_go() -> None:
    text = render_card(MARRIAGE, Aspect("overview")).text
    assert "có thể nộp trực tuyến một phần; cần đến Ủy ban nhân dân cấp xã để nộp bản gốc giấy tờ" in text
    assert "nhận kết quả" in text


def test_offline_badge_says_where_to_go() -> None:
    text = render_card(LAND, Aspect("overview")).text
    assert "Chỉ nộp trực tiếp" in text
    assert "đến Văn phòng đăng ký đất đai" in text


def test_unknown_level_with_online_channel_does_not_guess_the_level() -> None:
    text = render_card(RESIDENCE, Aspect("overview")).text
    assert "có thể nộp trực tuyến; mức độ toàn trình/một phần chưa được công bố" in text
    assert f'href="{PORTAL_URL}"' in text  # no procedure URL: the national portal


def test_unknown_level_without_online_channel_says_unknown() -> None:
    procedure = replace(RESIDENCE, online_submission=False, url="https://dichvucong.gov.vn/x?ma=1")
    text = render_card(procedure, Aspect("overview")).text
    assert "Chưa rõ mức độ trực tuyến" in text
    assert 'href="https://dichvucong.gov.vn/x?ma=1"' in text
    assert OnlineLevel.FULL.value not in text


@pytest.mark.parametrize(
    ("procedure", "aspect", "expected"),
    [
        (BIRTH, "documents", "• Tờ khai đăng ký khai sinh (1 bản chính)"),
        (MARRIAGE, "fees", "Trực tiếp: 1.500.000\xa0₫ (Lệ phí)"),
        (BIRTH, "fees", "Miễn phí (Miễn lệ phí)"),
        (MARRIAGE, "time", "Trực tiếp: 5 ngày làm việc"),
        (LAND, "time", "Không quá 10 ngày"),
        (BIRTH, "agency", "Cơ quan thực hiện: Ủy ban nhân dân cấp xã"),
        (BIRTH, "steps", "2. Tiếp nhận và giải quyết"),
        (LAND, "steps", "Chi tiết từng bước: xem trang chính thức."),
        (BIRTH, "legal", "• 123/2015/NĐ-CP"),
        (BIRTH, "overview", "Lĩnh vực: Hộ tịch"),
        (BIRTH, "online", "Nộp trực tuyến tại https://dichvucong.gov.vn"),
    ],
)
def test_each_part_shows_its_facts(procedure: Procedure, aspect: str, expected: str) -> None:
    card = render_card(procedure, Aspect(aspect))
    assert expected in card.text
    assert card.text.rstrip().endswith(SOURCE + "</i>")


def test_money_uses_vietnamese_grouping() -> None:
    text = render_card(MARRIAGE, Aspect("fees")).text
    assert "1.500.000" in text and "₫" in text


def test_missing_facts_point_to_the_official_page() -> None:
    text = render_card(LAND, Aspect("legal")).text
    assert "Nguồn chưa ghi căn cứ pháp lý" in text


def test_names_and_documents_are_escaped() -> None:
    procedure = replace(BIRTH, name="A <b>&</b> B", documents=(Document('Giấy <tờ> & "bản"'),))
    text = render_card(procedure, Aspect("documents")).text
    assert "A &lt;b&gt;&amp;&lt;/b&gt; B" in text
    assert "Giấy &lt;tờ&gt; &amp; &quot;bản&quot;" in text
    assert "<tờ>" not in text


def test_long_document_lists_are_shortened_below_the_limit() -> None:
    documents = tuple(Document(f"Giấy tờ số {i} " + "rất dài " * 20, copies=1) for i in range(300))
    text = render_card(replace(BIRTH, documents=documents), Aspect("documents")).text
    assert len(text) <= MESSAGE_LIMIT
    assert "Giấy tờ số 0 " in text
    assert "Giấy tờ số 299" not in text
    assert "mục nữa, xem đầy đủ tại trang chính thức" in text
    assert SOURCE in text


def test_buttons_offer_the_other_parts_the_page_and_the_end() -> None:
    card = render_card(BIRTH, Aspect("fees"))
    flat = [button for row in card.buttons for button in row]
    data = [b.callback_data for b in flat if b.callback_data]
    assert "p:1.001193:docs" in data and "p:1.001193:time" in data
    assert "p:1.001193:fees" not in data  # the part on screen
    assert END_CALLBACK in data
    assert [b.url for b in flat if b.url] == [BIRTH.url]
    assert all(len(d.encode()) <= 64 for d in data)
    assert any(b.text == "✅ Đã rõ, cảm ơn" for b in flat)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("p:1.001193:docs", ("1.001193", "documents")),
        ("p:1.001193:where", ("1.001193", "agency")),
        ("p:2.000497.000.00.00.H12:legal", ("2.000497.000.00.00.H12", "legal")),
    ],
)
def test_part_callbacks_round_trip(data: str, expected: tuple[str, str]) -> None:
    parsed = parse_part_callback(data)
    assert parsed is not None
    assert (parsed[0], parsed[1].value) == expected
    assert part_callback(parsed[0], parsed[1]) == data


@pytest.mark.parametrize(
    "data", ["p:1.001193", "p::docs", "p:1.001193:evil", "x:1.001193:docs", "p:" + "9" * 60 + ":docs"]
)
def test_forged_part_callbacks_are_rejected(data: str) -> None:
    assert parse_part_callback(data) is None


def test_callback_data_over_64_bytes_is_not_made() -> None:
    assert part_callback("1." + "9" * 70, Aspect("documents")) is None
