"""Tell which record corrects a paper that a message says is wrong: "giấy khai sinh của tôi ghi sai năm
sinh của mẹ", "sổ đỏ nhà tôi bị sai diện tích".

The lexicon knows "giấy khai sinh bị sai" when the words touch; people put the owner, the wrong detail
or a whole sentence in between. Here an error word and a paper anywhere in the same text suffice, and
the paper nearest to the error word decides.
"""

from __future__ import annotations

import re

from knowledge.papers import DRIVING_LICENCE, ID_CARD, LAND_TITLE
from knowledge.text import fold

CIVIL_STATUS_CORRECTION = "thay đổi cải chính bổ sung thông tin hộ tịch"
LAND_TITLE_CORRECTION = "đính chính giấy chứng nhận đã cấp có sai sót"
INSURANCE_CORRECTION = "cấp lại đổi điều chỉnh thông tin trên sổ bhxh thẻ bhyt"
RESIDENCE_CORRECTION = "điều chỉnh thông tin về cư trú trong cơ sở dữ liệu về cư trú"
CARD_CORRECTION = "cấp đổi thẻ căn cước"  # a card with wrong details is exchanged (Luật Căn cước 2023)
LICENCE_CORRECTION = "đổi giấy phép lái xe"
DIPLOMA_CORRECTION = "chỉnh sửa nội dung văn bằng chứng chỉ"

# "sai", "nhầm", "sai sót", "ghi / viết / in sai", "đính chính"; not "sai hẹn" or "sai phạm" (a broken
# appointment, a violation), nor a fear of erring ("sợ làm sai", "lo sai", "kẻo nhầm"), nor "Sài Gòn".
_ERROR = re.compile(
    r"\b(?<!so )(?<!lo )(?<!lam )(?<!keo )(?<!tranh )"
    r"(?:sai(?! (?:hen|pham|luat|quy dinh|gon))|nham(?! lan))\b"
    r"|\bdinh chinh\b"  # asking for the correction itself: "đính chính thông tin trên sổ hồng"
    # mending a detail ("sửa lại quê quán trong giấy khai sinh"); not "sửa nhà", which is building work
    r"|\bsua (?:lai )?(?:thong tin|ho ten|ten|ngay sinh|nam sinh|que quan|noi sinh|gioi tinh|dan toc)\b"
)
# Folded paper names, each with the record that corrects it.
_PAPERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:giay khai sinh|khai sinh|gks|giay ket hon|dang ky ket hon|khai tu|ho tich)\b"),
     CIVIL_STATUS_CORRECTION),
    (LAND_TITLE, LAND_TITLE_CORRECTION),
    (re.compile(r"\b(?:so bhxh|so bao hiem|the bhyt|the bao hiem y te|bhxh|bhyt)\b"), INSURANCE_CORRECTION),
    (re.compile(r"\b(?:ho khau|thuong tru|tam tru|cu tru)\b"), RESIDENCE_CORRECTION),
    (ID_CARD, CARD_CORRECTION),
    (DRIVING_LICENCE, LICENCE_CORRECTION),
    (re.compile(r"\b(?:van bang|bang (?:tot nghiep|dai hoc|cao dang|cap|cu nhan|thac si|tien si))\b"),
     DIPLOMA_CORRECTION),
)
MAX_DISTANCE = 80  # characters between the error word and its paper: further apart, they are unrelated


def correction_of(text: str) -> str | None:
    """Return the wording of the record that corrects the paper ``text`` says is wrong; None when the text
    names no error, or no paper near it. "gks của tui bị ghi sai tên cha" -> CIVIL_STATUS_CORRECTION."""
    folded = fold(text)
    errors = [match.start() for match in _ERROR.finditer(folded)]
    if not errors:
        return None
    found = [
        (min(abs(match.start() - at) for at in errors), wording)
        for pattern, wording in _PAPERS
        for match in pattern.finditer(folded)
    ]
    near = [entry for entry in found if entry[0] <= MAX_DISTANCE]
    return min(near)[1] if near else None
