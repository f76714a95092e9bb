"""``/export [period]``: the ratings of a period as an ``.xlsx`` and a ``.csv`` file (admins only)."""

from __future__ import annotations

import asyncio
import logging

from telegram import Message, Update

from bot.i18n import _
from bot.rating_export import load_rows, to_csv, to_xlsx
from bot.satisfaction_chart import format_count
from bot.satisfaction_report import Period
from bot.services import Services
from handlers.admin_access import admin_period_command

logger = logging.getLogger(__name__)


def export_filename(label: str, extension: str) -> str:
    """Return the file name of an export, e.g. ``danh-gia-2026-11.xlsx``."""
    safe = "".join(ch if ch.isalnum() or ch == "-" else "-" for ch in label).strip("-") or "all"
    return f"danh-gia-{safe}.{extension}"


@admin_period_command
async def export(update: Update, message: Message, services: Services, period: Period) -> None:
    """Send the period's ratings, one row each, as ``.xlsx`` and ``.csv``."""
    rows = await load_rows(services.session_factory, period, services.catalogue.get)
    if not rows:
        await message.reply_text(_("Không có lượt đánh giá nào trong khoảng thời gian này."))
        return
    workbook = await asyncio.to_thread(to_xlsx, rows)
    caption = _("{count} lượt đánh giá").format(count=format_count(len(rows)))
    await message.reply_document(workbook, filename=export_filename(period.label, "xlsx"), caption=caption)
    await message.reply_document(to_csv(rows), filename=export_filename(period.label, "csv"))
    logger.info("export sent: %d ratings", len(rows))
