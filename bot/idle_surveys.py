"""The idle-conversation sweeper: surveys conversations nobody wrote to for ``SURVEY_IDLE_MINUTES``.

It runs on PTB's JobQueue every ``min(idle / 4, 30 s)`` and once right at start-up, so surveys that fell due
while the bot was stopped are still sent. Claims are atomic conditional UPDATEs in the database, so with
several processes each conversation is surveyed exactly once.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram.error import Forbidden, TelegramError
from telegram.ext import Application, ContextTypes

from bot.conversations import utc_now
from bot.services import SERVICES_KEY, Services
from bot.survey_prompts import send_rating_prompt

logger = logging.getLogger(__name__)
JOB_NAME = "idle-surveys"
MAX_INTERVAL_SECONDS = 30.0
MIN_INTERVAL_SECONDS = 0.2


def sweep_interval(idle_minutes: float) -> float:
    """Return the seconds between sweeps: a quarter of the idle time, at most 30 s."""
    return max(MIN_INTERVAL_SECONDS, min(idle_minutes * 60 / 4, MAX_INTERVAL_SECONDS))


async def sweep_idle_conversations(context: ContextTypes.DEFAULT_TYPE) -> int:
    """Claim idle conversations and send each its rating question; return how many were surveyed."""
    services: Services = context.application.bot_data[SERVICES_KEY]
    cutoff = utc_now() - timedelta(minutes=services.settings.survey_idle_minutes)
    tickets = await services.conversations.claim_idle(cutoff)
    sent = 0
    for ticket in tickets:
        if ticket.chat_id is None:
            continue
        try:
            await send_rating_prompt(context.bot, ticket.chat_id, ticket.conversation_id, ticket.locale)
            sent += 1
        except Forbidden:
            logger.info(
                "idle survey not delivered, the bot is blocked (conversation %s)", ticket.conversation_id
            )
            await services.conversations.close(ticket.conversation_id)
        except TelegramError as error:
            logger.warning("idle survey %s failed: %s", ticket.conversation_id, type(error).__name__)
    if tickets:
        logger.info("idle sweep: %d claimed, %d surveys sent", len(tickets), sent)
    return sent


def schedule_idle_sweeps(application: Application[Any, Any, Any, Any, Any, Any], idle_minutes: float) -> None:
    """Schedule the sweeper on the application's JobQueue, first run right at start-up."""
    if application.job_queue is None:
        raise RuntimeError("the JobQueue is missing: install python-telegram-bot[job-queue]")
    application.job_queue.run_repeating(
        sweep_idle_conversations, interval=sweep_interval(idle_minutes), first=0.0, name=JOB_NAME
    )
