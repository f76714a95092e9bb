"""``/help_for``: a community helper (HELPER_IDS) sitting with a citizen looks a procedure up for them.

1. ``/help_for`` (or ``/help_for <question>``) in a private chat; anyone else gets a polite refusal.
2. The helper types the citizen's question (a relay session waits 30 minutes for it, in the database).
3. The bot shows the compact card with the documents as a checklist: each tap ticks ☐/☑ one document
   (state in the callback data, ``hc:<conversation>:<mask>:<index>``).
4. "Xong, hỏi ý kiến người dân" (``hd:<conversation>``) asks for the rating on the citizen's behalf with the
   ordinary rating buttons. The conversation and rating carry ``channel = relay`` and the conversation is
   marked ``on_behalf`` in ``relayed_conversations``.
An unclear question gets candidate buttons (``hp:<code>``); no match keeps the session waiting.
"""

from __future__ import annotations

import dataclasses
import html
import logging

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.answer_card import CALLBACK_LIMIT, AnswerCard, CardButton, clean_name, inline_markup
from bot.document_checklist import parse_done, parse_toggle, render_checklist
from bot.i18n import _, use_locale
from bot.models.conversation import Channel
from bot.models.relay import RelaySource
from bot.relay_log import RelayLog
from bot.survey_prompts import rating_prompt
from bot.user_preferences import UserPreferences
from handlers.context import chat_ref_of, locale_of, services_of
from handlers.message_kinds import clip_question
from handlers.question import no_match_reply
from knowledge.procedure import Procedure
from knowledge.search import Decision

logger = logging.getLogger(__name__)
PICK_PREFIX = "hp:"
MAX_CANDIDATES = 5
BUTTON_CHARS = 60


def pick_data(code: str) -> str | None:
    """Return the callback data choosing a candidate procedure, or None if it would exceed 64 bytes."""
    data = PICK_PREFIX + code
    return data if len(data.encode()) <= CALLBACK_LIMIT else None


async def help_for_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Start a relay session for a helper; refuse politely anyone else, and any use outside a private chat."""
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if message is None or user is None or chat is None:
        return
    services = services_of(context)
    locale = locale_of(update, services)
    with use_locale(locale):
        if not services.settings.is_helper(user.id):
            await message.reply_text(
                _(
                    "Lệnh /help_for dành cho thành viên tổ công nghệ số cộng đồng. Nếu bạn là tình nguyện "
                    "viên, hãy nhờ quản trị viên thêm bạn vào danh sách. Bạn vẫn có thể hỏi mình bình thường."
                )
            )
            logger.info("/help_for refused: not a helper")
            return
        if chat.type != ChatType.PRIVATE:
            await message.reply_text(_("Hãy dùng /help_for trong tin nhắn riêng với mình."))
            return
        chat_key = services.settings.hash_user_id(chat.id)
        await services.conversations.close_chat(chat_key)  # the citizen's help starts a fresh conversation
        question = " ".join(context.args or []).strip()
        if question:
            await answer_for_citizen(update, context, question)
            return
        await UserPreferences(services.session_factory).start_relay(services.settings.hash_user_id(user.id))
        await message.reply_text(
            "\n".join(
                [
                    _("🤝 <b>Hỗ trợ người dân</b>"),
                    _(
                        "Hỏi người dân cần làm thủ tục gì, rồi gõ câu hỏi đó vào đây, "
                        "ví dụ “đăng ký khai sinh”."
                    ),
                    _(
                        "Mình sẽ hiện danh sách giấy tờ để bạn đánh dấu cùng người dân, "
                        "rồi xin ý kiến của họ."
                    ),
                ]
            )
        )
        logger.info("/help_for session opened")


async def relay_question(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Take a helper's text as the citizen's question while a relay session waits (handler group -1)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not message.text:
        return
    services = services_of(context)
    if not services.settings.is_helper(user.id):
        return
    preferences = UserPreferences(services.session_factory)
    try:
        waiting = await preferences.relay_pending(services.settings.hash_user_id(user.id))
    except SQLAlchemyError:
        logger.exception("reading the relay session failed")
        return
    if not waiting:
        return
    with use_locale(locale_of(update, services)):
        await answer_for_citizen(update, context, clip_question(message.text)[0])
    raise ApplicationHandlerStop


async def answer_for_citizen(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """Search the citizen's question: a checklist card, candidate buttons, or the no-match reply."""
    chat = update.effective_chat
    if chat is None:
        return
    services = services_of(context)
    result = services.index.search(question, k=MAX_CANDIDATES)
    if result.decision is Decision.CONFIDENT and result.best is not None:
        await show_checklist(update, context, result.best.procedure, question)
        return
    if result.decision is Decision.AMBIGUOUS and result.matches:
        lines = [_("Ý bạn là thủ tục nào?")]
        rows: list[tuple[CardButton, ...]] = []
        for number, match in enumerate(result.matches[:MAX_CANDIDATES], 1):
            data = pick_data(match.procedure.code)
            if data is None:
                continue
            name = clean_name(match.procedure.name)
            lines.append(f"{number}. {html.escape(name)} (<code>{html.escape(match.procedure.code)}</code>)")
            label = name if len(name) <= BUTTON_CHARS else name[: BUTTON_CHARS - 1] + "…"
            rows.append((CardButton(f"{number}. {label}", callback_data=data),))
        await context.bot.send_message(chat.id, "\n".join(lines), reply_markup=inline_markup(tuple(rows)))
        return
    card = no_match_reply()
    text = card.text + "\n\n" + _("Bạn có thể gõ lại câu hỏi của người dân theo cách khác.")
    await context.bot.send_message(chat.id, text, reply_markup=inline_markup(card.buttons))
    try:
        await services.unanswered.record(question, Channel.RELAY, locale_of(update, services))
    except SQLAlchemyError:
        logger.exception("logging an unanswered question failed")


async def show_checklist(
    update: Update, context: ContextTypes.DEFAULT_TYPE, procedure: Procedure, question: str | None
) -> None:
    """Open the relayed, on-behalf conversation for ``procedure`` and send its document checklist."""
    chat, user = update.effective_chat, update.effective_user
    services = services_of(context)
    locale = locale_of(update, services)
    reference = chat_ref_of(update, services, locale)
    if chat is None or user is None or reference is None:
        return
    relayed = dataclasses.replace(reference, channel=Channel.RELAY)
    conversation_id = await services.conversations.record_activity(
        relayed, question=question, procedure_code=procedure.code
    )
    await RelayLog(services.session_factory).mark(
        conversation_id, RelaySource.HELP_FOR, on_behalf=True, procedure_code=procedure.code
    )
    await UserPreferences(services.session_factory).stop_relay(services.settings.hash_user_id(user.id))
    card = render_checklist(procedure, conversation_id)
    await context.bot.send_message(chat.id, card.text, reply_markup=inline_markup(card.buttons))
    logger.info("help_for checklist shown: %s", procedure.code)


async def candidate_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A candidate button (``hp:<code>``) under an unclear question: show that procedure's checklist."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    services = services_of(context)
    with use_locale(locale_of(update, services)):
        procedure = services.catalogue.get(query.data.removeprefix(PICK_PREFIX))
        user = update.effective_user
        if procedure is None or user is None or not services.settings.is_helper(user.id):
            await query.answer(_("Nút này không còn hiệu lực."))
            return
        await query.answer()
        await show_checklist(update, context, procedure, None)


async def _owned_conversation(
    update: Update, context: ContextTypes.DEFAULT_TYPE, conversation_id: int
) -> str | None:
    """Return the procedure code of a relayed conversation of this chat, or None when it is not theirs."""
    services = services_of(context)
    chat = update.effective_chat
    if chat is None:
        return None
    conversation = await services.conversations.get(conversation_id)
    if conversation is None or conversation.chat_key != services.settings.hash_user_id(chat.id):
        return None
    return conversation.procedure_code


async def toggle_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A checklist tap (``hc:…``): tick or untick one document and redraw the checklist."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    services = services_of(context)
    with use_locale(locale_of(update, services)):
        toggle = parse_toggle(query.data)
        code = await _owned_conversation(update, context, toggle.conversation_id) if toggle else None
        procedure = services.catalogue.get(code) if code else None
        if toggle is None or procedure is None or toggle.index >= len(procedure.documents):
            await query.answer(_("Nút này không còn hiệu lực."))
            return
        await query.answer()
        card = render_checklist(procedure, toggle.conversation_id, toggle.new_mask)
        await _redraw(update, card)


async def ask_on_behalf(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "Xong" (``hd:<id>``): end the relayed conversation and ask for the citizen's rating, once."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or query.data is None or chat is None:
        return
    services = services_of(context)
    with use_locale(locale_of(update, services)):
        conversation_id = parse_done(query.data)
        code = await _owned_conversation(update, context, conversation_id) if conversation_id else None
        if conversation_id is None or code is None:
            await query.answer(_("Nút này không còn hiệu lực."))
            return
        ticket = await services.conversations.begin_survey(services.settings.hash_user_id(chat.id))
        if ticket is None:
            await query.answer(_("Phần hỗ trợ này đã kết thúc. Gõ /help_for để giúp người tiếp theo."))
            return
        await query.answer()
        prompt = rating_prompt(ticket.conversation_id)
        text = "\n".join(
            [
                _("🤝 Hãy hỏi người dân: họ có hài lòng với thông tin vừa nhận không?"),
                _("Bạn bấm giúp họ một mức dưới đây (đánh giá thay mặt người dân)."),
            ]
        )
        await context.bot.send_message(chat.id, text, reply_markup=inline_markup(prompt.buttons))
        logger.info("on-behalf rating asked for conversation %s", ticket.conversation_id)


async def _redraw(update: Update, card: AnswerCard) -> None:
    query = update.callback_query
    if query is None:
        return
    try:
        await query.edit_message_text(card.text, reply_markup=inline_markup(card.buttons))
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise
