"""Inline mode: ``@bot <question>`` in any chat lists the best procedures; choosing one posts a compact card.

The results come from the same ``SearchIndex`` as the chat answers. They do not depend on who asks
(``is_personal=False``, cached by Telegram for ``CACHE_SECONDS``), so they are written in the configured
default language. Each card has a deep link ``https://t.me/<bot>?start=p_<code>``: the neighbour who taps
it gets the full card, and that conversation is tagged as relayed. An empty query lists the procedures
people asked about most in the last 30 days (or the example questions' procedures on a fresh install).
"""

from __future__ import annotations

import logging
import time

from sqlalchemy.exc import SQLAlchemyError
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.answer_card import clean_name, official_url
from bot.compact_card import compact_card, short_description
from bot.deep_links import procedure_link
from bot.i18n import _, use_locale
from bot.popular_procedures import most_discussed
from bot.services import Services
from handlers.context import services_of
from handlers.start import example_questions
from knowledge.procedure import Procedure
from knowledge.search import Decision

logger = logging.getLogger(__name__)
MAX_RESULTS = 10
POPULAR_RESULTS = 6
CACHE_SECONDS = 300
MAX_QUERY_CHARS = 200
TITLE_CHARS = 120


def result_article(procedure: Procedure, bot_username: str) -> InlineQueryResultArticle:
    """Return the inline result of one procedure: title, one-line description, compact card and links."""
    buttons = []
    link = procedure_link(bot_username, procedure.code)
    if link is not None:
        buttons.append([InlineKeyboardButton(_("💬 Hỏi tiếp trợ lý"), url=link)])
    buttons.append([InlineKeyboardButton(_("🔗 Trang chính thức"), url=official_url(procedure))])
    name = clean_name(procedure.name)
    return InlineQueryResultArticle(
        id=procedure.code[:64],
        title=name if len(name) <= TITLE_CHARS else name[: TITLE_CHARS - 1] + "…",
        description=short_description(procedure),
        input_message_content=InputTextMessageContent(
            compact_card(procedure),
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
        reply_markup=InlineKeyboardMarkup(buttons),
    )


def matching_procedures(services: Services, question: str) -> list[Procedure]:
    """Return the procedures the search finds for ``question`` (none when it matches nothing)."""
    result = services.index.search(question[:MAX_QUERY_CHARS], k=MAX_RESULTS)
    if result.decision is Decision.NONE:
        return []
    return [match.procedure for match in result.matches]


async def popular_procedures(services: Services) -> list[Procedure]:
    """Return the most asked-about procedures, filled up with those of the example questions."""
    codes: list[str] = []
    try:
        codes = await most_discussed(services.session_factory, POPULAR_RESULTS)
    except SQLAlchemyError:
        logger.exception("reading the popular procedures failed")
    procedures = [p for p in (services.catalogue.get(code) for code in codes) if p is not None]
    for question in example_questions():
        if len(procedures) >= POPULAR_RESULTS:
            break
        best = services.index.search(question, k=1).best
        if best is not None and best.procedure not in procedures:
            procedures.append(best.procedure)
    return procedures


async def answer_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer ``@bot <question>`` with up to ten procedure results."""
    query = update.inline_query
    if query is None:
        return
    started = time.perf_counter()
    services = services_of(context)
    text = " ".join(query.query.split())
    with use_locale(services.settings.default_locale):
        procedures = matching_procedures(services, text) if text else await popular_procedures(services)
        results = [result_article(procedure, context.bot.username) for procedure in procedures]
        button = InlineQueryResultsButton(_("Hỏi trợ lý trong tin nhắn riêng"), start_parameter="inline")
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=False, button=button)
    helper = services.settings.is_helper(query.from_user.id)
    logger.info(
        "inline query answered: %d results in %.0f ms (helper: %s)",
        len(results),
        (time.perf_counter() - started) * 1000,
        "yes" if helper else "no",
    )


async def result_chosen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log which procedure was shared (only sent when inline feedback is on in @BotFather)."""
    chosen = update.chosen_inline_result
    if chosen is None:
        return
    helper = services_of(context).settings.is_helper(chosen.from_user.id)
    logger.info("inline result shared: %s (helper: %s)", chosen.result_id, "yes" if helper else "no")
