"""Keeps the admins' aliases of every running process in step with the database.

``/alias`` rebuilds the search index of the process that handled it at once; with several replicas (webhook
behind a load balancer) the others pick the change up from this job within ``REFRESH_SECONDS``.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from telegram.ext import Application, ContextTypes

from bot.services import SERVICES_KEY, Services

logger = logging.getLogger(__name__)
REFRESH_SECONDS = 60.0
JOB_NAME = "alias-refresh"


async def refresh_aliases(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reload the aliases from the database into the live search index (a failure keeps the old index)."""
    services: Services = context.application.bot_data[SERVICES_KEY]
    try:
        await services.reload_aliases()
    except SQLAlchemyError as error:
        logger.warning("alias refresh failed: %s", type(error).__name__)


def schedule_alias_refresh(
    application: Application[Any, Any, Any, Any, Any, Any], interval: float = REFRESH_SECONDS
) -> None:
    """Schedule the refresh on the application's JobQueue (the first run after one interval)."""
    if application.job_queue is None:
        raise RuntimeError("the JobQueue is missing: install python-telegram-bot[job-queue]")
    application.job_queue.run_repeating(refresh_aliases, interval=interval, first=interval, name=JOB_NAME)
