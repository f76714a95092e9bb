"""The satisfaction survey's messages and buttons, and sending the survey to a chat.

Callback data: ``r:<conversation id>:<level 1-5>`` (rating), ``rr:<conversation id>:<reason>`` (reason of a
negative rating) and ``rs:<conversation id>`` (skip the optional comment).
"""

from __future__ import annotations

from telegram import Bot, Message

from bot.answer_card import AnswerCard, CardButton, inline_markup
from bot.i18n import _, use_locale
from bot.satisfaction_log import DissatisfactionReason, SatisfactionLevel


def level_label(level: SatisfactionLevel) -> str:
    """Return the button text of a rating level."""
    labels = {
        SatisfactionLevel.VERY_SATISFIED: _("Rất hài lòng"),
        SatisfactionLevel.SATISFIED: _("Hài lòng"),
        SatisfactionLevel.NEUTRAL: _("Bình thường"),
        SatisfactionLevel.DISSATISFIED: _("Không hài lòng"),
        SatisfactionLevel.VERY_DISSATISFIED: _("Rất không hài lòng"),
    }
    return labels[level]


def reason_label(reason: DissatisfactionReason) -> str:
    """Return the button text of a dissatisfaction reason."""
    labels = {
        DissatisfactionReason.WRONG_PROCEDURE: _("Sai thủ tục"),
        DissatisfactionReason.MISSING_INFORMATION: _("Thiếu thông tin"),
        DissatisfactionReason.HARD_TO_UNDERSTAND: _("Khó hiểu"),
        DissatisfactionReason.OTHER: _("Khác"),
    }
    return labels[reason]


def rating_prompt(conversation_id: int) -> AnswerCard:
    """Return the question "how satisfied were you?" with one button per level, best first."""
    rows = tuple(
        (CardButton(level_label(level), callback_data=f"r:{conversation_id}:{int(level)}"),)
        for level in SatisfactionLevel
    )
    text = _("Bạn có hài lòng với câu trả lời của mình không? Chọn một mức đánh giá:")
    return AnswerCard(text, rows)


def reason_prompt(conversation_id: int, level: SatisfactionLevel) -> AnswerCard:
    """Return the thanks for a negative rating and the question "why?" with reason buttons."""
    reasons = list(DissatisfactionReason)
    buttons = [CardButton(reason_label(r), callback_data=f"rr:{conversation_id}:{r.value}") for r in reasons]
    text = _("Bạn đã chọn: {level}. Mình xin lỗi vì chưa giúp được tốt. Vì sao vậy?").format(
        level=level_label(level)
    )
    return AnswerCard(text, (tuple(buttons[:2]), tuple(buttons[2:])))


def comment_prompt(conversation_id: int) -> AnswerCard:
    """Return the invitation to write an optional comment, with a "Bỏ qua" button."""
    text = _("Bạn có thể gõ thêm góp ý (không bắt buộc). Xin đừng ghi số giấy tờ hay số điện thoại.")
    return AnswerCard(text, ((CardButton(_("Bỏ qua"), callback_data=f"rs:{conversation_id}"),),))


def thanks_text(level: SatisfactionLevel | None = None) -> str:
    """Return the closing thanks after a rating (or after a skipped comment when ``level`` is None)."""
    if level is None:
        return _("Cảm ơn bạn đã góp ý! Khi cần, bạn cứ nhắn câu hỏi mới.")
    return _("Cảm ơn bạn đã đánh giá: {level}. Khi cần, bạn cứ nhắn câu hỏi mới.").format(
        level=level_label(level)
    )


async def send_rating_prompt(bot: Bot, chat_id: int, conversation_id: int, locale: str) -> Message:
    """Send the rating question for a conversation to a chat, in the conversation's locale."""
    with use_locale(locale):
        prompt = rating_prompt(conversation_id)
        text = _("Cuộc trò chuyện đã kết thúc.") + "\n" + prompt.text
    return await bot.send_message(chat_id, text, reply_markup=inline_markup(prompt.buttons))
