"""Parsing of the scraped pages' table text, where cells were glued together without separators.

Examples of the raw text handled here (from the portal's procedure pages):

- ``cach_thuc_thuc_hien``: ``Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp5 Ngày làm việc50,000 Việt Nam
  Đồng(Phí : 50.000 Đồng ...)Mô tả...Trực tuyến5 Ngày làm việc...``
- ``thanh_phan_ho_so``: ``--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn khiếu nại1 bản chínhGiấy tờ khác1 bản
  chính,1 bản sao``
- ``can_cu_phap_ly``: ``Tên văn bản pháp lýMã văn bảnLuật Khiếu nại năm 201102/2011/QH13``
"""

from __future__ import annotations

import re

from knowledge.procedure import AdminLevel, Channel, Document, Fee, SubmissionMethod
from knowledge.sources.money_and_time import make_fee, parse_money, parse_time
from knowledge.sources.name_cleaning import clean_name, clean_text, shorten

DOCUMENT_NAME_LIMIT = 200
CASE_NAME_LIMIT = 120
STEP_TITLE_LIMIT = 100
RESULT_NAME_LIMIT = 200
MAX_STEPS = 15

CHANNELS_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"
DOCUMENTS_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"

_METHODS: dict[str, SubmissionMethod] = {
    "Trực tuyến": SubmissionMethod.ONLINE,
    "Trực tiếp": SubmissionMethod.DIRECT,
    "Dịch vụ bưu chính": SubmissionMethod.POSTAL,
}
# A channel cell starts with the method glued to the time cell: a digit or "Không ..." (never a space).
_CHANNEL_START = re.compile(r"(Trực tuyến|Trực tiếp|Dịch vụ bưu chính)(?=\d|Không)")
_FEE_TOKEN = (
    r"Miễn phí|Không có thông tin|VNĐ(?![\w])|"
    r"(?:\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD|EUR)"
)
_CHANNEL_CELLS = re.compile(
    r"(?:(?P<number>\d+(?:[.,]\d+)?)\s*(?P<unit>Ngày làm việc|Ngày|Giờ|Tháng|Năm)?|(?P<text>.{1,160}?))"
    rf"(?P<fee>{_FEE_TOKEN})",
    re.DOTALL,
)
_MORE_FEE = re.compile(
    r"(?P<fee>(?:\d{1,3}(?:[.,]\d{3})+|\d+)\s*(?:Việt Nam Đồng|VNĐ|VND|Đồng|đồng|USD|EUR))"
)

# A quantity cell: one digit of originals, optionally ",N bản sao", glued to the next name (never a space).
_QUANTITY = re.compile(r"(\d) bản chính(?:,(\d{1,2}) bản sao)?(?=$|[^\s.;,:)\]])")
_FORM_EXTENSIONS = (".doc", ".docx", ".pdf", ".xls", ".xlsx", ".rtf", ".odt", ".zip", ".rar")
_TRAILING_SECTION_NUMBER = re.compile(r"(?<=\))\d+(?:\.\d+)*\.?$")
_LIST_MARK = re.compile(r"^(?:[-+*•]+\s*)+")

_LEGAL_NUMBER = re.compile(
    r"(?P<number>\d{1,8})/(?P<year>(?:19|20)\d{2})/"
    r"(?P<kind>[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*(?:(?<=-TT)g)?)"  # the ``g`` of ``QĐ-TTg``
)
# Issuer parts of legal document numbers (``NĐ-CP``, ``TT-BCA``, ``QĐ-UBND``), used to split glued text.
KNOWN_ISSUER_CODES: frozenset[str] = frozenset(
    {
        "CP", "TTg", "BCA", "BTC", "BTP", "BYT", "BGDĐT", "NHNN", "UBND", "HĐND", "BXD", "BNNPTNT", "BTNMT",
        "BLĐTBXH", "BKHĐT", "BCT", "BQP", "BNV", "BVHTTDL", "BTTTT", "BGTVT", "BKHCN", "BNG", "VPCP", "TTCP",
        "UBTVQH", "TANDTC", "VKSNDTC", "KTNN", "BNNMT", "UBDT", "BDTTG", "NQ", "TTLT", "QĐ", "TT", "NĐ",
    }
)
_STEP = re.compile(r"^[-+*•\s]*(?:[a-zđ]\)\s*)?(Bước\s*\d+)\s*[:.\-–)]\s*(.+)$", re.IGNORECASE)
_RESULT_CODE = re.compile(r"Mã: ?[A-Z0-9]+(?:[.\-][A-Z0-9]*\d)+")

_LEVELS: dict[str, AdminLevel] = {
    "cấp bộ": AdminLevel.CENTRAL,
    "cấp trung ương": AdminLevel.CENTRAL,
    "cấp tỉnh": AdminLevel.PROVINCE,
    "cấp xã": AdminLevel.COMMUNE,
    "cấp huyện": AdminLevel.OTHER,
    "cơ quan khác": AdminLevel.OTHER,
}


def _note(repairs: list[str] | None, kind: str) -> None:
    if repairs is not None:
        repairs.append(kind)


def _balanced_note(text: str, start: int) -> tuple[str, int]:
    """Return the bracketed note starting at ``start`` (without its outer brackets) and the index after it."""
    if start >= len(text) or text[start] != "(":
        return "", start
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1 : index], index + 1
    return text[start + 1 :], len(text)


def _fee_from_token(token: str, note: str, repairs: list[str] | None) -> Fee | None:
    if token == "Không có thông tin":
        return None
    if token == "Miễn phí":
        return make_fee(0, note, "Miễn phí", repairs)
    amount, currency = parse_money(token)
    if currency in ("USD", "EUR"):
        # A foreign-currency fee has no VND amount; its label keeps the stated figure, e.g. "10 USD mỗi lần".
        per = clean_text(note)
        label = clean_text(token) + (f" mỗi {per.lstrip('/ ')}" if per.startswith("/") else "")
        return Fee(None, shorten(label, 80))
    return make_fee(amount, note, "Phí, lệ phí", repairs)


def parse_channels(text: str, repairs: list[str] | None = None) -> tuple[Channel, ...]:
    """Return the submission channels of a ``cach_thuc_thuc_hien`` cell: method, time and fees per channel.

    The free-text description column is not kept (it is prose); only its time wording may be used when the
    time column is not a number.
    """
    body = text[len(CHANNELS_HEADER) :] if text.startswith(CHANNELS_HEADER) else text
    starts = list(_CHANNEL_START.finditer(body))
    channels: list[Channel] = []
    for index, start in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(body)
        segment = body[start.end() : end]
        cells = _CHANNEL_CELLS.match(segment)
        method = _METHODS[start.group(1)]
        if cells is None:
            _note(repairs, "channel_cells_unparsed")
            channels.append(Channel(method=method))
            continue
        if cells.group("number"):
            value, unit, time_text = parse_time(
                f"{cells.group('number')} {cells.group('unit') or ''}".strip()
            )
        else:
            value, unit, time_text = parse_time(cells.group("text"))
        fees: list[Fee] = []
        token = cells.group("fee")
        position = cells.end()
        while True:
            note, position = _balanced_note(segment, position)
            fee = _fee_from_token(token, note, repairs)
            if fee is not None:
                fees.append(fee)
            more = _MORE_FEE.match(segment, position)
            if more is None:
                break
            token, position = more.group("fee"), more.end()
        channels.append(
            Channel(method=method, time_value=value, time_unit=unit, time_text=time_text, fees=tuple(fees))
        )
    return _dedupe_channels(channels)


def _dedupe_channels(channels: list[Channel]) -> tuple[Channel, ...]:
    seen: set[Channel] = set()
    out: list[Channel] = []
    for channel in channels:
        if channel not in seen:
            seen.add(channel)
            out.append(channel)
    return tuple(out)


def _glue_points(text: str) -> list[int]:
    """Return the indexes where a capital follows a lower-case letter: seams of glued cells."""
    return [i for i in range(1, len(text)) if text[i].isupper() and text[i - 1].islower()]


def _form_file_start(name: str) -> int:
    """Return where a glued form file name (``...;Mau02.docx``) starts, or -1 when ``name`` ends with none."""
    if not name.lower().endswith(_FORM_EXTENSIONS):
        return -1
    return max(name.rfind(mark, 0, name.rfind(".")) for mark in ".;:") + 1


def clean_document_name(raw: str, repairs: list[str] | None = None) -> str:
    """Return a document name without list marks or glued form file names, trimmed to a readable length."""
    name = clean_text(raw)
    while (start := _form_file_start(name)) >= 0:
        remainder = name[:start].rstrip()
        if len(remainder) < 10:
            glue = _glue_points(name)
            if glue and glue[-1] >= 10:
                name = name[: glue[-1]]
                _note(repairs, "form_file_name_removed")
            else:
                name = name[: name.rfind(".")]
            break
        name = _TRAILING_SECTION_NUMBER.sub("", remainder)
        _note(repairs, "form_file_name_removed")
    name = _LIST_MARK.sub("", name).strip(" ;,")
    if len(name) > DOCUMENT_NAME_LIMIT:
        _note(repairs, "document_name_shortened")
        name = shorten(name, DOCUMENT_NAME_LIMIT)
    return name


def _case_name(raw: str) -> str:
    cleaned = clean_text(raw).strip("-– ").rstrip(":")
    return shorten(cleaned, CASE_NAME_LIMIT)


def parse_documents(text: str, repairs: list[str] | None = None) -> tuple[Document, ...]:
    """Return the documents of a ``thanh_phan_ho_so`` cell with their original/copy counts and case names.

    The cell is a run of tables, each preceded by its case header (``--`` when there is none) and made of
    ``<name><n> bản chính[,<m> bản sao]`` rows. A zero-count row ending with ``:`` is a sub-heading
    (e.g. ``- Giấy tờ phải xuất trình:``) and names the case of the rows below it.
    """
    parts = text.split(DOCUMENTS_HEADER)
    if len(parts) < 2:
        if text.strip(" -"):
            _note(repairs, "documents_unparsed")
        return ()
    documents: list[Document] = []
    case = _case_name(parts[0])
    for part in parts[1:]:
        block_case, sub_case = case, ""
        position = 0
        for match in _QUANTITY.finditer(part):
            raw_name = part[position : match.start()]
            position = match.end()
            originals, copies = int(match.group(1)), int(match.group(2) or 0)
            name = clean_document_name(raw_name, repairs)
            if not name:
                continue
            if originals == 0 and copies == 0 and name.endswith(":"):
                sub_case = _case_name(name)
                continue
            full_case = " / ".join(c for c in (block_case, sub_case) if c)
            documents.append(Document(name=name, originals=originals, copies=copies, case=full_case))
        case = _case_name(part[position:])
    return tuple(dict.fromkeys(documents))


def _legal_kind(kind: str, following: str) -> str:
    """Return the document-kind part of a legal number with the glued neighbour text taken off."""
    if following.startswith("/"):
        # Digits glued to the next number (``NĐ-CP106/2024/...``); a law keeps its legislature (``QH13``).
        law = re.search(r"QH(\d\d)\d+$", kind)
        kind = kind[: law.start(1) + 2] if law else kind.rstrip("0123456789")
    elif following[:1].isalpha() and following[:1].islower() and not kind.endswith("TTg"):
        # A word glued on: a lower-case one (``TT-BCAngày``) leaves a known issuer code whole; a
        # capitalised one (``TT-BCALuật``, ``NĐ-CP-Quy định``) lent the kind its capital.
        last = kind.rsplit("-", 1)[-1]
        if not _is_issuer_code(last) and last[-1:].isalpha():
            kind = kind[:-1]
    head, _, last = kind.rpartition("-")
    if not _is_issuer_code(last):
        # An upper-case word glued on (``NĐ-CPLUẬT``, ``TT-BGTVTQUYẾT``): keep the longest known issuer code.
        for end in range(len(last) - 1, 1, -1):
            if _is_issuer_code(last[:end]):
                kind = f"{head}-{last[:end]}" if head else last[:end]
                break
    kind = kind.rstrip("-")
    # A decree (nghị định) is always issued by the Government: pages that cut "NĐ-CP" to "NĐ-C" are mended.
    return "NĐ-CP" if kind == "NĐ-C" else kind


def _is_issuer_code(part: str) -> bool:
    return part in KNOWN_ISSUER_CODES or re.fullmatch(r"(?:UBTV|PL-UBTV)?QH\d{2}", part) is not None


def parse_legal_basis(text: str) -> tuple[str, ...]:
    """Return the legal-basis document numbers (``68/2013/TT-BCA``) found in ``text``, in order, once each.

    Names and numbers are glued (``Luật Khiếu nại năm 201102/2011/QH13``, ``NĐ-CP106/2024/NĐ-CP``), so a
    long leading number that starts with a year (``201102``) loses that year, and trailing digits that begin
    the next number are given back to it.
    """
    found: list[str] = []
    position = 0
    while True:
        match = _LEGAL_NUMBER.search(text, position)
        if match is None:
            break
        number, year = match.group("number"), match.group("year")
        if len(number) > 4 and re.match(r"(?:19|20)\d{2}", number):
            number = number[4:]
        kind = _legal_kind(match.group("kind"), text[match.end() : match.end() + 1])
        position = match.start("kind") + max(len(kind), 1)
        if number.strip("0") and kind:
            found.append(f"{number}/{year}/{kind}")
    return tuple(dict.fromkeys(found))


def parse_step_titles(text: str) -> tuple[str, ...]:
    """Return short step titles (``Bước 1: Thụ lý giải quyết khiếu nại``) from ``trinh_tu_thuc_hien``.

    Only a step's title is kept, up to its first full stop, semicolon or bracket; a title longer than
    ``STEP_TITLE_LIMIT`` is prose and is dropped.
    """
    titles: list[str] = []
    for line in text.splitlines():
        match = _STEP.match(clean_text(line))
        if match is None:
            continue
        label = re.sub(r"\s+", " ", match.group(1)).capitalize()
        title = re.split(r"(?<!\d)[.;](?!\d)|\s\d+\.\s|\s\(", match.group(2), maxsplit=1)[0].strip(" :,")
        title = f"{label}: {title}" if title else label
        if len(title) <= STEP_TITLE_LIMIT and title not in titles:
            titles.append(title)
        if len(titles) >= MAX_STEPS:
            break
    return tuple(titles)


def parse_levels(text: str) -> tuple[AdminLevel, ...]:
    """Return the admin levels of a ``cap_thuc_hien`` cell (``Cấp bộ, Cấp tỉnh`` → CENTRAL, PROVINCE)."""
    levels: list[AdminLevel] = []
    for part in clean_text(text).split(","):
        level = _LEVELS.get(part.strip().lower())
        if level is not None and level not in levels:
            levels.append(level)
    return tuple(levels)


def parse_results(text: str) -> tuple[str, ...]:
    """Return the result document names of a ``ket_qua_xu_ly`` cell (each precedes its ``Mã: KQ...`` code)."""
    names: list[str] = []
    position = 0
    for match in _RESULT_CODE.finditer(text):
        name = _LIST_MARK.sub("", clean_name(text[position : match.start()]))
        position = match.end()
        if name and fold_is_informative(name):
            names.append(shorten(name, RESULT_NAME_LIMIT))
    return tuple(dict.fromkeys(names))


def fold_is_informative(text: str) -> bool:
    """Return False for the portal's placeholder cells (``Không có thông tin``) and other empty values."""
    return clean_text(text).strip(" .-").lower() not in ("", "không có thông tin", "không", "không có")


def split_list(text: str) -> tuple[str, ...]:
    """Return the comma-separated items of ``text``, ignoring commas inside brackets."""
    items: list[str] = []
    depth = 0
    current = ""
    for ch in clean_text(text):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth <= 0:
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return tuple(dict.fromkeys(item.strip() for item in items if fold_is_informative(item)))
