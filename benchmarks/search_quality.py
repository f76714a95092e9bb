"""Search quality: our engine beside two baselines on the tuning set and on the unseen holdout set.

Run from the repository root: ``.venv/bin/python benchmarks/search_quality.py [--calibrate]``.
Prints top-1 / top-3 accuracy overall and per style, aspect accuracy and the off-topic false-confident
rate for (ours) the SearchIndex, (a) rapidfuzz WRatio over names and (b) plain BM25 over name syllables.
``--calibrate`` also searches decision thresholds on the eval set only and prints the best ones.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from knowledge.catalogue import Catalogue
from knowledge.lexicon import Lexicon
from knowledge.search import Decision, SearchIndex, Thresholds, decide
from knowledge.text import normalize, syllables

ROOT = Path(__file__).resolve().parent.parent
EVAL_PATH = ROOT / "tests" / "data" / "eval_questions.tsv"
HOLDOUT_PATH = ROOT / "tests" / "data" / "holdout_questions.tsv"
WRATIO_CUTOFF = 80.0  # baseline (a): a best WRatio below this means "none"
OFFTOPIC = "offtopic"


@dataclass(frozen=True, slots=True)
class Question:
    """One labelled question: acceptable codes (empty = off-topic), expected aspect and style."""

    text: str
    codes: frozenset[str]
    aspect: str
    style: str


@dataclass(frozen=True, slots=True)
class Answer:
    """What a system answered: ranked codes, a decision and (ours only) an aspect."""

    codes: tuple[str, ...]
    decision: Decision
    aspect: str | None = None
    scores: tuple[float, ...] = ()


def read_questions(path: Path) -> list[Question]:
    """Read a TSV of labelled questions (header: question, codes, aspect, style)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    out = []
    for row in rows:
        codes = frozenset(c.strip() for c in (row.get("codes") or "").split(",") if c.strip())
        style = (row.get("style") or "").strip() or (OFFTOPIC if not codes else "accented")
        out.append(Question(row["question"], codes, (row.get("aspect") or "").strip(), style))
    return out


class WRatioBaseline:
    """Baseline (a): ``process.extract`` with WRatio and ``default_process`` over procedure names."""

    def __init__(self, catalogue: Catalogue, cutoff: float = WRATIO_CUTOFF) -> None:
        self.codes = [p.code for p in catalogue]
        self.names = [p.name for p in catalogue]
        self.cutoff = cutoff

    def answer(self, question: str) -> Answer:
        """Return the three best names by WRatio; "none" below the cut-off."""
        found = process.extract(
            question, self.names, scorer=fuzz.WRatio, processor=utils.default_process, limit=3
        )
        codes = tuple(self.codes[index] for _, _, index in found)
        best = found[0][1] if found else 0.0
        decision = Decision.CONFIDENT if best >= self.cutoff else Decision.NONE
        return Answer(codes, decision, None, tuple(score / 100.0 for _, score, _ in found))

    def best_only(self, question: str) -> str | None:
        """Return the single best code with ``extractOne`` (the speed baseline)."""
        found = process.extractOne(question, self.names, scorer=fuzz.WRatio, processor=utils.default_process)
        return None if found is None or found[1] < self.cutoff else self.codes[found[2]]


class PlainBM25Baseline:
    """Baseline (b): BM25 over accented name syllables; no lexicon, no folding, no typo repair."""

    def __init__(self, catalogue: Catalogue, k1: float = 1.2, b: float = 0.75) -> None:
        self.codes = [p.code for p in catalogue]
        docs = [[s.lower() for s in syllables(normalize(p.name))] for p in catalogue]
        average = sum(map(len, docs)) / max(1, len(docs))
        n = len(docs)
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for doc_id, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                postings[term].append((doc_id, tf))
        self.postings = {
            term: [
                (
                    doc_id,
                    math.log(1 + (n - len(items) + 0.5) / (len(items) + 0.5))
                    * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(docs[doc_id]) / average)),
                )
                for doc_id, tf in items
            ]
            for term, items in postings.items()
        }

    def answer(self, question: str) -> Answer:
        """Return the three best names by BM25; "none" when nothing matches at all."""
        scores: dict[int, float] = defaultdict(float)
        for term in {s.lower() for s in syllables(normalize(question))}:
            for doc_id, weight in self.postings.get(term, ()):
                scores[doc_id] += weight
        best = sorted(scores.items(), key=lambda item: -item[1])[:3]
        decision = Decision.CONFIDENT if best else Decision.NONE
        return Answer(tuple(self.codes[d] for d, _ in best), decision)


def ours(index: SearchIndex) -> Callable[[str], Answer]:
    """Return a function answering a question with the SearchIndex."""

    def answer(question: str) -> Answer:
        result = index.search(question, k=5)
        return Answer(
            tuple(m.procedure.code for m in result.matches),
            result.decision,
            str(result.aspect),
            tuple(m.score for m in result.matches),
        )

    return answer


@dataclass(frozen=True, slots=True)
class Figures:
    """Accuracy figures of one system on one question set."""

    top1: float
    top3: float
    aspect: float | None
    offtopic_confident: float
    per_style: dict[str, tuple[float, float, int]]


def hit(question: Question, answer: Answer, depth: int) -> bool:
    """Return True if ``answer`` is correct at ``depth`` (off-topic: correct only when it says none)."""
    if not question.codes:
        return answer.decision is Decision.NONE
    if answer.decision is Decision.NONE:
        return False
    return any(code in question.codes for code in answer.codes[:depth])


def measure(questions: Sequence[Question], answers: Sequence[Answer]) -> Figures:
    """Compute the figures for answers given in the same order as the questions."""
    by_style: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for question, answer in zip(questions, answers, strict=True):
        by_style[question.style].append((hit(question, answer, 1), hit(question, answer, 3)))
    total = len(questions) or 1
    top1 = sum(h1 for rows in by_style.values() for h1, _ in rows) / total
    top3 = sum(h3 for rows in by_style.values() for _, h3 in rows) / total
    pairs = list(zip(questions, answers, strict=True))
    with_aspect = [(q, a) for q, a in pairs if q.aspect and a.aspect is not None]
    aspect = sum(q.aspect == a.aspect for q, a in with_aspect) / len(with_aspect) if with_aspect else None
    off = [a for q, a in zip(questions, answers, strict=True) if not q.codes]
    off_confident = sum(a.decision is Decision.CONFIDENT for a in off) / len(off) if off else 0.0
    per_style = {
        style: (sum(h1 for h1, _ in rows) / len(rows), sum(h3 for _, h3 in rows) / len(rows), len(rows))
        for style, rows in sorted(by_style.items())
    }
    return Figures(top1, top3, aspect, off_confident, per_style)


def _pct(value: float | None) -> str:
    return "   —  " if value is None else f"{100 * value:5.1f}%"


def report(title: str, questions: Sequence[Question], systems: dict[str, Callable[[str], Answer]]) -> None:
    """Print the figures of every system on one question set."""
    figures: dict[str, Figures] = {}
    for name, system in systems.items():
        figures[name] = measure(questions, [system(q.text) for q in questions])
    print(f"\n== {title}: {len(questions)} questions ==")
    print(f"{'system':<22}{'top-1':>8}{'top-3':>8}{'aspect':>8}{'offtopic→confident':>20}")
    for name, fig in figures.items():
        print(f"{name:<22}{_pct(fig.top1):>8}{_pct(fig.top3):>8}{_pct(fig.aspect):>8}"
              f"{_pct(fig.offtopic_confident):>20}")
    styles = sorted({style for fig in figures.values() for style in fig.per_style})
    print("per style, top-1 / top-3:")
    for style in styles:
        cells = []
        count = 0
        for fig in figures.values():
            top1, top3, count = fig.per_style.get(style, (0.0, 0.0, 0))
            cells.append(f"{_pct(top1)} / {_pct(top3)}")
        print(f"  {style:<14}(n={count:>3}) " + "   ".join(f"{c:>17}" for c in cells))


def calibrate(questions: Sequence[Question], index: SearchIndex) -> Thresholds:
    """Grid-search thresholds on ``questions`` (the eval set only) and return the best ones.

    Objective: top-1 accuracy, with off-topic answered "confident" counted as a costly error (x3) and
    "ambiguous" on a correct first match counted as a small cost (it asks the user one more question).
    """
    scored = [(q, ours(index)(q.text)) for q in questions]
    best: tuple[float, Thresholds] | None = None
    grid_none = [x / 100 for x in range(30, 66, 2)]
    grid_conf = [x / 100 for x in range(50, 91, 2)]
    grid_gap = [0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.07]
    for none, confident, gap in itertools.product(grid_none, grid_conf, grid_gap):
        if confident < none:
            continue
        thresholds = Thresholds(none, confident, gap)
        value = 0.0
        for question, answer in scored:
            decision = decide(list(answer.scores), thresholds)
            if not question.codes:
                if decision is Decision.NONE:
                    value += 1.0
                elif decision is Decision.CONFIDENT:
                    value -= 3.0
            elif decision is not Decision.NONE and answer.codes[:1] and answer.codes[0] in question.codes:
                value += 1.0 if decision is Decision.CONFIDENT else 0.9
            elif decision is Decision.CONFIDENT:
                value -= 0.5
        if best is None or value > best[0]:
            best = (value, thresholds)
    assert best is not None
    return best[1]


def main(argv: Iterable[str] | None = None) -> int:
    """Run the quality benchmark; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calibrate", action="store_true", help="grid-search thresholds on the eval set")
    parser.add_argument("--catalogue", type=Path, default=None)
    args = parser.parse_args(list(argv) if argv is not None else None)
    catalogue = Catalogue.load(args.catalogue)
    index = SearchIndex.build(catalogue, Lexicon.load())
    print(f"catalogue: {len(catalogue)} procedures")
    t = index.thresholds
    print(f"thresholds: none < {t.none:.2f} ≤ ambiguous < {t.confident:.2f} ≤ confident "
          f"(and a lead ≥ {t.gap:.2f} over the next name); baseline (a) WRatio cut-off {WRATIO_CUTOFF:.0f}; "
          "baseline (b) none only when no syllable matches")
    eval_questions = read_questions(EVAL_PATH)
    if args.calibrate:
        found = calibrate(eval_questions, index)
        print(f"calibrated on eval: none={found.none:.2f} confident={found.confident:.2f} "
              f"gap={found.gap:.2f}")
        index = index.with_thresholds(found)
    systems: dict[str, Callable[[str], Answer]] = {
        "ours": ours(index),
        "(a) WRatio": WRatioBaseline(catalogue).answer,
        "(b) plain BM25": PlainBM25Baseline(catalogue).answer,
    }
    report("eval (tuning set)", eval_questions, systems)
    if HOLDOUT_PATH.exists():
        report("holdout (never tuned on)", read_questions(HOLDOUT_PATH), systems)
    else:
        print("\nholdout set not found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
