"""Tell when a message reports a death in the family: "má tui mới mất, giờ làm giấy tờ gì cho bả".

People rarely name the procedure after a death; they say who died and ask what to do. "Mất" also means
"lost" ("mẹ tôi mất căn cước"), so the verb must end its clause or be followed by when or where it
happened.
"""

from __future__ import annotations

import re

from knowledge.papers import LAND_TITLE
from knowledge.text import fold

DEATH_REGISTRATION = "đăng ký khai tử"

# Folded kinship words, with an optional "tôi / tui / em / mình" after them. Not "cô" or "dì": folded, they
# are "có" and "đi" ("có mất không", "đi mất rồi").
_KIN = (
    "bo", "me", "ba", "ma", "cha", "tia", "ong", "ong noi", "ong ngoai", "ba noi", "ba ngoai", "chong",
    "vo", "con", "anh", "chi", "em", "chu", "bac", "cau", "ong ba", "bo me", "ba ma", "cha me", "nguoi nha",
    "nguoi than", "nguoi", "ong gia", "ba gia",  # "ông già", "bà già": one's father, one's mother
)
_KIN_PATTERN = "|".join(sorted(_KIN, key=len, reverse=True))
# What may follow the verb: nothing, or when, where and how it happened, or what comes next ("để lại").
_AFTER = (
    r"(?:$|\s+(?:roi|nam|hom|thang|tuan|ngay|tu|luc|duoc|lau|cach|gio|thi|nen|o|tai|do|sau|hoi|va|lam"
    r"|de lai|khong de lai"
    # why: "mất vì tai nạn", "chết vì bệnh"; not "mất ví" (a wallet), which folds alike
    r"|vi (?:tai nan|benh|om|ung thu|dot quy|covid|gia yeu))\b)"
)
_DIED = re.compile(
    rf"\b(?:{_KIN_PATTERN})\s+(?:(?:toi|tui|em|minh|chau)\s+)?(?:(?:moi|vua|da)\s+)?"
    rf"(?:mat|qua doi|tu tran|chet){_AFTER}"
)


# A relative's death told a few words after naming them ("chồng tôi đóng bhxh 15 năm, mới mất tháng
# trước", "ông nội là bệnh binh mới qua đời", "mẹ tôi 75 tuổi, hôm qua mất ở nhà", "bố đang hưởng lương hưu
# thì mất"): "qua đời" and "từ trần" only mean death, "mất" and "chết" after "mới / vừa / đã / hôm qua /
# hôm nay / thì"; or as _DIED reads it.
_DIED_LATER = re.compile(
    rf"{_DIED.pattern}"
    rf"|\b(?:{_KIN_PATTERN})\b.{{0,60}}?(?:\b(?:qua doi|tu tran)\b"
    rf"|\b(?:moi|vua|da|hom qua|hom nay|thi)\s+(?:mat|chet){_AFTER})"
)


_CLAUSE_END = re.compile(r"[,.;!?\n]")
_DEATH_WORD = re.compile(r"\b(?:mat|chet|qua doi|tu tran)\b")  # what every death told holds


def death_registration(text: str) -> str | None:
    """Return the wording of the death registration when ``text`` reports a relative's death; None
    otherwise. "bố tôi mất hôm qua thì làm gì" -> DEATH_REGISTRATION; "mẹ tôi mất căn cước" -> None."""
    return DEATH_REGISTRATION if _died(text) else None


def _died(text: str) -> bool:
    """Return True when ``text`` tells of a relative's death, the verb ending the text or one of its clauses
    ("ông nội mới mất, xã bảo phải đi báo")."""
    folded = fold(text)
    if not _DEATH_WORD.search(folded):
        return False
    if _DIED_LATER.search(folded):
        return True
    clauses = _CLAUSE_END.split(text)[:-1]  # the last one ends with the text, read above
    return any(_DIED_LATER.search(fold(clause)) for clause in clauses if clause.strip())


def _when_told(text: str, wording: str, *patterns: re.Pattern[str]) -> str | None:
    """Return ``wording`` when every pattern is found in folded ``text``; None otherwise."""
    folded = fold(text)
    return wording if all(pattern.search(folded) for pattern in patterns) else None


ESTATE_DIVISION = "chứng thực văn bản phân chia di sản"

# What a dead relative left ("bố mất để lại", "đất ông bà để lại"), a will or an inheritance named outright.
_LEFT_BEHIND = re.compile(
    rf"\b(?:{_KIN_PATTERN})\s+(?:(?:toi|tui|em|minh|chau)\s+)?(?:(?:mat|qua doi|chet)\s+)?de lai\b"
    r"|\b(?:di chuc|thua ke|di san)\b"
)
# Sharing it out among the heirs; "chia tay" (parting) is no sharing.
_SHARING = re.compile(r"\b(?:phan )?chia\b(?! tay)")


def estate_division(text: str, message: str = "") -> str | None:
    """Return the wording of the heirs' division agreement when ``text`` tells of sharing out what a
    relative left, told in ``text`` or in the whole ``message`` it comes from; None otherwise. "bố mất để
    lại mảnh đất giờ anh em muốn chia" -> ESTATE_DIVISION."""
    if not _SHARING.search(fold(text)):
        return None
    return _when_told(f"{message} {text}", ESTATE_DIVISION, _LEFT_BEHIND)


# A split of the plot asked for by name stays the split: "... chia làm 3 phần. Thủ tục tách thửa thế nào?"
_PLOT_SPLIT = re.compile(r"\btach (?:thua|so)\b")


def estate_after_death(text: str, message: str = "") -> str | None:
    """Return the wording of the heirs' division agreement when the sharing out (see ``estate_division``)
    comes with a relative's death told in ``message``, however the request names the property: "bố tôi mất
    không để lại di chúc, anh em muốn chia đất" shares an estate, not just a plot. None otherwise, and
    when the request asks to split the plot by name."""
    if _PLOT_SPLIT.search(fold(text)) or not _died(f"{message} {text}"):
        return None
    return estate_division(text, message)


MERIT_DEATH_ALLOWANCE = "hưởng trợ cấp khi người có công đang hưởng trợ cấp ưu đãi từ trần"

# A person with merit to the revolution who draws an allowance: a war invalid, a sick soldier, one exposed
# to toxic chemicals, or named as such.
_MERIT = re.compile(r"\b(?:thuong binh|benh binh|nguoi co cong|co cong voi cach mang|nhiem chat doc)\b")


def merit_death(text: str) -> str | None:
    """Return the wording of the allowance paid when a person with merit dies, when ``text`` tells that a
    relative who is one has died; None otherwise. "ba tôi là thương binh, nay ba mất thì gia đình được
    hưởng gì" -> MERIT_DEATH_ALLOWANCE."""
    return MERIT_DEATH_ALLOWANCE if _MERIT.search(fold(text)) and _died(text) else None


SURVIVORS_ALLOWANCE = "hưởng trợ cấp tuất hằng tháng"

# What the dead relative drew or paid into: a pension or social insurance; or a death at work, which the
# insurance pays for too ("chồng em mất vì tai nạn lao động").
_INSURED = re.compile(
    r"\b(?:luong huu|huu tri|bhxh|bao hiem xa hoi|dong bao hiem|tro cap bao hiem|tai nan lao dong|tnld)\b"
)


def survivors_allowance(text: str) -> str | None:
    """Return the wording of the survivors' allowance when ``text`` tells that a relative who drew a pension
    or paid social insurance has died; None otherwise. "bố tôi đang hưởng lương hưu mới mất thì con cái
    được nhận gì" -> SURVIVORS_ALLOWANCE."""
    return SURVIVORS_ALLOWANCE if _INSURED.search(fold(text)) and _died(text) else None


LAND_INHERITANCE = "đăng ký biến động quyền sử dụng đất quyền sở hữu tài sản gắn liền với đất thừa kế"

# A title still in a dead relative's name ("sổ đỏ đứng tên bố đã mất"), or one a dead relative left.
_IN_THE_NAME = re.compile(r"\bdung ten\b|\bde lai\b")


def inherited_title(text: str) -> str | None:
    """Return the wording of registering an inheritance when ``text`` tells of a land title in the name of
    a relative who has died, or left by one, and of no sharing out (see ``estate_division``); None
    otherwise. "bìa đỏ đứng tên ông bà đã mất" -> LAND_INHERITANCE."""
    if _SHARING.search(fold(text)):
        return None
    return _when_told(text, LAND_INHERITANCE, LAND_TITLE, _IN_THE_NAME, _DIED_LATER)
