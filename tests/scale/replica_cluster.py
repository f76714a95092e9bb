"""A cluster of real ``tthc-bot run --webhook`` replicas on one PostgreSQL, and a round-robin load balancer.

``ReplicaCluster`` runs ``tthc-bot db upgrade`` once, then starts N replica processes on free loopback
ports, all on the same database and the same spool directory (as ``compose.yaml`` shares a volume), with
the loopback fake Bot API as ``TELEGRAM_API_BASE_URL``. The first replica registers the webhook, the others
start with ``--no-set-webhook``, as in the compose file. ``deliver`` plays Telegram and the load balancer in
one: it POSTs an update with the secret header to the next replica in turn and, when a replica does not
acknowledge it (connection refused or cut, a 5xx), delivers it again to the next one, as Telegram
redelivers an unacknowledged update. A replica answers only once its handlers are done, so when
``deliver`` returns, every Bot API call the update caused is already recorded by the fake.

Every wait is bounded; ``close`` stops (or kills) every process, even when a test failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import socket
import sys
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from sqlalchemy.engine import make_url

from tests.e2e.bot_process import BotProcess, BotProcessError
from tests.e2e.fake_bot_api import FakeBotApi

SCALE_TOKEN = "7000000002:AAScaleTestTokenForTheLoopbackFakeApi"
WEBHOOK_SECRET = "scale-test-webhook-secret_0123"
WEBHOOK_URL = "https://bot.example.test/telegram"
WEBHOOK_PATH = "/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
READY_TIMEOUT = 90.0  # loading the catalogue and building the search index on a busy 2-core machine
POST_TIMEOUT = 60.0
DELIVERY_ATTEMPTS = 6
REDELIVERY_PAUSE = 0.05


class WebhookFakeBotApi(FakeBotApi):
    """The fake Bot API whose update factories only build updates: the balancer posts them to replicas.

    In webhook mode nothing calls ``getUpdates``, so the updates are returned instead of being queued.
    """

    def _queue(self, body: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **body}
        self.injected_at[update["update_id"]] = time.perf_counter()
        return update


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def asyncpg_dsn(database_url: str) -> str:
    """Return the plain ``postgresql://`` DSN of a SQLAlchemy PostgreSQL URL (for asyncpg)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class Replica(BotProcess):
    """One ``tthc-bot run --webhook`` process on its own port, on the cluster's PostgreSQL database."""

    def __init__(
        self,
        index: int,
        fake: FakeBotApi,
        workdir: Path,
        database_url: str,
        spool_dir: Path,
        *,
        register_webhook: bool,
        survey_idle_minutes: str,
        admin_ids: str,
        run_options: tuple[str, ...],
    ) -> None:
        self.index = index
        self.port = free_port()
        self.spool_dir = spool_dir
        self.register_webhook = register_webhook
        self.run_options = run_options
        self._database_url = database_url
        extra = {"WEBHOOK_URL": WEBHOOK_URL, "WEBHOOK_SECRET": WEBHOOK_SECRET, "LISTEN": "127.0.0.1"}
        extra["PORT"] = str(self.port)
        super().__init__(
            fake,
            workdir,
            SCALE_TOKEN,
            survey_idle_minutes=survey_idle_minutes,
            admin_ids=admin_ids,
            extra_env=extra,
        )

    @property
    def database_url(self) -> str:
        """Return the SQLAlchemy URL of the shared PostgreSQL database."""
        return self._database_url

    @property
    def url(self) -> str:
        """Return the webhook URL of this replica on loopback."""
        return f"http://127.0.0.1:{self.port}{WEBHOOK_PATH}"

    @property
    def alive(self) -> bool:
        """Return True while the process runs."""
        return self._process is not None and self._process.returncode is None

    async def start(self, timeout: float = READY_TIMEOUT) -> None:
        """Start the replica and return once its ``/healthz`` says ready."""
        if self.alive:
            raise BotProcessError(f"replica {self.index} is already running")
        self._runs += 1
        self._stderr_path = self.workdir / f"replica-{self.index}-{self._runs}.log"
        args = ["run", "--webhook", "--spool-dir", str(self.spool_dir), *self.run_options]
        if not self.register_webhook:
            args.append("--no-set-webhook")
        with self._stderr_path.open("wb") as log:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", *args,
                cwd=self.workdir, env=self.environment(),
                stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as session:
            while True:
                if self._process.returncode is not None:
                    raise BotProcessError(
                        f"replica {self.index} exited with {self._process.returncode}:\n{self.stderr()}"
                    )
                status, _report = await self._health(session)
                if status == 200:
                    return
                if time.monotonic() > deadline:
                    await self.kill()
                    raise BotProcessError(f"replica {self.index} not ready in {timeout}s:\n{self.stderr()}")
                await asyncio.sleep(0.2)

    async def health(self) -> tuple[int, dict[str, Any]]:
        """Return the status and JSON report of ``GET /healthz`` (status 0 when it cannot be reached)."""
        async with aiohttp.ClientSession() as session:
            return await self._health(session)

    async def _health(self, session: aiohttp.ClientSession) -> tuple[int, dict[str, Any]]:
        try:
            async with session.get(
                f"http://127.0.0.1:{self.port}/healthz", timeout=aiohttp.ClientTimeout(total=5)
            ) as response:
                return response.status, await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError):
            return 0, {}


@dataclass(frozen=True, slots=True)
class Delivery:
    """How an update was delivered: the replica that acknowledged it and how many POSTs it took."""

    replica: int
    status: int
    attempts: int


class DeliveryFailed(AssertionError):
    """No replica acknowledged an update within the allowed attempts."""


class ReplicaCluster:
    """N webhook replicas on one database, a round-robin balancer in front, and the database for checks."""

    def __init__(
        self,
        fake: FakeBotApi,
        database_url: str,
        workdir: Path,
        *,
        survey_idle_minutes: str = "60",
        admin_ids: str = "",
        run_options: tuple[str, ...] = (),
    ) -> None:
        self.fake = fake
        self.database_url = database_url
        self.workdir = workdir
        self.spool_dir = workdir / "spool"
        self.survey_idle_minutes = survey_idle_minutes
        self.admin_ids = admin_ids
        self.run_options = run_options
        self.replicas: list[Replica] = []
        self.acknowledged: Counter[int] = Counter()  # updates acknowledged (200) per replica
        self.redeliveries = 0
        self.tracebacks_allowed = False  # a test that cuts the database expects logged tracebacks
        self._turn = itertools.count()
        self._session: aiohttp.ClientSession | None = None

    # -- life cycle -------------------------------------------------------------------------------------
    async def start(self, replicas: int = 2) -> None:
        """Migrate the database (``tthc-bot db upgrade``), then start ``replicas`` processes in parallel."""
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        for index in range(replicas):
            workdir = self.workdir / f"replica-{index}"
            workdir.mkdir(parents=True, exist_ok=True)
            self.replicas.append(
                Replica(
                    index,
                    self.fake,
                    workdir,
                    self.database_url,
                    self.spool_dir,
                    register_webhook=index == 0,
                    survey_idle_minutes=self.survey_idle_minutes,
                    admin_ids=self.admin_ids,
                    run_options=self.run_options,
                )
            )
        output = await self.replicas[0].run_command("db", "upgrade", timeout=120)
        assert "mới nhất" in output, output
        await asyncio.gather(*(replica.start() for replica in self.replicas))
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=POST_TIMEOUT))

    async def close(self) -> dict[int, int]:
        """Stop every live replica with SIGTERM (SIGKILL if it hangs); return each one's exit status."""
        if self._session is not None:
            await self._session.close()
            self._session = None
        statuses: dict[int, int] = {}

        async def stop(replica: Replica) -> None:
            if replica._process is None:
                return
            was_alive = replica.alive
            try:
                status = await replica.stop()
            except BotProcessError:
                status = -999  # ignored SIGTERM: killed by ``stop``
            if was_alive:
                statuses[replica.index] = status

        await asyncio.gather(*(stop(replica) for replica in self.replicas))
        return statuses

    async def __aenter__(self) -> ReplicaCluster:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def logs(self) -> str:
        """Return the output of every replica, for failure messages."""
        return "\n".join(f"--- replica {r.index} ---\n{r.stderr()}" for r in self.replicas)

    def problems(self, limit: int = 40) -> str:
        """Return the last ``limit`` WARNING/ERROR lines (and tracebacks) the replicas logged."""
        lines = [
            f"[{r.index}] {line}"
            for r in self.replicas
            for line in r.stderr().splitlines()
            if " WARNING " in line or " ERROR " in line or line.startswith(("Traceback", "  File", "    "))
        ]
        return "\n".join(lines[-limit:]) or "(no warnings)"

    # -- the load balancer ------------------------------------------------------------------------------
    async def deliver(
        self, update: Mapping[str, Any], *, to: int | None = None, failover: bool = True
    ) -> Delivery:
        """POST ``update`` to replica ``to`` (default: the next in turn) until a replica acknowledges it.

        A refused or cut connection, a timeout or a 5xx is not an acknowledgement: with ``failover`` the
        update goes to the next replica, as Telegram redelivers it; without, ``DeliveryFailed`` is raised.
        A 4xx is returned as it is (the update was refused, not lost).
        """
        first = next(self._turn) if to is None else to
        body = json.dumps(update, ensure_ascii=False).encode()
        problems: list[str] = []
        for attempt in range(DELIVERY_ATTEMPTS):
            index = (first + attempt) % len(self.replicas)
            status = await self._post(index, body, {SECRET_HEADER: WEBHOOK_SECRET}, problems)
            if 200 <= status < 500:
                if status == 200:
                    self.acknowledged[index] += 1
                return Delivery(index, status, attempt + 1)
            if not failover:
                break
            self.redeliveries += 1
            await asyncio.sleep(REDELIVERY_PAUSE * (attempt + 1))
        raise DeliveryFailed(f"update {update.get('update_id')} was not acknowledged: {problems}")

    async def post_raw(
        self, replica: int, body: bytes, headers: Mapping[str, str] | None = None
    ) -> tuple[int, str]:
        """POST ``body`` as it is to one replica's webhook; return the status and the response text."""
        session = self._require_session()
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        async with session.post(self.replicas[replica].url, data=body, headers=all_headers) as response:
            return response.status, await response.text()

    async def _post(self, index: int, body: bytes, headers: Mapping[str, str], problems: list[str]) -> int:
        session = self._require_session()
        all_headers = {"Content-Type": "application/json", **headers}
        try:
            async with session.post(self.replicas[index].url, data=body, headers=all_headers) as response:
                await response.read()
                if response.status >= 500:
                    problems.append(f"replica {index}: HTTP {response.status}")
                return response.status
        except (aiohttp.ClientError, TimeoutError) as error:
            problems.append(f"replica {index}: {type(error).__name__}")
            return 0

    def _require_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("the cluster is not started")
        return self._session

    # -- the database -----------------------------------------------------------------------------------
    async def rows(self, sql: str, *args: object) -> list[asyncpg.Record]:
        """Return the rows of a query on the cluster's database (a fresh connection each time)."""
        connection = await asyncpg.connect(asyncpg_dsn(self.database_url), timeout=10)
        try:
            return list(await connection.fetch(sql, *args))
        finally:
            await connection.close()

    async def terminate_connections(self) -> int:
        """Cut every connection the replicas hold to the database (``pg_terminate_backend``); count them."""
        name = make_url(self.database_url).database
        rows = await self.rows(
            "SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity "
            "WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
        return sum(1 for row in rows if row["cut"])

    def pending_spooled_writes(self) -> int:
        """Return how many writes wait in the spool files of the shared spool directory."""
        from bot.write_queue import SPOOL_PREFIX, SPOOL_SUFFIX, read_pending

        total = 0
        for path in self.spool_dir.glob(f"{SPOOL_PREFIX}*{SPOOL_SUFFIX}"):
            with contextlib.suppress(FileNotFoundError):
                total += len(read_pending(path))
        return total
