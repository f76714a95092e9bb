"""Everything that is not a question gets a short polite reply."""

from __future__ import annotations

import pytest
from telegram import Location, PhotoSize, Sticker, User, Voice

from tests.handlers.harness import BotHarness, sent_texts


@pytest.mark.parametrize(
    "fields",
    [
        {"sticker": Sticker("s1", "u1", 512, 512, False, False, Sticker.REGULAR)},
        {"photo": (PhotoSize("p1", "u2", 90, 90),)},
        {"voice": Voice("v1", "u3", 3)},
        {"location": Location(105.85, 21.03)},
    ],
)
async def test_media_gets_a_hint(harness: BotHarness, fields: dict[str, object]) -> None:
    [text] = sent_texts(await harness.send(harness.updates.message_with(**fields)))
    assert "chỉ đọc được câu hỏi dạng chữ" in text


async def test_edited_message(harness: BotHarness) -> None:
    [text] = sent_texts(await harness.send(harness.updates.edited("đăng ký khai sinh")))
    assert "tin nhắn đã sửa" in text


async def test_unknown_command(harness: BotHarness) -> None:
    [text] = sent_texts(await harness.say("/xoa_du_lieu"))
    assert "không có lệnh này" in text and "/help" in text


async def test_service_messages_are_ignored(harness: BotHarness) -> None:
    group = harness.factory(chat_id=-100777, chat_type="supergroup")
    update = group.message_with(new_chat_members=(User(5, "Bạn mới", False),))
    assert not sent_texts(await harness.send(update))
