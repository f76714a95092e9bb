"""Load benchmark of the deployments: 1 and 2 webhook replicas on PostgreSQL, and polling on SQLite.

Each configuration runs as real ``tthc-bot run`` processes against a small loopback Bot API (this file's
``ApiSink``), which records every reply and, for polling, serves ``getUpdates``. For webhook replicas the
load generator posts updates round-robin to the replicas (with the secret header), as a load balancer would.

Every simulated user does a whole conversation, three updates: a question (answered with a card), "cảm ơn"
(answered with the rating question) and a tap on a rating button (answered with a popup). Reply latency is
the time from sending an update (for polling: from queuing it) to the arrival of the reply at the sink.

Two loads per configuration:
* ``max``: ``--concurrency`` conversations run back to back (closed loop) for ``--seconds``;
* ``offered``: new conversations start at ``--rate`` updates per second (open loop) for ``--seconds``, with
  at most ``--concurrency`` in flight (the rest is shed and counted, as a load balancer's limit would); then
  the same at ``--light-rate``, a load the deployment can carry, for the latency below saturation.
The CPU time the bot processes and PostgreSQL spend per answered update is read from ``/proc``: on a shared
machine it says what the throughput would be with the cores to themselves.
After each configuration the ratings in its database are counted: every acknowledged rating must be there
exactly once.

Run from the repository root (PostgreSQL from ``TEST_DATABASE_URL`` or ``--database-url``; a scratch
database is created and dropped per configuration):
``python benchmarks/load.py [--rate 200] [--light-rate 30] [--seconds 6] [--concurrency 32]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import random
import socket
import sqlite3
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from aiohttp import web
from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bot.event_loop import loop_factory  # noqa: E402
from tests.scratch_postgres import scratch_postgres  # noqa: E402

TOKEN = "4242:benchmark"
SECRET = "load-benchmark-secret"
HASH_KEY = "load-benchmark-hash-key-0123"
WEBHOOK_PATH = "/telegram"
READY_TIMEOUT = 60.0
REPLY_TIMEOUT = 10.0
GRACE = 5.0  # seconds a step waits for its last conversations before cutting them
WARM_UP_SECONDS = 3.0  # at full concurrency, unmeasured: connection pools and statement caches fill up
QUESTIONS = (
    "đăng ký khai sinh cần giấy tờ gì",
    "lệ phí đăng ký kết hôn bao nhiêu",
    "cấp lại hộ chiếu mất bao lâu",
    "đăng ký thường trú nộp ở đâu",
    "thủ tục cấp giấy phép lái xe",
    "cấp đổi căn cước cần gì",
    "dang ky tam tru o dau",
    "le phi cap so do",
    "đăng ký khai tử cần gì",
    "chứng thực bản sao từ bản chính",
    "cấp phiếu lý lịch tư pháp mất bao lâu",
    "đăng ký kinh doanh hộ cá thể",
)
BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Load", "username": "load_bot"}


# ------------------------------------------------------------------------------------------------ sink
class ApiSink:
    """A minimal loopback Bot API: answers the calls the bot makes and wakes whoever waits for a reply."""

    def __init__(self) -> None:
        self.port = 0
        self.calls = 0
        self._runner: web.AppRunner | None = None
        self._waiters: dict[tuple[str, int | str], asyncio.Future[dict[str, Any]]] = {}
        self._message_ids = itertools.count(1)
        self._updates: list[dict[str, Any]] = []
        self._update_ready = asyncio.Event()
        self.polled = asyncio.Event()

    async def start(self) -> None:
        """Listen on a free loopback port."""
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        """Close the listener; pending long polls return empty."""
        self._update_ready.set()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        """Return the ``TELEGRAM_API_BASE_URL`` of the bot processes."""
        return f"http://127.0.0.1:{self.port}/bot"

    def expect(self, kind: str, key: int | str) -> asyncio.Future[dict[str, Any]]:
        """Return a future resolved with the next ``kind`` ("message" to a chat, "answer" to a query)."""
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiters[(kind, key)] = future
        return future

    def queue_update(self, update: dict[str, Any]) -> None:
        """Hand ``update`` to the next ``getUpdates`` (polling)."""
        self._updates.append(update)
        self._update_ready.set()

    def _resolve(self, kind: str, key: int | str, params: dict[str, Any]) -> None:
        future = self._waiters.pop((kind, key), None)
        if future is not None and not future.done():
            future.set_result(params)

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"].lower()
        params: dict[str, Any] = dict(await request.post()) if request.can_read_body else {}
        if not params and request.content_type == "application/json":
            params = await request.json()
        self.calls += 1
        result: Any = True
        if method == "getme":
            result = BOT_USER
        elif method == "getupdates":
            result = await self._get_updates(params)
        elif method in ("sendmessage", "editmessagetext"):
            chat_id = int(str(params.get("chat_id", "0")))
            result = {
                "message_id": int(str(params.get("message_id") or next(self._message_ids))),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER,
                "text": str(params.get("text", "")),
            }
            self._resolve("message", chat_id, params)
        elif method == "answercallbackquery":
            self._resolve("answer", str(params.get("callback_query_id")), params)
        return web.json_response({"ok": True, "result": result})

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self.polled.set()
        offset = int(str(params.get("offset") or 0))
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        if not self._updates:
            self._update_ready.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._update_ready.wait(), float(str(params.get("timeout") or 0)))
        return self._updates[:100]


# ------------------------------------------------------------------------------------------- transports
class Transport:
    """How updates reach the bot."""

    async def send(self, update: dict[str, Any]) -> None:
        """Deliver one update."""
        raise NotImplementedError


class PollingTransport(Transport):
    """Updates wait in the sink until the polling bot fetches them."""

    def __init__(self, sink: ApiSink) -> None:
        self.sink = sink

    async def send(self, update: dict[str, Any]) -> None:
        self.sink.queue_update(update)


class WebhookTransport(Transport):
    """Updates are posted round-robin to the replicas, with the secret header (a load balancer)."""

    def __init__(self, session: aiohttp.ClientSession, ports: Sequence[int]) -> None:
        self.session = session
        self.urls = itertools.cycle([f"http://127.0.0.1:{port}{WEBHOOK_PATH}" for port in ports])
        self.failures = 0

    async def send(self, update: dict[str, Any]) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with self.session.post(next(self.urls), json=update, headers=headers) as response:
            if response.status != 200:
                self.failures += 1
            await response.read()


# ------------------------------------------------------------------------------------------- the users
@dataclass
class Stats:
    """Latencies (seconds) of the replies and counts of one load step."""

    latencies: list[float] = field(default_factory=list)
    updates: int = 0
    timeouts: int = 0
    unfinished: int = 0  # conversations cancelled at the end of the step
    shed: int = 0  # conversations not started because too many were in flight
    cpu_bot_ms: float = 0.0  # CPU time of the bot processes during the step
    cpu_db_ms: float = 0.0  # CPU time of the PostgreSQL server processes during the step
    cpu_harness_ms: float = 0.0  # CPU time of this process (fake Telegram, load balancer, users)
    ratings_acknowledged: int = 0
    started: float = 0.0
    finished: float = 0.0
    last_reply: float = 0.0

    def percentile(self, q: float) -> float:
        """Return the q-quantile of the latencies in milliseconds (nan without samples)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    @property
    def throughput(self) -> float:
        """Return the updates answered per second over the step."""
        return self.updates / max(1e-9, self.finished - self.started)

    def cpu_per_update(self) -> tuple[float, float, float]:
        """Return the CPU milliseconds per answered update of the bots, of PostgreSQL and of the harness."""
        if not self.updates:
            return float("nan"), float("nan"), float("nan")
        return (
            self.cpu_bot_ms / self.updates,
            self.cpu_db_ms / self.updates,
            self.cpu_harness_ms / self.updates,
        )


class Conversations:
    """Runs simulated users' conversations: question → "cảm ơn" → rating tap."""

    def __init__(self, sink: ApiSink, transport: Transport, first_user: int) -> None:
        self.sink = sink
        self.transport = transport
        self.users = itertools.count(first_user)
        self.update_ids = itertools.count(1)
        self.query_ids = itertools.count(1)
        self.random = random.Random(first_user)

    def _user(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": "Dân", "language_code": "vi"}

    def _message(self, user_id: int, text: str) -> dict[str, Any]:
        return {
            "update_id": next(self.update_ids),
            "message": {
                "message_id": next(self.update_ids),
                "date": int(time.time()),
                "chat": {"id": user_id, "type": "private"},
                "from": self._user(user_id),
                "text": text,
            },
        }

    async def _exchange(
        self, update: dict[str, Any], kind: str, key: int | str, stats: Stats
    ) -> dict[str, Any]:
        reply = self.sink.expect(kind, key)
        started = time.perf_counter()
        await self.transport.send(update)
        params = await asyncio.wait_for(reply, REPLY_TIMEOUT)
        stats.last_reply = time.perf_counter()
        stats.latencies.append(stats.last_reply - started)
        stats.updates += 1
        return params

    async def one(self, stats: Stats) -> None:
        """Run one user's whole conversation; a missing reply counts as a timeout."""
        user_id = next(self.users)
        try:
            await self._exchange(
                self._message(user_id, self.random.choice(QUESTIONS)), "message", user_id, stats
            )
            survey = await self._exchange(self._message(user_id, "cảm ơn"), "message", user_id, stats)
            markup = survey.get("reply_markup") or {}
            if isinstance(markup, str):  # a form-encoded call carries it as JSON text
                markup = json.loads(markup)
            buttons = [b for row in markup.get("inline_keyboard", []) for b in row]
            ratings = [
                b["callback_data"] for b in buttons if str(b.get("callback_data", "")).startswith("r:")
            ]
            if not ratings:
                return
            query_id = str(next(self.query_ids))
            tap = {
                "update_id": next(self.update_ids),
                "callback_query": {
                    "id": query_id,
                    "from": self._user(user_id),
                    "chat_instance": str(user_id),
                    "data": self.random.choice(ratings),
                    "message": {
                        "message_id": 1,
                        "date": int(time.time()),
                        "chat": {"id": user_id, "type": "private"},
                        "from": BOT_USER,
                        "text": "…",
                    },
                },
            }
            answer = await self._exchange(tap, "answer", query_id, stats)
            if "Đã ghi nhận" in str(answer.get("text", "")):
                stats.ratings_acknowledged += 1
        except (TimeoutError, aiohttp.ClientError):
            stats.timeouts += 1


async def _finish(tasks: Sequence[asyncio.Task[None]], stats: Stats, grace: float) -> Stats:
    """Wait up to ``grace`` seconds for the conversations still running, cancel the rest, close ``stats``."""
    if tasks:
        _done, pending = await asyncio.wait(tasks, timeout=grace)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        stats.unfinished = len(pending)
    stats.finished = stats.last_reply or time.perf_counter()
    return stats


async def offered_load(
    conversations: Conversations, rate: float, seconds: float, in_flight: int, grace: float = GRACE
) -> Stats:
    """Start conversations offering ``rate`` updates/s for ``seconds``; wait at most ``grace`` more.

    Like a load balancer with a connection limit, at most ``in_flight`` conversations run at once; the
    conversations offered beyond that are shed (counted), so an overloaded bot is measured, not buried.
    """
    stats = Stats(started=time.perf_counter())
    interval = 3.0 / rate  # three updates per conversation
    tasks: set[asyncio.Task[None]] = set()
    for n in range(int(seconds / interval)):
        delay = stats.started + n * interval - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks = {task for task in tasks if not task.done()}
        if len(tasks) >= in_flight:
            stats.shed += 1
            continue
        tasks.add(asyncio.create_task(conversations.one(stats)))
    return await _finish(list(tasks), stats, grace)


async def max_load(conversations: Conversations, users: int, seconds: float, grace: float = GRACE) -> Stats:
    """Run ``users`` conversations back to back (closed loop) for ``seconds``; wait at most ``grace`` more."""
    stats = Stats(started=time.perf_counter())
    deadline = stats.started + seconds

    async def worker() -> None:
        while time.perf_counter() < deadline:
            await conversations.one(stats)

    tasks = [asyncio.create_task(worker()) for _ in range(users)]
    await asyncio.sleep(seconds)
    return await _finish(tasks, stats, grace)


# ------------------------------------------------------------------------------------------- processes
def free_port() -> int:
    """Return a free loopback TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bot_environment(sink: ApiSink, database_url: str, **extra: str) -> dict[str, str]:
    """Return the environment of a bot process pointed at the sink."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=sink.base_url,
        DATABASE_URL=database_url,
        USER_HASH_KEY=HASH_KEY,
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(REPO_ROOT),
        NO_PROXY="127.0.0.1,localhost",
        **extra,
    )
    return env


async def run_cli(env: dict[str, str], workdir: Path, *args: str) -> None:
    """Run ``python -m bot <args>`` to completion; raise on failure."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=workdir, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"tthc-bot {' '.join(args)} failed:\n{output.decode(errors='replace')}")


@contextlib.asynccontextmanager
async def bot_processes(
    sink: ApiSink, database_url: str, workdir: Path, webhook_ports: Sequence[int]
) -> AsyncIterator[None]:
    """Start the polling bot (no ports) or one webhook replica per port; wait until ready; stop them."""
    processes: list[asyncio.subprocess.Process] = []
    logs = []
    try:
        if not webhook_ports:
            env = bot_environment(sink, database_url)
            log = (workdir / "polling.log").open("wb")
            logs.append(log)
            processes.append(await _spawn(env, workdir, log, "run", "--spool-dir", str(workdir / "spool")))
            _BOT_PIDS[:] = [processes[0].pid]
            await asyncio.wait_for(sink.polled.wait(), READY_TIMEOUT)
        else:
            for index, port in enumerate(webhook_ports):
                env = bot_environment(
                    sink,
                    database_url,
                    WEBHOOK_URL=f"https://bot.example.org{WEBHOOK_PATH}",
                    WEBHOOK_SECRET=SECRET,
                    LISTEN="127.0.0.1",
                    PORT=str(port),
                )
                log = (workdir / f"replica-{index + 1}.log").open("wb")
                logs.append(log)
                args = ["run", "--webhook", "--no-set-webhook", "--spool-dir", str(workdir / "spool")]
                processes.append(await _spawn(env, workdir, log, *args))
            _BOT_PIDS[:] = [process.pid for process in processes]
            await asyncio.gather(*(_wait_healthy(port, processes) for port in webhook_ports))
        yield
    finally:
        for process in processes:
            if process.returncode is None:
                process.terminate()
        for process in processes:
            try:
                await asyncio.wait_for(process.wait(), 20)
            except TimeoutError:
                process.kill()
                await process.wait()
        for log in logs:
            log.close()


async def _spawn(env: dict[str, str], workdir: Path, log: Any, *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=workdir, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
    )  # fmt: skip


async def _wait_healthy(port: int, processes: Sequence[asyncio.subprocess.Process]) -> None:
    deadline = time.perf_counter() + READY_TIMEOUT
    async with aiohttp.ClientSession() as session:
        while time.perf_counter() < deadline:
            if any(p.returncode is not None for p in processes):
                raise RuntimeError("a replica exited during start-up; see its log")
            with contextlib.suppress(aiohttp.ClientError):
                async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.2)
    raise RuntimeError(f"the replica on port {port} was not healthy within {READY_TIMEOUT:.0f}s")


# ------------------------------------------------------------------------------------------- databases
async def count_ratings(database_url: str) -> tuple[int, int]:
    """Return (ratings, distinct rated conversations) stored in the database."""
    url = make_url(database_url)
    query = "SELECT count(*), count(DISTINCT conversation_id) FROM ratings"
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(str(url.database)) as connection:
            total, distinct = connection.execute(query).fetchone()
            return int(total), int(distinct)
    connection = await asyncpg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        row = await connection.fetchrow(query)
        assert row is not None
        return int(row[0]), int(row[1])
    finally:
        await connection.close()


# ------------------------------------------------------------------------------------------- CPU time
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_BOT_PIDS: list[int] = []


def bot_pids() -> list[int]:
    """Return the process ids of the running bot processes."""
    return list(_BOT_PIDS)


def process_cpu_ms(pid: int) -> float:
    """Return the user+system CPU milliseconds of a process (0 when it is gone or not on Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) * 1000 / _CLOCK_TICKS


def postgres_cpu_ms() -> float:
    """Return the CPU milliseconds of every local ``postgres`` process (server and backends)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if "(postgres)" in text:
            total += process_cpu_ms(int(stat.parent.name))
    return total


async def with_cpu(step: Awaitable[Stats], pids: Sequence[int]) -> Stats:
    """Run a load step and record the CPU time the bot processes and PostgreSQL spent on it."""
    bot_before = sum(process_cpu_ms(pid) for pid in pids)
    db_before = postgres_cpu_ms()
    harness_before = time.process_time()
    stats = await step
    stats.cpu_harness_ms = (time.process_time() - harness_before) * 1000
    stats.cpu_bot_ms = sum(process_cpu_ms(pid) for pid in pids) - bot_before
    stats.cpu_db_ms = postgres_cpu_ms() - db_before
    return stats


# ------------------------------------------------------------------------------------------- one run
@dataclass
class Result:
    """The figures of one configuration."""

    name: str
    offered: Stats
    maximum: Stats
    light: Stats
    ratings: tuple[int, int]

    @property
    def acknowledged(self) -> int:
        """Return the ratings the users were told were recorded."""
        return sum(s.ratings_acknowledged for s in (self.offered, self.maximum, self.light))


async def measure(
    name: str, database_url: str, replicas: int, args: argparse.Namespace, workdir: Path, first_user: int
) -> Result:
    """Start the configuration, offer both loads, count the stored ratings, stop it."""
    sink = ApiSink()
    await sink.start()
    try:
        await run_cli(bot_environment(sink, database_url), workdir, "db", "upgrade")
        ports = [free_port() for _ in range(replicas)]
        async with bot_processes(sink, database_url, workdir, ports):
            connector = aiohttp.TCPConnector(limit=0)
            async with aiohttp.ClientSession(connector=connector) as session:
                transport: Transport = WebhookTransport(session, ports) if ports else PollingTransport(sink)
                conversations = Conversations(sink, transport, first_user)
                cap = args.concurrency
                await max_load(conversations, cap, WARM_UP_SECONDS)  # warm-up, as busy as the steps
                pids = bot_pids()
                maximum = await with_cpu(max_load(conversations, args.concurrency, args.seconds), pids)
                offered = await with_cpu(offered_load(conversations, args.rate, args.seconds, cap), pids)
                light = await with_cpu(offered_load(conversations, args.light_rate, args.seconds, cap), pids)
                warm = await count_ratings(database_url)
        return Result(name, offered, maximum, light, warm)
    finally:
        await sink.stop()


def print_table(results: Sequence[Result], rate: float, light_rate: float, concurrency: int) -> None:
    """Print the figures, the 1→2 replica scaling and the rating check."""
    print()
    header = (
        f"{'configuration':32} {'load':>15} {'upd/s':>6} {'p50 ms':>7} {'p99 ms':>7} {'t/o':>4} "
        f"{'shed':>5} {'cut':>4} {'bot cpu':>8} {'pg cpu':>7} {'load cpu':>9}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        steps = (
            (f"max, {concurrency} users", result.maximum),
            (f"offered {rate:g}/s", result.offered),
            (f"offered {light_rate:g}/s", result.light),
        )
        for label, stats in steps:
            bot_cpu, db_cpu, harness_cpu = stats.cpu_per_update()
            print(
                f"{result.name:32} {label:>15} {stats.throughput:6.1f} {stats.percentile(0.5):7.0f} "
                f"{stats.percentile(0.99):7.0f} {stats.timeouts:4d} {stats.shed:5d} {stats.unfinished:4d} "
                f"{bot_cpu:8.1f} {db_cpu:7.1f} {harness_cpu:9.1f}"
            )
    print(
        "t/o: no reply within 10 s; shed: conversations not started (more than "
        f"{concurrency} in flight); cut: still running 5 s after the step;\n"
        "bot cpu / pg cpu / load cpu: CPU milliseconds per answered update of the bot processes / of "
        "PostgreSQL / of this harness (fake Telegram, load balancer and users)"
    )
    print()
    by_name = {r.name.split(" (")[0]: r for r in results}
    one, two = by_name.get("1 webhook replica"), by_name.get("2 webhook replicas")
    if one and two and one.maximum.throughput > 0:
        print(
            f"scaling 1 → 2 replicas (max load): {two.maximum.throughput / one.maximum.throughput:.2f}x "
            f"({one.maximum.throughput:.1f} → {two.maximum.throughput:.1f} updates/s)"
        )
    for result in results:
        total, distinct = result.ratings
        # the warm-up's and cut conversations' ratings are stored too: stored >= acknowledged, all distinct
        verdict = "ok" if total == distinct and total >= result.acknowledged else "MISMATCH"
        print(
            f"ratings in {result.name}: {total} stored, {distinct} distinct, "
            f"{result.acknowledged} acknowledged in the measured steps: {verdict}"
        )
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end")


async def main_async(args: argparse.Namespace) -> int:
    """Run the three configurations and print the table."""
    base = args.database_url or os.environ.get("TEST_DATABASE_URL", "")
    if not base:
        print(
            "set TEST_DATABASE_URL or pass --database-url (a PostgreSQL server to create scratch databases)"
        )
        return 2
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="tthc-load-") as tmp:
        workdir = Path(tmp)
        sqlite_url = f"sqlite+aiosqlite:///{workdir / 'polling.db'}"
        results.append(await measure("polling, SQLite", sqlite_url, 0, args, workdir, 10_000_000))
        for replicas, first_user in ((1, 20_000_000), (2, 30_000_000)):
            async with scratch_postgres(base, "tthc_load") as url:
                name = f"{replicas} webhook replica{'s' if replicas > 1 else ''} (PostgreSQL)"
                results.append(await measure(name, url, replicas, args, workdir, first_user))
    print_table(results, args.rate, args.light_rate, args.concurrency)
    return 0


def main() -> int:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL server URL (default: TEST_DATABASE_URL)"
    )
    parser.add_argument("--rate", type=float, default=200.0, help="offered updates/s (default 200)")
    parser.add_argument(
        "--light-rate", type=float, default=30.0, help="a second, sustainable offered rate (default 30)"
    )
    parser.add_argument("--seconds", type=float, default=6.0, help="length of each load step (default 6)")
    parser.add_argument(
        "--concurrency", type=int, default=32, help="users at once in the max step, in-flight cap (32)"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    with asyncio.Runner(loop_factory=loop_factory()) as runner:  # the loop tthc-bot run uses
        code = runner.run(main_async(args))
    print(f"\ntotal run time: {time.perf_counter() - started:.0f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
