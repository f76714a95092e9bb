"""Tests for the BM25 postings index."""

from __future__ import annotations

import math

import numpy as np
import pytest

from knowledge.bm25 import B, BM25Index

DOCS = [
    ["dang", "ky", "khai", "sinh"],
    ["dang", "ky", "ket", "hon"],
    ["dang", "ky", "khai", "sinh", "co", "yeu", "to", "nuoc", "ngoai"],
    ["cap", "ho", "chieu"],
]


def scores_for(index: BM25Index, terms: list[str], weight: float = 1.0) -> dict[int, float]:
    """Return {doc id: score} of the documents the terms reach."""
    scores, touched = np.zeros(index.doc_count), np.zeros(index.doc_count, dtype=bool)
    index.accumulate(terms, scores, touched, weight)
    return {int(i): float(scores[i]) for i in np.flatnonzero(touched)}


def test_rare_term_outweighs_common_term() -> None:
    index = BM25Index(DOCS)
    assert index.idf["hon"] > index.idf["dang"]


def test_unknown_terms_score_nothing() -> None:
    index = BM25Index(DOCS)
    assert scores_for(index, ["thoi", "tiet"]) == {}
    assert index.term_idf("thoi") == index.max_idf


def test_shorter_document_wins_on_equal_terms() -> None:
    index = BM25Index(DOCS)
    scores = scores_for(index, ["khai", "sinh"])
    assert set(scores) == {0, 2}
    assert scores[0] > scores[2] > 0


def test_weight_scales_scores_and_matches_formula() -> None:
    index = BM25Index(DOCS)
    plain = scores_for(index, ["hon"])
    doubled = scores_for(index, ["hon"], weight=2.0)
    assert doubled[1] == pytest.approx(2 * plain[1])
    n, df = 4, 1
    idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
    average = sum(map(len, DOCS)) / n
    expected = idf * 2.2 / (1 + 1.2 * (1 - B + B * 4 / average))
    assert index.weight("hon", 1) == pytest.approx(expected)
    assert index.weight("hon", 0) == 0.0


def test_accumulate_within_rescores_only_the_pool() -> None:
    docs = [["common", "rare"]] + [["common", f"x{i}"] for i in range(20)]
    index = BM25Index(docs)
    assert index.is_common("common")
    assert not index.is_common("rare")
    assert not index.is_common("unknown")
    scores, found = np.zeros(index.doc_count), np.zeros(index.doc_count, dtype=bool)
    index.accumulate(["rare"], scores, found)
    index.accumulate_within(["common"], scores, found)
    assert np.flatnonzero(scores).tolist() == [0]
    assert scores[0] == pytest.approx(index.weight("rare", 0) + index.weight("common", 0))
    alone = scores_for(index, ["common"])
    assert len(alone) == 21


def test_empty_index_is_usable() -> None:
    index = BM25Index([])
    assert scores_for(index, ["a"]) == {}
    assert index.doc_count == 0
    assert index.vocabulary() == []
