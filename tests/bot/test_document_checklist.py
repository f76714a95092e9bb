"""The helper's document checklist: toggles carried in callback data under 64 bytes."""

from __future__ import annotations

from bot.document_checklist import (
    MAX_ITEMS,
    parse_done,
    parse_toggle,
    render_checklist,
    ticked_count,
    toggle_data,
)
from knowledge.procedure import Document, Procedure

MANY = Procedure(
    code="1.000001",
    name="Thủ tục có nhiều giấy tờ",
    documents=tuple(Document(f"Giấy tờ số {n} " + "rất dài " * 10) for n in range(40)),
)


def test_toggle_round_trip_flips_one_bit() -> None:
    toggle = parse_toggle(toggle_data(2_147_483_647, 0b101, 1))
    assert toggle is not None and toggle.conversation_id == 2_147_483_647
    assert toggle.new_mask == 0b111
    assert parse_toggle(toggle_data(5, 0b111, 0)).new_mask == 0b110  # type: ignore[union-attr]
    assert parse_toggle("hc:1:zz:0") is None and parse_toggle(f"hc:1:0:{MAX_ITEMS}") is None
    assert parse_done("hd:42") == 42 and parse_done("hd:x") is None


def test_long_lists_are_capped_and_every_button_fits() -> None:
    full_mask = (1 << MAX_ITEMS) - 1
    card = render_checklist(MANY, 9_999_999_999, full_mask)
    toggles = [
        b for row in card.buttons for b in row if b.callback_data and b.callback_data.startswith("hc:")
    ]
    assert len(toggles) == MAX_ITEMS
    assert all(len(b.callback_data.encode()) <= 64 for row in card.buttons for b in row if b.callback_data)
    assert all(b.text.startswith("☑") for b in toggles)
    assert f"({MAX_ITEMS}/{MAX_ITEMS})" in card.text and "còn 10 giấy tờ nữa" in card.text
    assert ticked_count(0b1011, 3) == 2
