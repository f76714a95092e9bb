"""Cleaning of names and short labels taken from the portal: whitespace, dots, shouting, Unicode form."""

from __future__ import annotations

import re
import unicodedata

# Upper-case tokens kept as they are when a SHOUTING name is turned into sentence case.
# Tokens without any vowel (BHXH, HĐND, GCN, ...) are kept automatically; these carry vowels.
KNOWN_ACRONYMS: frozenset[str] = frozenset(
    {
        "UBND", "ATTP", "VCCI", "ASEAN", "WTO", "ATA", "GMS", "TAD", "ODA", "EU", "USD", "VNĐ", "ISO",
        "AIDS", "HIV", "CNTT", "TTHC", "VIETGAP", "OCOP", "KCN", "KKT", "DN", "HTX", "CCCD",
    }
)
# Single capital letters that are Vietnamese words, lower-cased like any other word.
_SINGLE_LETTER_WORDS = frozenset({"Ở", "Ý"})
# Proper names restored to their usual capitalisation after lower-casing a SHOUTING name.
PROPER_NAMES: tuple[str, ...] = (
    "Việt Nam", "Nhà nước", "Công an nhân dân", "Quân đội nhân dân", "Hà Nội", "Hồ Chí Minh", "Trung ương",
)

_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
# Zero-width and direction marks, soft hyphens: format characters with nothing to show.
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_ODD_SPACES = re.compile(r"[\u00a0\u2007\u202f]")
_RUNS_OF_SPACE = re.compile(r"[ \t]{2,}|\t")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _note(repairs: list[str] | None, kind: str) -> None:
    if repairs is not None:
        repairs.append(kind)


def _is_acronym(token: str) -> bool:
    if len(token) == 1:
        return token not in _SINGLE_LETTER_WORDS
    if token in KNOWN_ACRONYMS:
        return True
    return not any(ch in _VOWELS for ch in token.lower())


def is_shouting(text: str) -> bool:
    """Return True when most words of ``text`` are written in capitals (at least three such words)."""
    words = _WORD.findall(text)
    shouted = [w for w in words if len(w) > 1 and w.isupper() and not _is_acronym(w)]
    return len(shouted) >= 3 and len(shouted) >= 0.6 * len([w for w in words if len(w) > 1])


def sentence_case(text: str) -> str:
    """Return ``text`` with its all-capital words lower-cased (acronyms kept) and the first letter capital."""

    def lower_word(match: re.Match[str]) -> str:
        word = match.group(0)
        if word.isupper() and not _is_acronym(word):
            return word.lower()
        return word

    out = _WORD.sub(lower_word, text)
    for proper in PROPER_NAMES:
        out = re.sub(re.escape(proper), proper, out, flags=re.IGNORECASE)
    for index, ch in enumerate(out):
        if ch.isalpha():
            return out[:index] + ch.upper() + out[index + 1 :]
    return out


def clean_text(text: object, repairs: list[str] | None = None) -> str:
    """Return ``text`` as NFC with line breaks, odd and doubled spaces collapsed; note each repair kind."""
    if text is None:
        return ""
    raw = str(text)
    out = unicodedata.normalize("NFC", raw)
    if out != raw:
        _note(repairs, "unicode_nfc")
    if _INVISIBLE.search(out):
        _note(repairs, "invisible_character")
        out = _INVISIBLE.sub("", out)
    if _ODD_SPACES.search(out):
        _note(repairs, "non_breaking_space")
        out = _ODD_SPACES.sub(" ", out)
    if _LINE_BREAKS.search(out.strip()):
        _note(repairs, "line_break")
    out = _LINE_BREAKS.sub(" ", out)
    if _RUNS_OF_SPACE.search(out) or out != out.strip():
        _note(repairs, "doubled_space")
    return _RUNS_OF_SPACE.sub(" ", out).strip()


def clean_name(text: object, repairs: list[str] | None = None) -> str:
    """Return a procedure or agency name cleaned for display: spacing, trailing dots, SHOUTING."""
    out = clean_text(text, repairs)
    stripped = out.rstrip(" .;,:")
    if stripped != out and not out.endswith("..."):
        _note(repairs, "trailing_dot")
        out = stripped
    if is_shouting(out):
        _note(repairs, "shouting")
        out = sentence_case(out)
    return out


def shorten(text: str, limit: int) -> str:
    """Return ``text`` cut at a word boundary to at most ``limit`` characters, ending with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-(") + "…"


def fold(text: str) -> str:
    """Return a comparison key: lower case, no diacritics (đ → d), punctuation removed, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9]+", bare))
