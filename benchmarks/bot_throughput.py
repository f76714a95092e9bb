"""Bot throughput over the loopback fake Bot API: the whole Application in-process, against an echo baseline.

N simulated users (default 50) send text messages through ``FakeBotApi``; each Application polls it exactly
as it would poll Telegram. Two loads are offered to each Application:

* a fixed rate (default 100 updates/s): a user waits for its whole answer before it is picked again;
* the maximum rate: every user sends its next message as soon as its answer is complete (closed loop).

Reply latency is the time from the moment ``getUpdates`` hands an update out to the moment the first reply to
that chat (``sendMessage``/``editMessage*``) reaches the fake server. The number of replies each user's
message produces is measured in a warm-up round, so multi-message answers are matched correctly.

The bot runs with ``build_application`` on a temporary, migrated SQLite database; the baseline is a trivial
echo Application in the same process and harness. Both share one event loop with the fake server and the load
generator, so absolute figures are pessimistic; the ratio is what compares.

Run from the repository root:
``python benchmarks/bot_throughput.py [--users 50] [--rate 100] [--seconds 10] [--max-messages 1000]``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from tests.e2e.fake_bot_api import FakeBotApi, RecordedCall

TOKEN = "7000000002:AABenchTokenForTheLoopbackFakeApi00"
HASH_KEY = "benchmark-user-hash-key-0123456789"
REPLY_METHODS = frozenset({"sendMessage", "editMessageText", "editMessageReplyMarkup"})
FIRST_USER_ID = 710_000_001

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
AppFactory = Callable[[str, Path], Awaitable[AnyApplication]]


@dataclass
class SimulatedUser:
    """One user: the message it sends, how many replies that produces, and its outstanding update."""

    user_id: int
    text: str
    replies_expected: int = 1
    pending_update: int | None = None
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
    skipped: int = 0
    cpu_ms_per_update: float = float(
        "nan"
    )  # process CPU time (bot + fake server + driver) per handled update

    def percentile(self, q: float) -> float:
        """Return the ``q`` percentile (0-100) of the reply latencies in ms (nan when none)."""
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


class LoadDriver:
    """Sends the users' messages into the fake server and matches the replies that come back."""

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
        user.replies_seen = 0
        user.pending_update = self.fake.user_message(user.user_id, user.text)["update_id"]
        self._idle.clear()

    def busy(self) -> int:
        """Return how many users wait for an answer."""
        return sum(user.pending_update is not None for user in self.users.values())

    async def drain(self, timeout: float) -> None:
        """Wait until no user waits for an answer (or ``timeout`` seconds)."""
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
        if user is None or user.pending_update is None:
            self.unmatched += 1
            return
        if user.replies_seen == 0:
            handed_out = self.fake.handed_out_at.get(user.pending_update, call.at)
            self.latencies_ms.append((call.at - handed_out) * 1000)
        user.replies_seen += 1
        if user.replies_seen >= user.replies_expected:
            user.pending_update = None
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
    """Offer ``rate`` updates/s for ``seconds``, round-robin over idle users; return the figures."""
    idle: deque[SimulatedUser] = deque(users)
    driver.on_complete = idle.append
    base_latencies, base_completed = len(driver.latencies_ms), driver.completed
    total = int(rate * seconds)
    sent = skipped = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for index in range(total):
        delay = start + index / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        if idle:
            driver.send(idle.popleft())
            sent += 1
        else:
            skipped += 1
    send_end = time.perf_counter()
    await driver.drain(timeout=30)
    cpu = time.process_time() - cpu_start
    handled = driver.completed - base_completed
    elapsed = max(send_end, driver.last_completion) - start
    return LoadResult(
        cpu_ms_per_update=cpu * 1000 / handled if handled else float("nan"),
        label=f"{rate:g}/s offered",
        offered_per_s=sent / (send_end - start),
        handled_per_s=handled / elapsed,
        handled=handled,
        latencies_ms=driver.latencies_ms[base_latencies:],
        skipped=skipped,
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
        cpu_ms_per_update=cpu * 1000 / handled if handled else float("nan"),
        label="max rate",
        offered_per_s=float("nan"),
        handled_per_s=handled / elapsed if elapsed > 0 else 0.0,
        handled=handled,
        latencies_ms=driver.latencies_ms[base_latencies:],
    )


async def echo_application(base_url: str, workdir: Path) -> AnyApplication:
    """Return the baseline: an Application whose only handler replies with the message's text."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is not None and update.effective_message.text:
            await update.effective_message.reply_text(update.effective_message.text)

    application = ApplicationBuilder().token(TOKEN).base_url(base_url).build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    return application


async def _bot_application(base_url: str, workdir: Path, *, rate_limited: bool) -> AnyApplication:
    """Return the real bot from ``build_application`` on a fresh, migrated SQLite database in ``workdir``.

    ``rate_limited=False`` hands ``build_application`` a plain ``ExtBot`` (same defaults, no rate limiter or
    retry wrapper), which separates the bot's own cost from whatever its rate limiter adds.
    """
    from telegram.ext import ExtBot

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
    plain_bot: ExtBot[None] = ExtBot(TOKEN, base_url=base_url, defaults=default_options())
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


async def run_application(
    label: str, factory: AppFactory, texts: Sequence[str], rate: float, seconds: float, total_max: int
) -> list[LoadResult]:
    """Start the Application on a fresh fake server and run both loads; return their figures."""
    with tempfile.TemporaryDirectory(prefix="tthc-bench-") as tmp:
        fake = FakeBotApi(token=TOKEN)
        await fake.start()
        application = await factory(fake.base_url, Path(tmp))
        try:
            async with application:
                await application.start()
                assert application.updater is not None
                await application.updater.start_polling(poll_interval=0, timeout=10)
                users = [SimulatedUser(FIRST_USER_ID + i, text) for i, text in enumerate(texts)]
                answered = await calibrate(fake, users)
                if len(answered) < len(users):
                    missing = len(users) - len(answered)
                    print(f"  {label}: {missing} of {len(users)} users got no answer; left out")
                driver = LoadDriver(fake, answered)
                results = [
                    await offered_rate(driver, answered, rate, seconds),
                    await max_rate(driver, answered, total_max),
                ]
                replies = statistics.mean(user.replies_expected for user in answered) if answered else 0
                for result in results:
                    result.label = f"{label}, {result.label}"
                    result.unmatched = driver.unmatched
                print(f"  {label}: {len(answered)} users, {replies:.2f} replies per message")
                await application.updater.stop()
                await application.stop()
        finally:
            await fake.stop()
    return results


def print_table(results: Sequence[LoadResult]) -> None:
    """Print the figures as a small table."""
    columns = ("offered/s", "handled/s", "handled", "p50 ms", "p99 ms", "skip", "cpu ms/upd")
    widths = (9, 9, 7, 7, 7, 5, 10)
    header = f"{'run':<36} " + " ".join(
        f"{name:>{width}}" for name, width in zip(columns, widths, strict=True)
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.label:<36} {r.offered_per_s:>9.1f} {r.handled_per_s:>9.1f} {r.handled:>7d} "
            f"{r.percentile(50):>7.1f} {r.percentile(99):>7.1f} {r.skipped:>5d} {r.cpu_ms_per_update:>10.2f}"
        )


async def main_async(args: argparse.Namespace) -> int:
    """Run the baseline and the bot; print the table and the targets; return the exit status."""
    texts = questions(args.users)
    total_max = args.max_messages or args.users * 20
    print(f"{args.users} users, {args.rate:g} updates/s for {args.seconds:g} s, then {total_max} at max rate")
    results = await run_application("echo", echo_application, texts, args.rate, args.seconds, total_max)
    try:
        import bot.application  # noqa: F401
    except ImportError as error:
        print(f"  bot: not measured ({error})")
        print_table(results)
        return 1
    results += await run_application("bot", bot_application, texts, args.rate, args.seconds, total_max)
    results += await run_application(
        "bot, plain ExtBot", bot_application_without_limiter, texts, args.rate, args.seconds, total_max
    )
    print()
    print_table(results)
    echo_max = results[1]
    print()
    for fixed, at_max in (results[2:4], results[4:6]):
        name = fixed.label.split(",", 1)[0] if "ExtBot" not in fixed.label else "bot, plain ExtBot"
        share = at_max.handled_per_s / echo_max.handled_per_s if echo_max.handled_per_s else 0.0
        print(
            f"{name}: p99 at {args.rate:g}/s = {fixed.percentile(99):.1f} ms (target <= 50 ms); "
            f"max throughput = {share:.0%} of echo (target >= 40%)"
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
    return asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
