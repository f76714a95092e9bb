"""Which part of a procedure a question asks about: documents, fees, time, steps, agency, online, legal basis.

Detection is a weighted vote of cue phrases found in the text, accented or typed without diacritics (after
:func:`knowledge.text.repair_typing`, so "bn tien" and "mat bao lau" work). A strong cue (a question form such
as "giấy tờ gì", "bao lâu") weighs 2, a weak one (a topic word such as "hồ sơ", "thời gian") weighs 1. The
aspect with the highest total wins; ties go to the first aspect in :data:`PRIORITY`: concrete questions
(documents, fees, time, place) before the legal basis, the online channel (often just a qualifier, as in
"làm online cần giấy tờ gì") and the generic "how" of steps. No cue at all means :attr:`Aspect.OVERVIEW`.

Cues are matched whole-word, longest first, so "mất bao nhiêu tiền" is fees while "mất bao lâu" and
"mất bao nhiêu ngày" are time. Call :func:`detect_aspect` with the user's raw text when you can: the filler
removal of :func:`knowledge.text.clean_query` drops "làm thế nào để", a hint of :attr:`Aspect.STEPS`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from knowledge.text import RECENT_TEXTS, PhraseMatcher, canonical_tone, fold_normalized, repair_typing


class Aspect(StrEnum):
    """The part of a procedure a question is about."""

    OVERVIEW = "overview"
    DOCUMENTS = "documents"
    FEES = "fees"
    TIME = "time"
    STEPS = "steps"
    AGENCY = "agency"
    ONLINE = "online"
    LEGAL = "legal"


PRIORITY: tuple[Aspect, ...] = (
    Aspect.DOCUMENTS, Aspect.FEES, Aspect.TIME, Aspect.AGENCY, Aspect.LEGAL, Aspect.ONLINE, Aspect.STEPS,
)
_RANK = {aspect: rank for rank, aspect in enumerate(PRIORITY)}


@dataclass(frozen=True, slots=True)
class Cue:
    """What a cue phrase says: its aspect (None for question words that only get stripped) and weight."""

    aspect: Aspect | None
    weight: int = 2
    accent_only: bool = False  # its unaccented form is another common word ("phí"/"phi", "đâu"/"đầu")
    stripped: bool = True  # removed by strip_aspect_words


def _cues(
    aspect: Aspect | None, weight: int, *phrases: str, accent_only: bool = False, stripped: bool = True
) -> list[tuple[str, Cue]]:
    cue = Cue(aspect, weight, accent_only, stripped)
    return [(phrase, cue) for phrase in phrases]


CUES: tuple[tuple[str, Cue], ...] = tuple(
    _cues(
        Aspect.DOCUMENTS, 2,
        "giấy tờ gì", "giấy tờ nào", "những giấy tờ", "những giấy tờ gì", "cần giấy tờ", "cần những giấy tờ",
        "giấy tờ cần", "giấy tờ cần thiết", "hồ sơ gồm", "hồ sơ gồm những gì", "hồ sơ gồm gì", "hồ sơ cần",
        "hồ sơ gì", "hồ sơ những gì", "bộ hồ sơ", "thành phần hồ sơ", "chuẩn bị hồ sơ", "cần gì",
        "cần những gì",
        "cần có gì", "cần có những gì", "mang theo gì", "mang theo những gì", "mang gì", "cần mang",
        "cần mang theo", "chuẩn bị gì", "chuẩn bị những gì", "cần chuẩn bị", "phải chuẩn bị", "phải mang",
        "yêu cầu giấy tờ", "mẫu đơn", "mẫu tờ khai", "tờ khai mẫu",
        "phải có những gì", "phải có gì", "mang theo cái gì", "mang cái gì", "cầm theo gì", "cầm gì",
        "cầm theo những gì", "đem theo gì", "đem theo những gì", "đem gì", "cần đem",
        "cần nộp gì", "nộp những gì", "loại giấy gì", "loại giấy nào", "mấy loại giấy",
        "giấy gì", "giấy tờ ra sao", "giấy tờ thế nào", "giấy tờ như thế nào",
        # chat abbreviations: gt / gtờ = giấy tờ, hs = hồ sơ
        "gt gì", "gt nào", "cần gt", "gtờ gì", "gtờ nào", "cần gtờ", "hs gì", "hs gồm", "hs cần", "cần hs",
        "hs những gì",
    )
    + _cues(Aspect.DOCUMENTS, 1, "hồ sơ", "tờ khai", "đơn đề nghị")
    # "có cần sổ hộ khẩu không" asks whether a paper is needed; the paper stays for the search.
    + _cues(
        Aspect.DOCUMENTS, 2, "có cần sổ", "cần sổ", "có cần bản sao", "cần bản sao",
        "có cần ảnh", "cần ảnh", "có cần mang", stripped=False,
    )
    + _cues(
        Aspect.FEES, 2,
        "bao nhiêu tiền", "mất bao nhiêu tiền", "hết bao nhiêu tiền", "tốn bao nhiêu tiền", "tốn bao nhiêu",
        "mất bao nhiêu", "hết bao nhiêu", "nộp bao nhiêu", "đóng bao nhiêu", "trả bao nhiêu", "phí bao nhiêu",
        "lệ phí", "phí lệ phí", "chi phí", "mất tiền", "mất phí", "có mất tiền không", "có mất phí không",
        "tốn tiền", "tốn phí", "có tốn", "miễn phí", "giá bao nhiêu", "giá tiền", "tiền lệ phí", "đóng tiền",
        "nộp tiền", "thu phí", "thu tiền", "phí dịch vụ", "mất đồng nào", "tốn đồng nào", "tốn kém",
        "nộp thuế gì", "thuế gì", "thuế bao nhiêu", "đóng thuế gì",
        "những khoản gì", "khoản gì", "khoản nào", "các khoản", "khoản phí", "khoản tiền",
    )
    + _cues(Aspect.FEES, 2, "phí", "giá", accent_only=True)
    + _cues(Aspect.FEES, 1, "bao nhiêu", "tiền", "free")
    + _cues(
        Aspect.TIME, 2,
        "bao lâu", "mất bao lâu", "trong bao lâu", "bao nhiêu lâu", "mấy ngày", "mất mấy ngày",
        "bao nhiêu ngày", "mất bao nhiêu ngày", "hết bao nhiêu ngày", "mất bao nhiêu thời gian",
        "mất bao nhiêu lâu", "mất bao nhiêu tháng", "mất bao nhiêu tuần", "mấy tuần", "mấy tháng", "mấy hôm",
        "bao nhiêu tháng", "bao nhiêu tuần", "khi nào có", "khi nào xong", "khi nào nhận", "khi nào lấy",
        "bao giờ có", "bao giờ xong", "bao giờ nhận", "bao giờ lấy", "bao giờ thì có", "bao giờ mới có",
        "khi nào thì có", "khi nào mới có", "thời gian giải quyết",
        "thời hạn giải quyết", "thời gian xử lý", "thời gian trả kết quả", "lâu không", "có lâu không",
        "nhanh không", "lấy ngay", "lấy liền", "trong ngày", "bao lâu xong", "bao lâu thì xong",
        "bao lâu mới xong", "bao lâu thì có", "mấy ngày xong", "mấy ngày thì xong", "mấy ngày thì có",
    )
    # Typed without accents, "may gio" is as often "xe máy, giờ …" as "mấy giờ".
    + _cues(Aspect.TIME, 2, "mấy giờ", "trước mấy giờ", accent_only=True)
    + _cues(Aspect.TIME, 1, "thời gian", "ngày làm việc", "thời hạn")
    + _cues(
        Aspect.STEPS, 2,
        "trình tự", "trình tự thực hiện", "các bước", "các bước thực hiện", "từng bước", "quy trình",
        "làm thế nào để", "làm như thế nào để", "làm sao để", "cách làm",
        "cách thức thực hiện", "hướng dẫn cách", "hướng dẫn làm", "đầu tiên phải làm gì", "bước đầu tiên",
        "làm gì trước", "chỉ cách", "chỉ giúp cách", "chỉ em cách", "chỉ mình cách", "chỉ tôi cách",
        "bắt đầu từ đâu", "bắt đầu thế nào", "bắt đầu như thế nào",
    )
    + _cues(Aspect.STEPS, 1, "hướng dẫn", "cách thức")
    + _cues(Aspect.STEPS, 1, "bước", accent_only=True)
    + _cues(
        Aspect.AGENCY, 2,
        "ở đâu", "nộp ở đâu", "làm ở đâu", "nộp hồ sơ ở đâu", "tại đâu", "làm tại đâu", "nộp tại đâu",
        "chỗ nào", "nơi nào", "cơ quan nào", "đi đâu", "đến đâu", "lên đâu", "ra đâu", "cấp nào",
        "ai giải quyết", "ai cấp", "cơ quan giải quyết", "cơ quan thực hiện", "nơi nộp", "nơi làm",
        "địa điểm", "ở phường hay", "ở xã hay", "phường hay quận", "xã hay huyện", "thẩm quyền",
        "cơ quan có thẩm quyền", "xã nào", "phường nào", "quận nào", "huyện nào", "tỉnh nào",
        "bộ phận một cửa", "một cửa", "trung tâm hành chính công", "trung tâm phục vụ hành chính công",
        "bộ phận tiếp nhận",
    )
    # A choice between offices or levels names the place, not the procedure: keep the words for the search.
    + _cues(
        Aspect.AGENCY, 2,
        "xã hay", "phường hay", "hay phường", "hay xã", "hay tỉnh", "hay huyện", "hay quận", "hay lên",
        "hay phải lên", "lên tỉnh", "lên huyện", "lên quận", "hay công an", "hay ủy ban", "hay ubnd",
        "hay sở", "hay ở xã", "hay ở phường", "hay ở huyện", "hay ở quận", "hay ở tỉnh", "hay nơi",
        stripped=False,
    )
    + _cues(
        Aspect.AGENCY, 1, "ở ubnd", "tại ubnd", "ở ủy ban", "tại ủy ban", "lên ủy ban", "ra ủy ban",
        "đến ủy ban", "ở công an", "lên công an", "đến công an", "ra công an", stripped=False)
    + _cues(Aspect.AGENCY, 1, "đâu", accent_only=True)
    + _cues(Aspect.AGENCY, 1, "địa chỉ", "lên phường", "ra phường", "lên xã", "ra xã")
    # The traffic police is where vehicles are registered, not a word of the procedure's name.
    + _cues(Aspect.AGENCY, 1, "cảnh sát giao thông", "phòng cảnh sát giao thông", "csgt")
    + _cues(
        Aspect.ONLINE, 2,
        "online", "trực tuyến", "qua mạng", "trên mạng", "dịch vụ công", "cổng dịch vụ công", "tại nhà",
        "toàn trình", "làm online", "nộp online", "qua app", "trên app", "qua ứng dụng", "trên ứng dụng",
        "qua internet", "internet", "trên web", "qua website", "không cần đến", "không cần đi",
        "không phải đến", "không phải đi",
        # "… qua mạng được không hay phải mang hồ sơ đi nộp?" asks about the channel.
        "hay phải đến", "hay phải mang", "hay phải mang hồ sơ", "hay bắt buộc phải đến", "hay phải đi nộp",
        "hay đến nộp", "trên điện thoại", "cổng dvc", "qua dvc", "trên dvc", "dvcqg", "qua cổng",
    )
    + _cues(Aspect.ONLINE, 1, "nộp trực tiếp", "được không hay")
    + _cues(
        Aspect.ONLINE, 2, "được không hay phải", "được không hay phải mang hồ sơ", "được không hay phải đến",
        "được không hay phải lên", "được không hay phải đi",
    )
    + _cues(
        Aspect.ONLINE, 1, "ở nhà", "qua bưu điện", "qua bưu chính", "qua đường bưu chính", "bằng bưu chính",
        "gửi bưu chính", "bưu chính công ích", "qua điện thoại", "website",
    )
    # Someone living alone is no channel: "người già ở nhà một mình".
    + _cues(None, 0, "ở nhà một mình", "ở nhà 1 mình", stripped=False)
    # A bare "bưu chính" may be the subject ("cấp giấy phép bưu chính"): neither counted nor stripped.
    + _cues(None, 0, "bưu chính", stripped=False)
    # "trên vneid" is a channel. A bare "vneid" is mostly one too, but it may be the subject ("vneid bị
    # khóa"), so it stays in the query.
    + _cues(
        Aspect.ONLINE, 1, "trên vneid", "qua vneid", "bằng vneid", "dùng vneid", "trên app vneid",
        "qua app vneid", "trên ứng dụng vneid", "qua ứng dụng vneid", "bằng app vneid",
        "online vneid", "vneid online",  # "lltp online vneid": done online, through the app
    )
    + _cues(Aspect.ONLINE, 1, "vneid", stripped=False)
    + _cues(
        Aspect.LEGAL, 2,
        "căn cứ", "căn cứ pháp lý", "cơ sở pháp lý", "nghị định", "nghị định nào", "thông tư", "thông tư nào",
        "luật nào", "luật gì", "theo luật", "điều luật", "văn bản nào", "văn bản pháp luật",
        "văn bản quy định", "quy định ở đâu", "quy định nào", "quy định tại đâu", "quy định pháp luật",
        "nghị quyết", "quyết định số",
    )
    # A bare "nd" typed without accents is as often "nội dung" ("thay đổi nd hkd") as "nghị định".
    # Which text rules a fee or a time limit asks the legal basis: it outweighs the fee or time cue.
    + _cues(
        Aspect.LEGAL, 3, "văn bản nào quy định", "nghị định nào quy định", "thông tư nào quy định",
        "luật nào quy định",
    )
    + _cues(Aspect.LEGAL, 2, "nđ", accent_only=True)
    + _cues(Aspect.LEGAL, 2, "nđ nào", "theo nđ", "nđ gì")
    + _cues(Aspect.LEGAL, 1, "pháp luật", "luật", "nđ cp", "thực hiện theo", "áp dụng theo")
    # Question words: not a cue by themselves, stripped with the cues.
    + _cues(
        None, 0,
        "được không", "có được không", "không", "không ạ", "gì", "nào", "vậy", "nhỉ", "hả", "chưa", "ạ",
        "nộp hồ sơ",
        # "làm X thế nào" asks for the procedure as a whole far more often than for its steps.
        "như thế nào", "thế nào", "làm thế nào", "làm như thế nào", "ra sao", "làm ra sao", "làm sao",
        "thủ tục ra sao", "thủ tục thế nào", "thủ tục như thế nào", "cho nhanh", "cho nhanh không",
    )
    # Procedure names that contain a cue word but ask nothing: neither counted nor stripped.
    + _cues(
        None, 0, "hỗ trợ chi phí", "chi phí mai táng", "lệ phí trước bạ", "hộ chiếu", "giá thú",
        "đại diện theo pháp luật", "kiến thức pháp luật", "giá trị", "đánh giá", "đấu giá", "luật sư",
        "miễn học phí", "giảm học phí", "miễn giảm học phí", "hỗ trợ học phí",
        "đại diện pháp luật",
        stripped=False,
    )
    # Money the citizen receives, a criminal record or a shopfront is not a fee; an address change is not a
    # place.
    + _cues(
        None, 0,
        "nhận tiền", "lấy tiền", "rút tiền", "lãnh tiền", "tiền trợ cấp", "tiền thai sản", "tiền chế độ",
        "tiền bảo hiểm", "tiền hưu", "tiền hưu trí", "tiền già", "tiền tuất", "tiền hỗ trợ",
        "tiền thất nghiệp", "tiền khuyết tật", "tiền thương binh", "tiền sinh con", "tiền cho người",
        "tiền án", "tiền sự", "mặt tiền", "tiền mặt",
        "đổi địa chỉ", "thay đổi địa chỉ", "chuyển địa chỉ", "địa chỉ trụ sở",
        stripped=False,
    )
)

_MATCHER: PhraseMatcher[Cue] = PhraseMatcher(CUES)


@lru_cache(maxsize=RECENT_TEXTS)
def _found_cues(text: str) -> tuple[tuple[str, ...], tuple[tuple[int, int, Cue], ...]]:
    """Return the typing-repaired words of ``text`` and the cues found in them as (start, end, cue).

    Words are compared with their tone mark on the standard vowel ("bứơc" = "bước"). A multi-word cue
    with an aspect also matches when a word carries a wrong accent ("giấy tở gì"), unless exactly typed
    cues already cover all its words ("mât bao lâu" is found beside "bao lâu").
    """
    words = repair_typing(text).split()
    toned = [canonical_tone(word) for word in words]
    found: list[tuple[int, int, Cue]] = []
    taken = [False] * len(words)
    for match in _MATCHER.find(toned):
        cue = match.value
        if cue.accent_only and " ".join(toned[match.start:match.end]) != match.phrase:
            continue
        found.append((match.start, match.end, cue))
        taken[match.start:match.end] = [True] * (match.end - match.start)
    folded = fold_normalized(" ".join(toned)).split()
    for match in _MATCHER.find(folded):
        cue = match.value
        if (
            cue.aspect is None or cue.accent_only or match.end - match.start < 2
            or all(taken[match.start:match.end])
        ):
            continue
        found.append((match.start, match.end, cue))
    found.sort(key=lambda item: item[0])
    return tuple(words), tuple(found)


def cue_spans(folded_words: Sequence[str]) -> list[tuple[int, int]]:
    """Return the (start, end) word spans of ``folded_words`` that cues of two or more words cover."""
    return [
        (match.start, match.end)
        for match in _MATCHER.find(list(folded_words))
        if match.value.aspect is not None and match.end - match.start > 1
    ]


def cue_positions(folded_words: Sequence[str]) -> set[int]:
    """Return the positions of folded ``folded_words`` that a cue of two or more words covers
    ("mat bao lau"): such words are asked as they are and need no typo repair."""
    return {position for start, end in cue_spans(folded_words) for position in range(start, end)}


def _summed(found: Sequence[tuple[int, int, Cue]], min_weight: int = 0) -> dict[Aspect, int]:
    scores: dict[Aspect, int] = {}
    for _, _, cue in found:
        if cue.aspect is not None and cue.weight >= min_weight:
            scores[cue.aspect] = scores.get(cue.aspect, 0) + cue.weight
    return scores


_SENTENCE_END_RE = re.compile(r"(?<=[.!?\n])")


def aspect_scores(text: str) -> dict[Aspect, int]:
    """Return the summed cue weight of every aspect mentioned in ``text`` (raw or cleaned).

    In a message of several sentences the questions (sentences ending in "?") decide; when they hold
    no cue, only strong cues of the whole message count, so a story that mentions "hồ sơ" or "VNeID"
    in passing before asking "thì làm thủ tục gì?" stays an overview.
    """
    sentences = [part for part in _SENTENCE_END_RE.split(text) if part.strip()]
    questions = [part for part in sentences if part.rstrip().endswith("?")]
    if len(sentences) > 1 and questions:
        scores = _summed(_found_cues(" ".join(questions))[1])
        return scores or _summed(_found_cues(text)[1], min_weight=2)
    return _summed(_found_cues(text)[1])


def detect_aspect(text: str) -> Aspect:
    """Return the aspect a question asks about; :attr:`Aspect.OVERVIEW` when it names none."""
    scores = aspect_scores(text)
    if not scores:
        return Aspect.OVERVIEW
    return min(scores, key=lambda aspect: (-scores[aspect], _RANK[aspect]))


def strip_aspect_words(text: str) -> str:
    """Return ``text`` (normalized and typing-repaired) without its aspect phrases and question words,
    so a search matches on the procedure words only: "lam cccd mat bao lau" → "lam cccd"."""
    words, found = _found_cues(text)
    keep = [True] * len(words)
    for start, end, cue in found:
        if not cue.stripped:
            continue
        for k in range(start, end):
            keep[k] = False
    return " ".join(word for word, kept in zip(words, keep, strict=True) if kept)
