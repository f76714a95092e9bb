"""``/start`` and ``/help``: a short greeting, what the bot can do, and example questions as buttons."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.answer_card import PORTAL_URL, CardButton, inline_markup
from bot.i18n import _, use_locale
from bot.user_preferences import UserPreferences
from handlers.context import locale_of, services_of
from handlers.deep_link import open_from_start
from handlers.question import answer_question

logger = logging.getLogger(__name__)
EXAMPLE_PREFIX = "q:"


# Example questions stay Vietnamese in every locale: they are what the search understands.
EXAMPLE_QUESTIONS: tuple[str, ...] = (
    "Làm giấy khai sinh cần giấy tờ gì?",
    "Lệ phí đăng ký kết hôn bao nhiêu?",
    "Đăng ký thường trú nộp ở đâu?",
    "Cấp lại giấy chứng nhận quyền sử dụng đất mất bao lâu?",
)


def example_questions() -> tuple[str, ...]:
    """Return the example questions offered by /start."""
    return EXAMPLE_QUESTIONS


def example_buttons() -> tuple[tuple[CardButton, ...], ...]:
    """Return one button per example question, with callback data ``q:<index>``."""
    return tuple(
        (CardButton(question, callback_data=f"{EXAMPLE_PREFIX}{index}"),)
        for index, question in enumerate(example_questions())
    )


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet in the user's locale, say what the bot does in two lines and offer example questions.

    ``/start p_<code>`` (a shared deep link) opens that procedure's card instead.
    """
    message = update.effective_message
    if message is None:
        return
    await _remember_start(update, context)
    if context.args and await open_from_start(update, context, context.args[0]):
        return
    with use_locale(locale_of(update, services_of(context))):
        text = "\n".join(
            [
                _("Xin chào! Mình là trợ lý thủ tục hành chính."),
                _("Bạn hỏi về một thủ tục, mình cho biết hồ sơ, lệ phí, thời hạn, nơi nộp"),
                _("và thủ tục đó có làm trực tuyến được không. Thử một câu hỏi mẫu:"),
            ]
        )
        await message.reply_text(text, reply_markup=inline_markup(example_buttons()))


async def _remember_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remember that the user started the bot in private: their consent to get surveys there."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type != ChatType.PRIVATE:
        return
    services = services_of(context)
    try:
        await UserPreferences(services.session_factory).mark_started(services.settings.hash_user_id(user.id))
    except SQLAlchemyError:
        logger.exception("remembering the start failed")


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain how to ask, with examples typed without diacritics, and how to end the conversation."""
    message = update.effective_message
    if message is None:
        return
    with use_locale(locale_of(update, services_of(context))):
        text = "\n".join(
            [
                _("<b>Cách hỏi</b>"),
                _("Gõ tên thủ tục và điều bạn cần biết, có dấu hay không dấu đều được:"),
                "• <i>lam giay khai sinh can gi</i>",
                "• <i>le phi dang ky ket hon</i>",
                "• <i>cap lai ho chieu mat bao lau</i>",
                "• <i>dang ky tam tru nop o dau</i>",
                "",
                _(
                    "Sau khi có câu trả lời, bạn có thể hỏi tiếp, ví dụ “thế lệ phí bao nhiêu?”, "
                    "hoặc bấm các nút bên dưới câu trả lời."
                ),
                _("Gõ “cảm ơn” hoặc bấm “Đã rõ, cảm ơn” khi xong. Lệnh /end cũng kết thúc cuộc trò chuyện."),
                _("Đổi ngôn ngữ trả lời: /lang (Tiếng Việt / English)."),
                _("Thông tin lấy từ Cổng Dịch vụ công quốc gia: {url}").format(url=PORTAL_URL),
            ]
        )
        await message.reply_text(text)


async def example_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the example question whose button was tapped (``q:<index>``)."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    with use_locale(locale_of(update, services_of(context))):
        questions = example_questions()
        index_text = query.data.removeprefix(EXAMPLE_PREFIX)
        if not index_text.isdigit() or int(index_text) >= len(questions):
            await query.answer(_("Nút này không còn hiệu lực. Bạn hãy gõ câu hỏi nhé."))
            return
        await query.answer()
        await answer_question(update, context, questions[int(index_text)])
