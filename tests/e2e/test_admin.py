"""The admin half through the real ``tthc-bot run`` and the fake Bot API: refusals, /stats with its chart,
/export files, /unanswered, teaching aliases that the running search uses at once, and the offline
``report``/``export``/``purge`` commands against the same database."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bot.satisfaction_report import LOCAL_ZONE
from tests.e2e.bot_process import BotProcess
from tests.e2e.conftest import TEST_TOKEN, QuestionBank, database_rows
from tests.e2e.fake_bot_api import FakeBotApi, RecordedCall, answering, to_chat

REPLY_TIMEOUT = 15.0
ADMIN = 830_000_001
CITIZEN = 830_000_002
STRANGER = 830_000_003
REFUSAL = "Xin lỗi, lệnh này chỉ dành cho quản trị viên của bot."
NEW_PHRASE = "nuôi rồng cảnh"


def _accept_photos(fake: FakeBotApi) -> None:
    """Answer sendPhoto like sendDocument when this fake server does not implement it yet."""
    if hasattr(type(fake), "_api_sendphoto"):
        return

    def send_photo(params: dict[str, Any]) -> dict[str, Any]:
        message = fake._api_senddocument(params)
        message.pop("document", None)
        message["photo"] = [
            {"file_id": "AgACphoto", "file_unique_id": "photo1", "width": 1100, "height": 572}
        ]
        return message

    fake._api_sendphoto = send_photo  # type: ignore[attr-defined]


@pytest.fixture
async def admin_bot(fake_api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """Yield a running bot whose ADMIN_IDS lists ADMIN; it must stop cleanly and without tracebacks."""
    _accept_photos(fake_api)
    process = BotProcess(fake_api, tmp_path, TEST_TOKEN, survey_idle_minutes="60", admin_ids=str(ADMIN))
    await process.start()
    try:
        yield process
    finally:
        with contextlib.suppress(AssertionError):
            await process.stop()
    assert "Traceback" not in process.stderr(), process.stderr()
    assert not fake_api.unexpected_failures(), fake_api.unexpected_failures()


async def _say(fake: FakeBotApi, user: int, text: str, method: str = "sendMessage") -> RecordedCall:
    mark = fake.mark()
    fake.user_message(user, text)
    return await fake.wait_for(method, to_chat(user), REPLY_TIMEOUT, mark)


async def _rate(fake: FakeBotApi, user: int, question: str, level: str) -> None:
    await _say(fake, user, question)
    survey = await _say(fake, user, "cảm ơn")
    mark = fake.mark()
    tap = fake.tap(user, survey, level)
    await fake.wait_for("answerCallbackQuery", answering(tap), REPLY_TIMEOUT, mark)


NON_ADMIN_COMMANDS = (
    "/stats",
    "/stats 7d",
    "/export",
    "/unanswered",
    "/alias a b = 1.001193",
    "/aliases",
    "/unalias a b",
)


async def test_non_admins_are_refused(fake_api: FakeBotApi, admin_bot: BotProcess) -> None:
    for command in NON_ADMIN_COMMANDS:
        reply = await _say(fake_api, STRANGER, command)
        assert reply.plain_text == REFUSAL, command
    assert not fake_api.find("sendPhoto") and not fake_api.find("sendDocument")
    assert not database_rows(admin_bot.database_path, "SELECT * FROM admin_aliases")


async def test_admin_reviews_teaches_and_exports(
    fake_api: FakeBotApi, admin_bot: BotProcess, question_bank: QuestionBank, tmp_path: Path
) -> None:
    first, second = question_bank.confident(2)
    await _rate(fake_api, CITIZEN, first.text, "Rất hài lòng")
    await _rate(fake_api, CITIZEN, second.text, "Bình thường")
    unanswered = question_bank.first("none", [NEW_PHRASE])
    for text in (unanswered.text, "nuoi rong canh"):
        reply = await _say(fake_api, CITIZEN, text)
        assert first.code not in reply.plain_text

    stats = await _say(fake_api, ADMIN, "/stats 7d")
    assert "Lượt đánh giá: 2" in stats.plain_text and "Tỷ lệ hài lòng: 50 %" in stats.plain_text
    assert "Không tìm được thủ tục" in stats.plain_text
    assert str(CITIZEN) not in stats.plain_text
    photo = await fake_api.wait_for("sendPhoto", to_chat(ADMIN), REPLY_TIMEOUT)
    assert photo.params["photo"].startswith("<file") and "tỷ lệ hài lòng" in photo.params["caption"]

    mark = fake_api.mark()
    fake_api.user_message(ADMIN, "/export 7d")
    documents = await fake_api.wait_for_count("sendDocument", 2, to_chat(ADMIN), REPLY_TIMEOUT, mark)
    assert [d.params["document"] for d in documents] == ["<file danh-gia-7d.xlsx>", "<file danh-gia-7d.csv>"]

    listing = await _say(fake_api, ADMIN, "/unanswered")
    assert f"1. “{NEW_PHRASE}” — 2 lần (2 cách viết)" in listing.plain_text

    taught = await _say(fake_api, ADMIN, f"/alias {NEW_PHRASE} = {first.code}")
    assert taught.plain_text.startswith(f"Đã dạy bot: “{NEW_PHRASE}” →")
    card = await _say(fake_api, CITIZEN, "cho hỏi nuoi rong canh can gi")
    assert first.code in card.plain_text
    aliases = await _say(fake_api, ADMIN, "/aliases")
    assert f"“{NEW_PHRASE}” → {first.code}" in aliases.plain_text
    removed = await _say(fake_api, ADMIN, "/unalias nuoi rong canh")
    assert removed.plain_text == "Đã xoá cụm từ “nuoi rong canh”."
    assert first.code not in (await _say(fake_api, CITIZEN, "nuôi rồng cảnh nhé")).plain_text

    # The offline commands read the same database while the bot runs.
    figures = json.loads(await admin_bot.run_command("report", "--json", "--period", "7d"))
    assert figures["ratings"] == 2 and figures["levels"]["5"] == 1 and figures["levels"]["3"] == 1
    workbook_path = tmp_path / "ratings.xlsx"
    await admin_bot.run_command("export", "--format", "xlsx", "--output", str(workbook_path))
    sheet = load_workbook(workbook_path).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))[1:]
    stored = database_rows(
        admin_bot.database_path, "SELECT level, created_at FROM ratings ORDER BY created_at"
    )
    assert [row[4] for row in rows] == [r["level"] for r in stored] == [5, 3]
    assert [row[1] for row in rows] == [first.code, second.code]
    for row, rating in zip(rows, stored, strict=True):
        local = datetime.fromisoformat(rating["created_at"]).replace(tzinfo=UTC).astimezone(LOCAL_ZONE)
        assert abs((row[0] - local.replace(tzinfo=None)).total_seconds()) < 1
    purged = await admin_bot.run_command("purge", "--older-than", "365d")
    assert "0 lượt đánh giá / ratings" in purged
    assert json.loads(await admin_bot.run_command("report", "--json", "--period", "7d")) == figures
