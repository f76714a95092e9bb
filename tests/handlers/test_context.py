"""What handlers derive from an update: channel, locale, hashed chat reference."""

from __future__ import annotations

from bot.conversations import ChatSnapshot
from bot.models.conversation import Channel
from handlers.context import channel_of, chat_ref_of, locale_of, remember_snapshot, take_snapshot
from tests.handlers.harness import BotHarness


async def test_private_group_and_relay(harness: BotHarness) -> None:
    services = harness.services
    private = harness.updates.text("khai sinh")
    relayed = harness.updates.text("khai sinh", forwarded=True)
    group = harness.factory(chat_id=-100999, chat_type="supergroup").text("khai sinh")
    assert channel_of(private) is Channel.PRIVATE
    assert channel_of(relayed) is Channel.RELAY
    assert channel_of(group) is Channel.GROUP
    group_ref = chat_ref_of(group, services, "vi")
    assert group_ref is not None and group_ref.chat_id is None
    private_ref = chat_ref_of(private, services, "vi")
    assert private_ref is not None and private_ref.chat_id == harness.updates.chat.id
    assert private_ref.chat_key == services.settings.hash_user_id(harness.updates.chat.id)
    assert str(harness.updates.chat.id) not in private_ref.chat_key + private_ref.user_key


async def test_relay_is_recorded_on_the_conversation(harness: BotHarness) -> None:
    await harness.send(harness.updates.text("đăng ký khai sinh", forwarded=True))
    conversation = await harness.services.conversations.get(1)
    assert conversation is not None and conversation.channel == "relay"


async def test_locale_follows_telegram_language(harness: BotHarness) -> None:
    english = harness.factory(language_code="en-US").text("hi")
    unknown = harness.factory(language_code="fr").text("salut")
    assert locale_of(english, harness.services) == "en"
    assert locale_of(unknown, harness.services) == "vi"


async def test_a_kept_snapshot_serves_only_its_own_update_and_chat_once(harness: BotHarness) -> None:
    update, other = harness.updates.text("khai sinh"), harness.updates.text("khai sinh")
    snapshot = ChatSnapshot(None, "1.001193", None)
    remember_snapshot(update, "chat-a", snapshot)
    assert take_snapshot(other, "chat-a") is None
    assert take_snapshot(update, "chat-b") is None
    assert take_snapshot(update, "chat-a") is snapshot
    assert take_snapshot(update, "chat-a") is None
    remember_snapshot(update, "chat-a", snapshot)
    remember_snapshot(None)
    assert take_snapshot(update, "chat-a") is None
