"""The search engine: from a citizen's free-text question to the procedures it most likely means.

Pipeline: split a long message into the story and the question part (the story's words only lift names
that contain them) -> clean the text (``knowledge.text.clean_query``) -> repair typos the names and the
lexicon can resolve (non-words, words typed with accents nobody uses) -> detect the aspect on the raw text
and strip the aspect words ("cần gì", "bao nhiêu tiền"), keeping multi-word lexicon phrases whole ->
expand everyday words with the lexicon (also phrases that filler removal broke, "kết hôn với ..."); a
nationality beside a civil-status word adds the foreign-element wording, a bare "sang tên" the land or
vehicle the message names; phrases of the situation ("đã ...") or of a paper to copy lift no name ->
repair unknown syllables by edit distance -> BM25 over syllables and syllable bigrams, on folded and
accented forms (an accented match outweighs a folded-only one) -> rapidfuzz and coverage re-rank of the
best candidates (long omnibus names are not punished for the cases nobody names) -> gentle priors
(national standard record, commune/province level, provincial SPECIFIC variants and consular records
behind, no unasked "cấp lại"/"gia hạn"/"mất") -> collapse duplicate names -> decide confident /
ambiguous / none. A long message whose question part is unsure is also searched as a whole; the better
first match wins.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from knowledge.age import card_age_group, social_pension
from knowledge.aspects import CUES, Aspect, cue_positions, cue_spans, detect_aspect, strip_aspect_words
from knowledge.birth import newborn_papers
from knowledge.bm25 import BM25Index
from knowledge.catalogue import Catalogue
from knowledge.correction import correction_of
from knowledge.death import (
    SURVIVORS_ALLOWANCE,
    death_registration,
    estate_after_death,
    estate_division,
    inherited_title,
    merit_death,
    survivors_allowance,
)
from knowledge.exchange import exchanged_paper, expired_paper
from knowledge.foreign import BORN_ABROAD, FOREIGN_ELEMENT, born_abroad, nationality, recorded_abroad
from knowledge.insurance import lump_sum_withdrawal, maternity_leave, sickness_leave, voluntary_scheme
from knowledge.lexicon import Lexicon
from knowledge.procedure import AdminLevel, Procedure
from knowledge.spelling import SyllableSpeller, sound_alikes
from knowledge.text import (
    CHAT_WORDS,
    FILLERS,
    PhraseMatch,
    clean_query,
    fold,
    fold_normalized,
    is_syllable,
    normalize,
    repair_typing,
)
from knowledge.transfer import land_gift, sale_object, transfer_object

# Longer questions are cut: nobody names a procedure after the 400th character, and cost stays bounded.
MAX_QUESTION_CHARS = 400
MAX_QUERY_SYLLABLES = 40
CANDIDATES = 30
CANDIDATES_BY_FIT = 15
RANK_DEPTH = 5  # names ranked whatever ``k`` asks for
LEXICAL_POOL = 250
MIN_PAIR_DOCS = 3  # a repaired misaccented word must form a word pair found in this many names
USUAL_PAIR_SHARE = 0.9  # a mistyped pair ("hô chiếu") takes the spelling this share of its names use
MIN_TERM_TYPO_LENGTH = 5  # a one-word lexicon term this long ("vneid", "passport") is repaired from one typo
SOUND_ALIKE_PAIR_DOCS = 10  # a known word respelled by sound ("chu" -> "trú") must pair in this many names

# Weights of the lexical stage (relative to folded single syllables).
WEIGHT_FOLDED_BIGRAM = 0.8
WEIGHT_ACCENTED = 0.6
WEIGHT_ACCENTED_BIGRAM = 0.4
WEIGHT_CORRECTED = 0.7  # a syllable reached only through typo repair counts for less
WEIGHT_OPTIONAL = 0.3  # the user's own words of a phrase the lexicon rewrote

# Weights of the final, calibrated score (they sum to 1), in feature order: share of the question's
# idf found in the name, share of the name's idf found in the question, share of the question's bigrams
# found in the name, rapidfuzz token_set_ratio and token_sort_ratio on folded text, BM25 relative to the
# best candidate, share of the name's bigrams found in the question. The weighted sum is then scaled by
# the evidence factor (matched idf / EVIDENCE_FULL).
FEATURE_WEIGHTS: tuple[float, ...] = (0.25, 0.20, 0.10, 0.15, 0.08, 0.07, 0.15)
PRIOR_NATIONAL_STANDARD = 0.04
PRIOR_LOCAL_LEVEL = 0.03
# Consular records (issued by the foreign ministry or a mission abroad, with no domestic level) are rarely
# what a citizen at home means: "chứng thực bản sao" is the commune's, not the embassy's.
PRIOR_ABROAD = -0.10
ABROAD_WORDS: tuple[str, ...] = ("nuoc ngoai", "dai su", "lanh su", "ngoai giao")  # folded: asked abroad
PRIOR_PROVINCIAL_VARIANT = -0.06
ABROAD_ISSUERS: tuple[str, ...] = ("ngoại giao", "đại sứ", "lãnh sự", "cơ quan đại diện")
# Share of a long omnibus name a question can be expected to cover: longer names count as this long.
NAME_COVER_CAP = 30.0
ALIAS_BOOST = 0.5
EVIDENCE_FULL = 12.0  # matched idf (syllables + bigrams) at which a match counts as fully evidenced
EVIDENCE_FLOOR = 0.6  # a match on one common syllable keeps this share of its score
ACCENT_MISMATCH_CREDIT = 0.6  # a typed "ơn" found only as "ổn" covers that syllable partly
INFERRED_ACCENT_CREDIT = 0.8  # an unaccented "hoan" found only as "hoạn" where its pair reads "hoàn"
_SCORE_CEILING = 1.0 + PRIOR_NATIONAL_STANDARD + PRIOR_LOCAL_LEVEL

# Words that make a variant of a base procedure ("cấp lại", "gia hạn", "xóa đăng ký"): a name carrying one
# the question does not mention loses MODIFIER_PENALTY for it, so "đăng ký tạm trú" prefers the base.
MODIFIERS: tuple[str, ...] = (
    "lại", "đổi", "gia hạn", "điều chỉnh", "bổ sung", "thu hồi", "hủy", "huỷ", "chấm dứt", "tạm ngừng",
    "dừng", "xóa", "xoá", "lưu động", "cải chính", "tạm dừng", "khôi phục", "mất", "trình báo",
    "đối với tổ chức", "theo yêu cầu của cơ quan", "dự án bất động sản", "lao động nam", "lấy ý kiến",
    "có yếu tố nước ngoài", "quân nhân", "khóa", "khoá", "cho cơ quan tổ chức",
)
# Modifiers naming a narrow group of applicants, with the folded words that ask for it: a question with none
# of them costs such a name NARROW_MODIFIER_PENALTY on top ("sổ đỏ sang tên cho con" is not about buyers of
# a flat in a real-estate project).
NARROW_MODIFIERS: dict[str, tuple[str, ...]] = {
    "du an bat dong san": ("du an", "chung cu", "can ho", "chu dau tu"),
    # a father's paternity leave: "khi sinh con" alone is the mother's
    "lao dong nam": ("nam", "chong", "vo", "bo", "cha", "ba", "ck", "vk", "dan ong"),
    # a foreign element is named by a country, a nationality or abroad (see knowledge/foreign.py)
    "co yeu to nuoc ngoai": ("nuoc ngoai", "ngoai quoc", "viet kieu", "quoc tich"),
    # the armed forces' own records of war invalids, allowances and insurance
    "quan nhan": (
        "quan nhan", "bo doi", "quan doi", "quoc phong", "si quan", "quan ngu", "tai ngu", "xuat ngu",
        "phuc vien",
    ),
}
NARROW_MODIFIER_PENALTY = 0.06
# One-word modifiers by folded form, with the accented spellings that ask for them ("lại", not "lái").
_ONE_WORD_MODIFIERS = [m for m in MODIFIERS if " " not in m]
_MODIFIER_FORMS: dict[str, frozenset[str]] = {
    fold(m): frozenset(other for other in _ONE_WORD_MODIFIERS if fold(other) == fold(m))
    for m in _ONE_WORD_MODIFIERS
}


def _misread_modifiers(asked: str, as_typed: frozenset[str]) -> list[str]:
    """Return the folded one-word modifiers that ``asked`` holds only because a typed word folds like them:
    "lái xe" does not ask for "cấp lại". Unaccented typing ("lai") still asks."""
    misread = []
    for plain, forms in _MODIFIER_FORMS.items():
        typed = [w for w in as_typed if _fold(w) == plain]
        if f" {plain} " in asked and typed and not any(w in forms or w == plain for w in typed):
            misread.append(plain)
    return misread


def _misread_unaccented(query: _Query, usual_pairs: Mapping[str, str]) -> list[str]:
    """Return the folded one-word modifiers typed without accents whose every pair with a neighbour, where
    the names spell that pair, spells them as another word: "giay phep lai xe" is "phép lái", "lái xe"."""
    misread = []
    for plain, forms in _MODIFIER_FORMS.items():
        if plain not in query.as_typed:
            continue
        spelled = []
        for pair in query.bigrams:
            words, usual = pair.split(), usual_pairs.get(pair)
            if usual is not None and plain in words:
                spelled.append(usual.split()[words.index(plain)])
        if spelled and not any(word in forms for word in spelled):
            misread.append(plain)
    return misread


MODIFIER_PENALTY = 0.03
MAX_MODIFIER_PENALTY = 0.06
# A paper told lost or damaged ("bị mất", "làm mất", "rơi mất", "mất sổ đỏ", "bị rách"): a name saying
# "lại" is not taken as unasked; a death ("bố tôi mất") tells no paper. What the subject gains is read by
# ``_LOST`` and ``_DAMAGED`` below.
_LOSS = (
    r"\b(?:bị|bi|làm|lam|đánh|danh|rơi|roi) (?:mất|mat)\b"
    r"|\b(?:đánh rơi|danh roi|thất lạc|that lac|mất cắp|bị trộm)\b"
)
_LOST_OR_DAMAGED = re.compile(rf"^(?:mất|mat)\b|{_LOSS}|\bbị (?:hỏng|rách|hư)\b|\bbi (?:hong|rach)\b")
# Told lost or destroyed, a paper is issued again ("cấp lại"); told damaged, it is exchanged ("cấp đổi":
# a torn card, title or licence). Read off the question as typed: a repair may take "gãy" for another word.
_LOST = re.compile(rf"{_LOSS}|\b(?:mất hết|mat het)\b|\bbị cháy\b")
_DAMAGED = re.compile(
    r"\bbị (?:hỏng|hư|ướt)\b|\b(?:rách|gãy|nát|nhòe|mờ|nhoe)\b|\bbi (?:hong|rach|gay|uot|hu)\b"
    r"|\b(?:mối ăn|mối mọt|moi an|moi mot)\b"  # eaten by termites
)
_LICENCE_LAI = re.compile(r"\b(?:bang|phep) lai\b")  # unaccented "lai" after a licence is "lái" (drive)
# Words that rule out a name saying "lần đầu": accented, or unaccented where no common word folds the same.
REISSUE_WORDS: tuple[str, ...] = ("lại", "đổi", "gia hạn", "thu hồi", "mất", "doi", "gia han", "thu hoi")
# Personal papers that one name issues and another does not: a question naming one of them ("hộ chiếu cho
# trẻ dưới 14 tuổi") is not about a name that issues another ("thẻ căn cước cho người dưới 14 tuổi").
PAPERS: tuple[str, ...] = ("căn cước", "hộ chiếu", "giấy phép lái xe", "lý lịch tư pháp")
_FOLDED_PAPERS = tuple(fold(p) for p in PAPERS)  # as ``_rerank`` looks for them in the folded question
OTHER_PAPER_PENALTY = 0.10
UNANSWERED_AGAIN_PENALTY = 0.03

# Decision thresholds, calibrated on tests/data/eval_questions.tsv (see benchmarks/search_quality.py).
THRESHOLD_NONE = 0.48
THRESHOLD_CONFIDENT = 0.71
THRESHOLD_GAP = 0.02

_CODE_PATTERN = re.compile(r"(?<![\d.])(\d{1,2}\.\d{6})(?![\d.])")
_PREFIX_PATTERN = re.compile(r"^(?:thu tuc|tthc)\s+")
_ACCENTED_PREFIX_PATTERN = re.compile(r"^(?:thủ tục|tthc)\s+")
# A bracketed level qualifier such as "(thực hiện tại cấp tỉnh)" is not part of what a citizen asks for.
_QUALIFIER_PATTERN = re.compile(r"\([^)]*\)?")
# How and where a record is carried out, written into a few names outside parentheses ("... thực hiện bằng
# dịch vụ công trực tuyến toàn trình", "... tại cấp tỉnh, cấp xã"): a qualifier too, not the subject.
_CHANNEL_PATTERN = re.compile(
    r"(?:thực hiện )?(?:bằng )?dịch vụ công(?: trực tuyến)? (?:toàn trình|một phần)(?: hoặc trực tiếp)?"
    r"|trực tuyến toàn trình"
    r"|(?:thực hiện )?tại cấp (?:trung ương|tỉnh|xã|huyện)(?:, cấp (?:trung ương|tỉnh|xã|huyện))*",
    re.IGNORECASE,
)


# The lexical stage's candidates: document ids and their BM25 scores, best first.
Pool = tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]


class Decision(StrEnum):
    """How sure the engine is about the first match."""

    CONFIDENT = "confident"
    AMBIGUOUS = "ambiguous"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Score cut-offs: below ``none`` nothing matches; ``confident`` also needs a lead of ``gap``."""

    none: float = THRESHOLD_NONE
    confident: float = THRESHOLD_CONFIDENT
    gap: float = THRESHOLD_GAP


DEFAULT_THRESHOLDS = Thresholds()


def decide(scores: Sequence[float], thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Decision:
    """Return the decision for calibrated scores of distinct procedures, best first."""
    if not scores or scores[0] < thresholds.none:
        return Decision.NONE
    if scores[0] < thresholds.confident:
        return Decision.AMBIGUOUS
    if len(scores) > 1 and scores[0] - scores[1] < thresholds.gap:
        return Decision.AMBIGUOUS
    return Decision.CONFIDENT


@dataclass(frozen=True, slots=True)
class Match:
    """One procedure with its calibrated score in [0, 1]."""

    procedure: Procedure
    score: float


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The answer of ``SearchIndex.search``: what was asked, about what, and how sure we are."""

    query: str
    aspect: Aspect
    decision: Decision
    matches: tuple[Match, ...] = ()
    names_procedure: bool = True

    @property
    def best(self) -> Match | None:
        """Return the first match, or None."""
        return self.matches[0] if self.matches else None


@dataclass(frozen=True, slots=True)
class _Query:
    """The analysed subject of a question: its syllables in accented and folded form."""

    accented: tuple[str, ...]
    folded: tuple[str, ...]
    corrected: frozenset[str]  # folded syllables that come from typo repair
    text_folded: str
    optional: frozenset[str] = frozenset()  # the user's words of a phrase the lexicon rewrote
    bigrams: tuple[str, ...] = ()  # folded bigrams in typed order, before repeated words were merged
    bystanders: frozenset[str] = frozenset()  # lift no name, yet asked: pronouns, their pairs, a situation
    as_typed: frozenset[str] = frozenset()  # every word of the question as typed, accents included
    # the optional words in the question's order (then the rest sorted): "bộ đội" stays a pair
    optional_text: str = ""


@dataclass(slots=True)
class _Tables:
    """Everything precomputed at build time; shared by copies made with ``with_aliases``."""

    procedures: list[Procedure]
    keys: list[str]  # folded name without the "thủ tục" prefix, for fuzzy matching
    name_keys: list[str]  # normalized accented name without the prefix: same key = duplicate records
    # A name's core: its folded syllables outside "thủ tục", "(...)" and channel qualifiers, and its bigrams.
    core_postings: dict[str, frozenset[int]]  # core syllable -> the names whose core has it
    core_bigram_postings: dict[str, frozenset[int]]  # core bigram -> the names whose core has it
    core_totals: list[tuple[float, float]]  # summed idf of the core's syllables and of its bigrams
    self_scores: npt.NDArray[np.float64]  # BM25 of a name against itself (syllables + bigrams), or 1.0
    modifiers: list[tuple[str, ...]]  # folded MODIFIERS found in the name
    priors: list[float]
    abroad: list[bool]  # consular records (see ``_is_abroad``)
    first_issue: list[bool]  # names that say "lần đầu"
    papers: list[frozenset[str]]  # folded PAPERS named in the name
    by_code: dict[str, int]
    folded: BM25Index
    folded_bigrams: BM25Index
    accented: BM25Index
    accented_bigrams: BM25Index
    speller: SyllableSpeller
    duplicates: dict[str, list[int]] = field(default_factory=dict)
    usual_pairs: dict[str, str] = field(default_factory=dict)  # folded bigram -> its usual accented form
    # folded second syllable -> the accented pair most names spell with it, by the first syllable's folded
    # initial letters tried ("chieu" -> "h" -> "hộ chiếu"); see ``_pairs_by_second``
    pairs_by_second: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


@lru_cache(maxsize=50_000)
def _fold(syllable: str) -> str:
    """Fold one already-normalized syllable (cached: the vocabulary is small)."""
    return fold_normalized(syllable)


def _syllables(text: str) -> list[str]:
    return normalize(text).split()


def _postings(docs: Sequence[Sequence[str]]) -> dict[str, frozenset[int]]:
    """Return term -> the ids of the documents (positions in ``docs``) that contain it."""
    found: dict[str, set[int]] = {}
    for doc_id, terms in enumerate(docs):
        for term in terms:
            found.setdefault(term, set()).add(doc_id)
    return {term: frozenset(ids) for term, ids in found.items()}


def _ratios(query: str, choices: list[str], scorer: Callable[..., float]) -> list[float]:
    """Return ``scorer(query, choice)`` for every choice, computed in one call (the query prepared once)."""
    return process.cdist([query], choices, scorer=scorer, dtype=np.float64)[0].tolist()


def _summed_within(
    postings: Mapping[str, frozenset[int]],
    terms: Sequence[str],
    within: set[int],
    weight: Callable[[str], float],
) -> dict[int, float]:
    """Return, for each id in ``within``, the summed ``weight`` of the ``terms`` whose postings hold it."""
    sums = dict.fromkeys(within, 0.0)
    for term in terms:
        ids = postings.get(term)
        if ids:
            value = weight(term)
            for doc_id in ids & within:
                sums[doc_id] += value
    return sums


def _straddle(span: tuple[int, int], other: tuple[int, int]) -> bool:
    """Return True when two word spans overlap and neither holds the other."""
    (start, end), (other_start, other_end) = span, other
    overlap = other_start < end and start < other_end
    nested = (other_start >= start and other_end <= end) or (start >= other_start and end <= other_end)
    return overlap and not nested


def _gives_way(phrase: tuple[int, int], cue: tuple[int, int]) -> bool:
    """Return True when a lexicon phrase's words go with an aspect cue's: the two straddle, or the cue holds
    the phrase and more ("qua app vneid" asks the channel; its "app vneid" names no account)."""
    inside = cue[0] <= phrase[0] and phrase[1] <= cue[1] and cue != phrase
    return inside or _straddle(phrase, cue)


def _respells(phrase: str, expansion: str) -> bool:
    """Return True when a lexicon entry only respells its phrase: as many words, each folded form at most
    one edit from the one it stands for ("gia hạng" -> "gia hạn", "xang tên" -> "sang tên")."""
    typed, meant = fold(phrase).split(), fold(expansion).split()
    return (
        len(typed) == len(meant)
        and typed != meant
        and all(OSA.distance(a, b) <= 1 for a, b in zip(typed, meant, strict=True))
    )


def _bigrams(tokens: tuple[str, ...] | list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in pairwise(tokens)]


def _rarer(typed: str, respelled: str, names_with: Mapping[str, Sized]) -> bool:
    """Return True when fewer names hold ``typed`` than ``respelled``."""
    return len(names_with.get(typed, ())) < len(names_with.get(respelled, ()))


def _dropped_one(typed: str, spelled: str) -> bool:
    """Return True when ``typed`` is ``spelled`` with one letter left out ("mạg", "mạng")."""
    return len(spelled) == len(typed) + 1 and any(
        spelled[:i] + spelled[i + 1:] == typed for i in range(len(spelled))
    )


def _swapped_one(typed: str, spelled: str) -> bool:
    """Return True when ``typed`` is ``spelled`` with two neighbouring letters swapped ("hnô", "hôn")."""
    return len(typed) == len(spelled) and any(
        typed[:i] + typed[i + 1] + typed[i] + typed[i + 2:] == spelled for i in range(len(typed) - 1)
    )


def _slipped_one(typed: str, spelled: str) -> bool:
    """Return True when ``typed`` is ``spelled`` with one letter left out or two neighbours swapped."""
    return _dropped_one(typed, spelled) or _swapped_one(typed, spelled)


def _neighbours(plains: list[str], position: int) -> tuple[str, str]:
    """Return the words before and after ``position`` ("" at either end)."""
    before = plains[position - 1] if position > 0 else ""
    after = plains[position + 1] if position + 1 < len(plains) else ""
    return before, after


def _has_accent(syllable: str) -> bool:
    return not syllable.isascii()


def _abbreviations(lexicon: Lexicon | None) -> dict[str, list[str]]:
    """Return the lexicon's one-word abbreviations (non-syllables such as "bhxh") with their words."""
    if lexicon is None:
        return {}
    return {
        phrase: expansion.split()
        for phrase, expansion in lexicon.entries()
        if " " not in phrase and not is_syllable(phrase) and phrase.isalnum()
    }


def _usual_pairs(accented_bigrams: BM25Index) -> dict[str, str]:
    """Map each folded word pair to the accented spelling most names use ("ho chieu" -> "hộ chiếu"), when
    that spelling is found in at least ``MIN_PAIR_DOCS`` names and in ``USUAL_PAIR_SHARE`` of the names
    holding the pair in any spelling."""
    spellings: dict[str, Counter[str]] = {}
    for pair, docs in accented_bigrams.postings.items():
        spellings.setdefault(" ".join(_fold(s) for s in pair.split()), Counter())[pair] += len(docs)
    usual: dict[str, str] = {}
    for folded, counts in spellings.items():
        spelling, found = counts.most_common(1)[0]
        if found >= MIN_PAIR_DOCS and found >= USUAL_PAIR_SHARE * sum(counts.values()):
            usual[folded] = spelling
    return usual


def _pairs_by_second(
    usual_pairs: Mapping[str, str], folded_bigrams: BM25Index
) -> dict[str, list[tuple[str, str]]]:
    """Map each folded second syllable to its usual accented pairs with their folded first syllable, most
    frequent in the names first: what "h.chiếu" may abbreviate."""
    found: dict[str, list[tuple[int, str, str]]] = {}
    for folded_pair, spelled in usual_pairs.items():
        first, _, second = folded_pair.partition(" ")
        docs = len(folded_bigrams.postings.get(folded_pair, ()))
        found.setdefault(second, []).append((-docs, first, spelled))
    return {second: [(first, spelled) for _, first, spelled in sorted(found[second])] for second in found}


def _prior(procedure: Procedure) -> float:
    prior = PRIOR_NATIONAL_STANDARD if procedure.is_national_standard else 0.0
    if AdminLevel.COMMUNE in procedure.levels or AdminLevel.PROVINCE in procedure.levels:
        prior += PRIOR_LOCAL_LEVEL
    if procedure.record_type == "SPECIFIC":  # a province's own variant: reachable, but not the default
        prior += PRIOR_PROVINCIAL_VARIANT
    return prior


VARIANT_GAP = 0.03  # calibrated score a provincial variant yields to the national standard lifted above it
_PROVINCE_RE = re.compile(r"\b(?:tinh|thanh pho|tp)\s+(.+)$")


def _names_province(procedure: Procedure, text_folded: str) -> bool:
    """Return True when the folded question names the province that issued ``procedure``."""
    found = _PROVINCE_RE.search(fold(procedure.issuer))
    return found is not None and f" {found.group(1).strip()} " in f" {text_folded} "


def _is_abroad(procedure: Procedure) -> bool:
    """Return True for a consular record: issued by the foreign ministry or a mission, no domestic level."""
    issuer = procedure.issuer.casefold()
    return not procedure.levels and any(word in issuer for word in ABROAD_ISSUERS)


_SENTENCE_END = re.compile(r"(?<=[.?!…;\n])\s+|\n+")
STORY_MIN_SENTENCES = 3  # a message of this many sentences or more tells a story before asking
# One or two letters, a dot or a slash, then a word: the first word of a pair shortened ("h.chiếu").
_SHORTENED_PAIR = re.compile(r"\b([^\W\d_]{1,2})[./]([^\W\d_]{2,})")
MIN_MERGED_PART = 2  # the shortest syllable split off a word typed without its space ("hochieu")
MAX_SYLLABLE_LETTERS = 7  # "nghiêng"
MAX_MERGED_LENGTH = 40  # longer runs of letters are not split into syllables
STORY_RETRY_BELOW = 0.60  # a first match scoring less from the question part: search the whole message too


# "muốn" (want), typed with or without accents; not "muộn" (late): "khai sinh muộn cho người lớn".
_WISH = frozenset({"muốn", "muon"})
# Unaccented "muon" after a request is "muộn" too: "dang ky khai sinh muon" is a late registration.
_REQUEST_OPENINGS = ("dang ky ", "dk ", "xin ")


def split_story(question: str, min_sentences: int = STORY_MIN_SENTENCES, context: int = 1) -> tuple[str, str]:
    """Split a long message into (story, question part).

    Citizens often tell their situation in a few sentences and ask at the end. The question part is the
    last sentence with a question mark (or the last sentence) together with the sentence before it; the
    story is everything else. In a shorter message, the words after "muốn" (want) are the question part
    and the words before it the story ("con trai lấy vợ muốn tách hộ khẩu"), when each side has a few words.
    Otherwise the whole message is the question: ("", question).
    """
    sentences = [s for s in (part.strip() for part in _SENTENCE_END.split(question)) if s]
    if len(sentences) < min_sentences:
        words = question.split()
        wish = next((i for i, w in enumerate(words) if w.casefold() in _WISH), None)
        if wish is not None and wish >= 2 and len(words) - wish > 3:
            before = " ".join(words[:wish])
            if words[wish].casefold() == "muon" and before.casefold().startswith(_REQUEST_OPENINGS):
                return "", question
            return before, " ".join(words[wish + 1:])
        now = next((i for i in range(1, len(words)) if _turns_to_now(words, i)), None)
        if now is not None and now >= 3 and len(words) - now > 3:
            return " ".join(words[:now]), " ".join(words[now:])  # "..., chưa kết hôn, giờ làm khai sinh"
        return "", question
    asking = max((i for i, s in enumerate(sentences) if "?" in s), default=len(sentences) - 1)
    first = max(0, asking - context)
    story = sentences[:first] + sentences[asking + 1:]
    return " ".join(story), " ".join(sentences[first:asking + 1])


_CLAUSE_END = ".,;:?!…"
# "giờ" / "bây giờ" (now) opening a clause turns a one-sentence story to its request.
_NOW = (("giờ",), ("gio",), ("bây", "giờ"), ("bay", "gio"))


def _turns_to_now(words: list[str], position: int) -> bool:
    """Return True when a clause opens at ``position`` with "giờ" or "bây giờ" after a comma."""
    if not words[position - 1].endswith(","):
        return False
    return any(
        tuple(w.casefold() for w in words[position:position + len(now)]) == now for now in _NOW
    )


# Folded words that make "để" a verb, not "in order to": "bố mất để lại đất" (left), "để dành", "để ý".
_NOT_PURPOSE_AFTER = frozenset({"lai", "danh", "y"})


def split_purpose(question: str) -> tuple[str, str]:
    """Split "xin lý lịch tư pháp để đi xuất khẩu lao động" into (the request, its purpose).

    What a citizen wants often comes before "để" (in order to), and what for after it. Just as often the
    words before it are generic ("cần giấy tờ gì để đăng ký khai sinh"), so the search tries both readings.
    Without a "để" after the second word: (question, "")."""
    words = question.split()
    for position, word in enumerate(words[2:-1], start=2):
        if word.casefold() not in ("để", "de") or _fold(words[position + 1].casefold()) in _NOT_PURPOSE_AFTER:
            continue
        # The purpose ends with its clause: "... để xây nhà cho con. Thủ tục xin chuyển mục đích?"
        ends = (i + 1 for i in range(position + 1, len(words)) if words[i][-1] in _CLAUSE_END)
        end = next(ends, len(words))
        purpose = " ".join(words[position + 1:end])
        request = words[:position]
        if end < len(words):
            request = [*request[:-1], request[-1] + purpose[-1], *words[end:]]
        return " ".join(request), purpose.rstrip(_CLAUSE_END)
    return question, ""


# Words after which a lexicon phrase is the citizen's situation, not the request ("… khi đã đổi tên", "vì
# đã ly hôn"). Not "khi" or "do": names use them to pick a case ("khi chuyển nhượng", "do bị mất"); not
# "chưa" alone: "chưa có hộ chiếu" and "chưa làm khai sinh" ask for the very thing.
_CONDITION_MARKERS = frozenset({"da", "vi"})
# "khi" marks a situation only after a phrase that already asks: "tách hộ khẩu khi lấy vợ" asks to split
# the household, while "khi kết hôn cần gì" and the names' own "khi chuyển nhượng" ask about the case.
_AFTER_REQUEST_MARKERS = frozenset({"khi"})
# "chưa" marks a situation only before another phrase, which asks: "bố mẹ chưa đăng ký kết hôn thì khai
# sinh thế nào" asks for the birth record.
_BEFORE_REQUEST_MARKERS = frozenset({"chua"})
_DONE_MARKER = "roi"  # after a phrase: done already ("bán xe rồi"), a situation when another phrase follows
# Any of them in a question means its phrases are looked at for a situation (see ``_conditions``).
_SITUATION_MARKERS = _CONDITION_MARKERS | _AFTER_REQUEST_MARKERS | _BEFORE_REQUEST_MARKERS | {_DONE_MARKER}
_CONDITION_VERBS = frozenset({"dang", "ky", "lam", "bi"})
MIN_REQUEST_WORDS = 2
# Folded pairs after "đã" that say a paper is done: "đã (được) công chứng / chứng thực", "đã làm lại".
_DONE = frozenset({"cong chung", "chung thuc", "lam lai", "lam xong", "duoc cap", "cap lai"})


# Words of a request that names nothing: what to do, with which papers, where, now, which steps next
# ("giờ làm giấy tờ gì", "tôi phải làm những bước gì tiếp theo").
_BARE_WORDS = frozenset({
    "gio", "bay", "lam", "can", "phai", "nhung", "giay", "to", "thu", "tuc", "gi", "sao", "the", "nao",
    "ntn", "o", "dau", "di", "nua", "ha", "a", "thi", "buoc", "tiep", "theo",
    # where to go and what to bring: "ở quê bảo phải lên xã báo, phải mang những gì"
    "mang", "len", "ra", "bao", "que", "xa", "phuong",
})


def _break_tie(ranked: list[tuple[int, float]], preferred: int, gap: float) -> list[tuple[int, float]]:
    """Put ``preferred`` first, at the leader's score, when it scores within ``gap`` of the leader."""
    scores = dict(ranked)
    lead = ranked[0][1]
    if preferred not in scores or lead - scores[preferred] >= gap or ranked[0][0] == preferred:
        return ranked
    return [(preferred, lead)] + [(doc_id, score) for doc_id, score in ranked if doc_id != preferred]


def _is_bare(request: str) -> bool:
    """Return True when ``request`` asks what to do without naming anything ("giờ làm giấy tờ gì")."""
    return set(fold(clean_query(request)).split()) <= _BARE_WORDS | _PERSON_WORDS_FOLDED


MIN_BARE_ENDING = 3  # words of a bare question ending a request ("tôi phải làm thủ tục gì")


def _ends_bare(request: str) -> bool:
    """Return True when ``request`` ends by asking what to do ("... giấy chứng nhận vẫn còn, tôi phải làm
    thủ tục gì"): what it named before tells the situation, and the purpose after "để" the request."""
    ending = 0
    for word in reversed(fold(request).split()):
        if word not in _BARE_WORDS and word not in _PERSON_WORDS_FOLDED:
            break
        ending += 1
    return ending >= MIN_BARE_ENDING


def _conditions(text: str, found: Sequence[PhraseMatch[str]]) -> list[PhraseMatch[str]]:
    """Return the phrases of ``found`` that follow a condition word in ``text``."""
    words = [_fold(w) for w in normalize(text).split()]
    marked: list[PhraseMatch[str]] = []
    for match in found:
        before = match.start - 1
        while before > 0 and match.start - before <= 2 and words[before] in _CONDITION_VERBS:
            before -= 1  # "đã đăng ký kết hôn", "đã làm căn cước"
        after = match.end + (match.end < len(words) and words[match.end] in _PERSON_WORDS_FOLDED)
        done = words[after:after + 3]  # "căn cước (tôi) đã làm lại rồi"
        marker = words[before] if before >= 0 else ""
        late = marker in _AFTER_REQUEST_MARKERS and any(other.end <= before for other in found)
        early = marker in _BEFORE_REQUEST_MARKERS and any(
            other.start >= match.end and fold(other.value) != fold(match.value) for other in found
        )
        # "ra ở riêng rồi, giờ làm sổ đỏ": done already, told before another phrase, which asks
        told_done = done[:1] == [_DONE_MARKER] and any(
            other.start > match.end and fold(other.value) != fold(match.value) for other in found
        )
        if marker in _CONDITION_MARKERS or late or early or told_done:
            marked.append(match)
        elif done[:1] == ["da"] and not _DONE.isdisjoint(_bigrams(done[1:]) + _bigrams(done[2:])):
            marked.append(match)  # "hợp đồng tặng cho đã công chứng", "căn cước đã làm lại": done already
    return marked


# Phrases that tell why a paper is needed, or who needs it, seldom what is asked when the message names
# another procedure: "giấy khai sinh ghi sai, làm hồ sơ đi xuất khẩu lao động thì bị vướng, muốn sửa lại",
# "khai sinh cho con của mẹ đơn thân", "em lấy chồng ở tỉnh khác, nhập khẩu về nhà chồng sao".
_REASONS = frozenset({
    "xuat khau lao dong", "xkld", "me don than", "lay vo", "lay chong", "cuoi vo", "cuoi chong",
})


def _reasons_beside_a_request(
    found: Sequence[PhraseMatch[str]], around: Sequence[PhraseMatch[str]] = ()
) -> list[PhraseMatch[str]]:
    """Return the phrases of ``found`` that give a reason, when another phrase of ``found`` or of the
    message ``around`` it asks."""
    reasons = [m for m in found if fold(m.phrase) in _REASONS]
    asks = any(fold(m.phrase) not in _REASONS for m in (*found, *around))
    return reasons if asks else []


# The openings of the certified-copy and certified-translation expansions.
_CERTIFIED_COPY = ("chứng thực bản sao", "chứng thực chữ ký người dịch")
_CERTIFICATION = "chứng thực"
_BARE_CERTIFICATION = fold(_CERTIFICATION)


def _copied_papers(found: Sequence[PhraseMatch[str]]) -> list[PhraseMatch[str]]:
    """Return the phrases of ``found`` that name the paper to copy or translate after a certified-copy or
    translation phrase ("sao y bằng cấp 3", "dịch thuật công chứng giấy khai sinh"): the paper is what gets
    copied, not a procedure to run. A bare "chứng thực" before another certification the lexicon knows
    ("chứng thực văn bản thỏa thuận chia thừa kế") is that certification's verb, no copy: it is returned
    instead, so that its reading as a copy goes."""
    copies = [m for m in found if m.value.startswith(_CERTIFIED_COPY)]
    certifications = [
        m for m in found if m.value.startswith(_CERTIFICATION) and not m.value.startswith(_CERTIFIED_COPY)
    ]
    verbs = [
        c for c in copies
        if fold(c.phrase) == _BARE_CERTIFICATION and any(m.start >= c.end for m in certifications)
    ]
    copies = [c for c in copies if c not in verbs]
    return verbs + [
        m for m in found
        if not m.value.startswith(_CERTIFIED_COPY) and any(c.start < m.start for c in copies)
    ]


# Who a citizen speaks of: optional words unless a name pairs them with a neighbour. Typed without
# accents, a word counts when it folds to one of them.
_PERSON_WORDS = frozenset({
    "tôi", "tui", "tớ", "tao", "mình", "em", "anh", "chị", "ấy", "nó", "họ", "ông", "bà", "bác", "chú",
    "cô", "dì", "cậu", "mợ", "thằng", "cháu", "ổng", "bả", "ảnh",
})
_PERSON_WORDS_FOLDED = frozenset(fold_normalized(w) for w in _PERSON_WORDS)


# Everyday words the names never use, never taken for typos ("ở quê" is no "ở qua", "100 mét" no "mất"); not
# "chú", which may be a typed "trú", nor "hôm", a typed "hôn".
_EVERYDAY_WORDS = (
    "má", "tía", "đứa", "thằng", "gái", "bà", "ông", "bả", "quê", "mét", "vuông", "lắm", "bây", "vẫn", "nữa",
    "ngoái", "phạt", "ăn", "chợ", "đòi", "răng", "đài", "nương", "túc", "xá",  # "ký túc xá", not "ký tac xoa"
)
# Everyday words no name uses, typed with or without accents, whose folded form is no slip of a name's
# word either: a soaked, smudged paper ("sổ đỏ bị ướt nhòe hết chữ", not "vượt"), an insurance book closed
# by the employer ("công ty đã chốt sổ", not "chết").
_EVERYDAY_FOLDED = frozenset({"uot", "nhoe", "chot"})
# Everyday phrases the text module knows (fillers, aspect cues, chat words) and the everyday words: their
# words are never "repaired" as typos, and their word pairs are never respelled.
_KNOWN_PHRASES = tuple(
    normalize(phrase)
    for phrases in (
        (p for p, _ in FILLERS), (p for p, _ in CUES), CHAT_WORDS.values(), CHAT_WORDS,
        _EVERYDAY_WORDS,
    )
    for phrase in phrases
)
# Folded words of the pension or insurance a dead relative drew, and of the lexicon's wording for drawing
# one ("hưởng lương hưu đối với người tham gia …"): told of, not asked for.
_PENSION_WORDS = frozenset(
    word
    for phrase in ("lương hưu", "hưu trí", "bhxh", "bảo hiểm xã hội", "đối với người tham gia", "bắt buộc")
    for word in fold(phrase).split()
)
_CHAT_AND_CUE_WORDS = frozenset(word for phrase in _KNOWN_PHRASES for word in phrase.split())


_FILLER_WORDS = frozenset(normalize(phrase) for phrase, _ in FILLERS if " " not in normalize(phrase))


class SearchIndex:
    """Procedure search over a catalogue; build once with ``SearchIndex.build``, then call ``search``."""

    def __init__(
        self,
        tables: _Tables,
        lexicon: Lexicon | None,
        aliases: Mapping[str, str] | None = None,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
    ) -> None:
        self._tables = tables
        self._lexicon = lexicon
        self.thresholds = thresholds
        self._lexicon_words = frozenset(
            _fold(w) for entry in (lexicon.entries() if lexicon else ()) for w in entry[0].split()
        )
        # One-word phrases long enough to tell a typo of them apart ("passpot" -> "passport").
        self._lexicon_terms = sorted(
            _fold(phrase) for phrase, _ in (lexicon.entries() if lexicon else ())
            if " " not in phrase and len(phrase) >= MIN_TERM_TYPO_LENGTH and not is_syllable(phrase)
        )
        self._short_terms: dict[int, set[str]] = {}  # 4-letter one-word terms that are no syllable: "gpxd"
        for phrase, _ in lexicon.entries() if lexicon else ():
            if len(phrase) == MIN_TERM_TYPO_LENGTH - 1 and phrase.isalpha() and not is_syllable(phrase):
                self._short_terms.setdefault(len(phrase), set()).add(_fold(phrase))
        entries = lexicon.entries() if lexicon else ()
        known_phrases = [*_KNOWN_PHRASES, *(phrase for entry in entries for phrase in entry)]
        self._known_words = frozenset(w for phrase in known_phrases for w in phrase.split())
        # Accented spellings by folded form, to tell which repair keeps the accents a typo was typed with.
        self._accented_spellings: dict[str, list[str]] = {}
        for word in [*tables.accented.postings, *self._known_words]:
            self._accented_spellings.setdefault(_fold(word), []).append(word)
        # Word pairs of lexicon phrases by their folded form, where the folded form has one spelling.
        spellings: dict[str, set[str]] = {}
        for phrase, _ in entries:
            for pair in _bigrams(phrase.split()):
                spellings.setdefault(_fold(pair), set()).add(pair)
        self._lexicon_pairs = {plain: forms.pop() for plain, forms in spellings.items() if len(forms) == 1}
        # Folded word triples of lexicon phrases: a word between two of a phrase's words is that phrase's. The
        # triples' outer words are kept apart too, for a quick look before the triples themselves.
        triples = [
            triple
            for phrase, _ in entries
            for triple in zip(*(fold(phrase).split()[i:] for i in range(3)), strict=False)
        ]
        self._lexicon_triples = frozenset(" ".join(triple) for triple in triples)
        self._triple_ends = frozenset(f"{first} {last}" for first, _, last in triples)
        self._triple_pairs = frozenset(
            pair for first, middle, last in triples for pair in (f"{first} {middle}", f"{middle} {last}")
        )
        # Word pairs spelled on purpose ("sổ đỏ", "chứng tử", "mức 2"): never respelled as a pair.
        self._known_pairs = frozenset(pair for phrase in known_phrases for pair in _bigrams(phrase.split()))
        # Folded filler words that lexicon phrases contain ("với"): only then can filler removal break one.
        self._filler_in_phrases = frozenset(_fold(w) for w in _FILLER_WORDS) & frozenset(
            _fold(w) for entry in (lexicon.entries() if lexicon else ()) for w in entry[0].split()
        )
        # Entries that only respell their words ("gia hạng" -> "gia hạn"), or that the lexicon marks as typos
        # ("chính lục" -> "trích lục"): applied in place before the other phrases are looked up, so that a
        # name's word pairs still form ("gia hạn tạm trú").
        typos = lexicon.typos if lexicon else frozenset()
        self._respellings = Lexicon.from_entries(
            (p, v) for p, v in entries if p in typos or _respells(p, v)
        )
        self._respelling_starts = frozenset(_fold(p.split()[0]) for p, _ in self._respellings.entries())
        self._aliases: tuple[tuple[str, int], ...] = ()
        if aliases:
            pairs: list[tuple[str, int]] = []
            for phrase, code in aliases.items():
                doc_id = tables.by_code.get(code.strip())
                key = " ".join(_fold(s) for s in _syllables(phrase))
                if doc_id is not None and key:
                    pairs.append((key, doc_id))
            self._aliases = tuple(pairs)

    @classmethod
    def build(cls, catalogue: Catalogue, lexicon: Lexicon | None = None) -> SearchIndex:
        """Precompute postings, idf, folded names and priors for every procedure of ``catalogue``."""
        procedures = sorted(catalogue, key=lambda p: p.code)
        accented_docs: list[list[str]] = []
        folded_docs: list[list[str]] = []
        keys: list[str] = []
        name_keys: list[str] = []
        duplicates: dict[str, list[int]] = {}
        abbreviations = _abbreviations(lexicon)
        for doc_id, procedure in enumerate(procedures):
            # "sổ BHXH" is also found as "sổ bảo hiểm xã hội", written out in place so that its word pairs
            # form: "Hoàn thuế TNCN" reads "hoàn thuế thu nhập cá nhân tncn".
            accented: list[str] = []
            for syllable in _syllables(procedure.name):
                accented.extend(w for w in abbreviations.get(syllable, ()) if w != syllable)
                accented.append(syllable)
            folded = [_fold(s) for s in accented]
            accented_docs.append(accented)
            folded_docs.append(folded)
            keys.append(_PREFIX_PATTERN.sub("", " ".join(folded)))
            name_key = _ACCENTED_PREFIX_PATTERN.sub("", " ".join(accented))
            name_keys.append(name_key)
            duplicates.setdefault(name_key, []).append(doc_id)
        folded_index = BM25Index(folded_docs)
        bigram_index = BM25Index([_bigrams(d) for d in folded_docs])
        cores: list[tuple[str, ...]] = []
        core_bigrams: list[tuple[str, ...]] = []
        for procedure in procedures:
            bare = _CHANNEL_PATTERN.sub(" ", _QUALIFIER_PATTERN.sub(" ", procedure.name))
            core = _PREFIX_PATTERN.sub("", " ".join(_fold(s) for s in _syllables(bare))).split()
            cores.append(tuple(dict.fromkeys(sys.intern(s) for s in core)))
            core_bigrams.append(tuple(dict.fromkeys(sys.intern(b) for b in _bigrams(core))))
        modifiers = []
        first_issue = []
        papers = []
        for accented in accented_docs:
            text = f" {' '.join(accented)} "
            modifiers.append(tuple(fold(m) for m in MODIFIERS if f" {m} " in text))
            first_issue.append(" lần đầu " in text)
            papers.append(frozenset(fold(p) for p in PAPERS if f" {p} " in text))
        self_scores = np.array([
            sum(folded_index.weight(s, i) for s in set(folded_docs[i]))
            + WEIGHT_FOLDED_BIGRAM * sum(bigram_index.weight(b, i) for b in set(_bigrams(folded_docs[i])))
            or 1.0
            for i in range(len(procedures))
        ])
        by_frequency = sorted(folded_index.postings, key=lambda t: (-len(folded_index.postings[t]), t))
        accented_bigrams = BM25Index([_bigrams(d) for d in accented_docs])
        usual_pairs = _usual_pairs(accented_bigrams)
        tables = _Tables(
            procedures=procedures,
            keys=keys,
            name_keys=name_keys,
            core_postings=_postings(cores),
            core_bigram_postings=_postings(core_bigrams),
            core_totals=[
                (
                    sum(folded_index.term_idf(s) for s in core),
                    sum(bigram_index.term_idf(b) for b in pairs),
                )
                for core, pairs in zip(cores, core_bigrams, strict=True)
            ],
            self_scores=self_scores,
            modifiers=modifiers,
            priors=[_prior(p) for p in procedures],
            abroad=[_is_abroad(p) for p in procedures],
            first_issue=first_issue,
            papers=papers,
            by_code={p.code: i for i, p in enumerate(procedures)},
            folded=folded_index,
            folded_bigrams=bigram_index,
            accented=BM25Index(accented_docs),
            accented_bigrams=accented_bigrams,
            speller=SyllableSpeller(by_frequency),
            duplicates={k: v for k, v in duplicates.items() if len(v) > 1},
            usual_pairs=usual_pairs,
            pairs_by_second=_pairs_by_second(usual_pairs, bigram_index),
        )
        return cls(tables, lexicon)

    def with_aliases(self, aliases: Mapping[str, str]) -> SearchIndex:
        """Return an index sharing this one's tables where each phrase strongly points to its code."""
        merged = {key: self._tables.procedures[doc_id].code for key, doc_id in self._aliases}
        merged.update(aliases)
        return SearchIndex(self._tables, self._lexicon, merged, self.thresholds)

    def with_thresholds(self, thresholds: Thresholds) -> SearchIndex:
        """Return an index sharing this one's tables and aliases that decides with other thresholds."""
        aliases = {key: self._tables.procedures[doc_id].code for key, doc_id in self._aliases}
        return SearchIndex(self._tables, self._lexicon, aliases, thresholds)

    def get(self, code: str) -> Procedure | None:
        """Return the procedure with this code, or None."""
        doc_id = self._tables.by_code.get(code)
        return None if doc_id is None else self._tables.procedures[doc_id]

    def __len__(self) -> int:
        return len(self._tables.procedures)

    # -- analysis -------------------------------------------------------------------------------------

    def _subject(
        self, question: str, purpose: bool = False, last_sentence: bool = False
    ) -> tuple[str, Aspect, list[str], set[str], frozenset[str]]:
        """Return (cleaned question, aspect, subject syllables, optional folded syllables, bystanders).

        The subject is the question without filler and aspect words, where everyday phrases found in the
        lexicon give way to their official wording; the user's own words of those phrases stay optional:
        they may lift a name that contains them, but no name is expected to contain them. In a long
        message the story told before the question is optional too (see ``split_story``), and with
        ``purpose`` so are the words after "để" (see ``split_purpose``). Bystanders are words of the
        question part that lift no name yet count as asked: pronouns (see ``_bystanders``), the word pairs
        they form, a phrase telling the situation (see ``_conditions``) and the paper to copy (see
        ``_copied_papers``).
        """
        # NFC first: the story, purpose and nationality readers see the raw text, split by its own words.
        question = self._expand_initials(unicodedata.normalize("NFC", question[:MAX_QUESTION_CHARS]))
        story, asked = split_story(question, 2, 0) if last_sentence else split_story(question)
        cleaned = clean_query(question)
        request, what_for = split_purpose(asked) if purpose else (asked, "")
        subject, optional, bystanders = self._terms(request, question)
        if what_for:
            story = f"{story} {what_for}".strip()
        typed = self._repair_words(cleaned)  # "ck e ng nc ngoài", "sinh ở nc ngoài"
        spoken = nationality(typed)
        recorded = recorded_abroad(request, question)
        if recorded is not None:
            subject += _syllables(recorded)  # "đã đăng ký kết hôn ở Hàn Quốc, về nước có phải ghi chú không"
        elif story and spoken and not nationality(request):
            subject += _syllables(FOREIGN_ELEMENT)  # "bạn trai em quốc tịch Nhật. ... đăng ký kết hôn"
        elif not spoken and born_abroad(typed):
            subject += _syllables(BORN_ABROAD)  # "con tôi sinh ở Nhật, giờ về nước làm khai sinh"
        # What the message tells without naming the procedure: "mua mảnh đất có sổ đỏ ... làm sang tên ở
        # đâu?", "ông bà muốn cho tui miếng đất", "xe cúp muốn bán, giấy tờ sao", and, when the request names
        # nothing the lexicon knows, a death ("má tui mới mất, giờ làm giấy tờ gì").
        implied = transfer_object(repair_typing(request), repair_typing(question))  # "chuyển tên" too
        implied = implied or land_gift(request, question)
        implied = implied or sale_object(request, question)
        # "sđ sai tên": initials written out; "sửa thông tin sổ bảo hểm": typos repaired
        implied = implied or correction_of(repair_typing(question)) or correction_of(typed)
        implied = implied or exchanged_paper(request, question)  # "sổ đỏ ... cũ nát. Nên đổi sang mẫu mới"
        implied = implied or expired_paper(request)  # "gplx b1 hết hạn", "cmnd hết hạn"
        implied = implied or merit_death(question)  # "ba tôi là thương binh, nay ba mất thì hưởng gì"
        implied = implied or survivors_allowance(question)  # "bố đang hưởng lương hưu mới mất thì nhận gì"
        implied = implied or inherited_title(question)  # "bìa đỏ đứng tên ông bà đã mất"
        implied = implied or maternity_leave(question)  # "sinh con thứ hai được nghỉ bao lâu"
        implied = implied or sickness_leave(question)  # "bị ốm nằm viện, công ty có trả tiền không"
        implied = implied or voluntary_scheme(question)  # "công ty không đóng, tôi tự đóng bảo hiểm"
        implied = implied or estate_after_death(request, question)  # "bố mất ..., anh em muốn chia đất"
        if implied is None and self._lexicon is not None and not self._lexicon.find(clean_query(request)):
            # Told in the request, not in a story before another wish: an estate to share out ("bố mất để
            # lại mảnh đất giờ anh em muốn chia"), else the death itself.
            implied = estate_division(request, question) or death_registration(request)
            implied = implied or newborn_papers(request)  # "bé sinh được 2 tuần, chưa làm giấy tờ gì"
            if implied is None and _is_bare(_SENTENCE_END.split(request.strip())[-1]):
                # A death told before a request naming nothing ("má tui mới mất, giờ làm giấy tờ gì"), or
                # before a last sentence naming nothing ("... Giờ em đi làm thì cần mang theo những gì?").
                implied = death_registration(question)
        if implied is not None:
            subject += _syllables(implied)
        if implied == SURVIVORS_ALLOWANCE:  # the pension told of was the dead relative's, not the one asked
            pension = {w for w in subject if _fold(w) in _PENSION_WORDS}
            subject = [w for w in subject if w not in pension]
            optional |= {_fold(w) for w in pension}
        # "con tôi 15 tuổi, chưa làm căn cước bao giờ"; "tía tui 85 tuổi có được lãnh tiền không"
        age_group = card_age_group(typed) or social_pension(question)  # "làm căn cướt cho con"
        if age_group is not None:
            subject += _syllables(age_group)
        lump_sum = lump_sum_withdrawal(question)  # "đóng bhxh 10 năm rồi, nghỉ có rút được không"
        if lump_sum is not None:
            subject += _syllables(lump_sum)
        # Unless re-issue or exchange is asked already: unaccented "lai" after a licence is "lái" (drive).
        asked_again = {"lại", "đổi", "doi"} & set(subject) or (
            "lai" in subject and not _LICENCE_LAI.search(fold(cleaned))
        )
        if not asked_again:
            if _LOST.search(cleaned):
                subject.append("lại")  # "cccd rơi mất": issued again
            elif _DAMAGED.search(cleaned):
                subject.append("đổi")  # "bằng lái bị gãy": exchanged
        if story:
            told, told_optional, _ = self._terms(story)
            known = {_fold(w) for w in subject}
            named = known - _BARE_WORDS - _PERSON_WORDS_FOLDED
            if named and named <= {_fold(w) for w in told}:
                # The request names only what the story told ("cháu bị khuyết tật từ nhỏ, giờ muốn làm giấy
                # xác nhận"): the story says which paper, so its words are asked too.
                subject += [w for w in told if _fold(w) not in known]
                known |= {_fold(w) for w in told}
            optional |= {_fold(w) for w in told} - known
            optional |= told_optional - known
        # Raw text: filler removal drops hints such as "làm thế nào để"; the question sentence first.
        aspect = detect_aspect(asked)
        if aspect is Aspect.OVERVIEW and story:
            aspect = detect_aspect(question)
        return cleaned, aspect, subject, optional, bystanders

    def _terms(self, text: str, message: str = "") -> tuple[list[str], set[str], frozenset[str]]:
        """Return the subject syllables of ``text``, the optional folded syllables and the bystanders (see
        ``_subject``). ``message``, the whole message ``text`` comes from, may hold the phrase that asks
        beside a reason given in ``text``."""
        cleaned = self._repair_words(clean_query(text))
        optional: set[str] = set()
        situation: set[str] = set()
        stripped = self._strip_aspects(cleaned)  # before expansion: "trên vneid" is a channel, not a subject
        expanded = stripped
        if self._lexicon is not None:
            found = self._misread_overlaps(self._lexicon.find(stripped), stripped)
            conditions: list[PhraseMatch[str]] = []
            if not _SITUATION_MARKERS.isdisjoint(fold(cleaned).split()):
                # Marked before aspect words go, so that the marker still stands next to its phrase.
                marked = {m.phrase for m in _conditions(cleaned, self._lexicon.find(cleaned))}
                conditions = [m for m in found if m.phrase in marked]
                situation_words = {i for m in conditions for i in range(m.start, m.end)}
                if len(stripped.split()) - len(situation_words) < MIN_REQUEST_WORDS:
                    conditions = []  # "khi kết hôn cần gì": the condition is all there is to ask about
            reasons = any(fold(m.phrase) in _REASONS for m in found)
            around = self._lexicon.find(clean_query(message)) if message and reasons else []
            conditions += _copied_papers(found) + _reasons_beside_a_request(found, around)
            requested = [m for m in found if m not in conditions]
            pairs = [(m.phrase, m.value) for m in requested]
            expanded = self._lexicon.expand(stripped, requested)
            # Phrases that filler removal broke ("kết hôn với người nước ngoài" loses its "với").
            folded_stripped = f" {fold(stripped)} "
            raw = repair_typing(text)
            broken = self._filler_in_phrases and not self._filler_in_phrases.isdisjoint(fold(raw).split())
            for phrase, expansion in self._lexicon.matches(strip_aspect_words(raw)) if broken else ():
                if f" {fold(phrase)} " not in folded_stripped and (phrase, expansion) not in pairs:
                    pairs.append((phrase, expansion))
                    expanded = f"{expanded} {expansion}"
            official = {_fold(w) for _, expansion in pairs for w in expansion.split()}
            optional = {_fold(w) for phrase, _ in pairs for w in phrase.split()} - official
            # A phrase after "đã" or "vì" is the citizen's situation, not the request ("đổi căn cước khi đã
            # đổi tên"): like a bystander, it lifts no name but counts as asked.
            situation = {_fold(w) for m in conditions for w in m.phrase.split()} - official - optional
        spoken = nationality(expanded)  # the lexicon may name the civil-status matter ("đk kh")
        if spoken is not None and "yếu tố nước ngoài" not in expanded:
            expanded = f"{expanded} {FOREIGN_ELEMENT}"  # "chồng em người Nhật": a foreign element
            optional |= set(spoken.split()) - {_fold(w) for w in FOREIGN_ELEMENT.split()}
        remaining = _syllables(expanded)
        alone = self._bystanders(remaining)
        optional |= alone
        plains = [_fold(w) for w in remaining]
        pairs_with = {b for b in _bigrams(plains) if not alone.isdisjoint(b.split())}
        bystanders = frozenset(alone | pairs_with | situation)
        subject = [w for w in remaining if _fold(w) not in optional and _fold(w) not in situation]
        return subject, {_fold(w) for w in remaining} & optional, bystanders

    def _misread_overlaps(self, found: list[PhraseMatch[str]], text: str) -> list[PhraseMatch[str]]:
        """Drop a phrase that reads a shared unaccented word against the names' usual spelling.

        "doi ho chieu" holds "đổi họ" and "hộ chiếu", sharing "ho": the names spell "ho chieu" as "hộ
        chiếu" and have no usual spelling of "doi ho", so "đổi họ" (a change of surname) is a misreading.
        """
        tokens = normalize(text).split()
        usual = self._tables.usual_pairs
        dropped: set[int] = set()
        for position in range(len(found) - 1):
            first, second = found[position], found[position + 1]
            shared = first.end - 1
            if second.start != shared or _has_accent(tokens[shared]) or shared + 1 >= len(tokens):
                continue
            left, right = first.phrase.split()[-2:], second.phrase.split()[:2]
            if len(left) < 2 or len(right) < 2 or left[1] == right[0]:
                continue
            left_usual = usual.get(f"{_fold(tokens[shared - 1])} {_fold(tokens[shared])}") == " ".join(left)
            right_usual = usual.get(f"{_fold(tokens[shared])} {_fold(tokens[shared + 1])}") == " ".join(right)
            if left_usual != right_usual:
                dropped.add(position + 1 if left_usual else position)
        return [match for position, match in enumerate(found) if position not in dropped]

    def _bystanders(self, words: list[str]) -> set[str]:
        """Return the folded pronouns and kin words of ``words`` ("tôi", "anh ấy", "bác") that pair with
        neither neighbour in the names: they tell who asks, not what for ("bà mẹ" and "trẻ em" stay)."""
        plains = [_fold(w) for w in words]
        pairs = self._tables.folded_bigrams.postings
        found: set[str] = set()
        for position, plain in enumerate(plains):
            word = words[position]
            if word not in _PERSON_WORDS and (word != plain or plain not in _PERSON_WORDS_FOLDED):
                continue
            before = f"{plains[position - 1]} {plain}" if position else ""
            after = f"{plain} {plains[position + 1]}" if position + 1 < len(plains) else ""
            if before not in pairs and after not in pairs:
                found.add(plain)
        return found

    def _repair_words(self, cleaned: str) -> str:
        """Repair typos before the lexicon and aspect words are matched.

        A non-word (no Vietnamese syllable, unknown to the names and the lexicon) becomes its nearest known
        syllable ("làm hộ chiếo" -> "làm hộ chiếu"); a known word typed with accents nobody uses becomes
        its neighbour that pairs with the next or previous word ("thai xản" -> "thai sản"), or else its
        unaccented form, which phrases still match ("bảo hiễm y tế" -> "bảo hiem y tế"); a word spelled
        by its sound becomes the spelling that pairs with a neighbour ("cư chú" -> "cư tru")."""
        words = cleaned.split()
        typed = list(words)
        plains = [_fold(w) for w in words]
        speller = self._tables.speller
        asked = cue_positions(plains)  # "mât bao lâu" asks the time: "mât" is not "đất"
        accented_question = any(_has_accent(w) for w in words)
        for position, plain in enumerate(plains):
            word = words[position]
            if not plain.isalpha() or position in asked:
                continue
            if plain in speller or plain in self._lexicon_words:
                if self._is_misaccented(word):
                    if self._lexicon_pair_at(typed, plains, position):
                        continue  # "xây lẩn": the pair takes the lexicon's spelling (``_respell_pairs``)
                    words[position] = plains[position] = (
                        # spelled by sound first: "khuyết tậc" is "tật", though "tục" is one edit away
                        self._repair_sound_alike(word, plains, position, lexicon_too=True)
                        or self._repair_known(word, plains, position)
                        # "nười nước ngoài": no name pairs the word as typed, though "nuôi nước" pairs
                        or self._repair_dropped(word, plains, position, misaccented=True)
                        or plain
                    )
                elif word not in self._known_words and not any(
                    self._phrase_pairs(typed, plains, position, plain, unaccented_too=True)
                ):  # "neo don" is the lexicon's "neo đơn", not "neo dong"
                    # A word that hardly any name uses as typed ("xổ đỏ", or "se" in a question typed with
                    # accents) may be a sound-alike forming a lexicon phrase's pair, as misaccented ones may.
                    used_in = len(self._tables.accented.postings.get(word, ()))
                    rare = used_in <= MIN_PAIR_DOCS and (word != plain or accented_question)
                    sound_alike = self._repair_sound_alike(
                        word, plains, position, lexicon_too=rare
                    ) or self._repair_dropped(word, plains, position)
                    if sound_alike is None and word != plain:
                        # Only words typed with accents complete a phrase's three words: "dang ky se dien"
                        # may hold a "sẽ".
                        sound_alike = self._lexicon_triple(plains, position)
                    if sound_alike is not None:
                        words[position] = plains[position] = sound_alike
                elif word in self._known_words and word != plain and (
                    triple := self._lexicon_triple(plains, position)
                ):  # a chat or lexicon word too: "công chứng hợp đồn" ("nghe đồn") is "hợp đồng"
                    words[position] = plains[position] = triple
                continue
            if word in _EVERYDAY_WORDS or plain in _EVERYDAY_FOLDED:
                continue
            if is_syllable(word):
                # A real word the names never use stays ("quen", "xóm"), unless its sound-alike initial
                # pairs with a neighbour in the names ("sã hội" -> "xã hội", "bản xao" -> "bản sao") or in
                # a lexicon phrase ("bị xai tên" -> "sai tên").
                sound_alike = self._repair_sound_alike(word, plains, position, lexicon_too=True)
                if sound_alike is not None and sound_alike[-1] == plain[-1]:
                    words[position] = plains[position] = sound_alike
                elif plain not in speller and (spelled := self._repair_in_phrase(typed, plains, position)):
                    words[position] = spelled
                    plains[position] = _fold(spelled)
                continue
            repaired = (
                self._split_merged(word) or self._repair(plains, position, word) or self._repair_term(plain)
            )
            if repaired is not None:
                words[position], plains[position] = repaired, _fold(repaired)
        self._respell_pairs(words)
        text = " ".join(words)
        if self._respelling_starts.isdisjoint(fold_normalized(text).split()):
            return text
        words = text.split()  # a word split in two above is two words now
        applied_from = len(words)
        for found in reversed(self._respellings.find(text)):
            if found.end <= applied_from:
                words[found.start:found.end] = found.value.split()
                applied_from = found.start
        return " ".join(words)

    def _phrase_pairs(
        self, typed: list[str], plains: list[str], position: int, word: str, unaccented_too: bool = False
    ) -> Iterator[tuple[str, str, int]]:
        """Yield (folded pair, lexicon spelling, index of ``word`` in it) for each neighbour of ``position``
        with which the folded ``word`` forms a lexicon phrase's pair, the neighbour typed as the phrase
        spells it (or, with ``unaccented_too``, without accents)."""
        for at, mine in ((position - 1, 1), (position + 1, 0)):
            if not 0 <= at < len(plains):
                continue
            pair = f"{plains[at]} {word}" if mine else f"{word} {plains[at]}"
            spelled = self._lexicon_pairs.get(pair)
            if spelled is None:
                continue
            if typed[at] == spelled.split()[1 - mine] or (unaccented_too and typed[at] == plains[at]):
                yield pair, spelled, mine

    def _lexicon_pair_at(self, typed: list[str], plains: list[str], position: int) -> bool:
        """Return True when the word at ``position`` forms a lexicon phrase's pair, folded, with a neighbour
        typed as the phrase spells it: only this word is off ("xây lẩn"), not both ("cặt khâu"), and the names
        do not spell the pair otherwise (``_respell_pairs`` would take theirs)."""
        return any(
            self._tables.usual_pairs.get(pair) in (None, spelled)
            for pair, spelled, _ in self._phrase_pairs(typed, plains, position, plains[position])
        )

    def _expand_initials(self, text: str) -> str:
        """Return ``text`` with a word pair shortened to its first letters ("h.chiếu", "c.cước", "đ/ký")
        written out as the names most often spell it ("hộ chiếu"); unknown shortenings stay."""

        def written_out(found: re.Match[str]) -> str:
            initial, word = _fold(found.group(1).casefold()), found.group(2)
            for first, spelled in self._tables.pairs_by_second.get(_fold(word.casefold()), ()):
                if first.startswith(initial) and first != initial:
                    return f"{spelled.split()[0]} {word}"
            return found.group(0)

        return _SHORTENED_PAIR.sub(written_out, text)

    def _split_merged(self, word: str) -> str | None:
        """Return known syllables typed without the spaces between them, accents kept, when the names or
        the lexicon pair at least half of the neighbours ("hochieu" -> "ho chieu", "đăngkýtạmtrú" -> "đăng
        ký tạm trú"); None otherwise. Of the splits into known syllables, the one pairing most wins."""
        plain = _fold(word)  # one character for one: the cuts hold for the word as typed
        if len(plain) > MAX_MERGED_LENGTH:
            return None
        speller = self._tables.speller
        pairs = self._tables.folded_bigrams.postings
        # best[i]: (pairs known, -syllables, cuts) of the best split of plain[:i] into known syllables
        best: list[tuple[int, int, tuple[int, ...]] | None] = [None] * (len(plain) + 1)
        best[0] = (0, 0, (0,))
        for end in range(MIN_MERGED_PART, len(plain) + 1):
            for start in range(max(0, end - MAX_SYLLABLE_LETTERS), end - MIN_MERGED_PART + 1):
                before = best[start]
                piece = plain[start:end]
                if before is None or piece not in speller:
                    continue
                known, count, cuts = before
                if start:
                    pair = f"{plain[cuts[-2]:start]} {piece}"
                    known += pair in pairs or pair in self._lexicon_pairs
                found = (known, count - 1, (*cuts, end))
                current = best[end]
                if current is None or found[:2] > current[:2]:
                    best[end] = found
        split = best[-1]
        if split is None or len(split[2]) < 3:
            return None
        known, cuts = split[0], split[2]
        if 2 * known < len(cuts) - 2:  # neighbours: len(cuts) - 2; at least half of them paired
            return None
        return " ".join(word[a:b] for a, b in pairwise(cuts))

    def _respell_pairs(self, words: list[str]) -> None:
        """Respell, in place, accented words of a pair no name spells that way.

        A pair of a lexicon phrase typed with one wrong accent takes the phrase's spelling ("giấy báo từ"
        -> "báo tử", "khai tư" -> "khai tử"). Otherwise the pair takes the spelling most names use ("làm hô
        chiếu" -> "làm hộ chiếu"), but only for words the names use less than their respelling, and never
        for chat or cue words ("bạn ăn" is not "bản án"). Unaccented words, and words of a pair the
        lexicon, chat or aspect cues spell that way ("sổ đỏ", "mức 2", "thế nào"), are left alone;
        elsewhere such a word may change ("thay đôi")."""
        usual_pairs = self._tables.usual_pairs
        spelled = self._tables.accented_bigrams.postings
        names_with = self._tables.accented.postings
        known = [f"{a} {b}" in self._known_pairs for a, b in pairwise(words)]
        on_purpose = [a or b for a, b in zip([False, *known], [*known, False], strict=True)]
        for position in range(len(words) - 1):
            pair = words[position:position + 2]
            typed = [_has_accent(w) for w in pair]
            if not any(typed) or f"{pair[0]} {pair[1]}" in spelled:
                continue
            folded_pair = f"{_fold(pair[0])} {_fold(pair[1])}"
            usual = usual_pairs.get(folded_pair)
            phrase = self._lexicon_pairs.get(folded_pair)
            if usual is None and phrase is None:
                continue
            # A lexicon phrase typed with one wrong accent ("giấy báo từ", "khai tư") takes the phrase's
            # spelling; otherwise the names' spelling, for words rarer than their respelling.
            if phrase is not None and all(
                not accented or typed_word == spelled_word
                for accented, typed_word, spelled_word in zip(typed, pair, phrase.split(), strict=True)
            ):
                continue  # the typed accents agree with a lexicon phrase ("chung tử" is "chứng tử")
            in_lexicon = phrase is not None and usual in (None, phrase)
            respelling = phrase if in_lexicon else usual
            changes = [
                (position + offset, respelled)
                for offset, respelled in enumerate((respelling or "").split())
                if typed[offset] and respelled != pair[offset]
                and (in_lexicon or _rarer(pair[offset], respelled, names_with))
            ]
            if (in_lexicon and len(changes) != 1) or any(on_purpose[at] for at, _ in changes):
                continue  # "sổ đỏ cũ" is not "sổ độ cử", "thế nào" not "thẻ nào"
            if not in_lexicon and any(
                words[at] in _CHAT_AND_CUE_WORDS or words[at] in self._known_words for at, _ in changes
            ):
                continue  # "bạn ăn" is not "bản án", "theo họ mẹ" not "theo hồ"
            for at, respelled in changes:
                words[at] = respelled

    def _strip_aspects(self, cleaned: str) -> str:
        """Remove aspect words, except inside phrases of two or more words the lexicon knows
        ("tiền án tiền sự" keeps its "tiền"; a lone "vneid" is a channel and goes). A phrase that shares
        only some words with a cue of several words gives them up: "làm sổ đỏ mất bao lâu" asks the time,
        it loses no "sổ đỏ mất"."""
        words = cleaned.split()
        if self._lexicon is None or not words:
            return strip_aspect_words(cleaned)
        folded = [_fold(w) for w in words]
        cues = cue_spans(folded)
        keep = [False] * len(words)
        for phrase, _ in self._lexicon.matches(cleaned):
            target = [_fold(w) for w in phrase.split()]
            if len(target) < 2:
                continue
            for start in range(len(words) - len(target) + 1):
                end = start + len(target)
                if folded[start:end] == target and not any(_gives_way((start, end), cue) for cue in cues):
                    keep[start:end] = [True] * len(target)
        if not any(keep):
            return strip_aspect_words(cleaned)
        parts: list[str] = []
        start = 0
        for end in range(1, len(words) + 1):
            if end == len(words) or keep[end] != keep[start]:
                segment = " ".join(words[start:end])
                parts.append(segment if keep[start] else strip_aspect_words(segment))
                start = end
        return " ".join(part for part in parts if part)

    def _analyse(
        self,
        subject: list[str],
        optional: set[str],
        bystanders: frozenset[str] = frozenset(),
        as_typed: frozenset[str] = frozenset(),
        said: str = "",
    ) -> _Query:
        accented: list[str] = []
        folded: list[str] = []
        corrected: set[str] = set()
        sequence: list[str] = []
        speller = self._tables.speller
        typed = subject[:MAX_QUERY_SYLLABLES]
        plains = [_fold(s) for s in typed]
        for position, syllable in enumerate(typed):
            plain = plains[position]
            repaired = None
            if plain not in speller and plain not in _EVERYDAY_FOLDED:
                repaired = self._repair(plains, position, syllable)
            elif self._is_misaccented(syllable):
                repaired = self._repair_known(syllable, plains, position)
            if repaired is not None:
                corrected.add(repaired)
                plain = repaired
                plains[position] = repaired
                syllable = repaired  # the typed accents belonged to another word
            sequence.append(plain)
            if plain in folded:  # the lexicon repeats a word the user typed: keep one, with accents if any
                at = folded.index(plain)
                if not _has_accent(accented[at]):
                    accented[at] = syllable
                continue
            accented.append(syllable)
            folded.append(plain)
        extra = frozenset(s for s in optional if s in speller and s not in folded)
        pairs = tuple(dict.fromkeys(_bigrams(sequence)))
        in_order = dict.fromkeys([w for w in fold(said).split() if w in extra] + sorted(extra))
        return _Query(
            tuple(accented), tuple(folded), frozenset(corrected), " ".join(folded), extra, pairs, bystanders,
            as_typed, " ".join(in_order),
        )

    def _repair_term(self, plain: str) -> str | None:
        """Return the lexicon's one-word term one typo away from an unknown word ("passpot" -> "passport",
        "vnied" -> "vneid"), a swap of two letters counting as one, or a shorter term with its last letter
        doubled ("gplxx" -> "gplx"); None otherwise."""
        if len(plain) > 2 and plain[-1] == plain[-2] and plain[:-1] in self._lexicon_words:
            return plain[:-1]
        if len(plain) < MIN_TERM_TYPO_LENGTH:
            # A shorter term only with two neighbouring letters swapped, when one term is so: "gxpd", "ccdc".
            swapped = [t for t in self._short_terms.get(len(plain), ()) if _swapped_one(plain, t)]
            return swapped[0] if len(swapped) == 1 else None
        found = process.extractOne(plain, self._lexicon_terms, scorer=OSA.distance, score_cutoff=1)
        return None if found is None else str(found[0])

    def _is_misaccented(self, syllable: str) -> bool:
        """Return True for a word typed with accents no name, lexicon entry or known chat word carries
        ("thai xản", "thàn viên"): likely a known word with a wrong tone or letter."""
        return (
            _has_accent(syllable)
            and syllable not in self._tables.accented.postings
            and syllable not in self._known_words
        )

    def _repair_known(self, word: str, plains: list[str], position: int) -> str | None:
        """Return a syllable one edit away from a misaccented word when the word pairs with neither
        neighbour in the names and the replacement does, in at least ``MIN_PAIR_DOCS`` names
        ("xản" in "thai xản" -> "sản"); None otherwise. A replacement one edit from the word as typed,
        accents included, comes first: "thai sảm" is "sản", though "nam" pairs more."""
        options = self._tables.speller.neighbours(plains[position])
        spellings = self._accented_spellings
        close = [o for o in options if any(OSA.distance(word, s) <= 1 for s in spellings.get(o, ()))]
        # A letter dropped or two swapped first, paired in the names or in a lexicon phrase: "tạm vắn" is
        # "vắng", though "sắn" is as close and "tạm sản" pairs more.
        slipped = [o for o in close if any(_slipped_one(word, s) for s in spellings[o])]
        return (
            self._best_pairing(plains, position, slipped)
            or self._lexicon_pairing(plains, position, slipped)
            or self._best_pairing(plains, position, close)
            or self._best_pairing(plains, position, options)
        )

    def _repair_sound_alike(
        self, word: str, plains: list[str], position: int, lexicon_too: bool = False
    ) -> str | None:
        """Return a sound-alike spelling of a known word ("cư chú" -> "trú", "kinh doan" -> "doanh") when
        the word pairs with neither neighbour in the names and the spelling does, in more names than
        contain the word as typed: a common word ("đã", "mất") is not taken for a typo of a rarer one.
        With ``lexicon_too`` (a misaccented word), a spelling that forms a lexicon phrase's pair with a
        neighbour will do when no name pairs one (``_lexicon_pairing``)."""
        # Typed without accents, a word counts in every name holding its folded form ("roi": "rời", "rồi").
        t = self._tables
        postings = t.folded.postings if word == plains[position] else t.accented.postings
        typed_in = len(postings.get(word, ()))
        at_least = max(SOUND_ALIKE_PAIR_DOCS, typed_in + 1)
        options = sound_alikes(plains[position])
        found = self._best_pairing(plains, position, options, at_least)
        return found or (self._lexicon_pairing(plains, position, options) if lexicon_too else None)

    def _lexicon_triple(self, plains: list[str], position: int) -> str | None:
        """Return the first sound-alike that completes three consecutive words of a lexicon phrase with its
        neighbours, when the word as typed does not: "chứng thực trữ ký" is "chữ ký", though "trữ" is a
        common word of the names, and "công chứng hợp đồn" is "đồng"; the phrase's spelling is taken."""
        before, after = _neighbours(plains, position)
        # Only where the words around could hold a triple: two words before or after it, or one on each side.
        two_before = f"{plains[position - 2]} {before}" if position > 1 else ""
        two_after = f"{after} {plains[position + 2]}" if position + 2 < len(plains) else ""
        if not (
            f"{before} {after}" in self._triple_ends
            or two_before in self._triple_pairs
            or two_after in self._triple_pairs
        ):
            return None
        pairs, known = self._tables.folded_bigrams.postings, self._lexicon_pairs
        as_typed = (f"{before} {plains[position]}", f"{plains[position]} {after}")
        if any(pair in pairs or pair in known for pair in as_typed):
            return None  # the word fits a neighbour as typed
        windows = [
            (plains[start:position], plains[position + 1:start + 3])
            for start in range(position - 2, position + 1)
            if start >= 0 and start + 3 <= len(plains)
        ]
        triples = self._lexicon_triples

        def completes(word: str) -> bool:
            return any(" ".join([*head, word, *tail]) in triples for head, tail in windows)

        if completes(plains[position]):
            return None
        found = next((o for o in sound_alikes(plains[position]) if completes(o)), None)
        if found is None:
            return None
        if spelled := self._lexicon_pairs.get(f"{found} {after}"):  # the phrase's spelling, from either pair
            return spelled.split()[0]
        spelled = self._lexicon_pairs.get(f"{before} {found}")
        return spelled.split()[1] if spelled else found

    def _lexicon_pairing(self, plains: list[str], position: int, options: list[str]) -> str | None:
        """Return the first option that forms a lexicon phrase's pair with a neighbour, when the word as
        typed forms none ("se cũ" -> "xe cũ", "nàm giấy" -> "làm giấy"); None otherwise."""
        before, after = _neighbours(plains, position)
        known = self._lexicon_pairs
        if f"{before} {plains[position]}" in known or f"{plains[position]} {after}" in known:
            return None
        return next((o for o in options if f"{before} {o}" in known or f"{o} {after}" in known), None)

    def _repair_dropped(
        self, word: str, plains: list[str], position: int, misaccented: bool = False
    ) -> str | None:
        """Return the known word that ``word`` is with one letter left out ("tách thử đất" -> "thửa") when
        that word pairs with a neighbour in the names and ``word`` pairs with neither, in more names than
        contain ``word`` itself. Typed with accents, the accents must agree; typed without, the bar is the
        names containing any word of that folded form, so that a common short word stays ("nguoi han" is
        Korean, not "hành") while a rare pair gives way ("xin gay phep" -> "giay"). The first letter stays:
        a word less its first letter is often another word ("nuôi rồng" is no "trồng"). A ``misaccented``
        word pairs with nothing as typed, whatever its folded form pairs with."""
        plain = plains[position]
        spellings = self._accented_spellings
        options = [
            option for option in self._tables.speller.neighbours(plain)
            if _dropped_one(plain, option) and option[0] == plain[0]
            and (word == plain or any(_dropped_one(word, s) for s in spellings.get(option, ())))
        ]
        postings = self._tables.folded.postings if word == plain else self._tables.accented.postings
        typed_in = len(postings.get(word, ()))
        at_least = max(SOUND_ALIKE_PAIR_DOCS, typed_in + 1)
        return self._best_pairing(plains, position, options, at_least, paired_as_typed=not misaccented)

    def _best_pairing(
        self,
        plains: list[str],
        position: int,
        options: list[str],
        at_least: int = MIN_PAIR_DOCS,
        paired_as_typed: bool = True,
    ) -> str | None:
        """Return the option that pairs with a neighbour of ``plains[position]`` in the most names, at
        least ``at_least``; None when the word itself pairs with a neighbour (unless ``paired_as_typed``
        is False: its folded pairs then tell nothing)."""
        pairs = self._tables.folded_bigrams.postings
        before, after = _neighbours(plains, position)
        plain = plains[position]
        if paired_as_typed and (f"{before} {plain}" in pairs or f"{plain} {after}" in pairs):
            return None
        best, support = None, at_least - 1
        for option in options:
            found = max(len(pairs.get(f"{before} {option}", ())), len(pairs.get(f"{option} {after}", ())))
            if found > support:
                best, support = option, found
        return best

    def _repair_in_phrase(self, typed: list[str], plains: list[str], position: int) -> str | None:
        """Return the lexicon's spelling of the known syllable nearest to a well-formed but unknown one
        that forms a pair of a lexicon phrase with a neighbour typed as the phrase spells it, or without
        accents ("hộ kẩu" -> "khẩu", "căn cướt" -> "cước"); None otherwise: "người quen" and "đói bụng"
        stay."""
        plain = plains[position]
        # A dropped letter or two swapped first, as in ``_repair``: "ký kai" is "ký khai", not "ký lại".
        options = sorted(self._tables.speller.candidates(plain), key=lambda o: not _slipped_one(plain, o))
        for option in options:
            for _, spelled, mine in self._phrase_pairs(typed, plains, position, option, unaccented_too=True):
                return spelled.split()[mine]
        return None

    def _repair(self, plains: list[str], position: int, typed: str = "") -> str | None:
        """Return the known syllable nearest to an unknown one, preferring one that forms a known bigram
        with its neighbours in the names or the lexicon ("khia tu" -> "khai", not "chia"), and before that
        one whose accented spelling is a typo of the word as ``typed`` ("bằg" -> "bằng", not "ban")."""
        options = self._tables.speller.candidates(plains[position])
        if not options:
            return None
        if typed and typed != plains[position]:
            spellings = self._accented_spellings
            kept = [o for o in options if any(OSA.distance(typed, s) <= 1 for s in spellings.get(o, ()))]
            # A dropped letter or two swapped first ("mạg" -> "mạng", not "mại"; "hnô" -> "hôn", not "hô").
            kept.sort(key=lambda o: not any(_slipped_one(typed, s) for s in spellings[o]))
            # A real word typed with its accents ("tải nhạc") is only a slip of a word one edit away.
            options = kept if is_syllable(typed) else kept + [o for o in options if o not in kept]
        else:  # no accents to agree with: those slips still first ("chứng thc" -> "thực", not "thư")
            options = sorted(options, key=lambda o: not _slipped_one(plains[position], o))
        pairs = self._tables.folded_bigrams.postings
        before, after = _neighbours(plains, position)
        known = self._lexicon_pairs
        for option in options:
            paired = (f"{before} {option}", f"{option} {after}")
            if any(pair in pairs or pair in known for pair in paired):
                return option
        # A well-formed syllable the names never use ("quen", "xóm") is a real word, not a typo.
        return None if is_syllable(plains[position]) or not options else options[0]

    # -- scoring --------------------------------------------------------------------------------------

    def _lexical(self, query: _Query) -> Pool:
        """Return BM25 scores of a pool of candidates.

        Rare terms (folded syllables and bigrams) find the candidates; common terms and accented forms
        only re-score the best ``LEXICAL_POOL`` of them. Scores add up in a dense vector (one slot per
        procedure); the pool is returned as (doc ids, scores), best first.
        """
        t = self._tables
        scores = np.zeros(len(t.procedures))
        touched = np.zeros(len(t.procedures), dtype=bool)
        exact = [s for s in query.folded if s not in query.corrected]
        passes = [
            (t.folded_bigrams, list(query.bigrams), WEIGHT_FOLDED_BIGRAM),
            (t.folded, exact, 1.0),
            (t.folded, list(query.corrected), WEIGHT_CORRECTED),
            (t.folded, sorted(query.optional), WEIGHT_OPTIONAL),
        ]
        common: list[tuple[BM25Index, list[str], float]] = []
        for index, terms, weight in passes:
            if weight == WEIGHT_OPTIONAL:
                common.append((index, terms, weight))
                continue
            index.accumulate([term for term in terms if not index.is_common(term)], scores, touched, weight)
            common.append((index, [term for term in terms if index.is_common(term)], weight))
        if not touched.any():  # only common words ("cấp lại giấy chứng nhận"): score them all
            for index, terms, weight in common:
                if weight != WEIGHT_OPTIONAL:
                    index.accumulate(terms, scores, touched, weight)
            common = [entry for entry in common if entry[2] == WEIGHT_OPTIONAL]
        pool = np.flatnonzero(touched)
        if not len(pool):
            return pool, scores[pool]
        if len(pool) > LEXICAL_POOL:  # the best by score; equal scores keep the lower document id
            pool = pool[np.argsort(-scores[pool], kind="stable")[:LEXICAL_POOL]]
            touched = np.zeros(len(t.procedures), dtype=bool)
            touched[pool] = True
        for index, terms, weight in common:
            index.accumulate_within(terms, scores, touched, weight)
        marked = [s for s in query.accented if _has_accent(s)]
        t.accented.accumulate_within(marked, scores, touched, WEIGHT_ACCENTED)
        marked_bigrams = [b for b in _bigrams(query.accented) if _has_accent(b)]
        t.accented_bigrams.accumulate_within(marked_bigrams, scores, touched, WEIGHT_ACCENTED_BIGRAM)
        pool = pool[np.argsort(-scores[pool], kind="stable")]
        return pool, scores[pool]

    def _features(self, query: _Query, lexical: Pool) -> list[tuple[int, tuple[float, ...]]]:
        """Return (doc id, features) of the best lexical candidates; see ``FEATURE_WEIGHTS`` for the order."""
        t = self._tables
        ids, raws = lexical  # best first
        top = list(zip(ids[:CANDIDATES].tolist(), raws[:CANDIDATES].tolist(), strict=True))
        if not top:
            return []
        best_lexical = top[0][1]
        if len(ids) > CANDIDATES:  # long questions: also the names the question covers best
            chosen = {doc_id for doc_id, _ in top}
            fitting = np.argsort(-(raws / t.self_scores[ids]), kind="stable")[:CANDIDATES_BY_FIT]
            top.extend((int(ids[i]), float(raws[i])) for i in fitting if int(ids[i]) not in chosen)
        unique = list(dict.fromkeys(query.folded))
        weights = {
            s: t.folded.term_idf(s) * (WEIGHT_CORRECTED if s in query.corrected else 1.0) for s in unique
        }
        # A bystander lifts no name, but a question made mostly of them ("con tôi hôm nay đi học") is still
        # mostly unmatched: bystanders and their word pairs stay in the totals.
        alone = [s for s in query.bystanders if " " not in s]
        total = sum(weights.values()) + sum(t.folded.term_idf(s) for s in alone) or 1.0
        bigrams = query.bigrams
        bigram_weights = {b: t.folded_bigrams.term_idf(b) for b in bigrams}
        query_bigrams = set(bigrams)
        bigram_total = sum(bigram_weights.values()) + sum(
            t.folded_bigrams.term_idf(b) for b in query.bystanders if " " in b
        )
        typed_accents: dict[str, set[str]] = {}
        for marked, plain in zip(query.accented, query.folded, strict=True):
            if _has_accent(marked):
                typed_accents.setdefault(plain, set()).add(marked)
        inferred = self._inferred_accents(query, typed_accents)
        query_key = _PREFIX_PATTERN.sub("", query.text_folded)
        head = max(40, 2 * len(query_key))  # a long omnibus name is compared by its opening words
        keys = [t.keys[doc_id] for doc_id, _ in top]
        set_ratios = _ratios(query_key, keys, fuzz.token_set_ratio)
        sort_ratios = _ratios(query_key, [key[:head] for key in keys], fuzz.token_sort_ratio)
        empty: dict[int, float] = {}
        folded_postings = {s: t.folded.postings.get(s, empty) for s in weights}
        accent_postings = {
            a: t.accented.postings.get(a, empty)
            for marks in (*typed_accents.values(), *inferred.values())
            for a in marks
        }
        bigram_postings = {b: t.folded_bigrams.postings.get(b, empty) for b in bigram_weights}
        idf, max_idf = t.folded.idf, t.folded.max_idf
        bigram_idf, max_bigram_idf = t.folded_bigrams.idf, t.folded_bigrams.max_idf
        asked = set(weights) | query.optional
        # Per term, the candidates it reaches (a set intersection in C), summed in the query's term order.
        chosen = {doc_id for doc_id, _ in top}
        covered = dict.fromkeys(chosen, 0.0)
        for syllable, weight in weights.items():
            hits = folded_postings[syllable].keys() & chosen
            accents = typed_accents.get(syllable)
            exact = hits if not accents else set().union(*(accent_postings[a].keys() & hits for a in accents))
            for doc_id in hits:
                covered[doc_id] += weight if doc_id in exact else weight * ACCENT_MISMATCH_CREDIT
            guessed = inferred.get(syllable)
            if guessed:
                spelled = set().union(*(accent_postings[a].keys() & hits for a in guessed))
                for doc_id in hits - spelled:
                    covered[doc_id] -= weight * (1.0 - INFERRED_ACCENT_CREDIT)
        bigram_covered = dict.fromkeys(chosen, 0.0)
        for bigram, weight in bigram_weights.items():
            for doc_id in bigram_postings[bigram].keys() & chosen:
                bigram_covered[doc_id] += weight
        # How much of each candidate's core name the question names, in a fixed (sorted) term order.
        named = _summed_within(t.core_postings, sorted(asked), chosen, lambda s: idf.get(s, max_idf))
        named_pairs = _summed_within(
            t.core_bigram_postings,
            sorted(query_bigrams),
            chosen,
            lambda b: bigram_idf.get(b, max_bigram_idf),
        )
        out: list[tuple[int, tuple[float, ...]]] = []
        for position, (doc_id, raw) in enumerate(top):
            core_total, core_bigram_total = t.core_totals[doc_id]
            # A long omnibus name counts as NAME_COVER_CAP long: nobody names all of its cases.
            core_cap = min(core_total, NAME_COVER_CAP)
            core_bigram_cap = min(core_bigram_total, 2 * NAME_COVER_CAP)
            name_bigram_cover = min(1.0, named_pairs[doc_id] / core_bigram_cap) if core_bigram_total else 0.0
            name_cover = min(1.0, named[doc_id] / core_cap) if core_total else 0.0
            if bigram_total:
                bigram_cover = bigram_covered[doc_id] / bigram_total
            else:
                bigram_cover = 0.5 * covered[doc_id] / total
            out.append((
                doc_id,
                (
                    covered[doc_id] / total,
                    name_cover,
                    bigram_cover,
                    set_ratios[position] / 100.0,
                    sort_ratios[position] / 100.0,
                    raw / best_lexical,
                    name_bigram_cover,
                    min(1.0, (covered[doc_id] + bigram_covered[doc_id]) / EVIDENCE_FULL),
                ),
            ))
        return out

    def _inferred_accents(self, query: _Query, typed_accents: Mapping[str, set[str]]) -> dict[str, set[str]]:
        """Return, per folded word typed without accents, the spellings its usual pairs with the question's
        other words give it: "hoan thue" is "hoàn thuế", so a name holding only "hỏa hoạn" matches less."""
        usual_pairs = self._tables.usual_pairs
        inferred: dict[str, set[str]] = {}
        for pair in query.bigrams:
            usual = usual_pairs.get(pair)
            if usual is None:
                continue
            for plain, spelled in zip(pair.split(), usual.split(), strict=True):
                if plain not in typed_accents:
                    inferred.setdefault(plain, set()).add(spelled)
        return inferred

    def _rerank(self, query: _Query, lexical: Pool) -> list[tuple[int, float]]:
        """Return (doc id, score) for the best lexical candidates, priors included."""
        priors = self._tables.priors
        modifiers = self._tables.modifiers
        abroad = self._tables.abroad
        floor = EVIDENCE_FLOOR
        asked = f" {query.text_folded} {query.optional_text} "
        typed = f" {' '.join(query.accented)} "
        misread = _misread_modifiers(asked, query.as_typed)
        misread = misread or _misread_unaccented(query, self._tables.usual_pairs)  # "giay phep lai xe"
        asked_modifiers = asked
        for plain in misread:
            asked_modifiers = asked_modifiers.replace(f" {plain} ", " ")
        if _LOST_OR_DAMAGED.search(typed.strip()):
            asked += "lai "  # a lost or torn paper is issued again: "cấp lại" is asked for
            asked_modifiers += "lai "
        asked_abroad = any(f" {w} " in asked for w in ABROAD_WORDS)
        first_issue = self._tables.first_issue
        # "đổi đăng ký xe" asks for a change: a first registration is ruled out, not just unasked.
        reissue = any(f" {m} " in typed for m in REISSUE_WORDS)
        papers = self._tables.papers
        named_papers = frozenset(p for p in _FOLDED_PAPERS if f" {p} " in asked)
        again = " lại " in typed  # "đăng ký lại": a name without "lại" answers another request
        ranked: list[tuple[int, float]] = []
        for doc_id, features in self._features(query, lexical):
            quality = sum(w * f for w, f in zip(FEATURE_WEIGHTS, features, strict=False))
            score = quality * (floor + (1.0 - floor) * features[-1]) + priors[doc_id]
            if abroad[doc_id] and not asked_abroad:
                score += PRIOR_ABROAD
            unasked = [m for m in modifiers[doc_id] if f" {m} " not in asked_modifiers]
            narrow = [NARROW_MODIFIERS[m] for m in unasked if m in NARROW_MODIFIERS]
            if any(all(f" {w} " not in asked for w in hints) for hints in narrow):
                score -= NARROW_MODIFIER_PENALTY
            # A modifier read off a word it only folds like ("lái") also lent the name its fuzzy likeness.
            penalty = MODIFIER_PENALTY * (len(unasked) + sum(m in misread for m in unasked))
            if reissue and first_issue[doc_id]:
                penalty = MAX_MODIFIER_PENALTY
            if named_papers and papers[doc_id] and papers[doc_id].isdisjoint(named_papers):
                score -= OTHER_PAPER_PENALTY
            if again and "lai" not in modifiers[doc_id]:
                score -= UNANSWERED_AGAIN_PENALTY
            ranked.append((doc_id, score - min(MAX_MODIFIER_PENALTY, penalty)))
        return ranked

    def _boost_aliases(self, query: _Query, ranked: list[tuple[int, float]]) -> list[tuple[int, float]]:
        if not self._aliases:
            return ranked
        text = f" {query.text_folded} "
        scores = dict(ranked)
        for phrase, doc_id in self._aliases:
            if f" {phrase} " in text or fuzz.ratio(phrase, query.text_folded) >= 90:
                floor = self.thresholds.confident * _SCORE_CEILING
                scores[doc_id] = max(scores.get(doc_id, 0.0), floor) + ALIAS_BOOST
        return list(scores.items())

    def _collapse(self, ranked: list[tuple[int, float]], k: int) -> list[tuple[int, float]]:
        """Keep one entry per name (the best-prior twin), best score first, at most ``k``."""
        t = self._tables
        ranked.sort(key=lambda item: (-item[1], -t.priors[item[0]], t.procedures[item[0]].code))
        seen: set[str] = set()
        out: list[tuple[int, float]] = []
        for doc_id, score in ranked:
            key = t.name_keys[doc_id]
            if key in seen:
                continue
            seen.add(key)
            twins = t.duplicates.get(key)
            if twins:
                doc_id = max(twins, key=lambda i: (t.priors[i], i == doc_id))
            out.append((doc_id, score))
            if len(out) >= k:
                break
        return out

    def _lift_standards(
        self, query: _Query, ranked: list[tuple[int, float]], k: int
    ) -> list[tuple[int, float]]:
        """Put the national standard of every ranked provincial variant (``variant_of``) just before it.

        The standard takes the variant's score and the variant drops by :data:`VARIANT_GAP`, unless the
        question names the variant's province, in which case the variant stays first and its standard
        follows it.
        """
        t = self._tables
        if not any(t.procedures[doc_id].variant_of for doc_id, _ in ranked):
            return ranked
        out: list[tuple[int, float]] = []
        placed: set[int] = set()
        for doc_id, score in ranked:
            if doc_id in placed:
                continue
            standard = t.by_code.get(t.procedures[doc_id].variant_of)
            if standard is None or standard in placed:
                out.append((doc_id, score))
                placed.add(doc_id)
                continue
            gap = VARIANT_GAP * _SCORE_CEILING
            if _names_province(t.procedures[doc_id], query.text_folded):
                out.extend(((doc_id, score), (standard, score - gap)))
            else:
                out.extend(((standard, score), (doc_id, score - gap)))
            placed.update((doc_id, standard))
        return out[:k]

    def _ranked(self, query: _Query, k: int) -> list[tuple[int, float]]:
        """Return the ``k`` best (doc id, calibrated score) for an analysed query."""
        if not query.folded:
            return []
        ranked = self._rerank(query, self._lexical(query))
        ranked = self._lift_standards(query, self._collapse(self._boost_aliases(query, ranked), k), k)
        return [(doc_id, score / _SCORE_CEILING) for doc_id, score in ranked]

    # -- public ---------------------------------------------------------------------------------------

    def search(self, question: str, k: int = 5) -> SearchResult:
        """Return the ``k`` best procedures for ``question``, the asked aspect and a decision."""
        k = max(1, k)
        depth = max(k, RANK_DEPTH)  # the decision and the story's tie-break look past a short ``k``
        question = question if isinstance(question, str) else str(question)
        cleaned, aspect, subject, optional, bystanders = self._subject(question)
        code = _CODE_PATTERN.search(question[:MAX_QUESTION_CHARS])
        if code and code.group(1) in self._tables.by_code:
            procedure = self._tables.procedures[self._tables.by_code[code.group(1)]]
            return SearchResult(cleaned, aspect, Decision.CONFIDENT, (Match(procedure, 1.0),), True)
        as_typed = frozenset(cleaned.split())
        query = self._analyse(subject, optional, bystanders, as_typed, cleaned)
        if not query.folded:
            return SearchResult(cleaned, aspect, Decision.NONE, (), False)
        ranked = self._ranked(query, depth)
        story, asked = split_story(question[:MAX_QUESTION_CHARS])
        request_text, purpose = split_purpose(asked)
        if purpose:
            # "xin lý lịch tư pháp để đi xuất khẩu lao động": the purpose optional, if that reads better, or
            # whenever the request names a procedure the lexicon knows ("tự đóng bảo hiểm xã hội để …").
            _, _, request, request_optional, request_bystanders = self._subject(question, purpose=True)
            request_query = self._analyse(request, request_optional, request_bystanders, as_typed, cleaned)
            alternative = self._ranked(request_query, depth)
            named = (
                self._lexicon is not None
                and bool(self._lexicon.find(clean_query(request_text)))
                and not _ends_bare(request_text)
            )
            if alternative and (named or not ranked or alternative[0][1] > ranked[0][1]):
                ranked = alternative
        unsure = not ranked or ranked[0][1] < STORY_RETRY_BELOW
        if unsure and not story and len(_SENTENCE_END.split(question.strip())) > 1:
            # Two sentences: the one asking may name the subject alone ("Tôi vừa mua xe ... Giờ đăng ký xe ở
            # công an phường hay lên tỉnh?"), the other only telling around it.
            _, _, last, last_optional, last_bystanders = self._subject(question, last_sentence=True)
            last_query = self._analyse(last, last_optional, last_bystanders, as_typed, cleaned)
            alternative = self._ranked(last_query, depth)
            if alternative and (not ranked or alternative[0][1] > ranked[0][1]):
                ranked = alternative
        # A short wish naming only a kind of help ("muốn hưởng trợ cấp") leads no name by the gap: the words
        # before it may say which ("bố tôi bị nhiễm chất độc da cam"). A long message's question part holds
        # two sentences already.
        sentences = len([s for s in _SENTENCE_END.split(question.strip()) if s.strip()])
        undecided = (
            sentences < STORY_MIN_SENTENCES
            and len(ranked) > 1
            and ranked[0][1] - ranked[1][1] < self.thresholds.gap
        )
        if (unsure or undecided) and story:
            named_request = self._lexicon is not None and bool(self._lexicon.find(clean_query(asked)))
            # A story before the question: the subject may sit in the story ("xin giấy này qua mạng").
            whole, whole_optional, whole_bystanders = self._terms(question[:MAX_QUESTION_CHARS])
            whole_query = self._analyse(whole, whole_optional, whole_bystanders, as_typed, cleaned)
            alternative = self._ranked(whole_query, depth)
            # A request naming what the lexicon knows ("làm căn cước") keeps its names: the story may only
            # break their tie. A bare kind of help ("hưởng trợ cấp") takes the names the whole message fits.
            replaceable = unsure or not named_request
            if alternative and replaceable and (not ranked or alternative[0][1] > ranked[0][1]):
                ranked = alternative
            elif alternative and undecided:
                # The whole message scores lower (more words to cover) but still tells which of the tied
                # names it means: "ông tôi là thương binh muốn hưởng chế độ".
                ranked = _break_tie(ranked, alternative[0][0], self.thresholds.gap)
        decision = decide([score for _, score in ranked], self.thresholds)
        matches = tuple(
            Match(self._tables.procedures[i], round(min(1.0, max(0.0, s)), 4)) for i, s in ranked[:k]
        )
        return SearchResult(cleaned, aspect, decision, matches, True)
