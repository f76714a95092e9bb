"""Parser for one record of the portal's detail API (``portal-api/details.jsonl``)."""

from __future__ import annotations

from typing import Any

from knowledge.procedure import (
    AdminLevel,
    Channel,
    Document,
    Fee,
    OnlineLevel,
    Procedure,
    SubmissionMethod,
    TimeUnit,
)
from knowledge.sources.glued_text import (
    CASE_NAME_LIMIT,
    STEP_TITLE_LIMIT,
    clean_document_name,
    parse_legal_basis,
)
from knowledge.sources.money_and_time import make_fee, parse_time
from knowledge.sources.name_cleaning import clean_name, clean_text, fold, shorten
from knowledge.sources.portal_list import AGENCY_LIMIT, RECORD_TYPES, portal_url
from knowledge.sources.record_errors import UnusableRecordError
from knowledge.sources.record_fields import require_code, text_list

_METHODS: dict[str, SubmissionMethod] = {
    "ONLINE": SubmissionMethod.ONLINE,
    "DIRECT": SubmissionMethod.DIRECT,
    "POSTAL": SubmissionMethod.POSTAL,
}
_UNITS: dict[str, TimeUnit] = {
    "WORKING_DAY": TimeUnit.WORKING_DAY,
    "DAY": TimeUnit.DAY,
    "HOUR": TimeUnit.HOUR,
    "MONTH": TimeUnit.MONTH,
    "OTHER": TimeUnit.OTHER,
}
_FEE_LABELS = {"FEE": "Phí", "SERVICE_FEE": "Lệ phí", "PRICE_LEVEL": "Giá dịch vụ"}
_NOTE_CASES = ("luu y", "ghi chu", "chu y")
_NOTE_OPENINGS = ("truong hop", "doi voi", "luu y", "ghi chu", "nguoi ", "co quan", "viec ")
_LEGAL_CODE_LIMIT = 40
_LEVEL_FLAGS: tuple[tuple[str, AdminLevel], ...] = (
    ("isMinistry", AdminLevel.CENTRAL),
    ("isProvince", AdminLevel.PROVINCE),
    ("isWard", AdminLevel.COMMUNE),
    ("isOtherAgency", AdminLevel.OTHER),
)


def _unwrap(record: dict[str, Any]) -> dict[str, Any]:
    """Return the procedure object of a detail record, accepting the ``{"code":..,"data":{..}}`` wrapper."""
    if not isinstance(record, dict):
        raise UnusableRecordError("not_an_object", type(record).__name__)
    data = record.get("data") if "data" in record else record
    if not isinstance(data, dict):
        raise UnusableRecordError("missing_data", f"data is {type(data).__name__}")
    return data


def _methods(data: dict[str, Any]) -> list[dict[str, Any]]:
    methods = data.get("executionMethods")
    return [m for m in methods if isinstance(m, dict)] if isinstance(methods, list) else []


def online_level_from_detail(
    data: dict[str, Any], repairs: list[str] | None = None
) -> tuple[OnlineLevel, bool]:
    """Return (online level, online submission) exactly as the detail API states them.

    ``isFullProcess`` true → FULL; otherwise an ONLINE execution method → PARTIAL; otherwise
    (``isOfflineOnly`` or no ONLINE method) → OFFLINE. Online submission is true when an ONLINE method exists
    or the process is full online. A record flagged ``isOfflineOnly`` that still lists an ONLINE method is
    noted as a defect.
    """
    has_online = any(str(m.get("submissionMethod", "")).upper() == "ONLINE" for m in _methods(data))
    if data.get("isOfflineOnly") is True and has_online and repairs is not None:
        repairs.append("offline_only_with_online_method")
    if data.get("isFullProcess") is True:
        return OnlineLevel.FULL, True
    if has_online:
        return OnlineLevel.PARTIAL, True
    return OnlineLevel.OFFLINE, False


def _fee(raw: dict[str, Any], repairs: list[str] | None) -> Fee:
    value = raw.get("value")
    amount: int | None = None
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        amount = int(value)
    label = _FEE_LABELS.get(str(raw.get("type", "")), "Phí, lệ phí")
    return make_fee(amount, str(raw.get("description") or ""), label, repairs)


def _case_time_unit(data: dict[str, Any]) -> tuple[float, TimeUnit] | None:
    """The processing time every case (``cases[].processingDay``) agrees on, if they all agree."""
    stated = {
        (day.get("qty"), _UNITS.get(str(day.get("type", "")).upper()))
        for case in data.get("cases") or ()
        if isinstance(case, dict) and isinstance(day := case.get("processingDay"), dict)
    }
    if len(stated) != 1:
        return None
    qty, unit = stated.pop()
    if not isinstance(qty, int | float) or unit in (None, TimeUnit.OTHER):
        return None
    return float(qty), unit


def _channel(
    raw: dict[str, Any], repairs: list[str] | None, case_time: tuple[float, TimeUnit] | None = None
) -> Channel | None:
    method = _METHODS.get(str(raw.get("submissionMethod", "")).upper())
    if method is None:
        if repairs is not None:
            repairs.append("unknown_submission_method")
        return None
    value, unit, time_text = parse_time(raw.get("processingTime"))
    stated_unit = _UNITS.get(str(raw.get("processingTimeUnit", "")).upper())
    if unit is None and value is not None:
        unit = stated_unit
    if unit is TimeUnit.OTHER and case_time is not None and value == case_time[0]:
        # The method says only "other"; the cases state the same number with a real unit.
        unit = case_time[1]
        if repairs is not None:
            repairs.append("time_unit_from_cases")
    fees = tuple(_fee(f, repairs) for f in raw.get("fees") or () if isinstance(f, dict))
    return Channel(method=method, time_value=value, time_unit=unit, time_text=time_text, fees=fees)


def _documents(data: dict[str, Any], repairs: list[str] | None) -> tuple[Document, ...]:
    documents: list[Document] = []
    cases = data.get("executionCases")
    for case in cases if isinstance(cases, list) else ():
        if not isinstance(case, dict):
            continue
        case_name = shorten(clean_text(case.get("name")).strip("-–* ").rstrip(":"), CASE_NAME_LIMIT)
        if fold(case_name).startswith(_NOTE_CASES):
            continue
        for component in case.get("profileComponents") or ():
            if not isinstance(component, dict):
                continue
            name = clean_document_name(str(component.get("name") or ""), repairs)
            originals, copies = _count(component.get("originalQty")), _count(component.get("copyQty"))
            if not name:
                continue
            if originals == copies == 0 and (name.endswith(":") or fold(name).startswith(_NOTE_OPENINGS)):
                # A note or sub-heading placed among the documents, not a document to bring.
                if repairs is not None:
                    repairs.append("document_note_skipped")
                continue
            documents.append(
                Document(
                    name=name,
                    originals=originals,
                    copies=copies,
                    case=case_name,
                )
            )
    return tuple(dict.fromkeys(documents))


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 100 else 0


def _names(items: object, repairs: list[str] | None) -> tuple[str, ...]:
    if not isinstance(items, list):
        return ()
    return text_list([i.get("name") for i in items if isinstance(i, dict)], repairs)


def _steps(data: dict[str, Any]) -> tuple[str, ...]:
    steps = data.get("executionSteps")
    if not isinstance(steps, list):
        return ()
    titles = (clean_name(s.get("name")) for s in steps if isinstance(s, dict))
    return tuple(dict.fromkeys(t for t in titles if t and len(t) <= STEP_TITLE_LIMIT))


def _legal_numbers(items: list[Any]) -> tuple[str, ...]:
    numbers: list[str] = []
    for item in items:
        code = clean_text(item.get("code")) if isinstance(item, dict) else ""
        parsed = parse_legal_basis(code)
        if parsed:
            numbers.extend(parsed)
        elif code and len(code) <= _LEGAL_CODE_LIMIT:
            numbers.append(code)
    return tuple(dict.fromkeys(numbers))


def procedure_from_detail(record: dict[str, Any], repairs: list[str] | None = None) -> Procedure:
    """Return the procedure of one detail-API record (wrapped or bare); raise UnusableRecordError."""
    data = _unwrap(record)
    code = require_code(data.get("code"), repairs)
    name = clean_name(data.get("name"), repairs)
    if not name:
        raise UnusableRecordError("missing_name", code=code)
    online_level, online_submission = online_level_from_detail(data, repairs)
    case_time = _case_time_unit(data)
    channels = tuple(
        c for c in (_channel(m, repairs, case_time) for m in _methods(data)) if c is not None
    )
    category = data.get("category")
    field = clean_name(category.get("name"), repairs) if isinstance(category, dict) else ""
    agencies = _names(data.get("departmentsExecuting"), repairs) or text_list(
        [data.get("executingAgencies")], repairs
    )
    legal = data.get("legalBasisesDetails")
    legal_basis = _legal_numbers(legal if isinstance(legal, list) else [])
    record_type = str(data.get("type") or "").strip().upper()
    record_type = record_type if record_type in RECORD_TYPES else ""
    return Procedure(
        code=code,
        name=name,
        field=field,
        levels=tuple(level for flag, level in _LEVEL_FLAGS if data.get(flag) is True),
        agency=shorten("; ".join(agencies), AGENCY_LIMIT),
        issuer=clean_name(data.get("departmentPromulgateName"), repairs),
        targets=_names(data.get("subjectTypesDetails"), repairs),
        online_level=online_level,
        online_submission=online_submission,
        channels=tuple(dict.fromkeys(channels)),
        documents=_documents(data, repairs),
        steps=_steps(data),
        results=tuple(shorten(r, 200) for r in _names(data.get("resultsDetails"), repairs)),
        legal_basis=legal_basis,
        url=portal_url(data.get("id")),
        record_type=record_type,
        is_national_standard=record_type == "STANDARD",
        sources=("detail",),
    )
