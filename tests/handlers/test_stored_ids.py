"""No raw Telegram id reaches the database: every cell of every table is scanned after a full conversation."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import select

from bot.models.conversation import Conversation
from tests.handlers.community import GROUP_ID, group_message
from tests.handlers.harness import BIRTH, BotHarness, buttons

USER_ID = 987_654_321  # the user's id is also the id of their private chat


async def _all_cells(harness: BotHarness) -> list[tuple[str, str]]:
    cells: list[tuple[str, str]] = []
    async with harness.services.session_factory() as session:
        tables = (
            await session.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
        ).scalars()
        for table in list(tables):
            for row in (await session.execute(text(f'SELECT * FROM "{table}"'))).all():
                cells.extend((table, str(value)) for value in row if value is not None)
    return cells


async def test_a_whole_conversation_leaves_no_raw_id_in_any_table(harness: BotHarness) -> None:
    me = harness.factory(chat_id=USER_ID, user_id=USER_ID)
    bot = harness.application.bot
    await harness.send(me.text("/start"))
    await harness.send(me.text("đăng ký khai sinh"))
    await harness.send(me.text("thế lệ phí bao nhiêu?"))
    await harness.send(me.callback(f"p:{BIRTH.code}:docs"))
    await harness.send(me.text("đăng ký khai sinh", forwarded=True))
    [survey] = [c for c in await harness.send(me.callback("end")) if len(buttons(c)) == 5]
    conversation_id = int(buttons(survey)[0]["callback_data"].split(":")[1])
    await harness.send(me.callback(f"r:{conversation_id}:1"))
    await harness.send(me.callback(f"rr:{conversation_id}:missing"))
    await harness.send(me.text("thiếu mẫu tờ khai, gọi tôi 0912345678"))
    # A question in a group by the same (started) user: its survey is routed to the private chat.
    await harness.send(group_message(bot, USER_ID, "@tthc_offline_bot 1.001193"))
    await harness.send(me.text("đăng ký kết hôn"))

    async with harness.services.session_factory() as session:
        conversations = (await session.execute(select(Conversation))).scalars().all()
    open_refs = [c.chat_ref for c in conversations if c.chat_ref is not None]
    assert open_refs, "the open conversation keeps a (sealed) way back to the chat"
    assert all(harness.services.conversations.chat_of(c) == USER_ID for c in conversations if c.chat_ref)

    cells = await _all_cells(harness)
    assert len({table for table, _ in cells}) >= 3  # conversations, ratings, user preferences at least
    for forbidden in (str(USER_ID), str(GROUP_ID), str(-GROUP_ID)):
        leaks = [(table, value) for table, value in cells if forbidden in value]
        assert leaks == [], f"raw id {forbidden} stored"
    assert not any("0912345678" in value for _, value in cells)
