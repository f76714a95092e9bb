"""Search speed: index build time, per-query latency (mean / p50 / p99) and peak memory, beside baselines.

Run from the repository root: ``.venv/bin/python benchmarks/search_speed.py [--rounds N]``.
Everything runs in this one process (one core). Questions come from the eval and holdout sets.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from knowledge.catalogue import Catalogue
from knowledge.lexicon import Lexicon
from knowledge.search import SearchIndex

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_quality import (
    EVAL_PATH,
    HOLDOUT_PATH,
    PlainBM25Baseline,
    WRatioBaseline,
    read_questions,
)


def latencies(
    function: Callable[[str], object], questions: Sequence[str], rounds: int
) -> tuple[list[float], float]:
    """Return the wall latency in ms of every call over ``rounds`` passes, and the mean CPU ms per call.

    CPU time is printed too because the wall time grows when other processes share the cores.
    """
    out: list[float] = []
    clock = time.perf_counter
    cpu_start = time.process_time()
    for _ in range(rounds):
        for question in questions:
            start = clock()
            function(question)
            out.append((clock() - start) * 1000.0)
    cpu = (time.process_time() - cpu_start) * 1000.0 / max(1, len(out))
    return out, cpu


def summary(values: Sequence[float]) -> tuple[float, float, float]:
    """Return (mean, p50, p99) of latencies."""
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.fmean(ordered), statistics.median(ordered), p99


def measure_ask_process() -> None:
    """Run one whole ``tthc-bot ask --json`` process and print its wall time and peak RSS."""
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "đăng ký khai sinh cần giấy tờ gì"],
        capture_output=True,
        check=False,
    )
    wall = time.perf_counter() - start
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"whole `tthc-bot ask --json` process: exit {completed.returncode}, {wall:.2f} s wall, "
          f"peak RSS {child_kib / 1024:.0f} MB")


def main(argv: Iterable[str] | None = None) -> int:
    """Run the speed benchmark; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="passes over the questions for our engine")
    parser.add_argument("--catalogue", type=Path, default=None)
    args = parser.parse_args(list(argv) if argv is not None else None)
    measure_ask_process()  # first, while this process is still small (a fork starts with the parent's pages)
    catalogue = Catalogue.load(args.catalogue)
    lexicon = Lexicon.load()
    builds = []
    index = None
    for _ in range(3):
        gc.collect()
        start = time.perf_counter()
        index = SearchIndex.build(catalogue, lexicon)
        builds.append(time.perf_counter() - start)
    assert index is not None
    questions = [q.text for path in (EVAL_PATH, HOLDOUT_PATH) if path.exists() for q in read_questions(path)]
    print(f"catalogue: {len(catalogue)} procedures; {len(questions)} questions (eval + holdout)")
    print(f"index build: best {min(builds):.2f} s, worst {max(builds):.2f} s (3 builds)")
    index.search("khởi động")  # warm caches the same way a running bot would be warm
    rows = [("ours", latencies(index.search, questions, args.rounds))]
    wratio = WRatioBaseline(catalogue)
    rows.append(("(a) WRatio extractOne", latencies(wratio.best_only, questions, 1)))
    rows.append(("(b) plain BM25", latencies(PlainBM25Baseline(catalogue).answer, questions, 1)))
    print(f"{'system':<24}{'mean ms':>10}{'p50 ms':>10}{'p99 ms':>10}{'CPU ms':>10}{'calls':>8}")
    means = {}
    for name, (values, cpu) in rows:
        mean, p50, p99 = summary(values)
        means[name] = mean
        print(f"{name:<24}{mean:>10.3f}{p50:>10.3f}{p99:>10.3f}{cpu:>10.3f}{len(values):>8}")
    print(f"load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"speed-up of ours vs (a): {means['(a) WRatio extractOne'] / means['ours']:.1f}x")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak RSS of this process (catalogue, index x3 builds, baselines): {peak_kib / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
