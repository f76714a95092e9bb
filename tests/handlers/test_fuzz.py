"""Hypothesis-generated messages, commands and button taps through the real handlers.

Each example is a short session of several users in private chats and a group: free text (any Unicode,
control characters, very long pastes), commands with random arguments (admin ones too, from an admin and
from a citizen), edited messages and taps on buttons with forged callback data. Nothing may raise: the
error handler must never be reached. Every private text and every tap gets an answer, and everything the
bot sends would be accepted by Telegram (valid HTML, text and popup lengths, callback data of 1-64 bytes),
checked with the same rules as the e2e suite's fake Bot API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram.ext import ContextTypes

from bot.offline_request import RecordedCall
from tests.e2e.fake_bot_api import BotApiError, _check_markup, _check_text
from tests.handlers.harness import PROCEDURES, BotHarness, make_settings, running_bot

ADMIN = 5001
CITIZENS = (5002, 5003)
GROUP_CHAT = -100_500_1
COMMANDS = (
    "/start", "/help", "/end", "/lang", "/help_for", "/stats", "/export", "/unanswered",
    "/alias", "/aliases", "/unalias", "/khong_co", "/start@tthc_offline_bot",
)  # fmt: skip
CALLBACK_PREFIXES = ("p", "r", "rr", "rs", "q", "lang", "hc", "hp", "hd", "end", "nm", "x")
CODES = [procedure.code for procedure in PROCEDURES]
POPUP_LIMIT = 200

# Text a citizen might send: Vietnamese, markup-like characters, digits (ids, phones), anything else.
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
words = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " <>&\"'/:*_`[]()0123456789.,?!\n", max_size=80)
any_text = st.text(max_size=300)
long_paste = st.builds(
    lambda unit, n: (unit or "x") * n, st.text(min_size=1, max_size=5), st.integers(1000, 5000)
)
texts = st.one_of(words, any_text, long_paste, st.sampled_from(["khai sinh", "lệ phí kết hôn", "cảm ơn"]))
commands = st.builds(
    lambda c, arg: f"{c} {arg}".rstrip(), st.sampled_from(COMMANDS), st.one_of(words, any_text)
)


def _fits(data: str) -> bool:
    return 1 <= len(data.encode("utf-8")) <= 64


part = st.one_of(
    st.integers(-5, 10**12).map(str),
    st.sampled_from([*CODES, "docs", "fee", "time", "where", "vi", "en"]),
    words,
)
structured = st.builds(
    lambda prefix, parts: ":".join([prefix, *parts]),
    st.sampled_from(CALLBACK_PREFIXES),
    st.lists(part, max_size=3),
)
callback_data = st.one_of(structured, st.text(min_size=1, max_size=64)).filter(_fits)


@dataclass(frozen=True)
class Step:
    """One update of the session: who sends it, where, and what."""

    kind: str  # "text", "edit" or "tap"
    user: int
    in_group: bool
    payload: str


steps = st.builds(
    Step,
    kind=st.sampled_from(["text", "text", "tap", "edit"]),
    user=st.sampled_from([ADMIN, *CITIZENS]),
    in_group=st.booleans(),
    payload=st.one_of(texts, commands, callback_data),
)


def _telegram_would_refuse(call: RecordedCall) -> str | None:
    """Return why Telegram would refuse this call, or None when it would accept it."""
    params: dict[str, Any] = call.params
    try:
        if call.method in ("sendMessage", "editMessageText"):
            _check_text(str(params.get("text", "")), str(params.get("parse_mode", "")))
            _check_markup(params.get("reply_markup"))
        elif call.method == "editMessageReplyMarkup":
            _check_markup(params.get("reply_markup"))
        elif call.method == "answerCallbackQuery" and len(str(params.get("text", ""))) > POPUP_LIMIT:
            return "popup text longer than 200 characters"
    except BotApiError as error:
        return error.description
    return None


async def _play(bot: BotHarness, step: Step) -> list[RecordedCall]:
    factory = bot.factory(
        user_id=step.user,
        chat_id=GROUP_CHAT if step.in_group else step.user,
        chat_type="supergroup" if step.in_group else "private",
    )
    if step.kind == "tap":
        return await bot.send(factory.callback(step.payload, message_id=7, message_text="Thủ tục"))
    if step.kind == "edit":
        return await bot.send(factory.edited(step.payload or "?"))
    return await bot.send(factory.text(step.payload or "?"))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(session=st.lists(steps, min_size=1, max_size=6))
async def test_generated_updates_never_reach_the_error_handler(sessions: Any, session: list[Step]) -> None:
    errors: list[BaseException] = []

    async def record(_update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error or RuntimeError("error handler called without an error"))

    async with running_bot(sessions, make_settings(admin_ids=frozenset({ADMIN}))) as bot:
        bot.application.add_error_handler(record)
        for step in session:
            calls = await _play(bot, step)
            assert errors == [], f"{step!r} raised {errors[0]!r}"
            refused = [(c.method, why) for c in calls if (why := _telegram_would_refuse(c))]
            assert refused == [], f"{step!r}: Telegram would refuse {refused}"
            if step.in_group:
                continue
            if step.kind == "tap":
                assert any(c.method == "answerCallbackQuery" for c in calls), f"{step!r} got no popup"
            elif step.kind == "text":
                assert any(c.method in ("sendMessage", "sendDocument") for c in calls), (
                    f"{step!r} got no reply"
                )
