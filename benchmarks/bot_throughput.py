"""Bot throughput over the loopback fake Bot API: the whole Application against an echo baseline.

The Application under test runs in this process, alone; the fake Bot API server (``FakeBotApi``) and the load
generator run in a second process, so the bot's figures are its own (one event loop, one core) and not
inflated by the harness. N simulated users (default 50) send text messages; the Application polls the fake
server exactly as it would poll Telegram. Two loads are offered to each Application:

* a fixed rate (default 100 updates/s), open loop: a message is injected every 1/rate s whatever the bot is
  doing, round-robin over the users, so the offered rate is really sustained (a slow bot builds a queue and
  its latency shows it);
* the maximum rate, closed loop: every user sends its next message as soon as its answer is complete.

Reply latency is the time from the moment ``getUpdates`` hands an update out to the moment the first reply to
that chat (``sendMessage``/``editMessage*``) reaches the fake server. A user's replies are matched to its
messages in order (the bot keeps each chat's updates in order); the number of replies each message produces
is measured in a warm-up round. CPU is measured per process: "bot cpu" is the Application's process only.

The bot runs with ``build_application`` on a temporary, migrated SQLite database. The baseline is a trivial
echo Application with the same update processor (concurrent across chats, ordered within a chat), in the
same process and harness, twice: on PTB's default transport (httpx) and on the bot's own (aiohttp), so the
bot's share of the baseline is shown with and without the transport's difference. Every Application and the
load process run on the event loop ``tthc-bot run`` uses (``bot.event_loop``: uvloop where installed;
``TTHC_EVENT_LOOP=asyncio`` measures all of them on asyncio's own loop).

Run from the repository root:
``python benchmarks/bot_throughput.py [--users 50] [--rate 100] [--seconds 10] [--max-messages 1000]``.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.chat_ordered_processor import ChatOrderedProcessor
from bot.event_loop import loop_factory, loop_name
from tests.e2e.fake_bot_api import FakeBotApi, RecordedCall

TOKEN = "7000000002:AABenchTokenForTheLoopbackFakeApi00"
HASH_KEY = "benchmark-user-hash-key-0123456789"
REPLY_METHODS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup"})
FIRST_USER_ID = 710_000_001

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
AppFactory = Callable[[str, Path], Awaitable[AnyApplication]]


@dataclass
class SimulatedUser:
    """One user: the message it sends, how many replies that produces, and its unanswered updates."""

    user_id: int
    text: str
    replies_expected: int = 1
    pending: deque[int] = field(default_factory=deque)
    replies_seen: int = 0


@dataclass
class LoadResult:
    """Figures of one load run."""

    label: str
    offered_per_s: float
    handled_per_s: float
    handled: int
    latencies_ms: list[float] = field(default_factory=list)
    unmatched: int = 0
    harness_cpu_ms_per_update: float = float("nan")  # fake server + load generator process
    bot_cpu_ms_per_update: float = float("nan")  # the Application's process

    def percentile(self, q: float) -> float:
        """Return the ``q`` percentile (0-100) of the reply latencies in ms (nan when none)."""
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


class LoadDriver:
    """Sends the users' messages into the fake server and matches the replies that come back, in order."""

    def __init__(self, fake: FakeBotApi, users: Sequence[SimulatedUser]) -> None:
        self.fake = fake
        self.users = {user.user_id: user for user in users}
        self.latencies_ms: list[float] = []
        self.completed = 0
        self.unmatched = 0
        self.last_completion = 0.0
        self.on_complete: Callable[[SimulatedUser], None] | None = None
        self._idle = asyncio.Event()
        fake.observers.append(self._observe)

    def send(self, user: SimulatedUser) -> None:
        """Inject the user's next message."""
        user.pending.append(self.fake.user_message(user.user_id, user.text)["update_id"])
        self._idle.clear()

    def busy(self) -> int:
        """Return how many messages wait for their answer."""
        return sum(len(user.pending) for user in self.users.values())

    async def drain(self, timeout: float) -> None:
        """Wait until every message is answered (or ``timeout`` seconds)."""
        deadline = time.perf_counter() + timeout
        while self.busy() and time.perf_counter() < deadline:
            self._idle.clear()
            try:
                await asyncio.wait_for(self._idle.wait(), max(0.01, deadline - time.perf_counter()))
            except TimeoutError:
                break

    def _observe(self, call: RecordedCall) -> None:
        if not call.ok or call.method not in REPLY_METHODS:
            return
        user = self.users.get(call.chat_id) if isinstance(call.chat_id, int) else None
        if user is None or not user.pending:
            self.unmatched += 1
            return
        if user.replies_seen == 0:
            handed_out = self.fake.handed_out_at.get(user.pending[0], call.at)
            self.latencies_ms.append((call.at - handed_out) * 1000)
        user.replies_seen += 1
        if user.replies_seen >= user.replies_expected:
            user.pending.popleft()
            user.replies_seen = 0
            self.completed += 1
            self.last_completion = call.at
            if self.on_complete is not None:
                self.on_complete(user)
            if not self.busy():
                self._idle.set()


async def calibrate(
    fake: FakeBotApi, users: Sequence[SimulatedUser], settle: float = 0.4
) -> list[SimulatedUser]:
    """Send every user's message once; set how many replies it yields; return the users that got an answer."""
    mark = fake.mark()
    for user in users:
        fake.user_message(user.user_id, user.text)
    deadline = time.perf_counter() + 30
    last_count, quiet_since = -1, time.perf_counter()
    while time.perf_counter() < deadline:
        count = len(fake.find(since=mark, predicate=lambda c: c.method in REPLY_METHODS))
        if count != last_count:
            last_count, quiet_since = count, time.perf_counter()
        elif count and time.perf_counter() - quiet_since > settle and fake.pending_updates == 0:
            break
        await asyncio.sleep(0.05)
    answered = []
    for user in users:
        user.replies_expected = len(fake.replies_to(user.user_id, since=mark))
        if user.replies_expected:
            answered.append(user)
    return answered


async def offered_rate(
    driver: LoadDriver, users: Sequence[SimulatedUser], rate: float, seconds: float
) -> LoadResult:
    """Offer ``rate`` updates/s for ``seconds`` (open loop, round-robin over the users); return figures."""
    driver.on_complete = None
    base_latencies, base_completed = len(driver.latencies_ms), driver.completed
    total = int(rate * seconds)
    start, cpu_start = time.perf_counter(), time.process_time()
    for index in range(total):
        delay = start + index / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        driver.send(users[index % len(users)])
    send_end = time.perf_counter()
    await driver.drain(timeout=60)
    cpu = time.process_time() - cpu_start
    handled = driver.completed - base_completed
    elapsed = max(send_end, driver.last_completion) - start
    return LoadResult(
        harness_cpu_ms_per_update=cpu * 1000 / handled if handled else float("nan"),
        label=f"{rate:g}/s offered",
        offered_per_s=total / (send_end - start),
        handled_per_s=handled / elapsed,
        handled=handled,
        latencies_ms=driver.latencies_ms[base_latencies:],
    )


async def max_rate(driver: LoadDriver, users: Sequence[SimulatedUser], total: int) -> LoadResult:
    """Closed loop: every user sends again as soon as it is answered, ``total`` messages in all."""
    remaining = [total]
    base_latencies, base_completed = len(driver.latencies_ms), driver.completed

    def again(user: SimulatedUser) -> None:
        if remaining[0] > 0:
            remaining[0] -= 1
            driver.send(user)

    driver.on_complete = again
    start, cpu_start = time.perf_counter(), time.process_time()
    for user in users[: min(len(users), total)]:
        again(user)
    while remaining[0] > 0 or driver.busy():
        before = driver.completed
        await driver.drain(timeout=30)
        if driver.completed == before and driver.busy():
            break  # stalled: report what was handled
    cpu = time.process_time() - cpu_start
    handled = driver.completed - base_completed
    elapsed = driver.last_completion - start
    return LoadResult(
        harness_cpu_ms_per_update=cpu * 1000 / handled if handled else float("nan"),
        label="max rate",
        offered_per_s=float("nan"),
        handled_per_s=handled / elapsed if elapsed > 0 else 0.0,
        handled=handled,
        latencies_ms=driver.latencies_ms[base_latencies:],
    )


async def echo_application(base_url: str, workdir: Path) -> AnyApplication:
    """Return the baseline: an Application whose only handler replies with the message's text."""
    return _echo(ApplicationBuilder(), base_url)


async def echo_application_on_aiohttp(base_url: str, workdir: Path) -> AnyApplication:
    """Return the same echo Application on the bot's own transport (``AiohttpRequest``)."""
    from bot.aiohttp_request import AiohttpRequest

    builder = ApplicationBuilder().request(AiohttpRequest())
    return _echo(builder.get_updates_request(AiohttpRequest(connection_pool_size=1)), base_url)


def _echo(builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any], base_url: str) -> AnyApplication:
    """Finish ``builder`` into the echo Application."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is not None and update.effective_message.text:
            await update.effective_message.reply_text(update.effective_message.text)

    application = builder.token(TOKEN).base_url(base_url).concurrent_updates(ChatOrderedProcessor()).build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    return application


async def _bot_application(base_url: str, workdir: Path, *, rate_limited: bool) -> AnyApplication:
    """Return the real bot from ``build_application`` on a fresh, migrated SQLite database in ``workdir``.

    ``rate_limited=False`` hands ``build_application`` a plain ``ExtBot`` (same defaults, no rate limiter or
    retry wrapper), which separates the bot's own cost from whatever its rate limiter adds.
    """
    from telegram.ext import ExtBot

    from bot.aiohttp_request import AiohttpRequest
    from bot.application import build_application, default_options
    from bot.config import load_settings
    from bot.database import create_engine, session_factory, upgrade_database
    from bot.services import Services

    database_url = f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": base_url,
            "DATABASE_URL": database_url,
            "USER_HASH_KEY": HASH_KEY,
            "SURVEY_IDLE_MINUTES": "600",
            "LOG_LEVEL": "WARNING",
        },
        env_file=None,
    )
    await upgrade_database(settings.database_url)
    bot_settings: Any = settings
    services = await Services.load(bot_settings, session_factory(create_engine(settings.database_url)))
    if rate_limited:
        return build_application(settings, services)
    plain_bot: ExtBot[None] = ExtBot(
        TOKEN, base_url=base_url, defaults=default_options(),
        request=AiohttpRequest(),
        get_updates_request=AiohttpRequest(connection_pool_size=1),
    )
    return build_application(settings, services, bot=plain_bot)


async def bot_application(base_url: str, workdir: Path) -> AnyApplication:
    """Return the bot exactly as ``tthc-bot run`` builds it (its rate limiter included)."""
    return await _bot_application(base_url, workdir, rate_limited=True)


async def bot_application_without_limiter(base_url: str, workdir: Path) -> AnyApplication:
    """Return the bot with a plain ExtBot: the same handlers and database, no rate limiter."""
    return await _bot_application(base_url, workdir, rate_limited=False)


ASPECT_PHRASES = (
    "",
    " cần giấy tờ gì",
    " lệ phí bao nhiêu",
    " mất bao lâu",
    " nộp ở đâu",
    " làm online được không",
)


def questions(count: int, seed: int = 7) -> list[str]:
    """Return ``count`` everyday questions: the first words of catalogue names plus an aspect phrase."""
    from knowledge.catalogue import Catalogue, CatalogueFormatError

    try:
        names = sorted({" ".join(p.name.split()[:6]).lower() for p in Catalogue.load()})
    except CatalogueFormatError as error:
        print(f"  no catalogue ({error}); the users send numbered sentences")
        return [f"câu hỏi số {i} về thủ tục hành chính" for i in range(count)]
    rng = random.Random(seed)
    return [name + rng.choice(ASPECT_PHRASES) for name in rng.sample(names, count)]


def drive_load(
    connection: Connection, texts: Sequence[str], rate: float, seconds: float, total_max: int
) -> None:
    """The load process: run the fake server, both loads, and send the figures back over ``connection``."""
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        runner.run(_drive_load(connection, texts, rate, seconds, total_max))


async def _drive_load(
    connection: Connection, texts: Sequence[str], rate: float, seconds: float, total_max: int
) -> None:
    loop = asyncio.get_running_loop()
    fake = FakeBotApi(token=TOKEN)
    await fake.start()
    try:
        connection.send(("ready", fake.base_url))
        await loop.run_in_executor(None, connection.recv)  # the Application is polling
        users = [SimulatedUser(FIRST_USER_ID + i, text) for i, text in enumerate(texts)]
        answered = await calibrate(fake, users)
        driver = LoadDriver(fake, answered)
        results = []
        for load in (
            lambda: offered_rate(driver, answered, rate, seconds),
            lambda: max_rate(driver, answered, total_max),
        ):
            connection.send(("mark", "start"))
            result = await load()
            connection.send(("mark", "end"))
            result.unmatched = driver.unmatched
            results.append(asdict(result))
        replies = statistics.mean(user.replies_expected for user in answered) if answered else 0.0
        connection.send(("results", results, len(users) - len(answered), replies))
        await loop.run_in_executor(None, connection.recv)  # the Application stopped polling
    finally:
        await fake.stop()


async def _receive(connection: Connection) -> Any:
    """Return the next message of the load process without blocking the event loop."""
    loop = asyncio.get_running_loop()
    if connection.poll():
        return connection.recv()
    arrived: asyncio.Future[None] = loop.create_future()

    def readable() -> None:
        if not arrived.done():
            arrived.set_result(None)

    loop.add_reader(connection.fileno(), readable)
    try:
        await arrived
    finally:
        loop.remove_reader(connection.fileno())
    os.set_blocking(connection.fileno(), True)  # uvloop leaves a watched descriptor non-blocking
    return connection.recv()


async def run_application(
    label: str, factory: AppFactory, texts: Sequence[str], rate: float, seconds: float, total_max: int
) -> list[LoadResult]:
    """Start the Application against a load process; return the figures of both loads."""
    context = multiprocessing.get_context("spawn")
    here, there = context.Pipe()
    load = context.Process(
        target=drive_load, args=(there, list(texts), rate, seconds, total_max), daemon=True
    )
    load.start()
    try:
        _kind, base_url = await _receive(here)
        with tempfile.TemporaryDirectory(prefix="tthc-bench-") as tmp:
            application = await factory(base_url, Path(tmp))
            async with application:
                await application.start()
                assert application.updater is not None
                await application.updater.start_polling(poll_interval=0, timeout=10)
                here.send("go")
                marks: list[float] = []
                while True:
                    message = await _receive(here)
                    if message[0] == "mark":
                        marks.append(time.process_time())
                    else:
                        break
                await application.updater.stop()
                await application.stop()
                here.send("stopped")
    finally:
        load.join(timeout=30)
        if load.is_alive():
            load.terminate()
    _kind, raw_results, missing, replies = message
    if missing:
        print(f"  {label}: {missing} of {len(texts)} users got no answer; left out")
    print(f"  {label}: {len(texts) - missing} users, {replies:.2f} replies per message")
    results = [LoadResult(**raw) for raw in raw_results]
    for index, result in enumerate(results):
        result.label = f"{label}, {result.label}"
        bot_cpu = marks[2 * index + 1] - marks[2 * index]
        result.bot_cpu_ms_per_update = bot_cpu * 1000 / result.handled if result.handled else float("nan")
    return results


def print_table(results: Sequence[LoadResult]) -> None:
    """Print the figures as a small table."""
    columns = ("offered/s", "handled/s", "handled", "p50 ms", "p99 ms", "bot cpu ms", "load cpu ms")
    widths = (9, 9, 7, 7, 7, 10, 11)
    header = f"{'run':<36} " + " ".join(
        f"{name:>{width}}" for name, width in zip(columns, widths, strict=True)
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.label:<36} {r.offered_per_s:>9.1f} {r.handled_per_s:>9.1f} {r.handled:>7d} "
            f"{r.percentile(50):>7.1f} {r.percentile(99):>7.1f} {r.bot_cpu_ms_per_update:>10.2f} "
            f"{r.harness_cpu_ms_per_update:>11.2f}"
        )
    print("(cpu: ms of process CPU per handled update; bot = the Application's process, load = the harness)")


async def main_async(args: argparse.Namespace) -> int:
    """Run the baseline and the bot; print the table and the targets; return the exit status."""
    texts = questions(args.users)
    total_max = args.max_messages or args.users * 20
    print(
        f"{args.users} users, {args.rate:g} updates/s for {args.seconds:g} s, then {total_max} at max rate; "
        f"every Application and the load run on {loop_name(asyncio.get_running_loop())}, as tthc-bot run does"
    )
    results = await run_application("echo", echo_application, texts, args.rate, args.seconds, total_max)
    results += await run_application(
        "echo, aiohttp", echo_application_on_aiohttp, texts, args.rate, args.seconds, total_max
    )
    runs = [("bot", bot_application)]
    if args.plain_bot:
        runs.append(("bot, plain ExtBot", bot_application_without_limiter))
    for label, factory in runs:
        results += await run_application(label, factory, texts, args.rate, args.seconds, total_max)
    print()
    print_table(results)
    echoes = {"echo (PTB default httpx)": results[:2], "echo on aiohttp": results[2:4]}
    print()
    for index in range(4, len(results), 2):
        fixed, at_max = results[index], results[index + 1]
        print(
            f"{fixed.label.rsplit(',', 1)[0]}: p99 at {args.rate:g}/s = {fixed.percentile(99):.1f} ms "
            f"(target <= 50 ms); {fixed.bot_cpu_ms_per_update:.2f} ms CPU per update; "
            f"max {at_max.handled_per_s:.1f}/s"
        )
        for name, (echo_fixed, echo_max) in echoes.items():
            share = at_max.handled_per_s / echo_max.handled_per_s if echo_max.handled_per_s else 0.0
            print(
                f"  vs {name}: max throughput = {share:.0%} (target >= 40%); echo p99 at {args.rate:g}/s "
                f"{echo_fixed.percentile(99):.1f} ms, {echo_fixed.bot_cpu_ms_per_update:.2f} ms CPU/update"
            )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=50, help="simulated users (default 50)")
    parser.add_argument("--rate", type=float, default=100, help="offered updates per second (default 100)")
    parser.add_argument(
        "--seconds", type=float, default=10, help="duration of the fixed-rate run (default 10)"
    )
    parser.add_argument(
        "--max-messages", type=int, default=0, help="messages in the max-rate run (default 20/user)"
    )
    parser.add_argument(
        "--plain-bot", action="store_true", help="also measure the bot with a plain ExtBot (no rate limiter)"
    )
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
