"""The webhook HTTP server of one replica: Telegram's updates in, ``/healthz`` for the load balancer.

``POST <path of WEBHOOK_URL>``
    Telegram's update, checked before anything else: the ``X-Telegram-Bot-Api-Secret-Token`` header must
    equal ``WEBHOOK_SECRET`` (missing → 401, wrong → 403); the body must be at most ``max_body_bytes``
    (413) and a JSON object that is a valid Update (400). The update is processed *inside* the request:
    the 200 goes back only once the handlers are done, so an acknowledged rating is in the database (or in
    the durable write queue), and an update whose replica dies mid-way is redelivered by Telegram.
``GET /healthz``
    200 when this replica can serve: the database answers ``SELECT 1`` and the catalogue is loaded; else 503.
    The JSON body says which check failed. ``GET /livez`` is 200 while the process runs.

Any replica may receive any update: the handlers keep no state in memory (conversations, surveys and
ratings live in the database), so several replicas behind a round-robin balancer behave as one bot.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.config import Settings
from bot.services import SERVICES_KEY, Services
from bot.write_queue import WriteQueue, WriteReplay

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_PATH = "/telegram"
MAX_UPDATE_BYTES = 256 * 1024  # Telegram updates are a few kilobytes; 4,096-character texts included
MAX_IN_FLIGHT = 200
HEALTH_TIMEOUT_SECONDS = 2.0
SHUTDOWN_GRACE_SECONDS = 10.0
TELEGRAM_MAX_CONNECTIONS = 40  # simultaneous deliveries Telegram may open (its default)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
Probe = Callable[[], Awaitable[bool]]


def webhook_path(webhook_url: str | None) -> str:
    """Return the path updates are posted to: the path of ``WEBHOOK_URL``, or ``/telegram``."""
    if not webhook_url:
        return DEFAULT_PATH
    path = urlsplit(webhook_url).path.rstrip("/")
    return path or DEFAULT_PATH


def database_probe(engine: AsyncEngine, timeout: float = HEALTH_TIMEOUT_SECONDS) -> Probe:
    """Return a probe that is True when the database answers ``SELECT 1`` within ``timeout`` seconds."""

    async def probe() -> bool:
        try:
            async with asyncio.timeout(timeout), engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as error:  # any failure means "not ready"; the reason is logged, not raised
            logger.warning("health check: the database does not answer (%s)", type(error).__name__)
            return False
        return True

    return probe


@dataclass
class WebhookStats:
    """Counts of webhook requests by outcome, for logs, ``/healthz`` and tests."""

    outcomes: Counter[str] = field(default_factory=Counter)
    in_flight: int = 0


class WebhookServer:
    """The aiohttp application of one replica; see the module docstring for the routes."""

    def __init__(
        self,
        application: AnyApplication,
        *,
        secret: str,
        path: str = DEFAULT_PATH,
        database_ready: Probe,
        catalogue_size: Callable[[], int],
        queued_writes: Callable[[], int] = lambda: 0,
        max_body_bytes: int = MAX_UPDATE_BYTES,
        max_in_flight: int = MAX_IN_FLIGHT,
    ) -> None:
        if not secret:
            raise ValueError("a webhook secret is required")
        self.application = application
        self.path = path
        self.max_body_bytes = max_body_bytes
        self.stats = WebhookStats()
        self.accepting = True
        self._secret = secret.encode()
        self._database_ready = database_ready
        self._catalogue_size = catalogue_size
        self._queued_writes = queued_writes
        self._slots = asyncio.Semaphore(max_in_flight)

    def web_app(self) -> web.Application:
        """Return the aiohttp application with the webhook, ``/healthz`` and ``/livez`` routes."""
        app = web.Application(client_max_size=self.max_body_bytes)
        app.router.add_post(self.path, self.handle_update)
        app.router.add_get("/healthz", self.handle_health)
        app.router.add_get("/livez", self.handle_live)
        return app

    async def handle_update(self, request: web.Request) -> web.Response:
        """Check the secret and the body, process the update, and answer 200 once it is handled."""
        given = request.headers.get(SECRET_HEADER)
        if given is None:
            return self._refuse(401, "missing secret token")
        if not hmac.compare_digest(given.encode(), self._secret):
            return self._refuse(403, "wrong secret token")
        if not self.accepting:
            return self._refuse(503, "shutting down")
        if request.content_length is not None and request.content_length > self.max_body_bytes:
            return self._refuse(413, "update too large")
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return self._refuse(413, "update too large")
        try:
            data = json.loads(body)
        except (UnicodeDecodeError, ValueError, RecursionError):  # deeply nested JSON raises RecursionError
            return self._refuse(400, "body is not JSON")
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return self._refuse(400, "not an update")
        try:
            update = Update.de_json(data, self.application.bot)
        except Exception:  # any shape PTB cannot read is the sender's fault
            return self._refuse(400, "malformed update")
        started = time.perf_counter()
        async with self._slots:
            self.stats.in_flight += 1
            try:
                # Through the application's update processor: its bound on concurrent updates and its
                # ordering (one chat's updates one after another) hold for webhook updates as for polling.
                await self.application.update_processor.process_update(
                    update, self.application.process_update(update)
                )
            except Exception:
                # process_update hands handler errors to the error handler; reaching here is a bug, and a
                # non-200 makes Telegram deliver the update again.
                logger.exception("update %s could not be processed", update.update_id)
                self.stats.outcomes["500"] += 1
                return web.json_response({"ok": False}, status=500)
            finally:
                self.stats.in_flight -= 1
        self.stats.outcomes["200"] += 1
        logger.debug("update %s handled in %.1f ms", update.update_id, (time.perf_counter() - started) * 1e3)
        return web.json_response({"ok": True})

    async def readiness(self) -> dict[str, Any]:
        """Return the readiness report: ``ready`` and each check (database, catalogue), plus queue length."""
        procedures = self._catalogue_size()
        database = await self._database_ready()
        return {
            "ready": bool(database and procedures > 0 and self.accepting),
            "database": database,
            "catalogue_procedures": procedures,
            "accepting_updates": self.accepting,
            "queued_writes": self._queued_writes(),
        }

    async def handle_health(self, _request: web.Request) -> web.Response:
        """Answer 200 when ready, 503 otherwise, with the readiness report as JSON."""
        report = await self.readiness()
        return web.json_response(report, status=200 if report["ready"] else 503)

    async def handle_live(self, _request: web.Request) -> web.Response:
        """Answer 200 while the process runs (for a container liveness check)."""
        return web.json_response({"live": True})

    def _refuse(self, status: int, reason: str) -> web.Response:
        self.stats.outcomes[str(status)] += 1
        logger.info("webhook request refused: %d %s", status, reason)
        return web.json_response({"ok": False, "error": reason}, status=status)


async def start_site(server: WebhookServer, host: str, port: int) -> web.AppRunner:
    """Start serving ``server`` on ``host:port``; return the runner (``await runner.cleanup()`` stops it)."""
    runner = web.AppRunner(server.web_app(), access_log=None, shutdown_timeout=SHUTDOWN_GRACE_SECONDS)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner


async def serve_webhook(
    application: AnyApplication,
    settings: Settings,
    engine: AsyncEngine,
    queue: WriteQueue,
    *,
    set_webhook: bool = True,
) -> None:
    """Serve the webhook on ``LISTEN:PORT`` until SIGINT/SIGTERM, then stop gracefully.

    With ``set_webhook`` the replica registers ``WEBHOOK_URL`` (with the secret token, pending updates kept)
    and publishes the command menu; behind one URL only one replica needs to. On a stop signal the replica
    reports not-ready, finishes the updates in flight (up to 10 s), stops its jobs and makes a last attempt
    to write its queued writes; what is left stays in the spool file for the next start.
    """
    if not settings.webhook_secret:
        raise ValueError("WEBHOOK_SECRET is required in webhook mode")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    server = WebhookServer(
        application,
        secret=settings.webhook_secret,
        path=webhook_path(settings.webhook_url),
        database_ready=database_probe(engine),
        catalogue_size=lambda: len(application.bot_data[SERVICES_KEY].catalogue),
        queued_writes=lambda: len(queue),
    )
    async with application:
        await application.start()
        runner = await start_site(server, settings.listen, settings.port)
        logger.info("webhook: listening on %s:%d%s", settings.listen, settings.port, server.path)
        try:
            if set_webhook and settings.webhook_url:
                await _register_webhook(application, settings)
            await stop.wait()
            logger.info("stop signal: finishing the updates in flight")
        finally:
            server.accepting = False
            await runner.cleanup()
            await application.stop()
            services: Services = application.bot_data[SERVICES_KEY]
            if len(queue):
                try:
                    async with asyncio.timeout(SHUTDOWN_GRACE_SECONDS):
                        await queue.drain(WriteReplay(services.session_factory))
                except TimeoutError:
                    logger.warning("the last write-queue drain timed out")
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)
    logger.info("webhook: stopped (%s)", dict(server.stats.outcomes))


async def _register_webhook(application: AnyApplication, settings: Settings) -> None:
    try:
        await application.bot.set_webhook(
            url=str(settings.webhook_url),
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
            drop_pending_updates=False,
            max_connections=TELEGRAM_MAX_CONNECTIONS,
        )
        logger.info("webhook registered with Telegram")
    except TelegramError as error:
        logger.error("setWebhook failed (%s); serving anyway", type(error).__name__)
    if application.post_init is not None:
        await application.post_init(application)
