"""Tell when "rút" (withdraw) or "lấy tiền" in a question means the one-off social-insurance payment.

Citizens call the lump sum "rút bảo hiểm", and the lexicon knows the phrase when the words touch. They
often don't: "đóng bhxh được 10 năm, nghỉ có rút được không", "sổ bảo hiểm muốn rút thì làm sao". A
"rút" anywhere in a message about social insurance asks for that payment; without an insurance word it
may be anything ("đăng ký xe rồi có rút được hồ sơ không"). Likewise leave asked after a birth ("sinh con
thứ hai được nghỉ bao lâu") is the maternity benefit, time off or pay for an illness ("bị ốm nằm viện, công ty
có trả tiền không") the sickness benefit, and paying one's own insurance ("công ty không đóng thì tôi tự đóng
được không") the voluntary scheme, though no word names them.
"""

from __future__ import annotations

import re

from knowledge.text import fold

LUMP_SUM = "hưởng bảo hiểm xã hội một lần"

_WITHDRAW = re.compile(r"\brut\b")
# Taking the money out ("lấy tiền bảo hiểm về") means the lump sum too, unless another benefit is named.
_TAKE_MONEY = re.compile(r"\b(?:lay|lanh|linh|nhan)\s+(?:lai\s+|het\s+)?tien\b")  # "lấy hết tiền ra"
_OTHER_BENEFIT = re.compile(
    r"\b(?:thai san|sinh con|om dau|tai nan|luong huu|huu tri|tuat|mai tang|that nghiep|duong suc)\b"
)
# Social insurance by name or abbreviation, not health, unemployment or private life insurance alone.
_SOCIAL_INSURANCE = re.compile(
    r"\b(?:bhxh|bao hiem xa hoi|so bao hiem|bao hiem|bh)\b(?! ?(?:y te|yt|that nghiep|tn|nhan tho)\b)"
)
# Things withdrawn that are not money: a file, a number plate, an application.
_OTHER_WITHDRAWAL = re.compile(r"\brut (?:lai )?(?:ho so|bien|don|ten)\b")


def lump_sum_withdrawal(text: str) -> str | None:
    """Return the wording of the one-off payment when ``text`` withdraws from social insurance, else None.
    "đóng bhxh 10 năm nghỉ có rút được không" -> LUMP_SUM."""
    folded = fold(text)
    taken = _TAKE_MONEY.search(folded) is not None and _OTHER_BENEFIT.search(folded) is None
    if (_WITHDRAW.search(folded) is None and not taken) or _OTHER_WITHDRAWAL.search(folded):
        return None
    return LUMP_SUM if _SOCIAL_INSURANCE.search(folded) else None


MATERNITY = "hưởng chế độ thai sản"

# A birth told ("sinh con thứ hai", "vợ em sinh mổ", "đẻ") and leave asked ("được nghỉ bao lâu"): the leave
# is the maternity benefit. "đẻ" and "nghỉ" keep their accents: folded, they are also "để" and "nghị".
# A miscarriage or antenatal visits count too ("vợ tôi sảy thai thì được nghỉ bao lâu").
_BIRTH = re.compile(
    r"\b(?:sinh con|sinh em be|sinh mo|sinh xong|sap sinh|de xong|mang thai|say thai|kham thai)\b"
)  # folded
_GAVE_BIRTH = re.compile(r"\bđẻ\b")
_LEAVE = re.compile(r"\bnghỉ\b|\bnghi (?:bao lau|may thang|may ngay|duoc)\b|\bduoc nghi\b")
# Pay asked instead ("đẻ xong được công ty trả tiền không", "sinh con được hưởng chế độ gì"), not a fine.
_PAY = re.compile(r"\b(?:tien|che do|tro cap)\b")
_FINE = re.compile(r"\bphat\b")
# The birth's own papers are another matter: "sinh con rồi, làm khai sinh được nghỉ làm không".
_BIRTH_PAPERS = re.compile(r"\b(?:khai sinh|chung sinh|nhap khau|thuong tru|can cuoc|bhyt|bao hiem y te)\b")


def maternity_leave(text: str) -> str | None:
    """Return the maternity benefit's wording when ``text`` tells of a birth and asks about leave or pay,
    and names none of the birth's papers; None otherwise. "sinh con thứ hai được nghỉ bao lâu" ->
    MATERNITY."""
    lowered, folded = text.lower(), fold(text)
    if not (_BIRTH.search(folded) or _GAVE_BIRTH.search(lowered)) or _BIRTH_PAPERS.search(folded):
        return None
    paid = _PAY.search(folded) is not None and _FINE.search(folded) is None
    return MATERNITY if paid or _LEAVE.search(lowered) else None


SICKNESS = "hưởng chế độ ốm đau"

# Falling ill, one's own or a child's ("bị ốm phải nằm viện", "con tôi bị ốm, tôi nghỉ làm chăm con"), and
# time off or pay asked: the sickness benefit. Folded; a bare "om" is also "ôm" (hold), so not alone.
_ILL = re.compile(r"\b(?:bi om|om nang|nam vien|dieu tri noi tru)\b")
_OFF_OR_PAID = re.compile(r"\b(?:nghi|tien|che do|huong|tro cap|bao hiem|tra luong)\b")
# Another matter for the ill: the health card or a work accident, an occupational disease.
_ILL_OTHER_MATTER = re.compile(r"\b(?:bhyt|bao hiem y te|the kham|tai nan|nghe nghiep|khuyet tat)\b")


def sickness_leave(text: str) -> str | None:
    """Return the sickness benefit's wording when ``text`` tells of an illness and asks about time off or
    pay, naming no other matter; None otherwise. "bị ốm nằm viện 1 tuần công ty có trả tiền không"."""
    folded = fold(text)
    if _ILL.search(folded) is None or _ILL_OTHER_MATTER.search(folded):
        return None
    return SICKNESS if _OFF_OR_PAID.search(folded) else None


VOLUNTARY = "đăng ký đóng bhxh tự nguyện"

# Paying one's own insurance when no employer does ("công ty không đóng bảo hiểm thì tôi tự đóng được
# không"): the voluntary scheme, the insurance named anywhere in the message.
_SELF_PAID = re.compile(r"\btu (?:dong|nop)\b")  # not "tự mua": a health or a private policy is bought


def voluntary_scheme(text: str) -> str | None:
    """Return the voluntary scheme's wording when ``text`` pays its own social insurance; None otherwise."""
    folded = fold(text)
    if _SELF_PAID.search(folded) is None:
        return None
    return VOLUNTARY if _SOCIAL_INSURANCE.search(folded) else None
