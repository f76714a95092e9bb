"""The satisfaction survey through the handlers: once per conversation, late taps, reasons and comments."""

from __future__ import annotations

import re

from bot.satisfaction_log import SatisfactionLevel
from tests.handlers.harness import BotHarness, buttons, popup_texts, sent_texts


async def _survey(harness: BotHarness, farewell: str = "cảm ơn") -> int:
    await harness.say("đăng ký khai sinh")
    calls = await harness.say(farewell)
    [survey] = [c for c in calls if c.method == "sendMessage"]
    data = [b["callback_data"] for b in buttons(survey)]
    assert len(data) == 5
    match = re.fullmatch(r"r:(\d+):5", data[0])
    assert match is not None
    return int(match.group(1))


async def test_farewell_asks_once_and_rating_counts_once(harness: BotHarness) -> None:
    conversation_id = await _survey(harness, "cam on nhieu nhe")
    first = await harness.tap(f"r:{conversation_id}:4")
    assert popup_texts(first) == ["Đã ghi nhận: Hài lòng"]
    assert "Cảm ơn bạn đã đánh giá" in sent_texts(first)[0]
    late = await harness.tap(f"r:{conversation_id}:1")
    assert "đã đánh giá" in popup_texts(late)[0]
    assert not sent_texts(late)
    summary = await harness.services.satisfaction.summary()
    assert summary.total == 1 and summary.counts[SatisfactionLevel.SATISFIED] == 1
    # Saying thanks again does not ask a second time.
    again = await harness.say("thanks")
    assert not any(buttons(c) for c in again if c.method == "sendMessage")


async def test_negative_rating_reason_and_comment(harness: BotHarness) -> None:
    conversation_id = await _survey(harness, "tạm biệt")
    calls = await harness.tap(f"r:{conversation_id}:2")
    [edit] = [c for c in calls if c.method == "editMessageText"]
    assert [b["text"] for b in buttons(edit)] == ["Sai thủ tục", "Thiếu thông tin", "Khó hiểu", "Khác"]
    assert buttons(edit)[1]["callback_data"] == f"rr:{conversation_id}:missing"
    calls = await harness.tap(f"rr:{conversation_id}:missing")
    [edit] = [c for c in calls if c.method == "editMessageText"]
    assert [b["callback_data"] for b in buttons(edit)] == [f"rs:{conversation_id}"]
    reply = sent_texts(await harness.say("thiếu lệ phí, số tôi 0912345678"))
    assert "Cảm ơn bạn đã góp ý" in reply[0]
    [rating] = await harness.services.satisfaction.recent()
    assert rating.level == 2 and rating.reason == "missing"
    assert rating.comment == "thiếu lệ phí, số tôi [số điện thoại]"
    # The next message is a question again.
    assert "Thủ tục đăng ký kết hôn" in sent_texts(await harness.say("le phi dang ky ket hon"))[0]


async def test_skip_comment(harness: BotHarness) -> None:
    conversation_id = await _survey(harness)
    await harness.tap(f"r:{conversation_id}:1")
    await harness.tap(f"rr:{conversation_id}:wrong")
    calls = await harness.tap(f"rs:{conversation_id}")
    assert "Cảm ơn bạn" in sent_texts(calls)[0]
    assert "đã ghi nhận" in popup_texts(await harness.tap(f"rs:{conversation_id}"))[0]
    [rating] = await harness.services.satisfaction.recent()
    assert rating.comment is None and rating.reason == "wrong" and not rating.comment_pending


async def test_another_chat_cannot_rate(harness: BotHarness) -> None:
    conversation_id = await _survey(harness)
    stranger = harness.factory(chat_id=2002, user_id=2002)
    calls = await harness.send(stranger.callback(f"r:{conversation_id}:5"))
    assert "không còn hiệu lực" in popup_texts(calls)[0]
    assert (await harness.services.satisfaction.summary()).total == 0


async def test_thanks_without_a_conversation(harness: BotHarness) -> None:
    [text] = sent_texts(await harness.say("cảm ơn"))
    assert "Không có gì" in text


async def test_end_command_surveys(harness: BotHarness) -> None:
    await harness.say("đăng ký khai sinh")
    calls = await harness.say("/end")
    assert len(buttons(next(c for c in calls if c.method == "sendMessage"))) == 5
