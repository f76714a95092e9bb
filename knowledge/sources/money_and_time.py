"""Parsing of Vietnamese money amounts, processing times and fee labels as the portal writes them."""

from __future__ import annotations

import re

from knowledge.procedure import Fee, TimeUnit
from knowledge.sources.name_cleaning import clean_text, fold, shorten

FEE_LABEL_LIMIT = 80
TIME_TEXT_LIMIT = 80

_NUMBER = r"\d{1,3}(?:[.,]\d{3})+(?![\d])|\d+(?:[.,]\d{1,2}(?!\d))?"
_AMOUNT = re.compile(
    rf"(?P<number>{_NUMBER})\s*(?P<scale>triệu|nghìn|ngàn)?\s*"
    r"(?P<currency>Việt Nam Đồng|VNĐ|VND|đồng|Đồng|đ(?![a-zà-ỹ])|USD|EUR)",
)
_TIME = re.compile(
    r"(?P<number>\d+(?:[.,]\d+)?)\s*(?P<unit>ngày làm việc|ngày|giờ làm việc|giờ|tháng|năm|tuần)",
    re.IGNORECASE,
)
_PLAIN_NUMBER = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*$")
_UNITS: dict[str, TimeUnit] = {
    "ngày làm việc": TimeUnit.WORKING_DAY,
    "ngày": TimeUnit.DAY,
    "giờ làm việc": TimeUnit.HOUR,
    "giờ": TimeUnit.HOUR,
    "tháng": TimeUnit.MONTH,
}
_SCALES = {"triệu": 1_000_000, "nghìn": 1_000, "ngàn": 1_000}
_FREE_WORDS = ("mien phi", "khong thu", "mien le phi", "mien thu", "khong phai nop")
_NO_INFO_WORDS = ("khong co thong tin", "khong quy dinh", "khong co")
_CURRENCY_WORDS = re.compile(r"^(?:Việt Nam Đồng|VNĐ|VND|Đồng|đồng)\s*", re.IGNORECASE)


def _says_nothing_to_pay(folded: str) -> bool:
    """Return True for notes such as "Không", "Không quy định", "Miễn lệ phí", "Không thu"."""
    return folded == "khong" or folded.startswith(_FREE_WORDS + _NO_INFO_WORDS)


def parse_number(text: str) -> float:
    """Return the value of a Vietnamese-written number: ``1.500.000``, ``100,000`` (thousands), ``12,5``."""
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
        return float(re.sub(r"[.,]", "", text))
    return float(text.replace(",", "."))


def parse_money(text: str) -> tuple[int | None, str]:
    """Return (amount in VND or None, currency) for the first amount in ``text``.

    ``"50.000 Đồng"`` gives ``(50000, "VND")``; ``"25 USD"`` gives ``(None, "USD")`` because a foreign amount
    has no VND value; ``"Miễn phí"`` gives ``(0, "VND")``; text without an amount gives ``(None, "")``.
    """
    match = _AMOUNT.search(text)
    if match is None:
        folded = fold(text)
        if folded.startswith(_FREE_WORDS):
            return 0, "VND"
        return None, ""
    currency = match.group("currency")
    if currency in ("USD", "EUR"):
        return None, currency
    value = parse_number(match.group("number")) * _SCALES.get(match.group("scale") or "", 1)
    return round(value), "VND"


def amounts_in(text: str) -> list[int]:
    """Return every VND amount written in ``text`` (e.g. in a fee note), in order."""
    out: list[int] = []
    for match in _AMOUNT.finditer(text):
        if match.group("currency") in ("USD", "EUR"):
            continue
        scale = _SCALES.get(match.group("scale") or "", 1)
        out.append(round(parse_number(match.group("number")) * scale))
    return out


def first_clause(text: str, limit: int) -> str:
    """Return the first clause of ``text`` (up to ``.``, ``;``, an opening bracket), shortened."""
    cleaned = clean_text(text).lstrip("-+*•( ").strip()
    clause = re.split(r"(?<!\d)[.;](?!\d)|\(|\s[-–]\s|\n", cleaned, maxsplit=1)[0].strip(" :,")
    return shorten(clause, limit)


def fee_label(note: str, default: str) -> str:
    """Return a short fee label: the name before a colon (``"Lệ phí"``), the first clause, or ``default``."""
    cleaned = _CURRENCY_WORDS.sub("", clean_text(note).strip(" ()-+*"))
    if not cleaned:
        return default
    if cleaned.startswith("/"):
        # A unit only, e.g. "(/hồ sơ)" or "Đồng/lần": the fee is per dossier, per time, ...
        return shorten(f"{default} mỗi {cleaned.lstrip('/ ')}", FEE_LABEL_LIMIT)
    head = cleaned.split(":", 1)[0].strip()
    if ":" in cleaned and 0 < len(head) <= 40:
        return head
    return first_clause(cleaned, FEE_LABEL_LIMIT) or default


def make_fee(amount: int | None, note: str, default_label: str, repairs: list[str] | None = None) -> Fee:
    """Return a Fee from a stated amount and its note, correcting what the note itself contradicts.

    A zero amount is only kept as "free" when the note is empty or says so (``Miễn``, ``Không thu``); a zero
    beside a note such as "Mức lệ phí do HĐND cấp tỉnh quyết định" becomes ``None`` (amount not stated).
    An amount under 1,000 VND whose note states the same figure in thousands (``135 VNĐ`` beside
    ``135.000 đồng``) is corrected to the note's figure.
    """
    note_text = clean_text(note)
    folded = fold(note_text)
    if amount == 0 and folded and not _says_nothing_to_pay(folded):
        if repairs is not None:
            repairs.append("fee_zero_unconfirmed")
        amount = None
    if amount is not None and 0 < amount < 1000:
        # No Vietnamese fee is under 1,000 VND: the source dropped the thousands ("135 VNĐ" for 135.000).
        if amount * 1000 in amounts_in(note_text):
            if repairs is not None:
                repairs.append("fee_thousands_corrected")
            amount = amount * 1000
        else:
            if repairs is not None:
                repairs.append("fee_implausible_amount")
            amount = None
    if amount == 0:
        return Fee(0, "Miễn phí")
    if folded and _says_nothing_to_pay(folded):
        return Fee(amount, default_label)
    label = fee_label(note_text, default_label)
    return Fee(amount, label[:1].upper() + label[1:])


def parse_time(text: object) -> tuple[float | None, TimeUnit | None, str]:
    """Return (value, unit, short wording) for a processing time written as text.

    ``"5 Ngày làm việc"`` gives ``(5, WORKING_DAY, "")``; ``"Không quá 10 ngày làm việc. Đối với ..."``
    gives ``(10, WORKING_DAY, "Không quá 10 ngày làm việc")``; ``"Theo mô tả"`` gives
    ``(None, None, "Theo mô tả")``.
    """
    if isinstance(text, bool):
        return None, None, ""
    if isinstance(text, int | float):
        return float(text), None, ""
    cleaned = clean_text(text)
    if not cleaned or fold(cleaned).startswith("khong co thong tin"):
        return None, None, ""
    plain = _PLAIN_NUMBER.match(cleaned)
    if plain:
        return parse_number(plain.group(1)), None, ""
    match = _TIME.search(cleaned)
    if match is None:
        return None, None, first_clause(cleaned, TIME_TEXT_LIMIT)
    value = parse_number(match.group("number"))
    unit_word = match.group("unit").lower()
    if unit_word == "năm":
        value, unit = value * 12, TimeUnit.MONTH
    elif unit_word == "tuần":
        value, unit = value * 7, TimeUnit.DAY
    else:
        unit = _UNITS[unit_word]
    if match.group(0) == cleaned:
        return value, unit, ""
    return value, unit, first_clause(cleaned, TIME_TEXT_LIMIT)
