"""Read an age in a question: the identity-card records differ by a child's age, and an old person asking
for money means the social pension.

"Con tôi 15 tuổi, chưa làm căn cước" asks for the card "cho người từ đủ 14 tuổi trở lên", and "bé 6 tuổi"
for the card "cho người dưới 14 tuổi". The lexicon knows the phrases "dưới 14 tuổi" and "14 tuổi", not
every number.
"""

from __future__ import annotations

import re

from knowledge.text import fold

FROM_14 = "người từ đủ 14 tuổi trở lên"
UNDER_14 = "người dưới 14 tuổi"
CARD_AGE = 14

_CARD = re.compile(r"\b(?:can cuoc|cccd|cmnd|chung minh|gan chip|the chip)\b")  # "cc gắn chip"
# A change, a loss, or another paper asked about: the age no longer tells which record ("con 16 tuổi bị
# mất căn cước" is a re-issue, "con 10 tuổi làm hộ chiếu, mang căn cước bố mẹ" a passport).
_OTHER_MATTER = re.compile(
    r"\b(?:lai|doi|mat(?! (?:phi|bao|tien|may|thoi|bn|nhieu))|sai|hong|rach|gia han|ho chieu|khai sinh"
    r"|thuong tru|tam tru|ket hon|het han)\b"
)
_FOR_A_CHILD = re.compile(r"\bcho (?:con|be|chau|tre|tre em|em be)\b")
# "làm căn cước cho người già liệt giường", "cho bà ngoại", "bố tôi nằm một chỗ": an elder's card is the
# adults' record.
_FOR_AN_ELDER = re.compile(
    r"\b(?:nguoi gia|nguoi cao tuoi|nguoi lon tuoi|cu gia)\b|\bcho (?:ong|ba|bo|me|cha|ma|vo|chong)\b"
    r"|\b(?:ong|ba|bo|me|cha|ma|tia) (?:noi |ngoai )?(?:toi|tui|em|minh)\b"
)
# "dưới 14 tuổi", "chưa đủ 14t": below the number.
_AGE = re.compile(r"\b(?:(duoi|chua du|chua toi|chua den|chua)\s+)?(\d{1,3})\s*(?:tuoi|t)\b")


def card_age_group(text: str) -> str | None:
    """Return the age wording of the identity-card records that an age in ``text`` points to, when the
    text names the card and no other matter; None otherwise. "con tôi 15 tuổi làm căn cước" -> FROM_14."""
    folded = fold(text)
    if _CARD.search(folded) is None or _OTHER_MATTER.search(folded):
        return None
    ages = [int(found.group(2)) - bool(found.group(1)) for found in _AGE.finditer(folded)]
    if not ages:
        # "làm căn cước cho con": a child's first card, for whom the under-14 record is made.
        if _FOR_A_CHILD.search(folded):
            return UNDER_14
        return FROM_14 if _FOR_AN_ELDER.search(folded) else None
    # An adult's age still rules out the children's record: "làm thẻ căn cước cho người già 80t".
    return FROM_14 if min(ages) >= CARD_AGE else UNDER_14


SOCIAL_PENSION = "thực hiện điều chỉnh thôi hưởng trợ cấp hưu trí xã hội"
PENSION_AGE = 70  # from 75 in general, from 70 for poor households (Luật Bảo hiểm xã hội 2024)
# Money received: "lãnh tiền", "nhận trợ cấp", "được hưởng chế độ gì".
_MONEY = re.compile(r"\b(?:tien|tro cap|lanh|linh|che do|huong)\b")
# Another matter for an old person: a card, a passport, a death or a funeral grant.
_OLD_AGE_OTHER_MATTER = re.compile(
    r"\b(?:can cuoc|cccd|cmnd|ho chieu|khai tu|mai tang|mat|chet|qua doi|bhyt|bao hiem y te|luong huu)\b"
)


# A pension or insurance the old person does not have is no other matter: "không có lương hưu".
_WITHOUT = re.compile(r"\b(?:chua|khong|ko|chang) (?:(?:co|duoc) )?(?:luong huu|bhxh|bao hiem xa hoi)\b")

# "già" folds like "gia" of "gia đình", "tham gia", "gia hạn": those neighbours rule it out.
_OLD = re.compile(
    r"(?<!tham )(?<!quoc )(?<!nha )\bgia\b(?! (?:dinh|han|tri|tang|ca|re|tien|canh|su|nhap|cong))"
    r"|\b(?:cao tuoi|lon tuoi|tuoi cao)\b"
)


def social_pension(text: str) -> str | None:
    """Return the social pension's wording when ``text`` gives an age of ``PENSION_AGE`` or more and asks
    for money, and names no other matter; None otherwise. "tía tui 85 tuổi có được lãnh tiền không"."""
    folded = fold(text)
    if _MONEY.search(folded) is None or _OLD_AGE_OTHER_MATTER.search(_WITHOUT.sub(" ", folded)):
        return None
    ages = [int(found.group(2)) for found in _AGE.finditer(folded) if not found.group(1)]
    if any(age >= PENSION_AGE for age in ages):
        return SOCIAL_PENSION
    # No age, but old and without a pension: "mẹ tôi già rồi, chưa có lương hưu, có được nhận tiền gì".
    return SOCIAL_PENSION if not ages and _OLD.search(folded) and _WITHOUT.search(folded) else None
