"""Parser for one scraped procedure page (``portal-pages/pages.jsonl``), whose table cells are glued text."""

from __future__ import annotations

import re
from typing import Any

from knowledge.procedure import OnlineLevel, Procedure, SubmissionMethod
from knowledge.sources.glued_text import (
    fold_is_informative,
    parse_channels,
    parse_documents,
    parse_legal_basis,
    parse_levels,
    parse_results,
    parse_step_titles,
    split_list,
)
from knowledge.sources.name_cleaning import clean_name
from knowledge.sources.portal_list import AGENCY_LIMIT
from knowledge.sources.record_errors import UnusableRecordError
from knowledge.sources.record_fields import LOOSE_CODE_PATTERN, require_code

PORTAL_URL_PREFIX = "https://dichvucong.gov.vn/"
_PRINTED_CODE = re.compile(r"Mã thủ tục\s*(\d\.\d{6,9}(?:-[^\W\d_]{1,10}(?=Số quyết định|$))?)")


def page_codes(record: dict[str, Any]) -> tuple[str, str]:
    """Return (stated code ``ma_thu_tuc``, code printed in the page's own ``raw_text``; ``""`` if none)."""
    stated = str(record.get("ma_thu_tuc") or "").strip()
    match = _PRINTED_CODE.search(str(record.get("raw_text") or ""))
    return stated, match.group(1) if match else ""


def trusted_page_code(record: dict[str, Any], repairs: list[str] | None = None) -> str:
    """Return the code a page really describes.

    About 17 pages carry a ``ma_thu_tuc`` that differs from the code printed in their own text. Every such
    page's name and ``detail_url`` match the printed code (the list API gives the same name and portal id for
    it), while the stated code belongs to an unrelated procedure: the scraper filed the page under the wrong
    code. So the printed code is trusted whenever it is a well-formed code, and the stated one otherwise.
    With this choice every page shared with the list API (2,558) has the ``detail_url`` built from the list
    API's id for its code; with the stated codes 17 would not (the build report checks this).
    """
    stated, printed = page_codes(record)
    if printed and printed != stated and LOOSE_CODE_PATTERN.match(printed):
        if repairs is not None:
            repairs.append("page_code_mismatch")
        return require_code(printed, repairs)
    return require_code(stated, repairs)


def procedure_from_page(record: dict[str, Any], repairs: list[str] | None = None) -> Procedure:
    """Return the procedure described by one scraped page; raise UnusableRecordError if it has no code/name.

    A ``Trực tuyến`` channel proves online submission, but the page never states the online level, so it
    stays UNKNOWN here (only the detail API states it).
    """
    if not isinstance(record, dict):
        raise UnusableRecordError("not_an_object", type(record).__name__)
    code = trusted_page_code(record, repairs)
    name = clean_name(record.get("ten_thu_tuc"), repairs)
    if not name:
        raise UnusableRecordError("missing_name", code=code)
    channels = parse_channels(str(record.get("cach_thuc_thuc_hien") or ""), repairs)
    agency = next(
        (
            clean_name(record.get(key), repairs)
            for key in ("co_quan_thuc_hien", "co_quan_co_tham_quyen")
            if fold_is_informative(str(record.get(key) or ""))
        ),
        "",
    )
    field = clean_name(record.get("linh_vuc"), repairs)
    url = str(record.get("detail_url") or "").strip()
    return Procedure(
        code=code,
        name=name,
        field=field if fold_is_informative(field) else "",
        levels=parse_levels(str(record.get("cap_thuc_hien") or "")),
        agency=agency[:AGENCY_LIMIT],
        targets=split_list(str(record.get("doi_tuong_thuc_hien") or "")),
        online_level=OnlineLevel.UNKNOWN,
        online_submission=any(c.method is SubmissionMethod.ONLINE for c in channels),
        channels=channels,
        documents=parse_documents(str(record.get("thanh_phan_ho_so") or ""), repairs),
        steps=parse_step_titles(str(record.get("trinh_tu_thuc_hien") or "")),
        results=parse_results(str(record.get("ket_qua_xu_ly") or "")),
        legal_basis=parse_legal_basis(str(record.get("can_cu_phap_ly") or "")),
        url=url if url.startswith(PORTAL_URL_PREFIX) else "",
        sources=("page",),
    )
