"""The procedure model: one administrative procedure (thủ tục hành chính) as the bot knows it.

Everything here is plain, immutable data with a compact dict form for the shipped catalogue file.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class OnlineLevel(StrEnum):
    """How far a procedure can be done online, as the source states it (never guessed)."""

    FULL = "full"  # toàn trình
    PARTIAL = "partial"  # một phần
    OFFLINE = "offline"  # in person only
    UNKNOWN = "unknown"


class AdminLevel(StrEnum):
    """The administrative level that carries a procedure out."""

    CENTRAL = "central"  # trung ương / cấp bộ
    PROVINCE = "province"  # cấp tỉnh
    COMMUNE = "commune"  # cấp xã
    OTHER = "other"  # cơ quan khác


class SubmissionMethod(StrEnum):
    """A channel through which a dossier can be submitted."""

    ONLINE = "online"  # trực tuyến
    POSTAL = "postal"  # dịch vụ bưu chính
    DIRECT = "direct"  # trực tiếp


class TimeUnit(StrEnum):
    """The unit of a processing time."""

    WORKING_DAY = "working_day"
    DAY = "day"
    MONTH = "month"
    HOUR = "hour"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Fee:
    """One fee or charge: an amount in VND (None when the source gives no number) and a short label."""

    amount_vnd: int | None
    label: str = ""


@dataclass(frozen=True, slots=True)
class Channel:
    """One submission channel with its processing time and fees."""

    method: SubmissionMethod
    time_value: float | None = None
    time_unit: TimeUnit | None = None
    time_text: str = ""  # short source wording when the time is not a plain number, e.g. "Không quá 30 ngày"
    fees: tuple[Fee, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """One required document of the dossier (thành phần hồ sơ)."""

    name: str
    originals: int = 0
    copies: int = 0
    case: str = ""  # the case (trường hợp) the document belongs to, when the source splits by case


@dataclass(frozen=True, slots=True)
class Procedure:
    """One procedure of the national catalogue (Cổng Dịch vụ công quốc gia)."""

    code: str
    name: str
    field: str = ""  # lĩnh vực
    levels: tuple[AdminLevel, ...] = ()
    agency: str = ""  # cơ quan thực hiện
    issuer: str = ""  # ministry or province that promulgated it
    targets: tuple[str, ...] = ()  # đối tượng thực hiện
    online_level: OnlineLevel = OnlineLevel.UNKNOWN
    online_submission: bool = False  # a source proves an online channel exists
    channels: tuple[Channel, ...] = ()
    documents: tuple[Document, ...] = ()
    steps: tuple[str, ...] = ()  # short step titles only, never the long prose
    results: tuple[str, ...] = ()  # names of the result documents
    legal_basis: tuple[str, ...] = ()  # document numbers, e.g. "123/2015/NĐ-CP"
    url: str = ""
    record_type: str = ""  # STANDARD / SPECIFIC / STANDARD_INTERNAL as the list API says
    is_national_standard: bool = False
    variant_of: str = ""  # code of the national standard this provincial record varies, if known
    sources: tuple[str, ...] = ()  # which raw sources contributed: list, detail, page, xlsx

    def to_dict(self) -> dict[str, Any]:
        """Return the compact dict form used in the catalogue file (empty values omitted)."""
        out: dict[str, Any] = {"code": self.code, "name": self.name}
        for key in (
            "field", "agency", "issuer", "url", "record_type", "variant_of",
        ):
            value = getattr(self, key)
            if value:
                out[key] = value
        for key in ("levels", "targets", "steps", "results", "legal_basis", "sources"):
            value = getattr(self, key)
            if value:
                out[key] = [str(v) for v in value]
        if self.online_level is not OnlineLevel.UNKNOWN:
            out["online_level"] = self.online_level.value
        if self.online_submission:
            out["online_submission"] = True
        if self.is_national_standard:
            out["is_national_standard"] = True
        if self.channels:
            out["channels"] = [_channel_to_dict(c) for c in self.channels]
        if self.documents:
            out["documents"] = [_document_to_dict(d) for d in self.documents]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Procedure:
        """Build a procedure from its compact dict form; raises KeyError/ValueError on bad data."""
        return cls(
            code=str(data["code"]),
            name=str(data["name"]),
            field=data.get("field", ""),
            levels=tuple(AdminLevel(v) for v in data.get("levels", ())),
            agency=data.get("agency", ""),
            issuer=data.get("issuer", ""),
            targets=tuple(data.get("targets", ())),
            online_level=OnlineLevel(data.get("online_level", OnlineLevel.UNKNOWN.value)),
            online_submission=bool(data.get("online_submission", False)),
            channels=tuple(_channel_from_dict(c) for c in data.get("channels", ())),
            documents=tuple(_document_from_dict(d) for d in data.get("documents", ())),
            steps=tuple(data.get("steps", ())),
            results=tuple(data.get("results", ())),
            legal_basis=tuple(data.get("legal_basis", ())),
            url=data.get("url", ""),
            record_type=data.get("record_type", ""),
            is_national_standard=bool(data.get("is_national_standard", False)),
            variant_of=data.get("variant_of", ""),
            sources=tuple(data.get("sources", ())),
        )


def _channel_to_dict(channel: Channel) -> dict[str, Any]:
    out: dict[str, Any] = {"method": channel.method.value}
    if channel.time_value is not None:
        out["time"] = channel.time_value
    if channel.time_unit is not None:
        out["unit"] = channel.time_unit.value
    if channel.time_text:
        out["time_text"] = channel.time_text
    if channel.fees:
        out["fees"] = [[f.amount_vnd, f.label] for f in channel.fees]
    return out


def _channel_from_dict(data: dict[str, Any]) -> Channel:
    unit = data.get("unit")
    return Channel(
        method=SubmissionMethod(data["method"]),
        time_value=data.get("time"),
        time_unit=TimeUnit(unit) if unit else None,
        time_text=data.get("time_text", ""),
        fees=tuple(Fee(amount, label) for amount, label in data.get("fees", ())),
    )


def _document_to_dict(document: Document) -> dict[str, Any]:
    out: dict[str, Any] = {"name": document.name}
    if document.originals:
        out["o"] = document.originals
    if document.copies:
        out["c"] = document.copies
    if document.case:
        out["case"] = document.case
    return out


def _document_from_dict(data: dict[str, Any]) -> Document:
    return Document(
        name=data["name"], originals=data.get("o", 0), copies=data.get("c", 0), case=data.get("case", "")
    )
