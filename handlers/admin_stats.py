"""``/stats [7d|30d|YYYY-MM|all]``: the satisfaction figures of a period as text, then the chart image."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from telegram import Message, Update

from bot.i18n import _
from bot.satisfaction_chart import period_text, render_chart
from bot.satisfaction_report import Period, load_report
from bot.services import Services
from bot.stats_message import render_stats
from handlers.admin_access import admin_period_command

logger = logging.getLogger(__name__)


@admin_period_command
async def stats(update: Update, message: Message, services: Services, period: Period) -> None:
    """``/stats [period]``: send the figures, then the chart when there are ratings (admins only)."""
    report = await load_report(services.session_factory, period, procedure_name(services))
    await message.reply_text(render_stats(report))
    if report.ratings:
        chart = await asyncio.to_thread(render_chart, report)
        await message.reply_photo(
            chart,
            caption=_("Lượt đánh giá theo mức và tỷ lệ hài lòng ({period})").format(
                period=period_text(report.period)
            ),
            filename="thong-ke-hai-long.png",
        )
    logger.info("stats sent for period %s", period.label)


def procedure_name(services: Services) -> Callable[[str], str | None]:
    """Return a lookup of a procedure's official name by code in the running catalogue."""

    def name_of(code: str) -> str | None:
        procedure = services.catalogue.get(code)
        return procedure.name if procedure is not None else None

    return name_of
