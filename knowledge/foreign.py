"""Tell when a civil-status question involves a foreigner ("chồng em người Hàn Quốc, đăng ký kết hôn").

Marriage, birth, parentage and adoption records come in two kinds: between Vietnamese citizens, and
"có yếu tố nước ngoài". Citizens rarely say the latter; they name a nationality. A nationality counts only
in a message that names a civil-status matter, so that small talk about a country stays small talk.
"""

from __future__ import annotations

import re

from knowledge.text import fold

FOREIGN_ELEMENT = "người nước ngoài có yếu tố nước ngoài"
BORN_ABROAD = "trẻ em sinh ra ở nước ngoài"

# Folded country names after "người", "quốc tịch", "định cư ở", "việt kiều" or "lấy chồng / vợ". Left
# out: "anh" (also "older brother"), and "hoa", "thái", "tày" (peoples of Viet Nam).
_COUNTRIES = (
    "han quoc", "han", "nhat ban", "nhat", "dai loan", "trung quoc", "hong kong", "my", "hoa ky", "uc",
    "phap", "duc", "canada", "nga", "thai lan", "lao", "campuchia", "singapore", "malaysia",
    "indonesia", "philippines", "an do", "ha lan", "thuy dien", "ba lan", "nuoc ngoai", "ngoai quoc",
)
_COUNTRY = "(?:" + "|".join(sorted(_COUNTRIES, key=len, reverse=True)) + r")\b"
# After "chồng" or "vợ" alone only the countries whose folded name reads as nothing else: "chồng ngã",
# "vợ nhặt" are not Russian or Japanese, but "chồng Tây" is a Westerner.
_SPOUSE_COUNTRY = "(?:" + "|".join(
    sorted([c for c in _COUNTRIES if " " in c] + ["han", "tay"], key=len, reverse=True)
) + r")\b"
_NATIONALITY = re.compile(
    r"\b(?:(?:nguoi|quoc tich|dinh cu o|dinh cu tai|viet kieu)\s+" + _COUNTRY
    # "lấy chồng Đài Loan", "lấy vợ bên Hàn", "lấy chồng người Nhật"
    + r"|(?:lay chong|lay vo)\s+(?:(?:ben|nguoi)\s+)?" + _COUNTRY
    + r"|(?:chong|vo)\s+" + _SPOUSE_COUNTRY + ")"
)
_BIRTH_PLACE = re.compile(r"\bsinh\s+(?:ra\s+|con\s+|be\s+)?(?:o|tai|ben)\s+" + _COUNTRY)
_CIVIL_STATUS = re.compile(
    r"\b(?:ket hon|cuoi|khai sinh|khai tu|nhan cha|nhan me|nhan con|con nuoi|giam ho|ly hon|ho tich)\b"
)


# A marriage or divorce done in another country ("đã đăng ký kết hôn ở Hàn Quốc", "cưới bên Nhật", "ly hôn
# tại Mỹ"), or the everyday name of recording it ("ghi chú kết hôn"): it is entered in the civil register.
# Not one still to come: "xin xác nhận độc thân để kết hôn ở nước ngoài", "sắp cưới bên Hàn".
_DONE_ABROAD = re.compile(
    r"\b(?<!de )(?<!muon )(?<!sap )(?<!dinh )(?<!se )"
    r"(?:(ket hon|ly hon|cuoi)\s+(?:nhau\s+)?(?:o|tai|ben)\s+" + _COUNTRY + r"|ghi chu\s+(ket hon|ly hon))"
)
# The divorce record also covers an annulment: its name reads "việc ly hôn, hủy việc kết hôn".
_RECORDED_MATTER = {"ket hon": "kết hôn", "cuoi": "kết hôn", "ly hon": "ly hôn hủy việc kết hôn"}
# At an embassy or consulate the marriage is registered abroad by Viet Nam itself: nothing to record.
_MISSION = re.compile(r"\b(?:dai su quan|lanh su|co quan dai dien)\b")


def nationality(text: str) -> str | None:
    """Return the nationality phrase (folded) of ``text`` when the text also names a civil-status matter;
    otherwise None. "Chồng em người Nhật, đăng ký kết hôn" -> "nguoi nhat"; "tôi thích người Hàn" -> None."""
    folded = fold(text)
    found = _NATIONALITY.search(folded)
    if found is None:
        return None
    if found.group(0).startswith("lay "):
        return found.group(0)  # "lấy chồng Đài Loan" is a marriage by itself
    rest = f"{folded[:found.start()]} {folded[found.end():]}"
    return found.group(0) if _CIVIL_STATUS.search(rest) else None


def born_abroad(text: str) -> bool:
    """Return True when ``text`` tells of a child born in another country and asks about a civil-status
    matter: "con tôi sinh ở Nhật, giờ về nước làm khai sinh"."""
    folded = fold(text)
    found = _BIRTH_PLACE.search(folded)
    if found is None:
        return False
    rest = f"{folded[:found.start()]} {folded[found.end():]}"
    return _CIVIL_STATUS.search(rest) is not None


def recorded_abroad(request: str, message: str = "") -> str | None:
    """Return the wording of the record that enters a marriage or divorce done abroad in the civil register
    ("ghi vào sổ hộ tịch việc kết hôn ..."), when the request tells of one, or the rest of the message does
    and the request names no other civil-status matter ("ly hôn ở Mỹ rồi, muốn kết hôn lại" asks to
    marry); otherwise None."""
    if _MISSION.search(fold(message or request)):
        return None
    found = _DONE_ABROAD.search(fold(request))
    if found is None and message and _CIVIL_STATUS.search(fold(request)) is None:
        found = _DONE_ABROAD.search(fold(message))
    if found is None:
        return None
    matter = _RECORDED_MATTER[found.group(1) or found.group(2)]
    return f"ghi vào sổ hộ tịch việc {matter} đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài"
