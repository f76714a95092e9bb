"""Tell which paper a bare "đổi" (exchange) in a question is about, from the rest of the message, and
which exchange an expired paper asks for.

"Sổ đỏ nhà tôi cấp từ năm 1998, giờ đã cũ nát ... Cán bộ khuyên nên đổi sang mẫu mới. Cần giấy tờ gì?"
names the paper in the story and only the action in the question. The paper nearest to the action
decides which exchange is meant. "gplx b1 hết hạn" names no action: an identity card or a driving
licence past its date is exchanged, not re-issued as if lost.
"""

from __future__ import annotations

import re

from knowledge.papers import DRIVING_LICENCE, ID_CARD, LAND_TITLE
from knowledge.text import fold, nearest_wording, normalize

LAND_TITLE_EXCHANGE = "cấp đổi giấy chứng nhận quyền sử dụng đất quyền sở hữu tài sản gắn liền với đất"
VEHICLE_EXCHANGE = "đổi chứng nhận đăng ký xe biển số xe"
CARD_EXCHANGE = "cấp đổi thẻ căn cước"
LICENCE_EXCHANGE = "đổi giấy phép lái xe"

# "đổi" typed with its accent ("đợi", "đói", "đội" fold alike), or unaccented where an exchange reads
# ("doi sang mau moi", "co doi duoc khong" after a paper told damaged); not "thay đổi thông tin", nor
# "đổi tên" (a civil-status change).
_ACTION = re.compile(r"\bđổi\b(?!\s+(?:tên|họ))|\bdoi(?=\s+(?:sang|qua|mau|moi|duoc|được)\b)")
# Folded paper words, each with the exchange it asks for.
_PAPERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (LAND_TITLE, LAND_TITLE_EXCHANGE),
    (re.compile(r"\b(?:cavet|ca vet|dang ky xe|giay xe|bien so)\b"), VEHICLE_EXCHANGE),
    (ID_CARD, CARD_EXCHANGE),
    (DRIVING_LICENCE, LICENCE_EXCHANGE),
)


def exchanged_paper(request: str, message: str) -> str | None:
    """Return the wording of the exchange that a bare "đổi" in ``request`` asks for, judged by the paper
    of ``message`` nearest to it; None when the request names a paper itself (the lexicon reads
    "đổi sổ đỏ") or has no "đổi", or the message names no paper."""
    action = _ACTION.search(normalize(request))
    if action is None or any(pattern.search(fold(request)) for pattern, _ in _PAPERS):
        return None
    text = normalize(message)
    where = _ACTION.search(text)
    folded = fold(text)
    at = where.start() if where else len(folded)
    return nearest_wording(_PAPERS, folded, at)


# "hết hạn", "sắp hết hạn", "quá hạn": past or near its date.
_EXPIRED = re.compile(r"\b(?:het han|qua han|het date|het dat)\b")  # "hết date", "hết đát": chat
_EXPIRING_PAPERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (ID_CARD, CARD_EXCHANGE),
    (DRIVING_LICENCE, LICENCE_EXCHANGE),
)
# A lost or damaged paper is re-issued, expired or not.
_LOST = re.compile(r"\b(?:bi mat|lam mat|danh mat|mat roi|bi hong|bi rach)\b")
MAX_EXPIRY_DISTANCE = 40  # characters between the paper and "hết hạn": further apart, they are unrelated


def expired_paper(text: str) -> str | None:
    """Return the exchange of the identity card or driving licence that ``text`` says is expired; None
    otherwise. "bằng lái b1 hết hạn" -> LICENCE_EXCHANGE; "tạm trú hết hạn" -> None."""
    folded = fold(normalize(text))
    expiry = _EXPIRED.search(folded)
    if expiry is None or _LOST.search(folded):
        return None
    return nearest_wording(_EXPIRING_PAPERS, folded, expiry.start(), MAX_EXPIRY_DISTANCE)
