"""Free-text questions: find the procedure, answer with a card, a "did you mean" menu or a helpful no-match.

Also routes the text that is not a question: a pending survey comment, a farewell (ends the conversation
and asks for a rating) and text in another script.
"""

from __future__ import annotations

import html
import logging

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update
from telegram.ext import ContextTypes

from bot.answer_card import (
    PORTAL_URL,
    AnswerCard,
    CardButton,
    clean_name,
    inline_markup,
    part_callback,
    render_card,
)
from bot.conversations import ChatRef, ChatSnapshot, utc_now
from bot.i18n import _, use_locale
from bot.message_sender import send_unread
from bot.satisfaction_log import COMMENT_WINDOW
from bot.services import Services
from bot.survey_prompts import rating_prompt
from handlers.context import chat_ref_of, locale_of, services_of, take_snapshot
from handlers.message_kinds import clip_question, is_farewell, is_non_vietnamese
from knowledge.procedure import Procedure
from knowledge.search import Decision, SearchResult

logger = logging.getLogger(__name__)
MAX_CANDIDATES = 5
NONE_OF_THESE_CALLBACK = "nm"
BUTTON_TEXT_CHARS = 60


def candidates_menu(result: SearchResult) -> AnswerCard:
    """Return "Ý bạn là…?" with up to five candidate buttons and "Không phải các thủ tục này"."""
    lines = [_("Ý bạn là thủ tục nào?")]
    rows: list[tuple[CardButton, ...]] = []
    for number, match in enumerate(result.matches[:MAX_CANDIDATES], 1):
        procedure = match.procedure
        data = part_callback(procedure.code, result.aspect)
        if data is None:
            continue
        name = clean_name(procedure.name)
        lines.append(f"{number}. {html.escape(name)} (<code>{html.escape(procedure.code)}</code>)")
        label = name if len(name) <= BUTTON_TEXT_CHARS else name[: BUTTON_TEXT_CHARS - 1] + "…"
        rows.append((CardButton(f"{number}. {label}", callback_data=data),))
    rows.append((CardButton(_("Không phải các thủ tục này"), callback_data=NONE_OF_THESE_CALLBACK),))
    return AnswerCard("\n".join(lines), tuple(rows))


def no_match_reply() -> AnswerCard:
    """Return the helpful reply when no procedure matches: how to ask better and how to reach a person."""
    text = "\n".join(
        [
            _("Mình chưa tìm thấy thủ tục phù hợp với câu hỏi của bạn."),
            "",
            _("Bạn thử nêu tên thủ tục và điều muốn biết, ví dụ:"),
            "• “đăng ký khai sinh cần giấy tờ gì”",
            "• “lệ phí đăng ký kết hôn”",
            "• “cấp lại sổ đỏ mất bao lâu”",
            "",
            _(
                "Cần người hỗ trợ trực tiếp? Liên hệ Bộ phận Một cửa của UBND xã/phường, hoặc"
                " Trung tâm Phục vụ hành chính công của tỉnh; gọi tổng đài 1022 nếu tỉnh, thành phố"
                " của bạn có; hoặc xem Cổng Dịch vụ công quốc gia: {url}"
            ).format(url=PORTAL_URL),
        ]
    )
    return AnswerCard(text, ((CardButton(_("🔗 Cổng Dịch vụ công quốc gia"), url=PORTAL_URL),),))


async def send_card(context: ContextTypes.DEFAULT_TYPE, chat_id: int, card: AnswerCard) -> None:
    """Send a rendered card to a chat (Telegram's copy of the sent card is not parsed: nobody reads it)."""
    await send_unread(context.bot, chat_id, card.text, reply_markup=inline_markup(card.buttons))


async def read_snapshot(services: Services, chat: ChatRef) -> ChatSnapshot | None:
    """Return the chat's state in one read (None if the database fails: the answer goes out without it)."""
    try:
        return await services.conversations.snapshot(chat.chat_key, utc_now() - COMMENT_WINDOW)
    except SQLAlchemyError:
        logger.exception("reading the conversation state failed; answering without it")
        return None


async def _record(
    services: Services, chat: ChatRef, question: str | None, code: str | None, snapshot: ChatSnapshot | None
) -> None:
    try:
        await services.conversations.record_activity(
            chat, question=question, procedure_code=code, snapshot=snapshot
        )
    except SQLAlchemyError:
        logger.exception("storing the conversation failed; the answer is still sent")


async def answer_question(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    question: str,
    *,
    chat: ChatRef | None = None,
    snapshot: ChatSnapshot | None = None,
) -> None:
    """Search the question and send the card, the candidates menu or the no-match reply to the chat.

    ``chat`` and ``snapshot`` are what the caller already derived and read for this update; without them
    they are derived and read here.
    """
    services = services_of(context)
    if chat is None:
        chat = chat_ref_of(update, services, locale_of(update, services))
    target = update.effective_chat
    if chat is None or target is None:
        return
    result = services.index.search(question, k=MAX_CANDIDATES)
    procedure: Procedure | None = None
    if not result.names_procedure:
        if snapshot is None:
            snapshot = await read_snapshot(services, chat)
        code = snapshot.procedure_code if snapshot is not None else None
        procedure = services.catalogue.get(code) if code else None
    if procedure is None and result.decision is Decision.CONFIDENT and result.best is not None:
        procedure = result.best.procedure
    if procedure is not None:
        card = render_card(procedure, result.aspect)
        await _record(services, chat, question, procedure.code, snapshot)
        logger.info("answered with a card: %s (%s)", procedure.code, result.aspect.value)
    elif result.decision is Decision.AMBIGUOUS and result.matches:
        card = candidates_menu(result)
        await _record(services, chat, question, None, snapshot)
        logger.info("answered with %d candidates", min(len(result.matches), MAX_CANDIDATES))
    else:
        card = no_match_reply()
        await _record(services, chat, question, None, snapshot)
        try:
            await services.unanswered.record(question, chat.channel, chat.locale)
        except SQLAlchemyError:
            logger.exception("logging an unanswered question failed")
        logger.info("no procedure matched")
    await send_card(context, target.id, card)


async def end_conversation(
    update: Update, context: ContextTypes.DEFAULT_TYPE, chat: ChatRef | None = None
) -> bool:
    """End the chat's open conversation and ask for a rating (once); return True if a survey was sent."""
    services = services_of(context)
    if chat is None:
        chat = chat_ref_of(update, services, locale_of(update, services))
    target = update.effective_chat
    if chat is None or target is None:
        return False
    ticket = await services.conversations.begin_survey(chat.chat_key)
    if ticket is None:
        await send_unread(context.bot, target.id, _("Không có gì ạ! Khi cần, bạn cứ nhắn câu hỏi cho mình."))
        return False
    prompt = rating_prompt(ticket.conversation_id)
    text = _("Cảm ơn bạn đã dùng trợ lý thủ tục hành chính!") + "\n" + prompt.text
    await send_unread(context.bot, target.id, text, reply_markup=inline_markup(prompt.buttons))
    logger.info("conversation %s ended by the user; survey sent", ticket.conversation_id)
    return True


async def handle_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handle a text message: comment, farewell, foreign text, or a question (first ~500 characters)."""
    message = update.effective_message
    if message is None or not message.text:
        return
    services = services_of(context)
    locale = locale_of(update, services)
    with use_locale(locale):
        chat = chat_ref_of(update, services, locale)
        if chat is None:
            return
        snapshot = take_snapshot(update, chat.chat_key) or await read_snapshot(services, chat)
        pending = snapshot.pending_comment if snapshot is not None else None
        if pending is not None and await _take_comment(update, services, chat, pending, message.text):
            return
        if is_farewell(message.text):
            await end_conversation(update, context, chat)
            return
        if is_non_vietnamese(message.text):
            await message.reply_text(
                _(
                    "Xin lỗi, mình chỉ hiểu câu hỏi bằng tiếng Việt (có dấu hoặc không dấu). "
                    "Sorry, I only understand questions in Vietnamese."
                )
            )
            return
        question, clipped = clip_question(message.text)
        if clipped:
            await message.reply_text(_("Tin nhắn khá dài, mình chỉ đọc khoảng 500 ký tự đầu tiên."))
        await answer_question(update, context, question, chat=chat, snapshot=snapshot)


async def _take_comment(
    update: Update, services: Services, chat: ChatRef, conversation_id: int, text: str
) -> bool:
    try:
        stored = await services.satisfaction.record_comment(conversation_id, chat.chat_key, text)
    except SQLAlchemyError:
        logger.exception("checking for a pending survey comment failed")
        return False
    if stored and update.effective_message is not None:
        await update.effective_message.reply_text(_("Cảm ơn bạn đã góp ý! Khi cần, bạn cứ nhắn câu hỏi mới."))
        logger.info("survey comment stored for conversation %s", conversation_id)
    return stored
