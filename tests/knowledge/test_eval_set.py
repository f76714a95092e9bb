"""Validate the labelled search questions in ``tests/data``: the tuning set and the held-out set.

The files are data that other code and benchmarks trust, so their shape, label vocabulary, balance and
procedure codes are checked here. See ``tests/data/README.md`` for what the columns mean.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from knowledge.catalogue import DEFAULT_CATALOGUE_PATH, Catalogue

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
EVAL_PATH = DATA_DIR / "eval_questions.tsv"
HOLDOUT_PATH = DATA_DIR / "holdout_questions.tsv"

HEADER = ["question", "codes", "aspect", "style"]
ASPECTS = frozenset({"overview", "documents", "fees", "time", "steps", "agency", "online", "legal"})
STYLES = frozenset({"accented", "unaccented", "typo", "colloquial", "abbreviation", "rambling", "offtopic"})
OFFTOPIC = "offtopic"
CODE_PATTERN = re.compile(r"^\d\.\d{6}$")
TSV_HEADER_LINE = "question\tcodes\taspect\tstyle\n"


@dataclass(frozen=True)
class LabelledQuestion:
    """One row of a question file: the text, every acceptable code (empty = off-topic), aspect and style."""

    line: int
    question: str
    codes: tuple[str, ...]
    aspect: str
    style: str


@dataclass(frozen=True)
class Minimums:
    """The least a question file must hold: rows, off-topic rows, rows per on-topic style and per aspect."""

    rows: int
    offtopic: int
    per_style: int
    per_aspect: dict[str, int]
    procedures: int


EVAL_MINIMUMS = Minimums(
    rows=320,
    offtopic=60,
    per_style=40,
    per_aspect={
        "documents": 25,
        "fees": 25,
        "time": 25,
        "agency": 25,
        "online": 25,
        "steps": 15,
        "legal": 15,
    },
    procedures=60,
)
HOLDOUT_MINIMUMS = Minimums(
    rows=120,
    offtopic=20,
    per_style=15,
    per_aspect={"documents": 12, "fees": 12, "time": 12, "agency": 12, "online": 12, "steps": 8, "legal": 8},
    procedures=40,
)


def load_labelled_questions(path: Path) -> list[LabelledQuestion]:
    """Parse a question TSV; raise ValueError naming the line of the first malformed row."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or rows[0] != HEADER:
        raise ValueError(f"{path.name}: header must be {HEADER}, got {rows[0] if rows else None}")
    out: list[LabelledQuestion] = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(HEADER):
            raise ValueError(f"{path.name}:{line}: expected {len(HEADER)} columns, got {len(row)}")
        question, codes_field, aspect, style = row
        if not question.strip() or question != question.strip():
            raise ValueError(f"{path.name}:{line}: empty question or stray surrounding whitespace")
        if unicodedata.normalize("NFC", question) != question:
            raise ValueError(f"{path.name}:{line}: question is not NFC-normalised")
        codes = tuple(code for code in codes_field.split(",") if code) if codes_field else ()
        bad = [code for code in codes if not CODE_PATTERN.match(code)]
        if bad or len(set(codes)) != len(codes):
            raise ValueError(f"{path.name}:{line}: malformed or repeated codes {codes_field!r}")
        if aspect not in ASPECTS:
            raise ValueError(f"{path.name}:{line}: unknown aspect {aspect!r}")
        if style not in STYLES:
            raise ValueError(f"{path.name}:{line}: unknown style {style!r}")
        if (style == OFFTOPIC) != (not codes):
            raise ValueError(f"{path.name}:{line}: off-topic rows and only they must have no codes")
        out.append(LabelledQuestion(line, question, codes, aspect, style))
    return out


def duplicate_key(question: str) -> str:
    """Return the form under which two questions count as the same: NFC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", question).casefold().split())


@pytest.fixture(scope="module")
def eval_set() -> list[LabelledQuestion]:
    return load_labelled_questions(EVAL_PATH)


@pytest.fixture(scope="module")
def holdout_set() -> list[LabelledQuestion]:
    return load_labelled_questions(HOLDOUT_PATH)


def _check_minimums(questions: list[LabelledQuestion], minimums: Minimums) -> None:
    styles = Counter(q.style for q in questions)
    aspects = Counter(q.aspect for q in questions if q.style != OFFTOPIC)
    assert len(questions) >= minimums.rows
    assert styles[OFFTOPIC] >= minimums.offtopic
    for style in sorted(STYLES - {OFFTOPIC}):
        assert styles[style] >= minimums.per_style, f"style {style}: {styles[style]} rows"
    on_topic_styles = [styles[style] for style in STYLES - {OFFTOPIC}]
    assert max(on_topic_styles) <= 2 * min(on_topic_styles), f"styles unbalanced: {dict(styles)}"
    for aspect, least in minimums.per_aspect.items():
        assert aspects[aspect] >= least, f"aspect {aspect}: {aspects[aspect]} rows"
    procedures = {q.codes for q in questions if q.codes}
    assert len(procedures) >= minimums.procedures


def test_eval_set_meets_minimums(eval_set: list[LabelledQuestion]) -> None:
    _check_minimums(eval_set, EVAL_MINIMUMS)


def test_holdout_set_meets_minimums(holdout_set: list[LabelledQuestion]) -> None:
    _check_minimums(holdout_set, HOLDOUT_MINIMUMS)


@pytest.mark.parametrize("path", [EVAL_PATH, HOLDOUT_PATH], ids=["eval", "holdout"])
def test_no_duplicate_questions_within_a_file(path: Path) -> None:
    keys = Counter(duplicate_key(q.question) for q in load_labelled_questions(path))
    assert [key for key, count in keys.items() if count > 1] == []


def test_no_question_shared_between_eval_and_holdout(
    eval_set: list[LabelledQuestion], holdout_set: list[LabelledQuestion]
) -> None:
    shared = {duplicate_key(q.question) for q in eval_set} & {duplicate_key(q.question) for q in holdout_set}
    assert shared == set()


def test_rambling_rows_are_several_sentences(
    eval_set: list[LabelledQuestion], holdout_set: list[LabelledQuestion]
) -> None:
    short = [
        q.question
        for q in eval_set + holdout_set
        if q.style == "rambling" and len(re.findall(r"[.?!]+(?:\s|$)", q.question)) < 2
    ]
    assert short == []


def test_unaccented_rows_carry_no_diacritics(
    eval_set: list[LabelledQuestion], holdout_set: list[LabelledQuestion]
) -> None:
    accented = [
        q.question for q in eval_set + holdout_set if q.style == "unaccented" and not q.question.isascii()
    ]
    assert accented == []


def test_every_code_is_in_the_shipped_catalogue(
    eval_set: list[LabelledQuestion], holdout_set: list[LabelledQuestion]
) -> None:
    if not DEFAULT_CATALOGUE_PATH.exists():
        pytest.skip("knowledge/data/catalogue.json.gz has not been built yet; run the catalogue build first")
    catalogue = Catalogue.load()
    missing = sorted(
        {(q.line, code) for q in eval_set + holdout_set for code in q.codes if code not in catalogue}
    )
    assert missing == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("question\tcodes\taspect\n", "header"),
        (TSV_HEADER_LINE + "hỏi gì đó\t1.001193\tdocuments\n", "columns"),
        (TSV_HEADER_LINE + "hỏi gì đó\t1.001193\tprice\taccented\n", "aspect"),
        (TSV_HEADER_LINE + "hỏi gì đó\t1.001193\tfees\tshouting\n", "style"),
        (TSV_HEADER_LINE + "hỏi gì đó\t1001193\tfees\taccented\n", "codes"),
        (TSV_HEADER_LINE + "hỏi gì đó\t\tfees\taccented\n", "off-topic"),
        (TSV_HEADER_LINE + "xin chào\t1.001193\toverview\tofftopic\n", "off-topic"),
        (TSV_HEADER_LINE + " hỏi gì đó\t1.001193\tfees\taccented\n", "whitespace"),
        (TSV_HEADER_LINE + "ho\u0302\u0323 chie\u0302\u0301u\t1.001456\tfees\taccented\n", "NFC"),
    ],
)
def test_loader_rejects_malformed_rows(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "questions.tsv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_labelled_questions(path)


def test_loader_reads_a_wellformed_file(tmp_path: Path) -> None:
    path = tmp_path / "questions.tsv"
    path.write_text(
        "question\tcodes\taspect\tstyle\n"
        "đổi cccd ở đâu\t1.014063,2.001195\tagency\tabbreviation\n"
        "cảm ơn\t\toverview\tofftopic\n",
        encoding="utf-8",
    )
    rows = load_labelled_questions(path)
    assert [(r.line, r.codes, r.aspect, r.style) for r in rows] == [
        (2, ("1.014063", "2.001195"), "agency", "abbreviation"),
        (3, (), "overview", "offtopic"),
    ]
