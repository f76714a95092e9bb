"""Vietnamese text handling for search: normalisation, diacritic folding, typing repair and filler removal.

Every function here takes any ``str`` and never raises. The query pipeline the search uses is
:func:`clean_query`: :func:`normalize` → :func:`repair_typing` → :func:`strip_filler`.

The repairs and filler lists are data tables at the top of the module, not chains of ifs: add a row to
extend them. Matching of multi-word phrases is done by :class:`PhraseMatcher`, which accepts a token in
its accented form or, when the user typed it without any diacritic, in its folded form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

T = TypeVar("T")

# --------------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------------

# Invisible characters that are deleted outright (not turned into spaces): C0/C1 controls other than
# whitespace, soft hyphen, zero-width and bidi marks, word joiners, variation selectors, BOM, tags.
_DELETE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00, 0x08), (0x0E, 0x1F), (0x7F, 0x84), (0x86, 0x9F), (0xAD, 0xAD), (0x34F, 0x34F),
    (0x61C, 0x61C), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F),
    (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0x1F3FB, 0x1F3FF),
    (0xE0000, 0xE0FFF),
)
_DELETE_RE = re.compile(
    "["
    + "".join(f"{chr(low)}-{chr(high)}" if low != high else chr(low) for low, high in _DELETE_RANGES)
    + "]+"
)
# Combining marks left over after NFC (they had nothing to compose with) are deleted.
_LOOSE_MARKS_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
# Anything that is neither a letter, a digit nor whitespace (punctuation, symbols, emoji, underscore).
_NON_WORD_RE = re.compile(r"[^\w\s]+|_+")
_NON_LATIN_RE = re.compile("[^\x00-\u024f\u1e00-\u1eff]")


# One question passes through the same steps several times (whole, as its question sentence, for its aspect):
# the results for the last few texts are kept. Small on purpose: it saves repeats within one question, not
# answers to questions asked before.
RECENT_TEXTS = 32


def _normalize_once(text: str) -> str:
    if _DELETE_RE.search(text):
        text = _DELETE_RE.sub("", text)
    if text.isascii():
        return " ".join(_NON_WORD_RE.sub(" ", text.lower()).split())
    s = unicodedata.normalize("NFC", text).casefold()
    if not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    s = _LOOSE_MARKS_RE.sub("", s)
    # Either tone placement ("hoá", "hóa"; "thuỷ", "thủy") reads as the names' usual one (see canonical_tone).
    return " ".join(w if w.isascii() else canonical_tone(w) for w in _NON_WORD_RE.sub(" ", s).split())


@lru_cache(maxsize=RECENT_TEXTS)
def normalize(text: str) -> str:
    """Return ``text`` in NFC, casefolded, with invisible characters dropped and punctuation, symbols and
    emoji turned into single spaces. Diacritics are kept; NFD and NFC inputs give the same result."""
    s = _normalize_once(text)
    # Exotic inputs (e.g. Hangul jamo split by a stray mark) can need a second pass to be stable;
    # Latin text (Vietnamese included) never does.
    for _ in range(3):
        if not _NON_LATIN_RE.search(s) or (unicodedata.is_normalized("NFC", s) and s.casefold() == s):
            break
        s = _normalize_once(s)
    return s


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0]
        if base != ch and base.isascii():
            table[cp] = base.lower()
    for ch in "đĐ":
        table[ord(ch)] = "d"
    return table


_FOLD_TABLE = _build_fold_table()


def fold_normalized(text: str) -> str:
    """Strip diacritics from text that is already normalized (no second normalisation pass)."""
    return text.translate(_FOLD_TABLE)


def fold(text: str) -> str:
    """Return ``text`` normalized, without diacritics and with đ→d ("Hộ chiếu" → "ho chieu")."""
    return normalize(text).translate(_FOLD_TABLE)


def syllables(text: str) -> list[str]:
    """Return the syllables (space-separated words) of ``text`` after normalisation."""
    return normalize(text).split()


def is_unaccented(token: str) -> bool:
    """Return True when a normalized token carries no Vietnamese diacritic (and no đ)."""
    return token.isascii() or token.translate(_FOLD_TABLE) == token


# --------------------------------------------------------------------------------------------------
# Vietnamese syllables: tones, structure, Telex and VNI decoding
# --------------------------------------------------------------------------------------------------

_BASE_VOWELS = "aăâeêioôơuưy"
_TONED_VOWELS = (
    "áàảãạ", "ắằẳẵặ", "ấầẩẫậ", "éèẻẽẹ", "ếềểễệ", "íìỉĩị", "óòỏõọ", "ốồổỗộ", "ớờởỡợ", "úùủũụ", "ứừửữự",
    "ýỳỷỹỵ",
)
# toned vowel -> (base vowel, tone 1..5: sắc, huyền, hỏi, ngã, nặng)
_TONE_OF: dict[str, tuple[str, int]] = {
    toned: (base, i + 1)
    for base, row in zip(_BASE_VOWELS, _TONED_VOWELS, strict=True)
    for i, toned in enumerate(row)
}
_WITH_TONE: dict[tuple[str, int], str] = {value: key for key, value in _TONE_OF.items()}
_SHAPED_VOWELS = frozenset("ăâêôơư")

_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_OPEN_NUCLEI = (
    "oai|oay|oao|oeo|uây|uôi|ươi|ươu|iêu|yêu|uya|uyu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ua|ui|ưa|ưi|ưu|"
    "oa|oe|uê|uy|uơ|a|e|ê|i|o|ô|ơ|u|ư|y|"
    # folded forms typed without diacritics: "huu" (hưu), "nguoi" (người), "ruou" (rượu)
    "uu|uoi|uou"
)
_CLOSED_NUCLEI = "uyê|oa|oă|oe|uâ|uê|uô|ươ|iê|yê|uy|oo|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
# The long "oo" only occurs in a few loanwords; elsewhere "oo" is the Telex key for "ô".
_LONG_OO_WORDS = frozenset({"xoong", "boong", "goong", "mooc", "sooc", "cooc", "loong", "toong", "vooc"})
_CODAS = "ch|nh|ng|c|m|n|p|t"
_SYLLABLE_RE = re.compile(
    rf"^(?P<onset>{_ONSETS})?(?:(?P<open>{_OPEN_NUCLEI})|(?P<nucleus>{_CLOSED_NUCLEI})(?P<coda>{_CODAS}))$"
)
_STOP_CODAS = frozenset({"c", "ch", "p", "t"})


def _split_tone(token: str) -> tuple[str, int] | None:
    """Return (toneless token, tone) or None when the token carries more than one tone mark."""
    tone = 0
    chars = []
    for ch in token:
        found = _TONE_OF.get(ch)
        if found is None:
            chars.append(ch)
            continue
        if tone:
            return None
        chars.append(found[0])
        tone = found[1]
    return "".join(chars), tone


def _syllable_parts(toneless: str, tone: int) -> re.Match[str] | None:
    if "oo" in toneless and toneless not in _LONG_OO_WORDS:
        return None
    match = _SYLLABLE_RE.match(toneless)
    if match is None:
        return None
    if match.group("coda") in _STOP_CODAS and tone not in (0, 1, 5):
        return None
    return match


@lru_cache(maxsize=65536)
def is_syllable(token: str) -> bool:
    """Return True when a normalized token is a well-formed Vietnamese syllable (accented or not)."""
    split = _split_tone(token)
    return split is not None and _syllable_parts(*split) is not None


def _place_tone(toneless: str, tone: int) -> str | None:
    """Put ``tone`` on the right vowel of a toneless syllable (traditional style: hòa, thủy)."""
    match = _syllable_parts(toneless, tone)
    if match is None:
        return None
    if tone == 0:
        return toneless
    closed = match.group("nucleus") is not None
    nucleus = match.group("nucleus") if closed else match.group("open")
    start = match.start("nucleus") if closed else match.start("open")
    shaped = [i for i, ch in enumerate(nucleus) if ch in _SHAPED_VOWELS]
    if shaped:
        index = shaped[-1]
    elif closed:
        index = len(nucleus) - 1
    elif len(nucleus) == 3:
        index = 1
    else:
        index = 0
    position = start + index
    return toneless[:position] + _WITH_TONE[(toneless[position], tone)] + toneless[position + 1:]


@lru_cache(maxsize=65536)
def canonical_tone(token: str) -> str:
    """Return a normalized token with its tone mark on the standard vowel ("bứơc" → "bước");
    unchanged when it is not a well-formed syllable."""
    split = _split_tone(token)
    if split is None or not split[1]:
        return token
    return _place_tone(*split) or token


_TELEX_TONES = {"s": 1, "f": 2, "r": 3, "x": 4, "j": 5}
_TELEX_SHAPES: tuple[tuple[str, str], ...] = (
    ("uwow", "ươ"), ("uow", "ươ"), ("aa", "â"), ("ee", "ê"), ("oo", "ô"), ("aw", "ă"), ("ow", "ơ"),
    ("uw", "ư"),
)
_TELEX_SHAPE_KEYS_RE = re.compile(r"w|aa|ee|oo|^dd")
_HORN_PAIR_RE = re.compile(r"uơ(?=[a-zươ])")
_ASCII_WORD_RE = re.compile(r"^[a-z]+$")


def _telex_decode(token: str) -> str | None:
    """Decode a token typed in Telex without an input method ("dduwowcj" → "được"); None if not Telex."""
    if not _ASCII_WORD_RE.match(token) or not (len(token) >= 3 or _TELEX_SHAPE_KEYS_RE.search(token)):
        return None
    body, tone = token, 0
    if body[-1] in _TELEX_TONES and len(body) > 1:
        body, tone = body[:-1], _TELEX_TONES[body[-1]]
    if body.startswith("dd"):
        body = "đ" + body[2:]
    for pattern, replacement in _TELEX_SHAPES:
        body = body.replace(pattern, replacement)
    if body.endswith("w"):
        body = body[:-1]
        for plain, shaped in (("uo", "ươ"), ("u", "ư"), ("o", "ơ"), ("a", "ă")):
            index = body.rfind(plain)
            if index >= 0:
                body = body[:index] + shaped + body[index + len(plain):]
                break
        else:
            body += "ư"  # "nhw" → "như"
    body = body.replace("w", "ư")
    body = _HORN_PAIR_RE.sub("ươ", body)
    if body == token:
        return None
    return _place_tone(body, tone)


# VNI shape digits: which plain vowel (or d) each one reshapes.
_VNI_MARKS: dict[str, dict[str, str]] = {
    "6": {"a": "â", "e": "ê", "o": "ô"},
    "7": {"u": "ư", "o": "ơ"},
    "8": {"a": "ă"},
    "9": {"d": "đ"},
}
_VNI_TOKEN_RE = re.compile(r"^(?=(?:.*[a-zđ]){2})(?=.*[1-9])[a-zđ1-9]+$")


def _vni_decode(token: str) -> str | None:
    """Decode a token typed in VNI without an input method ("ho65" → "hộ"); None if not VNI."""
    if not _VNI_TOKEN_RE.match(token):
        return None
    chars: list[str] = []
    tone = 0
    for ch in token:
        if ch.isalpha():
            chars.append(ch)
        elif ch in "12345":
            tone = int(ch)
        else:
            pair = "".join(chars).rfind("uo") if ch == "7" else -1
            if pair >= 0:  # the horn goes on both letters of "uo": "d9uo7c5" → "được"
                chars[pair:pair + 2] = ["ư", "ơ"]
                continue
            for index in range(len(chars) - 1, -1, -1):
                shaped = _VNI_MARKS[ch].get(chars[index])
                if shaped:
                    chars[index] = shaped
                    break
            else:
                return None
    return _place_tone("".join(chars), tone)


@lru_cache(maxsize=65536)
def _repair_token(token: str) -> str:
    """Repair one normalized token typed with a broken or missing input method; unchanged when unsure."""
    if token in _PROTECTED_WORDS or is_syllable(token):
        return token
    if any(ch.isdigit() for ch in token):
        return _vni_decode(token) or token
    decoded = _telex_decode(token)
    if decoded:
        return decoded
    # A stray tone key after an accented syllable ("chiếus", "hộj").
    if not token.isascii() and token[-1] in _TELEX_TONES and is_syllable(token[:-1]):
        body = token[:-1]
        split = _split_tone(body)
        if split is not None and split[1] == 0:
            return _place_tone(body, _TELEX_TONES[token[-1]]) or body
        return body
    # A doubled last letter ("sinhh", "chiếuu").
    repaired = token
    while len(repaired) > 2 and repaired[-1] == repaired[-2] and not is_syllable(repaired):
        repaired = repaired[:-1]
    return repaired if is_syllable(repaired) else token


# --------------------------------------------------------------------------------------------------
# Phrase matching on tokens (accent-aware)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[T]):
    """A phrase found in a token list: tokens[start:end] matched, carrying the phrase's value."""

    start: int
    end: int
    phrase: str
    value: T


class PhraseMatcher(Generic[T]):
    """Finds known phrases in a token list, whole words only, longest match first, left to right.

    A token matches a phrase word when it is identical, or when the user typed it without any diacritic
    and it equals the phrase word's folded form: "so do" and "sổ đỏ" both match "sổ đỏ", but "tử" never
    matches "tư".
    """

    def __init__(self, phrases: Iterable[tuple[str, T]]) -> None:
        self._trie: dict[str, _TrieNode[T]] = {}
        self._size = 0
        for phrase, value in phrases:
            words = tuple(normalize(phrase).split())
            if not words:
                continue
            level = self._trie
            node: _TrieNode[T] | None = None
            for word in words:
                node = level.setdefault(fold_normalized(word), _TrieNode())
                level = node.children
            assert node is not None
            node.payloads.append((words, value))
            self._size += 1

    def __len__(self) -> int:
        return self._size

    def find(self, tokens: Sequence[str], overlapping: bool = False) -> list[PhraseMatch[T]]:
        """Return the longest matches in ``tokens`` (normalized words), left to right, without overlap.

        With ``overlapping``, a match that starts inside an earlier one but ends beyond it is kept too:
        "giấy phép xây dựng nhà ở" then holds both "giấy phép xây dựng" and "xây dựng nhà ở".
        """
        # The fold table maps one character to one character, so the words stay aligned.
        folded = fold_normalized(" ".join(tokens)).split()
        plain = [tok == f for tok, f in zip(tokens, folded, strict=True)]
        matches: list[PhraseMatch[T]] = []
        n = len(tokens)
        covered = 0
        for i in range(n):
            best: PhraseMatch[T] | None = None
            level = self._trie
            j = i
            while j < n:
                node = level.get(folded[j])
                if node is None:
                    break
                j += 1
                found = self._best_payload(node.payloads, tokens, plain, i, j)
                if found is not None:
                    best = PhraseMatch(i, j, " ".join(found[0]), found[1])
                level = node.children
            if best is not None and (best.end > covered if overlapping else i >= covered):
                matches.append(best)
                covered = best.end
        return matches


    @staticmethod
    def _best_payload(
        payloads: list[tuple[tuple[str, ...], T]], tokens: Sequence[str], plain: list[bool], i: int, j: int
    ) -> tuple[tuple[str, ...], T] | None:
        """The phrase typed exactly wins; otherwise the first one the unaccented tokens fold to."""
        fallback = None
        for words, value in payloads:
            if all(tokens[k] == words[k - i] for k in range(i, j)):
                return words, value
            if fallback is None and all(tokens[k] == words[k - i] or plain[k] for k in range(i, j)):
                fallback = (words, value)
        return fallback


class _TrieNode(Generic[T]):
    __slots__ = ("children", "payloads")

    def __init__(self) -> None:
        self.children: dict[str, _TrieNode[T]] = {}
        self.payloads: list[tuple[tuple[str, ...], T]] = []


# --------------------------------------------------------------------------------------------------
# Typing repair tables
# --------------------------------------------------------------------------------------------------

# One chat token → its standard spelling.
CHAT_WORDS: dict[str, str] = {
    "dc": "được", "đc": "được", "dcj": "được", "đươc": "được", "duoc": "được",
    "ko": "không", "k": "không", "kg": "không", "kh": "không", "khg": "không", "hok": "không",
    "hông": "không", "khong": "không", "kô": "không", "khôg": "không",
    "j": "gì", "ji": "gì", "gj": "gì",
    "bn": "bao nhiêu", "bnh": "bao nhiêu", "bnhiu": "bao nhiêu", "bnhieu": "bao nhiêu",
    "bnhiêu": "bao nhiêu", "nhiu": "nhiêu",
    "lm": "làm", "mk": "mình", "mik": "mình", "mjk": "mình", "mjnh": "mình",
    "ntn": "như thế nào", "ntnao": "như thế nào",
    "cx": "cũng", "cug": "cũng", "cũg": "cũng", "cugx": "cũng",
    "vs": "với", "vsi": "với", "mn": "mọi người", "ng": "người", "ngta": "người ta",
    "ak": "à", "ah": "à", "ạk": "ạ", "uk": "ừ", "thui": "thôi", "trc": "trước", "lun": "luôn",
    "bít": "biết", "bik": "biết", "bjt": "biết", "z": "vậy", "zậy": "vậy", "dzậy": "vậy", "r": "rồi",
    "sdt": "số điện thoại", "sđt": "số điện thoại", "đt": "điện thoại",
    "wa": "qua", "tgian": "thời gian", "tg": "thời gian", "hs": "hồ sơ", "ktra": "kiểm tra",
    "onl": "online", "onlai": "online", "onlin": "online", "onlie": "online",
    "ck": "chồng", "vk": "vợ", "bme": "bố mẹ",
    "kí": "ký", "kì": "kỳ", "kĩ": "kỹ", "kỉ": "kỷ", "lí": "lý", "quí": "quý", "mĩ": "mỹ", "tỉ": "tỷ",
    "mún": "muốn", "khum": "không", "hổng": "không", "v": "vậy", "ik": "đi",
    "nhìu": "nhiều", "ms": "mới", "hnay": "hôm nay", "nma": "nhưng mà", "mng": "mọi người",
    "bg": "bao giờ", "bjo": "bao giờ",
    "hđmb": "hợp đồng mua bán", "hdmb": "hợp đồng mua bán", "oto": "ô tô", "ôtô": "ô tô",
    "xd": "xây dựng",
    "sanh": "sinh",  # southern speech: "vợ sắp sanh", "giấy khai sanh"
    "mần": "làm",  # southern and central speech: "mần sổ đỏ"
    # A paper's initials, written out before the lexicon so that its phrases apply ("làm gks").
    "gks": "giấy khai sinh", "sđ": "sổ đỏ", "đkkt": "đăng ký khai tử", "gcnkh": "giấy chứng nhận kết hôn",
    "dkkt": "đăng ký khai tử", "đkks": "đăng ký khai sinh", "dkks": "đăng ký khai sinh",
    "đkkh": "đăng ký kết hôn", "dkkh": "đăng ký kết hôn",
    "cmtnd": "chứng minh nhân dân", "qsdđ": "quyền sử dụng đất", "qsdd": "quyền sử dụng đất",
    "cmđsd": "chuyển mục đích sử dụng", "cmđsdđ": "chuyển mục đích sử dụng đất",
    "cmdsd": "chuyển mục đích sử dụng", "cmdsdd": "chuyển mục đích sử dụng đất",
}

# A chat word that means something else after a given word: "sổ hông" is "sổ hồng" typed without its
# grave accent, not "sổ không".
_CHAT_WORDS_AFTER: dict[tuple[str, str], str] = {
    ("sổ", "hông"): "hồng", ("bìa", "hông"): "hồng",
    # "cc" is an identity card after a verb or "thẻ" ("làm cc cho con"), a block of flats after a home
    # ("sổ hồng cc", "căn hộ cc"); elsewhere it may be a certificate or a notary, and stays.
    **{(before, "cc"): "căn cước" for before in ("làm", "lam", "thẻ", "the", "đổi", "doi", "mất", "mat")},
    **{(before, "cc"): "chung cư" for before in ("hồng", "hong", "nhà", "nha", "hộ", "ho")},
    # "hc" after an action is a passport ("làm hc", "mất hc"); alone it may be "học" or "hành chính".
    **{(before, "hc"): "hộ chiếu" for before in (
        "làm", "lam", "cấp", "cap", "đổi", "doi", "mất", "mat", "xin", "hạn", "han",
    )},
    # "qt" after a driving licence is international ("gplx qt", "bằng lái qt").
    **{(before, "qt"): "quốc tế" for before in ("gplx", "lái", "lai", "xe")},
    # "tn" after a benefit is unemployment ("trợ cấp tn"); alone it may be "tốt nghiệp".
    **{(before, "tn"): "thất nghiệp" for before in ("cấp", "cap", "hiểm", "hiem", "bh")},
    # "sd" after a transfer or a re-issue is the land title ("sang tên sd"); alone it may be "sử dụng".
    **{(before, "sd"): "sổ đỏ" for before in ("tên", "ten", "làm", "lam", "mất", "mat", "cấp", "cap")},
}
# "đk kh" asks "được không" at the end of a question ("làm online dk kh ạ"), and means a marriage
# registration ("đăng ký kết hôn") when more words follow ("đk kh ở đâu").
_MARRIAGE_FIRSTS, _MARRIAGE_SECOND, _MARRIAGE_MEANING = frozenset({"đk", "dk"}), "kh", "kết hôn"
_QUESTION_END = frozenset({"ạ", "a", "vậy", "v", "z", "nhỉ", "nhé", "ko", "không", "hả", "ha", "chưa"})
# A civil-status record's initials before "có yếu tố (nước ngoài)": "kh" is a marriage there, not "không".
_RECORD_INITIALS = {"kh": "kết hôn", "ks": "khai sinh", "kt": "khai tử"}
_FOREIGN_ELEMENT_WORDS = ["co", "yeu", "to"]

# Multi-word chat phrases → standard wording (matched accent-aware, longest first).
CHAT_PHRASES: tuple[tuple[str, str], ...] = (
    ("ở đâu", "ở đâu"),
    ("bao nhiêu", "bao nhiêu"),
    ("bao lâu", "bao lâu"),
    ("dk không", "được không"), ("đk không", "được không"), ("dk", "đăng ký"), ("đk", "đăng ký"),
    ("cho e hỏi", "cho em hỏi"), ("e muốn", "em muốn"), ("e cần", "em cần"), ("giúp e", "giúp em"),
    ("e hỏi", "em hỏi"), ("e định", "em định"),
    ("đăng kí", "đăng ký"), ("chữ kí", "chữ ký"), ("p hay q", "phường hay quận"), ("x hay h", "xã hay huyện"),
    # "cước" typed short before "công dân": the identity card, not "căn cứ" (legal basis).
    ("căn cứ công dân", "căn cước công dân"), ("can cu cong dan", "can cuoc cong dan"),
    # The older spelling of "công ty" (alone, "ti" is also "ti vi").
    ("công ti", "công ty"), ("cong ti", "cong ty"),
    # Moving a paper into another's name is a transfer ("chuyển tên xe sang vợ", "chuyển về tên mình").
    ("chuyển tên", "sang tên"), ("chuyen ten", "sang ten"), ("chuyển về tên", "sang tên"),
    ("chuyen ve ten", "sang ten"),
    # "tc" before a benefit is an allowance ("tc thất nghiệp", "tc xh"); alone it may be a standard.
    ("tc thất nghiệp", "trợ cấp thất nghiệp"), ("tc xh", "trợ cấp xã hội"), ("tc xã hội", "trợ cấp xã hội"),
    ("tc người", "trợ cấp người"), ("tc tuất", "trợ cấp tuất"), ("tc 1 lần", "trợ cấp một lần"),
    ("giảm trừ gc", "giảm trừ gia cảnh"),
    ("yếu tố nn", "yếu tố nước ngoài"), ("yeu to nn", "yeu to nuoc ngoai"),
    # "được hưởng" is "hưởng" in every name that pays a benefit; "được" only keeps the words apart.
    ("được hưởng", "hưởng"), ("duoc huong", "huong"), ("đc hưởng", "hưởng"), ("dc huong", "huong"),
    # Rebuilding a house is building anew, not a re-issue ("lại" picks "cấp lại" records).
    ("xây lại", "xây mới"), ("xây dựng lại", "xây dựng mới"),
    # Older names of the land title read as "sổ đỏ", whose lexicon entries know what is done with it.
    ("bằng khoán", "sổ đỏ"), ("giấy chủ quyền", "sổ đỏ"),
    ("sổ bh", "sổ bhxh"),
    # The southern "hông" (không) typed without its accent, after "được": a yes-or-no, not "hỏng" (broken).
    *((f"{can} hong", "được không") for can in ("được", "duoc", "đc", "dc")),
    # A stolen paper is a lost one ("cắp" is no typo of "cấp").
    ("bị mất cắp", "bị mất"), ("mất cắp", "bị mất"), ("bị trộm mất", "bị mất"), ("bị trộm", "bị mất"),
    # "nc" alone is also "nói chuyện"; before "ngoài" it is a country abroad.
    ("nc ngoài", "nước ngoài"), ("nc ngoai", "nước ngoài"),
    # The southern word for a car, so that the lexicon's "ô tô" phrases apply ("mua xe hơi mới").
    ("xe hơi", "xe ô tô"), ("xe hoi", "xe ô tô"),
    # A passport that something happened to ("hc bị hỏng").
    ("hc bị", "hộ chiếu bị"), ("hc bi", "hộ chiếu bi"),
    # "nn" is abroad after a person, and farming after land ("đất nn").
    ("ng nn", "người nước ngoài"), ("người nn", "người nước ngoài"), ("nguoi nn", "người nước ngoài"),
    ("đất nn", "đất nông nghiệp"), ("dat nn", "đất nông nghiệp"),
    # "hđ" is a contract before what the contract does ("hđ mua bán xe"); elsewhere it may be "hoạt động".
    *((f"{short} {deal}", f"hợp đồng {deal}") for short in ("hđ", "hd") for deal in (
        "mua", "thuê", "thue", "tặng", "tang", "ủy", "uỷ", "uy", "lao", "chuyển", "chuyen", "góp", "gop",
    )),
)

# English and loan words that must never be "repaired" as Telex ("pass" is not "pá").
_PROTECTED_WORDS = frozenset({
    "bus", "max", "tax", "box", "fax", "sex", "mix", "fix", "pass", "yes", "taxi", "visa", "online",
    "offline", "email", "web", "app", "file", "form", "link", "zalo", "vneid", "usb", "sms", "pdf",
    "gas", "bar", "car", "tour", "test", "ok", "okay", "hello", "hi", "thanks", "thank", "admin", "bot",
    "code", "qr",
})

# A doubled đ at the start of a word is a Telex leftover ("đđăng"); inside a word it is an abbreviation
# ("qsdđ" = quyền sử dụng đất) and stays.
_DOUBLE_D_RE = re.compile(r"(?<!\w)(?:đđ|dđ|đd)")
# Three or more of the same vowel in a row never occur in Vietnamese ("nhaaaa" → "nha").
_LONG_RUN_RE = re.compile("([" + _BASE_VOWELS + "".join(_TONED_VOWELS) + r"])\1{2,}")
# A final "a" is the polite particle "ạ", unless it is a licence class ("bằng a", "hạng a").
_LICENCE_WORDS = frozenset({"bằng", "bang", "hạng", "hang", "lái", "lai", "loại", "loai"})


@lru_cache(maxsize=RECENT_TEXTS)
def repair_typing(text: str) -> str:
    """Return normalized ``text`` with Telex/VNI leftovers and common chat spellings fixed.

    Fixes doubled đ, raw Telex ("ddawng kys" → "đăng ký") and VNI ("ho65" → "hộ") syllables, stray
    tone keys and doubled last letters ("sinhh" → "sinh"), and chat abbreviations from :data:`CHAT_WORDS`
    and :data:`CHAT_PHRASES`. A token is only rewritten when the result is a well-formed Vietnamese
    syllable and the original is not, so real words are left alone.
    """
    s = normalize(text)
    if not s:
        return s
    s = _LONG_RUN_RE.sub(r"\1", _DOUBLE_D_RE.sub("đ", s))
    words: list[str] = []
    tokens = s.split()
    for position, token in enumerate(tokens):
        before = words[-1] if words else ""
        replacement = _CHAT_WORDS_AFTER.get((before, token)) or CHAT_WORDS.get(token)
        if (
            before in _MARRIAGE_FIRSTS and token == _MARRIAGE_SECOND
            and not _QUESTION_END.issuperset(tokens[position + 1:])
        ):
            replacement = _MARRIAGE_MEANING
        if token in _RECORD_INITIALS and [fold_normalized(t) for t in tokens[position + 1:position + 4]] == (
            _FOREIGN_ELEMENT_WORDS
        ):
            replacement = _RECORD_INITIALS[token]
        words.extend((replacement or _repair_token(token)).split())
    out: list[str] = []
    i = 0
    for match in _CHAT_PHRASE_MATCHER.find(words):
        out.extend(words[i:match.start])
        out.extend(match.value.split())
        i = match.end
    out.extend(words[i:])
    if len(out) > 1 and out[-1] == "a" and out[-2] not in _LICENCE_WORDS:
        out[-1] = "ạ"
    return " ".join(out)


_CHAT_PHRASE_MATCHER: PhraseMatcher[str] = PhraseMatcher(CHAT_PHRASES)

# --------------------------------------------------------------------------------------------------
# Filler removal
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filler:
    """A filler phrase: where it may be removed and which next words keep it (it carries meaning there)."""

    edge_only: bool = False  # only at the start or the end of the text
    kept_before: frozenset[str] = frozenset()  # folded next words that keep the phrase
    only_after: frozenset[str] = frozenset()  # when set, removed only after one of these folded words
    only_before: frozenset[str] = frozenset()  # when set, removed only before one of these folded words
    # an accent-only filler typed without accents is still removed after one of these folded words
    unaccented_after: frozenset[str] = frozenset()


_ANYWHERE = Filler()
# Folded actions after which "một" / "1" only counts the thing acted on.
_ONE_OF_AFTER = frozenset({"mo", "lam", "mua", "ban", "xay", "xin", "lap", "cat", "thue", "nuoi", "dung"})
_EDGE = Filler(edge_only=True)
_KEEP_BEFORE_QUESTION = Filler(kept_before=frozenset({"gi", "nhung", "mang", "chuan"}))
# "trường yêu cầu có căn cước" tells who asked for the paper; "yêu cầu bồi thường / thi hành án" and "theo
# yêu cầu của cơ quan" are what is asked.
_REQUIRED_BY_SOMEONE = Filler(kept_before=frozenset({"boi", "thi", "thay", "cham", "giai", "cua"}))

FILLERS: tuple[tuple[str, Filler], ...] = (
    # polite openings and requests
    ("cho em hỏi", _ANYWHERE), ("cho mình hỏi", _ANYWHERE), ("cho tôi hỏi", _ANYWHERE),
    ("cho tớ hỏi", _ANYWHERE), ("cho cháu hỏi", _ANYWHERE), ("cho con hỏi", _ANYWHERE),
    ("cho anh hỏi", _ANYWHERE), ("cho chị hỏi", _ANYWHERE), ("cho hỏi", _ANYWHERE), ("xin hỏi", _ANYWHERE),
    ("em hỏi", _ANYWHERE), ("mình hỏi", _ANYWHERE), ("tôi hỏi", _ANYWHERE), ("hỏi chút", _ANYWHERE),
    ("cho em xin", _ANYWHERE), ("cho mình xin", _ANYWHERE), ("cho tôi xin", _ANYWHERE),
    ("xin chào", _ANYWHERE), ("chào bạn", _ANYWHERE), ("chào ad", _ANYWHERE), ("chào bot", _ANYWHERE),
    ("chào", _EDGE), ("alo", _ANYWHERE), ("hello", _ANYWHERE), ("hi", _EDGE),
    ("buổi sáng", _EDGE), ("buổi trưa", _EDGE), ("buổi chiều", _EDGE), ("buổi tối", _EDGE),
    ("ad ơi", _ANYWHERE), ("admin ơi", _ANYWHERE), ("bot ơi", _ANYWHERE), ("bạn ơi", _ANYWHERE),
    ("anh ơi", _ANYWHERE), ("chị ơi", _ANYWHERE), ("em ơi", _ANYWHERE), ("ơi", _ANYWHERE),
    ("làm ơn", _ANYWHERE), ("vui lòng", _ANYWHERE), ("giúp em", _ANYWHERE), ("giúp mình", _ANYWHERE),
    ("giúp tôi", _ANYWHERE), ("giúp với", _ANYWHERE), ("giùm em", _ANYWHERE), ("giùm", _ANYWHERE),
    ("hộ em", _EDGE), ("hộ mình", _EDGE), ("dạ", _ANYWHERE), ("vâng", _ANYWHERE),
    # formal requests ("Kính đề nghị cho biết trình tự…")
    ("xin cho biết", _ANYWHERE), ("đề nghị cho biết", _ANYWHERE), ("kính đề nghị", _ANYWHERE),
    ("đề nghị hướng dẫn", _ANYWHERE), ("xin hướng dẫn", _ANYWHERE), ("cho biết", _ANYWHERE),
    ("đề nghị cơ quan cho biết", _ANYWHERE), ("đề nghị quý cơ quan", _ANYWHERE), ("quý cơ quan", _ANYWHERE),
    ("kính gửi", _ANYWHERE), ("trân trọng", _ANYWHERE), ("trân trọng cảm ơn", _ANYWHERE),
    # intentions
    ("làm sao để", _ANYWHERE), ("làm thế nào để", _ANYWHERE), ("làm như thế nào để", _ANYWHERE),
    ("em muốn", _ANYWHERE), ("mình muốn", _ANYWHERE), ("tôi muốn", _ANYWHERE), ("tớ muốn", _ANYWHERE),
    ("cháu muốn", _ANYWHERE), ("muốn", _ANYWHERE), ("em định", _ANYWHERE), ("mình định", _ANYWHERE),
    ("tôi định", _ANYWHERE), ("tôi cần", _KEEP_BEFORE_QUESTION), ("em cần", _KEEP_BEFORE_QUESTION),
    ("mình cần", _KEEP_BEFORE_QUESTION), ("thủ tục", _ANYWHERE), ("yêu cầu", _REQUIRED_BY_SOMEONE),
    # particles
    ("với ạ", _ANYWHERE), ("ạ", _ANYWHERE), ("à", _EDGE), ("nhé", _ANYWHERE), ("nhá", _EDGE),
    ("nha", _EDGE), ("nhỉ", _EDGE), ("hả", _EDGE), ("vậy", _EDGE), ("thế", _EDGE), ("với", _ANYWHERE),
    ("thì", _ANYWHERE), ("là", _ANYWHERE), ("cảm ơn", _ANYWHERE), ("cám ơn", _ANYWHERE),
    ("cảm ơn nhiều", _ANYWHERE), ("cám ơn nhiều", _ANYWHERE), ("cảm ơn bạn", _ANYWHERE),
    ("cảm ơn ad", _ANYWHERE), ("cảm ơn bot", _ANYWHERE), ("thank you", _ANYWHERE), ("thanks", _ANYWHERE),
    ("tks", _ANYWHERE), ("ok", _EDGE), ("oke", _EDGE),
    # farewells
    ("chúc ngủ ngon", _ANYWHERE), ("ngủ ngon", _ANYWHERE), ("chúc một ngày tốt lành", _ANYWHERE),
    ("tạm biệt", _ANYWHERE), ("bye", _ANYWHERE),
    # wishes ("chúc mừng năm mới")
    ("chúc mừng năm mới", _ANYWHERE), ("chúc mừng", _ANYWHERE), ("năm mới vui vẻ", _ANYWHERE),
    # hearsay ("nghe nói mẹ được hưởng trợ cấp")
    ("nghe nói", _ANYWHERE), ("nghe bảo", _ANYWHERE), ("nghe đâu", _ANYWHERE), ("nghe đồn", _ANYWHERE),
    ("thấy bảo", _ANYWHERE), ("người ta bảo", _ANYWHERE), ("người ta nói", _ANYWHERE),
    # a classifier ("cất cái nhà", "làm cái giấy"): typed without accents, "cai" may be "cai nghiện",
    # except right after an action ("mo cai shop", "mua cai xe")
    ("cái", Filler(unaccented_after=frozenset({"mo", "lam", "mua", "ban", "xay", "cat", "thue"}))),
    # the classifier of vehicles ("mua lại chiếc xe của ông anh"): "mua lại xe" is what the lexicon knows
    ("chiếc", _ANYWHERE),
    # a plural before "gì" ("bạn làm được những gì", "cần những gì"): the question word says it all
    ("những", Filler(only_before=frozenset({"gi", "j"}))),
    # the classifiers of a plot ("chia miếng đất làm hai"): "chia đất" is what the lexicon knows
    # and a count of them ("gộp hai mảnh đất"): "gộp đất"
    *(
        (f"{count} {plot}".strip(), Filler(only_before=frozenset({"dat"})))
        for count in ("", "2", "3", "hai", "ba")
        for plot in ("miếng", "mảnh")
    ),
    # ... of a book or a card ("mất cuốn sổ hộ khẩu", "mất tấm bằng lái"); typed without accents, "quyen"
    # and "tam" are also "quyền" and "tạm" (accent-only, below)
    *((book, Filler(only_before=frozenset({"so"}))) for book in ("cuốn", "quyển")),
    ("tấm", Filler(only_before=frozenset({"the", "bang", "giay"}))),
    # a count of one after an action ("mở 1 công ty", "mua một chiếc xe"), not "một lần" or "một thành viên"
    *((one, Filler(kept_before=frozenset({"lan"}), only_after=_ONE_OF_AFTER)) for one in ("1", "một")),
    # intensifiers ("đóng hẳn hộ kinh doanh", "làm luôn"): typed without accents, "han" may be "hạn" ("thoi
    # han", "dung han"), except after an ending ("dong han", "nghi han")
    ("hẳn", Filler(unaccented_after=frozenset({"dong", "nghi", "bo", "ngung", "chuyen", "ve"}))),
    ("luôn", _ANYWHERE),
    # how a thing was paid for changes no procedure ("xe máy mua trả góp đăng ký ở đâu")
    ("trả góp", _ANYWHERE),
    # getting about ("mẹ tôi không đi lại được"): its "lại" is no re-issue
    ("đi lại", _ANYWHERE),
    # leaving behind ("ông bà để lại miếng đất"): its "lại" is no re-issue either
    ("để lại", _ANYWHERE),
    # a yes/no frame ("có cần đăng ký không"); typed without accents, not "có căn cước / cứ / hộ / nhà";
    # kept before a paper, where it asks which papers ("có cần sổ hộ khẩu không")
    ("có cần", Filler(kept_before=frozenset({"cuoc", "cu", "ho", "nha", "so", "ban", "anh", "mang"}))),
)

# Fillers whose folded form is also a real word ("vang": "tạm vắng"): removed only when typed exactly in an
# accented text.
_ACCENT_ONLY_FILLERS = frozenset(
    {"ạ", "à", "thì", "nha", "vậy", "thế", "hả", "nhá", "dạ", "cái", "hẳn", "luôn", "vâng", "quyển", "tấm"}
)


_FILLER_MATCHER: PhraseMatcher[Filler] = PhraseMatcher(FILLERS)


@lru_cache(maxsize=RECENT_TEXTS)
def strip_filler(text: str) -> str:
    """Return normalized ``text`` without polite filler and chat noise ("cho em hỏi", "ạ", "thủ tục"…).

    Whole words only, accented or typed without accents ("cho em hoi" too). Words whose unaccented form is
    a real word ("thì"/"thi", "nhà"/"nha") are only removed from a text typed with accents.
    """
    words = normalize(text).split()
    if not words:
        return ""
    keep = [True] * len(words)
    typed_with_accents = not all(is_unaccented(word) for word in words)
    for match in _FILLER_MATCHER.find(words):
        filler = match.value
        before = fold_normalized(words[match.start - 1]) if match.start else ""
        if (
            match.phrase in _ACCENT_ONLY_FILLERS
            and (words[match.start] != match.phrase or not typed_with_accents)
            and before not in filler.unaccented_after
        ):
            # "thi", "nha": the user typed no accents, so this may be "thi" (exam) or "nhà" (house).
            continue
        if filler.edge_only and match.start != 0 and match.end != len(words):
            continue
        after = fold_normalized(words[match.end]) if match.end < len(words) else ""
        if filler.only_before and after not in filler.only_before:
            continue
        if filler.only_after and before not in filler.only_after:
            continue
        if after in filler.kept_before:
            continue
        for k in range(match.start, match.end):
            keep[k] = False
    return " ".join(w for w, k in zip(words, keep, strict=True) if k)


def nearest_wording(
    candidates: Iterable[tuple[re.Pattern[str], str]], text: str, at: int, within: int | None = None
) -> str | None:
    """Return the wording paired with the pattern whose match in ``text`` lies nearest to position ``at``
    ("which paper does this action speak of?"), no more than ``within`` characters away when given; None
    when no pattern matches there."""
    found = [
        (abs(match.start() - at), wording)
        for pattern, wording in candidates
        for match in pattern.finditer(text)
        if within is None or abs(match.start() - at) <= within
    ]
    return min(found)[1] if found else None


def clean_query(text: str) -> str:
    """Return the search form of a user's question: normalize → repair_typing → strip_filler."""
    return strip_filler(repair_typing(text))
