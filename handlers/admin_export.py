"""``/export [period]``: the ratings of a period as an ``.xlsx`` and a ``.csv`` file (admins only)."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.i18n import _, use_locale
from bot.rating_export import load_rows, to_csv, to_xlsx
from bot.satisfaction_chart import format_count
from handlers.admin_access import admin_period_request
from handlers.context import locale_of, services_of

logger = logging.getLogger(__name__)


def export_filename(label: str, extension: str) -> str:
    """Return the file name of an export, e.g. ``danh-gia-2026-11.xlsx``."""
    safe = "".join(ch if ch.isalnum() or ch == "-" else "-" for ch in label).strip("-") or "all"
    return f"danh-gia-{safe}.{extension}"


async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the period's ratings, one row each, as ``.xlsx`` and ``.csv``."""
    message = update.effective_message
    if message is None:
        return
    with use_locale(locale_of(update, services_of(context))):
        request = await admin_period_request(update, context)
        if request is None:
            return
        services, period = request
        rows = await load_rows(services.session_factory, period, services.catalogue.get)
        if not rows:
            await message.reply_text(_("Không có lượt đánh giá nào trong khoảng thời gian này."))
            return
        workbook = await asyncio.to_thread(to_xlsx, rows)
        caption = _("{count} lượt đánh giá").format(count=format_count(len(rows)))
        await message.reply_document(
            workbook, filename=export_filename(period.label, "xlsx"), caption=caption
        )
        await message.reply_document(to_csv(rows), filename=export_filename(period.label, "csv"))
        logger.info("export sent: %d ratings", len(rows))
