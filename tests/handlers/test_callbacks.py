"""Card buttons: parts, candidates, "Không phải các thủ tục này", "Đã rõ, cảm ơn", forged and expired data."""

from __future__ import annotations

import pytest

from tests.handlers.harness import BIRTH, BotHarness, buttons, popup_texts, sent_texts


async def test_part_button_replaces_the_card(harness: BotHarness) -> None:
    calls = await harness.tap("p:1.001193:fees")
    [edit] = [c for c in calls if c.method == "editMessageText"]
    assert "Phí, lệ phí" in str(edit.params["text"]) and "Miễn phí" in str(edit.params["text"])
    assert "p:1.001193:fees" not in [b.get("callback_data") for b in buttons(edit)]
    assert popup_texts(calls) == [""]
    key = harness.services.settings.hash_user_id(harness.updates.chat.id)
    assert await harness.services.conversations.current_procedure(key) == BIRTH.code


@pytest.mark.parametrize(
    "data", ["p:9.999999:docs", "p:1.001193:evil", "p:1.001193", "zzz", "r:abc:9", "rr:1:nope", "q:99"]
)
async def test_forged_or_expired_buttons_get_a_polite_popup(harness: BotHarness, data: str) -> None:
    calls = await harness.tap(data)
    [popup] = popup_texts(calls)
    assert "hết hạn" in popup or "không còn hiệu lực" in popup
    assert not sent_texts(calls)


async def test_none_of_these_logs_the_question(harness: BotHarness) -> None:
    await harness.say("khai tử")
    calls = await harness.tap("nm")
    [text] = sent_texts(calls)
    assert "chưa tìm thấy thủ tục" in text
    [logged] = await harness.services.unanswered.recent()
    assert logged.question == "khai tử"


async def test_done_button_asks_for_the_rating_once(harness: BotHarness) -> None:
    await harness.say("đăng ký khai sinh")
    calls = await harness.tap("end")
    [survey] = [c for c in calls if c.method == "sendMessage"]
    labels = [b["text"] for b in buttons(survey)]
    assert labels == ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"]
    again = await harness.tap("end")
    assert not [c for c in again if c.method == "sendMessage" and buttons(c)]
