"""Search robustness: top-1 on fully accented questions, and on the same questions typed without accents or
with slips, beside the two baselines of ``search_quality.py`` in the same process.

Run from the repository root: ``.venv/bin/python benchmarks/search_slips.py [--seeds N]``.

The questions are the tuning set's rows written with full accents (styles ``accented`` and ``colloquial``),
so the clean figure is a tuning figure; what this script adds is the *gap* when the same questions are
typed differently. Variants:

- ``unaccented``: every diacritic dropped, đ typed as d (``knowledge.text.fold``);
- ``slips (seed k)``: two words of each question changed, each by one slip chosen at random: its tone
  mark dropped, its tone mark changed to another one, or one inner letter lost. The seeds make the slips
  repeatable;
- ``spelling (seed k)``: two words changed, each by a spelling slip: two neighbouring letters swapped,
  or an initial or final written as its regional sound-alike (tr/ch, s/x, d/gi/r, l/n; c/t, n/ng).
"""

from __future__ import annotations

import argparse
import random
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from knowledge.catalogue import Catalogue
from knowledge.lexicon import Lexicon
from knowledge.search import SearchIndex
from knowledge.text import fold

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_quality import (
    EVAL_PATH,
    Answer,
    PlainBM25Baseline,
    Question,
    WRatioBaseline,
    hit,
    ours,
    read_questions,
)

ACCENTED_STYLES = ("accented", "colloquial")
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (combining, NFD)
VOWEL_MARKS = "\u0302\u0306\u031b"  # circumflex, breve, horn: they follow their vowel in NFD
SLIPS_PER_QUESTION = 2


def drop_tone(word: str, rng: random.Random) -> str:
    """Return ``word`` without its tone mark."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))


def change_tone(word: str, rng: random.Random) -> str:
    """Return ``word`` with another tone mark (one is added after the last vowel when it has none)."""
    decomposed = unicodedata.normalize("NFD", word)
    marks = [i for i, c in enumerate(decomposed) if c in TONE_MARKS]
    if marks:
        at = marks[0]
        other = rng.choice([t for t in TONE_MARKS if t != decomposed[at]])
        return unicodedata.normalize("NFC", decomposed[:at] + other + decomposed[at + 1:])
    vowels = [i for i, c in enumerate(decomposed) if c.lower() in "aeiouy"]
    if not vowels:
        return word
    at = vowels[-1] + 1
    while at < len(decomposed) and decomposed[at] in VOWEL_MARKS:
        at += 1
    return unicodedata.normalize("NFC", decomposed[:at] + rng.choice(TONE_MARKS) + decomposed[at:])


def drop_letter(word: str, rng: random.Random) -> str:
    """Return ``word`` with one letter after the first one lost (words under 4 letters stay)."""
    if len(word) < 4:
        return word
    at = rng.randrange(1, len(word))
    return word[:at] + word[at + 1:]


def swap_letters(word: str, rng: random.Random) -> str:
    """Return ``word`` with two neighbouring letters swapped (words under 3 letters stay)."""
    if len(word) < 3:
        return word
    at = rng.randrange(len(word) - 1)
    return word[:at] + word[at + 1] + word[at] + word[at + 2:]


# Initials and finals that sound alike in one region or another, spelled the other way ("chứng" as "trứng",
# "làm" as "nàm", "thất" as "thấc"); "n" before "g" or "h" is another initial.
INITIALS = (("tr", "ch"), ("ch", "tr"), ("s", "x"), ("x", "s"), ("gi", "d"), ("d", "gi"), ("r", "d"),
            ("l", "n"), ("n", "l"))
FINALS = (("c", "t"), ("t", "c"), ("ng", "n"), ("n", "ng"))


def confuse_sound(word: str, rng: random.Random) -> str:
    """Return ``word`` with its initial or its final spelled as a sound-alike (unchanged when it has none)."""
    lower = word.lower()
    initials = [(a, b) for a, b in INITIALS if lower.startswith(a) and not lower.startswith(("ng", "nh"))]
    finals = [(a, b) for a, b in FINALS if lower.endswith(a) and len(lower) > len(a) + 1]
    choices = [("initial", pair) for pair in initials] + [("final", pair) for pair in finals]
    if not choices:
        return word
    where, (typed, meant) = rng.choice(choices)
    return meant + word[len(typed):] if where == "initial" else word[:-len(typed)] + meant


SLIPS: tuple[Callable[[str, random.Random], str], ...] = (drop_tone, change_tone, drop_letter)
SPELLING_SLIPS: tuple[Callable[[str, random.Random], str], ...] = (swap_letters, confuse_sound)


def with_slips(
    text: str, rng: random.Random, slips: Sequence[Callable[[str, random.Random], str]] = SLIPS
) -> str:
    """Return ``text`` with SLIPS_PER_QUESTION of its words (of two letters or more) changed by one slip."""
    words = text.split()
    candidates = [i for i, w in enumerate(words) if len(w) > 1 and w.isalpha()]
    for i in rng.sample(candidates, min(SLIPS_PER_QUESTION, len(candidates))):
        words[i] = rng.choice(slips)(words[i], rng)
    return " ".join(words)


def top1(questions: Sequence[Question], texts: Sequence[str], answer: Callable[[str], Answer]) -> float:
    """Return the share of ``texts`` (variants of ``questions``, in order) whose first answer is right."""
    return sum(hit(q, answer(t), 1) for q, t in zip(questions, texts, strict=True)) / max(1, len(questions))


def main(argv: Iterable[str] | None = None) -> int:
    """Print top-1 per variant and system, and each variant's gap to the clean questions."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seeds", type=int, default=3, help="how many seeded slip variants to run")
    args = parser.parse_args(list(argv) if argv is not None else None)
    catalogue = Catalogue.load()
    systems: dict[str, Callable[[str], Answer]] = {
        "ours": ours(SearchIndex.build(catalogue, Lexicon.load())),
        "(a) WRatio": WRatioBaseline(catalogue).answer,
        "(b) plain BM25": PlainBM25Baseline(catalogue).answer,
    }
    questions = [q for q in read_questions(EVAL_PATH) if q.codes and q.style in ACCENTED_STYLES]
    clean = [q.text for q in questions]
    variants: dict[str, list[str]] = {"clean (full accents)": clean, "unaccented": [fold(t) for t in clean]}
    for seed in range(1, args.seeds + 1):
        rng = random.Random(seed)
        variants[f"slips (seed {seed})"] = [with_slips(t, rng) for t in clean]
    for seed in range(1, args.seeds + 1):
        rng = random.Random(seed)
        variants[f"spelling (seed {seed})"] = [with_slips(t, rng, SPELLING_SLIPS) for t in clean]
    styles = ", ".join(ACCENTED_STYLES)
    print(f"{len(questions)} tuning questions written with full accents (styles: {styles})")
    print(f"{'variant':24}" + "".join(f"{name:>16}" for name in systems) + f"{'ours: gap':>12}")
    base = {name: top1(questions, clean, answer) for name, answer in systems.items()}
    for variant, texts in variants.items():
        figures = {name: base[name] if texts is clean else top1(questions, texts, answer)
                   for name, answer in systems.items()}
        gap = (figures["ours"] - base["ours"]) * 100
        print(f"{variant:24}" + "".join(f"{100 * v:15.1f}%" for v in figures.values()) + f"{gap:+11.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
