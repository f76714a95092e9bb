"""Cheap classification of incoming text: farewells, non-Vietnamese text, over-long pastes."""

from __future__ import annotations

import re
import unicodedata

MAX_QUESTION_CHARS = 500

_FAREWELL_PHRASES = (
    "cam on",
    "cam ong",
    "cmon",
    "thanks",
    "thank you",
    "thank",
    "thx",
    "tks",
    "tam biet",
    "bye",
    "goodbye",
    "bye bye",
    "da ro",
)
_FILLER_WORDS = frozenset(
    [
        "a",
        "ah",
        "ak",
        "nhe",
        "nha",
        "nhieu",
        "rat",
        "ban",
        "bot",
        "minh",
        "em",
        "anh",
        "chi",
        "ok",
        "oke",
        "okay",
        "vang",
        "da",
        "roi",
        "lam",
        "so",
        "much",
        "very",
        "ha",
        "hen",
        "gap",
        "lai",
    ]
)
_WORD = re.compile(r"[a-z]+")


def fold(text: str) -> str:
    """Return lower-case text without Vietnamese diacritics (đ → d)."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def is_farewell(text: str) -> bool:
    """Return True when the message only thanks or says goodbye ("cảm ơn", "cam on nhe", "bye")."""
    folded = " " + " ".join(_WORD.findall(fold(text))) + " "
    if len(folded) > 60:
        return False
    found = False
    for phrase in sorted(_FAREWELL_PHRASES, key=len, reverse=True):
        if f" {phrase} " in folded:
            folded = folded.replace(f" {phrase} ", " ")
            found = True
    return found and all(word in _FILLER_WORDS for word in folded.split())


def is_non_vietnamese(text: str) -> bool:
    """Return True when most letters are not Latin (e.g. Chinese, Russian, Thai text)."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 2:
        return False
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    return latin / len(letters) < 0.5


def clip_question(text: str) -> tuple[str, bool]:
    """Return the first ~500 characters of a question (cut at a word boundary) and whether it was cut."""
    text = text.strip()
    if len(text) <= MAX_QUESTION_CHARS:
        return text, False
    cut = text[:MAX_QUESTION_CHARS]
    space = cut.rfind(" ")
    return (cut[:space] if space > MAX_QUESTION_CHARS // 2 else cut), True
