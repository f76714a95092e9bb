"""A small BM25 index over short texts, with precomputed per-term weights for fast scoring.

Each document is a list of terms (syllables, bigrams, ...). At build time every posting already carries its
full BM25 weight (idf x saturated, length-normalised term frequency), so scoring a query is only additions.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

K1 = 1.2
B = 0.5

# A term found in more than this share of the documents is "common": callers may use it to re-score only.
COMMON_TERM_SHARE = 0.08


class BM25Index:
    """BM25 postings for one kind of term (e.g. folded syllables); documents are numbered 0..n-1."""

    __slots__ = ("_common_df", "doc_count", "idf", "max_idf", "postings")

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = K1, b: float = B) -> None:
        self.doc_count = len(documents)
        lengths = [len(doc) for doc in documents]
        average = (sum(lengths) / self.doc_count) if self.doc_count else 1.0
        average = average or 1.0
        frequencies: dict[str, dict[int, float]] = {}
        for doc_id, doc in enumerate(documents):
            for term, tf in Counter(doc).items():
                frequencies.setdefault(term, {})[doc_id] = tf
        n = self.doc_count
        self.idf: dict[str, float] = {
            term: math.log(1.0 + (n - len(docs) + 0.5) / (len(docs) + 0.5))
            for term, docs in frequencies.items()
        }
        self.max_idf = math.log(1.0 + (n + 0.5) / 0.5) if n else 1.0
        norms = [k1 * (1.0 - b + b * length / average) for length in lengths]
        for term, docs in frequencies.items():  # frequencies become weights in place: no second copy
            idf = self.idf[term]
            for doc_id, count in docs.items():
                docs[doc_id] = idf * count * (k1 + 1.0) / (count + norms[doc_id])
        self.postings: dict[str, dict[int, float]] = frequencies
        self._common_df = max(1, int(COMMON_TERM_SHARE * n))

    def __contains__(self, term: object) -> bool:
        return term in self.postings

    def vocabulary(self) -> list[str]:
        """Return every indexed term, sorted."""
        return sorted(self.postings)

    def is_common(self, term: str) -> bool:
        """Return True for a term found in more than ``COMMON_TERM_SHARE`` of the documents."""
        posting = self.postings.get(term)
        return posting is not None and len(posting) > self._common_df

    def add_scores(
        self, terms: Iterable[str], scores: dict[int, float], weight: float = 1.0, existing_only: bool = False
    ) -> None:
        """Add ``weight`` x BM25 of each term into ``scores`` (doc id -> score).

        With ``existing_only`` only documents already in ``scores`` are updated (a set intersection done
        in C), which keeps very common words like "cấp" or "đăng ký" cheap.
        """
        for term in set(terms):
            posting = self.postings.get(term)
            if posting is None:
                continue
            if existing_only:
                for doc_id in scores.keys() & posting.keys():
                    scores[doc_id] += weight * posting[doc_id]
            else:
                get_score = scores.get
                for doc_id, w in posting.items():
                    scores[doc_id] = get_score(doc_id, 0.0) + weight * w

    def weight(self, term: str, doc_id: int) -> float:
        """Return the BM25 weight of ``term`` in document ``doc_id`` (0.0 when absent)."""
        posting = self.postings.get(term)
        return posting.get(doc_id, 0.0) if posting else 0.0

    def term_idf(self, term: str) -> float:
        """Return the idf of ``term``, or the largest possible idf for an unknown term."""
        return self.idf.get(term, self.max_idf)
