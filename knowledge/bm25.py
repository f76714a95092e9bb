"""A small BM25 index over short texts, with precomputed per-term weights for fast scoring.

Each document is a list of terms (syllables, bigrams, ...). At build time every posting already carries its
full BM25 weight (idf x saturated, length-normalised term frequency), so scoring a query is only additions.
Each posting is also kept as two NumPy arrays (document ids, weights), so a common term that occurs in
thousands of names is added into a dense score vector in one vectorised step.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

K1 = 1.2
B = 0.5

# A term found in more than this share of the documents is "common": callers may use it to re-score only.
COMMON_TERM_SHARE = 0.08


class BM25Index:
    """BM25 postings for one kind of term (e.g. folded syllables); documents are numbered 0..n-1."""

    __slots__ = ("_arrays", "_common_df", "doc_count", "idf", "max_idf", "postings")

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
        self._arrays: dict[str, tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]] = {
            term: (
                np.fromiter(docs.keys(), dtype=np.int32, count=len(docs)),
                np.fromiter(docs.values(), dtype=np.float64, count=len(docs)),
            )
            for term, docs in frequencies.items()
        }
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

    def accumulate(
        self,
        terms: Iterable[str],
        scores: npt.NDArray[np.float64],
        touched: npt.NDArray[np.bool_],
        weight: float = 1.0,
    ) -> None:
        """Add ``weight`` x BM25 of each term into the dense ``scores``; mark the documents in ``touched``."""
        for term in set(terms):
            arrays = self._arrays.get(term)
            if arrays is not None:
                ids, weights = arrays
                scores[ids] += weight * weights
                touched[ids] = True

    def accumulate_within(
        self,
        terms: Iterable[str],
        scores: npt.NDArray[np.float64],
        within: npt.NDArray[np.bool_],
        weight: float = 1.0,
    ) -> None:
        """Like :meth:`accumulate`, but only for the documents marked in ``within`` (a candidate pool)."""
        for term in set(terms):
            arrays = self._arrays.get(term)
            if arrays is not None:
                ids, weights = arrays
                keep = within[ids]
                scores[ids[keep]] += weight * weights[keep]

    def weight(self, term: str, doc_id: int) -> float:
        """Return the BM25 weight of ``term`` in document ``doc_id`` (0.0 when absent)."""
        posting = self.postings.get(term)
        return posting.get(doc_id, 0.0) if posting else 0.0

    def term_idf(self, term: str) -> float:
        """Return the idf of ``term``, or the largest possible idf for an unknown term."""
        return self.idf.get(term, self.max_idf)
