"""Tell what a bare "sang tên" (transfer into one's name) is about, from the rest of the message.

"Tôi mua mảnh đất có sổ đỏ ... Bây giờ làm thủ tục sang tên ở đâu?" names the land in the story and only
the action in the question. The lexicon knows "sang tên xe" and "sang tên sổ đỏ", not a bare "sang tên";
the nearest land or vehicle word of the message decides.
"""

from __future__ import annotations

import re

from knowledge.text import fold, fold_normalized, nearest_wording, normalize

LAND_GIFT = "đăng ký biến động quyền sử dụng đất quyền sở hữu tài sản gắn liền với đất tặng cho"
LAND_TRANSFER = "đăng ký biến động quyền sử dụng đất quyền sở hữu tài sản gắn liền với đất chuyển nhượng"
VEHICLE_TRANSFER = "đăng ký sang tên xe thay đổi chủ xe"
VEHICLE_SALE = "thu hồi chứng nhận đăng ký xe biển số xe"  # the seller returns the registration and plate

# Not "... tách thửa và sang tên": a second action is asked beside a first that names its object. A wish to
# be the named owner is a transfer too ("mua miếng đất rồi muốn đứng tên"), not a title already in one's name.
_ACTION = re.compile(r"\b(?<!va )[sx]ang ten\b|\b(?:muon|de|duoc)\s+(?:(?:so|toi|tui|em|minh)\s+)?dung ten\b")
# Words that already say what is transferred: the lexicon reads "sang tên xe", "sang tên sổ đỏ".
_NAMED_OBJECT = re.compile(r"\s*(?:xe|so|dat|nha|quyen|o to|oto)\b")
# Accented forms only, or unaccented text: "đặt" and "đạt" are not land.
_LAND = re.compile(
    r"\b(?:đất|sổ đỏ|sổ hồng|bìa đỏ|bìa hồng|thửa|nhà đất|căn nhà|so do|so hong|bia do|bia hong|thua dat|dat"
    r"|can nha)\b"
)
_VEHICLE = re.compile(r"\b(?:xe|ô tô|oto|o to)\b")
# "bán" with its accent; without accents only after a wish or a plan, before a vehicle or land ("ban xe"), or
# after a vehicle and before a buyer ("xe ban cho nguoi khac"), since "ban" is also "bạn" (friend).
# Not "mua bán" (a sale contract, certified or registered as such).
_SALE = re.compile(
    r"\b(?<!mua )bán\b|\b(?:muon|can|dinh|sap|da|se)\s+ban\b|\b(?<!mua )ban(?=\s+(?:xe|dat)\b)"
    r"|\b(?<!muon )xe\s+ban(?=\s+cho\s+(?:nguoi|ong|ba|anh|chi|em|ban)\b)"
)

# "cho / tặng (lại) <person> [<measure>] đất|nhà", or the land before the person ("cho đất thằng út"): a
# person is required, so that "cấp sổ cho mảnh đất" stays a title for the land. Accented words; in a
# message typed without accents, their folded forms with a measure word too, since "cho em dat lich" books
# an appointment ("đặt lịch").
_RECEIVERS = (
    "tôi", "tui", "tớ", "mình", "em", "anh", "chị", "con", "cháu", "con trai", "con gái", "con cháu",
    "các con", "vợ", "chồng", "ba", "bố", "mẹ", "má", "út", "con út", "thằng út", "đứa út", "thằng", "đứa",
)
_MEASURES = ("một", "1", "miếng", "mảnh", "lô", "thửa", "khoảnh", "phần", "ít", "căn", "cái", "nền",
    "mét", "m2", r"\d+m?2?")
_GIVEN = ("đất", "nhà", "nhà đất")


def _gift_pattern(fold_words: bool) -> re.Pattern[str]:
    def alternatives(words: tuple[str, ...]) -> str:
        spelled = {fold(w) if fold_words else w for w in words}
        return "|".join(sorted(spelled, key=len, reverse=True))

    gives = alternatives(("cho", "tặng", "tặng cho", "cho lại", "để lại cho"))
    receivers = alternatives(_RECEIVERS)
    given = rf"(?:(?:{alternatives(_MEASURES)})\s+){{{int(fold_words)},2}}(?:{alternatives(_GIVEN)})"
    # "cho con miếng đất", or the land first: "cho đất thằng út", "tặng mảnh đất cho con"
    return re.compile(
        rf"\b(?:{gives})\s+(?:(?:{receivers})\s+{given}|{given}\s+(?:cho\s+)?(?:{receivers}))\b"
    )


_GIFT = _gift_pattern(fold_words=False)
_GIFT_FOLDED = _gift_pattern(fold_words=True)
# "bà muốn chuyển cho các con" hands over what the story named ("Ông bà tôi có mảnh đất ở quê ..."), as
# does a bare wish to give, or a request opening with it once the wish is cut off ("ổng muốn | cho tui, giờ
# làm sao"), unless something else is let or asked ("cho con đi học", "cho tui hỏi").
_HANDED_OVER = re.compile(
    r"(?:^|\b(?:chuyen|de lai|tang|chia|sang ten|sang|muon|dinh|se)\s+)cho\s+(?:lai\s+)?"
    r"(?:cac |may |hai |ba |\d+ )?(?:con|chau|anh em|con chau|con trai|con gai|em|toi|tui|minh)\b"
    r"(?!\s+(?:di|hoc|lam|vay|muon|thue|o|an|choi|xem|biet|hoi|xin)\b)"
)


def land_gift(request: str, message: str = "") -> str | None:
    """Return the official wording of a gift of land when ``request`` tells one ("cho tui miếng đất",
    "tặng con 100m2 đất"), or hands something over to family while ``message`` names land ("Ông bà có
    mảnh đất ... bà muốn chuyển cho các con"); None otherwise."""
    text = normalize(request)
    unaccented = fold_normalized(text) == text
    found = (_GIFT_FOLDED if unaccented else _GIFT).search(text)
    if found is None and _HANDED_OVER.search(fold_normalized(text)):
        found = _LAND.search(normalize(message))
    return LAND_GIFT if found else None


def transfer_object(request: str, message: str) -> str | None:
    """Return the official wording of what a bare "sang tên" in ``request`` transfers, judged by the
    land or vehicle word of ``message`` nearest to it; None when the request names the object itself
    or the message names neither."""
    folded_request = fold(request)
    action = _ACTION.search(folded_request)
    if action is None or _NAMED_OBJECT.match(folded_request, action.end()):
        return None
    text = normalize(message)
    where = _ACTION.search(fold_normalized(text))
    at = where.start() if where else len(text)
    return nearest_wording(((_LAND, LAND_TRANSFER), (_VEHICLE, VEHICLE_TRANSFER)), text, at)


def sale_object(request: str, message: str) -> str | None:
    """Return the official wording of what a seller does, when ``request`` sells something and the land or
    vehicle word of ``message`` nearest to the sale says what: a vehicle's seller returns its registration
    ("tui có chiếc xe cúp muốn bán, giấy tờ sao"), land is transferred; None otherwise."""
    text = normalize(request)
    whole = normalize(message) or text
    sells = _SALE.search(text) is not None
    # "... muon ban cho nguoi ta": the wish that marks an unaccented "ban" may open the request.
    sells = sells or (text.startswith("ban ") and _SALE.search(fold_normalized(whole)) is not None)
    if not sells:
        return None
    where = _SALE.search(whole) or _SALE.search(fold_normalized(whole))
    at = where.start() if where else len(whole)
    return nearest_wording(((_LAND, LAND_TRANSFER), (_VEHICLE, VEHICLE_SALE)), whole, at)
