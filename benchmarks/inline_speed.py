"""Inline-mode latency: from an inline query to its ``answerInlineQuery`` call, through the real handler.

Run from the repository root: ``.venv/bin/python benchmarks/inline_speed.py [--rounds N]``.
The real Application runs on an offline bot (no network) over a temporary SQLite database with the shipped
catalogue; each query of the eval set is sent as a fresh inline query (so Telegram's cache never helps).
Telegram gives a bot 10 s to answer; the figures show how far below that the bot stays.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

from telegram import InlineQuery, Update, User

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.application import build_application, default_options  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.database import create_engine, session_factory, upgrade_database  # noqa: E402
from bot.offline_request import LocalRequest, OfflineBot  # noqa: E402
from bot.services import Services  # noqa: E402
from knowledge.catalogue import Catalogue  # noqa: E402
from knowledge.lexicon import Lexicon  # noqa: E402

EVAL_PATH = ROOT / "tests" / "data" / "eval_questions.tsv"


def questions() -> list[str]:
    """Return the questions of the eval set, plus the empty query (popular procedures)."""
    with EVAL_PATH.open(encoding="utf-8", newline="") as handle:
        return [row["question"] for row in csv.DictReader(handle, delimiter="\t")] + [""]


async def measure(rounds: int) -> tuple[list[float], int]:
    """Return the latency (ms) of every inline query answered, and the number of results of all of them."""
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite+aiosqlite:///{Path(directory) / 'bench.db'}"
        await upgrade_database(url)
        engine = create_engine(url)
        settings = Settings(user_hash_key="benchmark-hash-key-0123456789")
        sessions = session_factory(engine)
        services = Services.from_catalogue(settings, sessions, Catalogue.load(), Lexicon.load())
        request = LocalRequest()
        application = build_application(settings, services, bot=OfflineBot(request, default_options()))
        ids = itertools.count(1)
        latencies: list[float] = []
        results = 0
        async with application:
            user = User(42, "Tình nguyện viên", is_bot=False, language_code="vi")
            for _round in range(rounds):
                for text in questions():
                    query = InlineQuery(str(next(ids)), user, text, "")
                    query.set_bot(application.bot)
                    update = Update(next(ids), inline_query=query)
                    update.set_bot(application.bot)
                    started = time.perf_counter()
                    await application.process_update(update)
                    latencies.append((time.perf_counter() - started) * 1000)
                    answer = request.calls[-1]
                    assert answer.method == "answerInlineQuery", answer
                    results += len(answer.params["results"])
        await engine.dispose()
    return latencies, results


def main() -> int:
    """Print the latency figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    latencies, results = asyncio.run(measure(args.rounds))
    ordered = sorted(latencies)
    print(f"inline queries: {len(latencies)}, results per query: {results / len(latencies):.1f}")
    print(
        f"latency ms: mean {statistics.fmean(latencies):.1f}, p50 {ordered[len(ordered) // 2]:.1f}, "
        f"p99 {ordered[int(len(ordered) * 0.99) - 1]:.1f}, max {ordered[-1]:.1f} (Telegram's limit: 10000)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
