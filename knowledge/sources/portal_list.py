"""Parser for one record of the portal's list API (``portal-api/catalog.jsonl``)."""

from __future__ import annotations

from typing import Any

from knowledge.procedure import Procedure
from knowledge.sources.name_cleaning import clean_name, shorten
from knowledge.sources.record_errors import UnusableRecordError
from knowledge.sources.record_fields import require_code, text_list

PORTAL_PROCEDURE_URL = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/"
AGENCY_LIMIT = 200
RECORD_TYPES = frozenset({"STANDARD", "SPECIFIC", "STANDARD_INTERNAL"})


def portal_url(record_id: object) -> str:
    """Return the portal page URL of a procedure from its portal id (the list API's ``id``), or ``""``.

    The scraped pages prove the pattern: their ``detail_url`` is this prefix plus the list API's ``id``
    for 2,556 of 2,573 shared codes (the other 17 are the pages whose code is wrong).
    """
    text = str(record_id or "").strip()
    if len(text) == 36 and text.count("-") == 4:
        return PORTAL_PROCEDURE_URL + text
    return ""


def procedure_from_list(record: dict[str, Any], repairs: list[str] | None = None) -> Procedure:
    """Return the procedure of one list-API record; raise UnusableRecordError if it has no code or name.

    The list API has no fees, documents or times, so the online level stays UNKNOWN.
    """
    if not isinstance(record, dict):
        raise UnusableRecordError("not_an_object", type(record).__name__)
    code = require_code(record.get("code"), repairs)
    name = clean_name(record.get("name"), repairs)
    if not name:
        raise UnusableRecordError("missing_name", code=code)
    record_type = str(record.get("type") or "").strip().upper()
    if record_type and record_type not in RECORD_TYPES:
        if repairs is not None:
            repairs.append("unknown_record_type")
        record_type = ""
    categories = text_list(record.get("categories"), repairs)
    departments = text_list(record.get("departments"), repairs)
    return Procedure(
        code=code,
        name=name,
        field=categories[0] if categories else "",
        agency=shorten("; ".join(departments), AGENCY_LIMIT),
        issuer=clean_name(record.get("departmentPromulgate"), repairs),
        targets=text_list(record.get("formalityTargetType"), repairs),
        url=portal_url(record.get("id")),
        record_type=record_type,
        is_national_standard=record_type == "STANDARD",
        sources=("list",),
    )
