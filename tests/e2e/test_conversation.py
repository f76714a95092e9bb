"""End-to-end conversations with the real ``tthc-bot run`` process over the loopback fake Bot API."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from tests.e2e.bot_process import BotProcess
from tests.e2e.conftest import QuestionBank, database_rows, user_key
from tests.e2e.fake_bot_api import FakeBotApi, RecordedCall, answering, to_chat

REPLY_TIMEOUT = 15.0
SOURCE_CREDIT = "Nguồn: Cổng Dịch vụ công quốc gia"
RATING_DATA = re.compile(r"^r:(\d+):([1-5])$")


async def _press(
    fake: FakeBotApi, user_id: int, message: RecordedCall, button_text: str
) -> tuple[int, dict[str, Any]]:
    """Tap a button under a message the bot sent or edited; return (mark before the tap, the update)."""
    mark = fake.mark()
    return mark, fake.tap(user_id, message, button_text)


async def _answer_of(fake: FakeBotApi, update: dict[str, Any], since: int) -> RecordedCall:
    return await fake.wait_for("answerCallbackQuery", answering(update), REPLY_TIMEOUT, since)


def _all_database_text(path: object, *, skip: tuple[str, ...] = ()) -> str:
    """Return every row of every table (but ``skip``) as text, to look for data that must not be stored."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if row[0] not in skip
        ]
        return "\n".join(
            repr(row) for table in tables for row in connection.execute(f'SELECT * FROM "{table}"')
        )
    finally:
        connection.close()


async def test_question_card_part_end_negative_rating_reason_comment(
    fake_api: FakeBotApi, running_bot: BotProcess, question_bank: QuestionBank
) -> None:
    user = 810_000_001
    question = question_bank.confident(1, with_documents=True)[0]
    procedure = question_bank.catalogue.get(question.code)
    assert procedure is not None

    fake_api.user_message(user, question.text)
    card = await fake_api.wait_for("sendMessage", to_chat(user), REPLY_TIMEOUT)
    assert card.params.get("parse_mode") == "HTML"
    assert " ".join(procedure.name.split())[:60] in card.plain_text
    assert procedure.code in card.plain_text and SOURCE_CREDIT in card.plain_text
    assert card.button("Trang chính thức")["url"].startswith("https://")

    mark, tap = await _press(fake_api, user, card, "Hồ sơ")
    await _answer_of(fake_api, tap, mark)
    documents = await fake_api.wait_for("editMessageText", to_chat(user), REPLY_TIMEOUT, mark)
    assert documents.params["message_id"] == card.result["message_id"]
    assert "Hồ sơ cần chuẩn bị" in documents.plain_text
    assert " ".join(procedure.documents[0].name.split())[:40] in documents.plain_text

    mark, tap = await _press(fake_api, user, documents, "Đã rõ, cảm ơn")
    thanks = await _answer_of(fake_api, tap, mark)
    assert thanks.params.get("text") == "Cảm ơn bạn!"
    survey = await fake_api.wait_for("sendMessage", to_chat(user), REPLY_TIMEOUT, mark)
    assert "Bạn có hài lòng" in survey.plain_text
    ratings = [b["callback_data"] for b in survey.buttons]
    assert len(ratings) == 5 and all(RATING_DATA.match(data) for data in ratings)

    mark, tap = await _press(fake_api, user, survey, "Rất không hài lòng")
    recorded = await _answer_of(fake_api, tap, mark)
    assert recorded.params.get("text") == "Đã ghi nhận: Rất không hài lòng"
    reason_prompt = await fake_api.wait_for("editMessageText", to_chat(user), REPLY_TIMEOUT, mark)
    assert "Vì sao" in reason_prompt.plain_text

    mark, tap = await _press(fake_api, user, reason_prompt, "Thiếu thông tin")
    await _answer_of(fake_api, tap, mark)
    comment_prompt = await fake_api.wait_for("editMessageText", to_chat(user), REPLY_TIMEOUT, mark)
    assert "góp ý" in comment_prompt.plain_text and comment_prompt.button("Bỏ qua")

    mark = fake_api.mark()
    fake_api.user_message(user, "Thiếu địa chỉ nộp hồ sơ. Gọi tôi: 0912 345 678, CCCD 001203004005")
    closing = await fake_api.wait_for("sendMessage", to_chat(user), REPLY_TIMEOUT, mark)
    assert "Cảm ơn bạn đã góp ý" in closing.plain_text

    rows = database_rows(running_bot.database_path, "SELECT * FROM ratings")
    assert len(rows) == 1
    rating = rows[0]
    assert (rating["level"], rating["reason"]) == (1, "missing")
    assert rating["user_key"] == user_key(user)
    assert "Thiếu địa chỉ nộp hồ sơ" in rating["comment"]
    assert "345 678" not in rating["comment"] and "001203004005" not in rating["comment"]
    assert question.code in json.loads(rating["procedures_shown"])
    assert json.loads(rating["questions"]) == [question.text]
    assert str(user) not in _all_database_text(running_bot.database_path)


async def test_ambiguous_question_offers_candidates_then_card(
    fake_api: FakeBotApi, running_bot: BotProcess, question_bank: QuestionBank
) -> None:
    user = 810_000_002
    question = question_bank.first(
        "ambiguous",
        [
            "đăng ký hộ kinh doanh",
            "cấp giấy phép",
            "đăng ký",
            "chứng thực",
            "cấp lại giấy chứng nhận",
            "giấy phép lái xe",
        ],
    )
    fake_api.user_message(user, question.text)
    menu = await fake_api.wait_for("sendMessage", to_chat(user), REPLY_TIMEOUT)
    assert "Ý bạn là thủ tục nào?" in menu.plain_text
    candidate_data = [b["callback_data"] for b in menu.buttons if b.get("callback_data", "").startswith("p:")]
    assert [data.split(":")[1] for data in candidate_data] == list(question.codes[: len(candidate_data)])
    assert menu.button("Không phải các thủ tục này")["callback_data"] == "nm"

    chosen = question_bank.catalogue.get(question.codes[0])
    assert chosen is not None
    mark, tap = await _press(fake_api, user, menu, "1.")
    await _answer_of(fake_api, tap, mark)
    card = await fake_api.wait_for("editMessageText", to_chat(user), REPLY_TIMEOUT, mark)
    assert " ".join(chosen.name.split())[:60] in card.plain_text and chosen.code in card.plain_text
    assert card.button("Đã rõ, cảm ơn")["callback_data"] == "end"


async def test_no_match_replies_with_help_and_logs_masked_question(
    fake_api: FakeBotApi, running_bot: BotProcess, question_bank: QuestionBank
) -> None:
    user = 810_000_003
    question = question_bank.first(
        "none",
        [
            "con mèo nhà tôi thích ăn cá rán giòn, số tôi 0912345678, mã 001203004005",
            "hôm nay trời mưa to quá, gọi 0987654321 nhé",
            "bài hát nào hay nhất năm nay, nhắn 0987654321",
        ],
    )
    fake_api.user_message(user, question.text)
    reply = await fake_api.wait_for("sendMessage", to_chat(user), REPLY_TIMEOUT)
    assert "chưa tìm thấy thủ tục phù hợp" in reply.plain_text
    assert reply.button("Cổng Dịch vụ công quốc gia")["url"] == "https://dichvucong.gov.vn"

    rows = database_rows(running_bot.database_path, "SELECT question, channel FROM unanswered_questions")
    assert len(rows) == 1 and rows[0]["channel"] == "private"
    logged = rows[0]["question"]
    assert logged.split(",")[0] == question.text.split(",")[0]  # the words are kept…
    assert not re.search(r"\d{9,12}", logged.replace(" ", "")), logged  # …the numbers are not
    # The open conversation keeps the chat id (to send the idle survey later); nothing else may hold it.
    assert str(user) not in _all_database_text(running_bot.database_path, skip=("conversations",))
    open_rows = database_rows(running_bot.database_path, "SELECT state, user_key FROM conversations")
    assert [(r["state"], r["user_key"]) for r in open_rows] == [("open", user_key(user))]
