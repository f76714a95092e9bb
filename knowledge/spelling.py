"""Typo repair for single syllables: map a syllable the vocabulary does not know to its nearest known one."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA


class SyllableSpeller:
    """Nearest-syllable lookup by edit distance (OSA: a swap of two letters is one edit) over a vocabulary."""

    __slots__ = ("_by_length", "_cache", "_known", "_rank")

    def __init__(self, vocabulary: Iterable[str]) -> None:
        """Index ``vocabulary``, given in order of preference (e.g. most frequent first) to break ties."""
        words = list(dict.fromkeys(vocabulary))
        self._known = frozenset(words)
        by_length: dict[int, list[str]] = {}
        for word in words:
            by_length.setdefault(len(word), []).append(word)
        self._by_length = by_length
        self._rank = {word: rank for rank, word in enumerate(words)}
        self._cache: dict[str, list[str]] = {}

    def __contains__(self, syllable: object) -> bool:
        return syllable in self._known

    @staticmethod
    def max_distance(syllable: str) -> int:
        """Return how many edits a syllable of this length may carry: 0 below 3 letters, 1 up to 5, else 2."""
        if len(syllable) < 3:
            return 0
        return 1 if len(syllable) <= 5 else 2

    def candidates(self, syllable: str) -> list[str]:
        """Return the known syllables within the allowed edits, nearest first, then in preference order."""
        if syllable in self._known:
            return [syllable]
        cached = self._cache.get(syllable)
        if cached is not None:
            return cached
        limit = self.max_distance(syllable)
        found: list[tuple[int, int, str]] = []
        if limit and syllable.isalpha():
            for length in range(len(syllable) - limit, len(syllable) + limit + 1):
                words = self._by_length.get(length)
                if not words:
                    continue
                for word, distance, _ in process.extract(
                    syllable, words, scorer=OSA.distance, score_cutoff=limit, limit=None
                ):
                    found.append((int(distance), self._rank[word], word))
        result = [word for _, _, word in sorted(found)]
        if len(self._cache) < 10_000:
            self._cache[syllable] = result
        return result

    def neighbours(self, syllable: str) -> list[str]:
        """Return the other known syllables one edit away, in preference order ("xan" -> "san", ...). A
        two-letter syllable only gains a letter ("ma" -> "mat", "mai"): shorter ones are not words."""
        key = f"~{syllable}"
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        found: list[tuple[int, str]] = []
        if len(syllable) >= 2 and syllable.isalpha():
            shortest = len(syllable) - 1 if len(syllable) >= 3 else len(syllable) + 1
            for length in range(shortest, len(syllable) + 2):
                words = self._by_length.get(length)
                if not words:
                    continue
                near = process.extract(syllable, words, scorer=OSA.distance, score_cutoff=1, limit=None)
                for word, _, _ in near:
                    if word != syllable:
                        found.append((self._rank[word], word))
        result = [word for _, word in sorted(found)]
        if len(self._cache) < 10_000:
            self._cache[key] = result
        return result

    def correct(self, syllable: str) -> str | None:
        """Return the syllable if known, else the nearest known one within the allowed edits, else None."""
        found = self.candidates(syllable)
        return found[0] if found else None


# Letters Vietnamese speakers confuse in writing because they sound alike in some regions (folded forms):
# initials s/x, ch/tr, d/gi/r, l/n; finals n/ng, n/nh, t/c, t/ch; i/y.
_SOUND_ALIKE_INITIALS = (("s", "x"), ("ch", "tr"), ("d", "gi"), ("d", "r"), ("gi", "r"), ("l", "n"))
_SOUND_ALIKE_FINALS = (("ng", "n"), ("nh", "n"), ("c", "t"), ("ch", "t"), ("y", "i"))
_VOWELS = frozenset("aeiouy")


def sound_alikes(plain: str) -> list[str]:
    """Return the folded syllables that differ from ``plain`` by one sound-alike initial or final
    ("chu" -> "tru", "xang" -> "sang", "han" -> "hang", "hanh"); not all of them are words."""
    out: list[str] = []
    for one, other in _SOUND_ALIKE_INITIALS:
        for typed, meant in ((one, other), (other, one)):
            if plain.startswith(typed):
                out.append(meant + plain[len(typed):])
    for one, other in _SOUND_ALIKE_FINALS:
        for typed, meant in ((one, other), (other, one)):
            if plain.endswith(typed) and len(plain) > len(typed):
                stem = plain[: -len(typed)]
                if typed in "yi" and stem[-1] in _VOWELS and stem != "qu":
                    continue  # "lay" and "lai", "tuy" and "tui" sound different: only a bare i/y alternates
                out.append(stem + meant)
    return [word for word in dict.fromkeys(out) if word != plain]
