"""``/lang``: a per-user choice in the database, winning over DEFAULT_LOCALE and Telegram's language."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.user_preferences import UserPreferences
from tests.handlers.harness import (
    BIRTH,
    BotHarness,
    buttons,
    make_settings,
    popup_texts,
    running_bot,
    sent_texts,
)


async def test_lang_offers_both_languages(harness: BotHarness) -> None:
    calls = await harness.say("/lang")
    [message] = [c for c in calls if c.method == "sendMessage"]
    assert [b["callback_data"] for b in buttons(message)] == ["lang:vi", "lang:en"]
    assert [b["text"] for b in buttons(message)] == ["🇻🇳 Tiếng Việt", "🇬🇧 English"]


async def test_choosing_english_is_remembered_for_this_user_only(harness: BotHarness) -> None:
    [confirmation] = sent_texts(await harness.tap("lang:en"))
    assert confirmation.startswith("From now on I will reply in English.")
    [greeting] = sent_texts(await harness.say("/start"))
    assert greeting.startswith("Hello!")
    [card] = sent_texts(await harness.say("1.001193"))
    assert BIRTH.name in card and "Procedure code" in card
    other = harness.factory(chat_id=4004, user_id=4004, language_code="vi")
    [text] = sent_texts(await harness.send(other.text("/start")))
    assert text.startswith("Xin chào!")
    key = harness.services.settings.hash_user_id(1001)
    assert await UserPreferences(harness.services.session_factory).locale(key) == "en"


async def test_lang_with_an_argument_switches_back(harness: BotHarness) -> None:
    await harness.say("/lang en")
    [confirmation] = sent_texts(await harness.say("/lang vi"))
    assert confirmation.startswith("Từ giờ mình trả lời bằng tiếng Việt.")
    [greeting] = sent_texts(await harness.say("/start"))
    assert greeting.startswith("Xin chào!")


async def test_a_forged_language_button_is_refused(harness: BotHarness) -> None:
    assert popup_texts(await harness.tap("lang:fr")) == ["Nút này không còn hiệu lực."]


async def test_stored_choice_wins_over_an_explicit_default_locale(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    settings = make_settings(default_locale="en", default_locale_is_set=True)
    async with running_bot(sessions, settings) as bot:
        vietnamese_phone = bot.factory(chat_id=5005, user_id=5005, language_code="vi")
        [text] = sent_texts(await bot.send(vietnamese_phone.text("/start")))
        assert text.startswith("Hello!")  # DEFAULT_LOCALE set by the operator wins over Telegram's language
        await bot.send(vietnamese_phone.callback("lang:vi"))
        [text] = sent_texts(await bot.send(vietnamese_phone.text("/start")))
        assert text.startswith("Xin chào!")


async def test_a_private_question_reads_language_and_chat_state_in_one_query(harness: BotHarness) -> None:
    await harness.say("/lang en")
    await harness.say("1.001193")  # opens the conversation about this procedure
    engine = harness.services.session_factory.kw["bind"].sync_engine
    statements: list[str] = []

    def remember(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", remember)
    try:
        [card] = sent_texts(await harness.say("thế lệ phí bao nhiêu?"))
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert BIRTH.name in card and "Procedure code" in card  # the stored choice (English) was applied
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1 and "user_preferences" in reads[0] and "conversations" in reads[0]
    assert sum(s.lstrip().upper().startswith("UPDATE") for s in statements) == 1
