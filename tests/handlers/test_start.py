"""``/start`` and ``/help``, in Vietnamese and English, and the example-question buttons."""

from __future__ import annotations

from tests.handlers.harness import BIRTH, BotHarness, buttons, sent_texts


async def test_start_greets_and_offers_examples(harness: BotHarness) -> None:
    calls = await harness.say("/start")
    [message] = [c for c in calls if c.method == "sendMessage"]
    text = str(message.params["text"])
    assert text.startswith("Xin chào!")
    assert len(text.splitlines()) == 3
    assert [b["callback_data"] for b in buttons(message)] == ["q:0", "q:1", "q:2", "q:3"]


async def test_help_shows_unaccented_examples(harness: BotHarness) -> None:
    [text] = sent_texts(await harness.say("/help"))
    assert "lam giay khai sinh can gi" in text
    assert "/end" in text


async def test_example_button_asks_the_question(harness: BotHarness) -> None:
    texts = sent_texts(await harness.tap("q:1"))
    assert "Thủ tục đăng ký kết hôn" in texts[0]


async def test_english_users_get_english(harness: BotHarness) -> None:
    english = harness.factory(chat_id=3003, user_id=3003, language_code="en-GB")
    [text] = sent_texts(await harness.send(english.text("/start")))
    assert text.startswith("Hello!")
    calls = await harness.send(english.text("thủ tục đăng ký khai sinh"))
    [card] = sent_texts(calls)
    assert BIRTH.name in card  # procedure names stay Vietnamese
    assert "Source: National Public Service Portal" in card
