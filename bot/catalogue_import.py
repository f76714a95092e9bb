"""Admin import of a catalogue file into the database, applied on top of the shipped catalogue.

Three formats are accepted and told apart by their content: the portal's list API as JSONL, its detail
API as JSONL (``{"code": ..., "data": {...}}`` per line, or the bare ``data`` objects), and the portal's
``.xlsx`` list export. The whole file is validated first; only then are its procedures written, in one
transaction, replacing earlier imported rows with the same code. A list or spreadsheet import carries
no fees, documents or times, so it is laid over an earlier imported record of the same code instead of
erasing those facts. Every attempt, failed or not, is recorded in the import log. A failed import
changes no procedure.
"""

from __future__ import annotations

import json
import logging
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import delete, insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from bot.catalogue_store import overlay
from bot.models.catalogue import CatalogueImport, ImportedProcedure, ImportStatus
from knowledge.procedure import Procedure
from knowledge.sources.portal_xlsx import PortalXlsxError, XlsxProblem, read_portal_xlsx

logger = logging.getLogger(__name__)
_T = TypeVar("_T")

WRITE_BATCH_SIZE = 500
MAX_ERROR_CHARS = 1000
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$")
# Keys only the detail API returns; a list record never has them.
_DETAIL_KEYS = frozenset({"executionMethods", "executionCases", "isFullProcess", "legalBasisesDetails"})


class ImportFormat(StrEnum):
    """The kind of file being imported."""

    LIST = "list"  # portal list API, JSONL
    DETAIL = "detail"  # portal detail API, JSONL
    XLSX = "xlsx"  # portal spreadsheet export


FORMAT_LABELS = {
    ImportFormat.LIST: "danh sách JSONL",
    ImportFormat.DETAIL: "chi tiết JSONL",
    ImportFormat.XLSX: "bảng tính .xlsx của Cổng",
}


# Formats that carry only some facts (no fees, documents or times): they update, never erase, other facts.
PARTIAL_FORMATS = frozenset({ImportFormat.LIST, ImportFormat.XLSX})


class ImportProblem(StrEnum):
    """Why an import was refused."""

    EMPTY_FILE = "empty_file"
    NOT_UTF8 = "not_utf8"
    MALFORMED_JSON = "malformed_json"
    UNKNOWN_FORMAT = "unknown_format"
    MIXED_FORMAT = "mixed_format"
    BAD_RECORD = "bad_record"
    DUPLICATE_CODE = "duplicate_code"
    NOT_XLSX = "not_xlsx"
    WRONG_SHEET = "wrong_sheet"
    MISSING_COLUMN = "missing_column"
    DATABASE = "database"


class CatalogueImportError(Exception):
    """An import that was refused or failed; ``line`` is the 1-based line (JSONL) or row (xlsx) when known."""

    def __init__(
        self, problem: ImportProblem, message: str, line: int | None = None, unit: str = "dòng"
    ) -> None:
        self.problem = problem
        self.line = line
        self.detail = message
        super().__init__(f"{unit} {line}: {message}" if line is not None else message)


@dataclass(frozen=True, slots=True)
class ParsedRecord:
    """One validated procedure and the line (or row) it came from."""

    line: int
    procedure: Procedure


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """A fully validated import file, ready to be written."""

    kind: ImportFormat
    records: tuple[ParsedRecord, ...]


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What a successful import wrote."""

    import_id: int
    filename: str
    kind: ImportFormat
    record_count: int
    added_count: int
    replaced_count: int
    started_at: datetime
    finished_at: datetime

    def summary(self) -> str:
        """Return a one-line Vietnamese summary for the admin."""
        return (
            f"Đã nhập {self.record_count} thủ tục từ {self.filename} ({FORMAT_LABELS[self.kind]}): "
            f"{self.added_count} mới, {self.replaced_count} thay thế bản nhập trước "
            f"(lần nhập #{self.import_id})."
        )


def read_catalogue_file(path: Path) -> ParsedFile:
    """Detect the format of ``path``, parse and validate every record; raise :class:`CatalogueImportError`."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise CatalogueImportError(
            ImportProblem.EMPTY_FILE, f"không mở được tệp {path.name} ({exc})"
        ) from exc
    if not head:
        raise CatalogueImportError(ImportProblem.EMPTY_FILE, f"tệp {path.name} rỗng")
    if head.startswith(b"PK") or path.suffix.lower() == ".xlsx":
        parsed = ParsedFile(ImportFormat.XLSX, tuple(_read_xlsx(path)))
        unit = "hàng"
    else:
        parsed = _read_jsonl(path)
        unit = "dòng"
    _check_duplicates(parsed.records, unit)
    return parsed


async def import_catalogue_file(
    path: Path, session_factory: async_sessionmaker[AsyncSession], *, imported_by: str | None = None
) -> ImportResult:
    """Validate ``path`` completely, then write its procedures in one transaction and log the import.

    ``imported_by`` is the admin's hashed id (``Settings.hash_user_id``), never the raw Telegram id.
    Raises :class:`CatalogueImportError` on any problem; the imported procedures are then unchanged.
    """
    started = _utc_now()
    kind: ImportFormat | None = None
    try:
        parsed = read_catalogue_file(path)
        kind = parsed.kind
        return await _write(path.name, parsed, session_factory, started, imported_by)
    except Exception as exc:
        await _record_failure(session_factory, path.name, kind, started, imported_by, exc)
        if isinstance(exc, SQLAlchemyError):
            raise CatalogueImportError(
                ImportProblem.DATABASE, f"lỗi cơ sở dữ liệu, danh mục không thay đổi ({type(exc).__name__})"
            ) from exc
        raise


# --- reading -------------------------------------------------------------------------------------------


def _read_xlsx(path: Path) -> Iterable[ParsedRecord]:
    problems = {
        XlsxProblem.NOT_XLSX: ImportProblem.NOT_XLSX,
        XlsxProblem.WRONG_SHEET: ImportProblem.WRONG_SHEET,
        XlsxProblem.MISSING_COLUMN: ImportProblem.MISSING_COLUMN,
        XlsxProblem.BAD_ROW: ImportProblem.BAD_RECORD,
        XlsxProblem.EMPTY: ImportProblem.EMPTY_FILE,
    }
    try:
        rows = read_portal_xlsx(path)
    except PortalXlsxError as exc:
        message = str(exc) if exc.row is None else str(exc).split(": ", 1)[1]
        raise CatalogueImportError(problems[exc.problem], message, exc.row, unit="hàng") from exc
    except zipfile.BadZipFile as exc:  # pragma: no cover - openpyxl wraps most of these
        raise CatalogueImportError(ImportProblem.NOT_XLSX, "không đọc được tệp Excel .xlsx") from exc
    return [ParsedRecord(row.row, _validated(row.procedure, row.row, "hàng")) for row in rows]


def _read_jsonl(path: Path) -> ParsedFile:
    kind: ImportFormat | None = None
    records: list[ParsedRecord] = []
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise CatalogueImportError(
                    ImportProblem.NOT_UTF8, "không phải văn bản UTF-8", number
                ) from None
            if not text.strip():
                continue
            record = _json_object(text, number)
            line_kind = _record_kind(record, number)
            if kind is None:
                kind = line_kind
            elif line_kind is not kind:
                raise CatalogueImportError(
                    ImportProblem.MIXED_FORMAT,
                    f"bản ghi {line_kind.value} trong tệp {kind.value}: mỗi tệp chỉ một định dạng",
                    number,
                )
            records.append(ParsedRecord(number, _validated(_parse(record, line_kind, number), number)))
    if kind is None:
        raise CatalogueImportError(ImportProblem.EMPTY_FILE, f"tệp {path.name} không có bản ghi nào")
    return ParsedFile(kind, tuple(records))


def _json_object(text: str, number: int) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogueImportError(
            ImportProblem.MALFORMED_JSON, f"JSON không hợp lệ ({exc.msg}, cột {exc.colno})", number
        ) from None
    if not isinstance(value, dict):
        raise CatalogueImportError(
            ImportProblem.UNKNOWN_FORMAT,
            f"cần một đối tượng JSON mỗi dòng, gặp {type(value).__name__}",
            number,
        )
    return value


def _record_kind(record: dict[str, Any], number: int) -> ImportFormat:
    if "data" in record and "code" in record:
        if not isinstance(record["data"], dict):
            message = record.get("message") or record.get("code")
            raise CatalogueImportError(
                ImportProblem.BAD_RECORD, f"phản hồi API chi tiết không có dữ liệu ({message})", number
            )
        return ImportFormat.DETAIL
    if _DETAIL_KEYS & record.keys():
        return ImportFormat.DETAIL
    if "code" in record and "name" in record:
        return ImportFormat.LIST
    raise CatalogueImportError(
        ImportProblem.UNKNOWN_FORMAT,
        "không nhận ra định dạng: cần bản ghi danh sách (code, name) hoặc chi tiết (code, data) của Cổng",
        number,
    )


def _parse(record: dict[str, Any], kind: ImportFormat, number: int) -> Procedure:
    parse = _source_parser(kind)
    try:
        return parse(record)
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise CatalogueImportError(
            ImportProblem.BAD_RECORD,
            f"bản ghi {kind.value} không hợp lệ ({type(exc).__name__}: {exc})",
            number,
        ) from exc


def _source_parser(kind: ImportFormat) -> Callable[[dict[str, Any]], Procedure]:
    from knowledge.sources import procedure_from_detail, procedure_from_list

    return procedure_from_detail if kind is ImportFormat.DETAIL else procedure_from_list


def _validated(procedure: Procedure, number: int, unit: str = "dòng") -> Procedure:
    code = procedure.code.strip()
    if not _CODE.match(code):
        raise CatalogueImportError(
            ImportProblem.BAD_RECORD, f"mã thủ tục {procedure.code!r} không hợp lệ", number, unit
        )
    if not procedure.name.strip():
        raise CatalogueImportError(ImportProblem.BAD_RECORD, f"thủ tục {code} không có tên", number, unit)
    try:
        json.dumps(procedure.to_dict(), ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise CatalogueImportError(ImportProblem.BAD_RECORD, f"thủ tục {code}: {exc}", number, unit) from exc
    return procedure if code == procedure.code else replace(procedure, code=code)


def _check_duplicates(records: Sequence[ParsedRecord], unit: str) -> None:
    first_seen: dict[str, int] = {}
    for record in records:
        code = record.procedure.code
        if code in first_seen:
            raise CatalogueImportError(
                ImportProblem.DUPLICATE_CODE,
                f"mã {code} trùng với {unit} {first_seen[code]}",
                record.line,
                unit,
            )
        first_seen[code] = record.line


# --- writing -------------------------------------------------------------------------------------------


async def _write(
    filename: str,
    parsed: ParsedFile,
    session_factory: async_sessionmaker[AsyncSession],
    started: datetime,
    imported_by: str | None,
) -> ImportResult:
    codes = [record.procedure.code for record in parsed.records]
    async with session_factory() as session, session.begin():
        log = CatalogueImport(
            filename=filename,
            kind=parsed.kind.value,
            record_count=len(codes),
            status=ImportStatus.OK.value,
            imported_by=imported_by,
            started_at=started,
        )
        session.add(log)
        await session.flush()
        assert log.id is not None
        existing: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(codes, WRITE_BATCH_SIZE):
            in_chunk = col(ImportedProcedure.code).in_(chunk)
            found = await session.execute(
                select(ImportedProcedure.code, ImportedProcedure.data).where(in_chunk)
            )
            existing.update((code, data) for code, data in found)
            await session.execute(delete(ImportedProcedure).where(in_chunk))
        now = _utc_now()
        for batch in _chunks(list(parsed.records), WRITE_BATCH_SIZE):
            rows = [
                {
                    "code": record.procedure.code,
                    "data": _merged(record.procedure, existing.get(record.procedure.code), parsed.kind),
                    "source_kind": parsed.kind.value,
                    "import_id": log.id,
                    "imported_at": now,
                }
                for record in batch
            ]
            await _insert_batch(session, rows)
        finished = _utc_now()
        log.added_count = len(codes) - len(existing)
        log.replaced_count = len(existing)
        log.finished_at = finished
        import_id = log.id
    logger.info(
        "catalogue import #%s: %s %s records from %s", import_id, len(codes), parsed.kind.value, filename
    )
    return ImportResult(
        import_id=import_id,
        filename=filename,
        kind=parsed.kind,
        record_count=len(codes),
        added_count=len(codes) - len(existing),
        replaced_count=len(existing),
        started_at=started,
        finished_at=finished,
    )


def _merged(procedure: Procedure, previous: dict[str, Any] | None, kind: ImportFormat) -> dict[str, Any]:
    """Return the row data: a partial format (list, xlsx) is laid over the previously imported record."""
    if previous is None or kind not in PARTIAL_FORMATS:
        return procedure.to_dict()
    try:
        return overlay(Procedure.from_dict(previous), procedure).to_dict()
    except (KeyError, ValueError, TypeError):
        return procedure.to_dict()


async def _insert_batch(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Insert one batch of imported-procedure rows (a seam for tests that inject a failure mid-write)."""
    await session.execute(insert(ImportedProcedure), rows)


async def _record_failure(
    session_factory: async_sessionmaker[AsyncSession],
    filename: str,
    kind: ImportFormat | None,
    started: datetime,
    imported_by: str | None,
    error: BaseException,
) -> None:
    """Log a failed attempt in its own transaction; a database that cannot even do that is only logged."""
    try:
        async with session_factory() as session, session.begin():
            session.add(
                CatalogueImport(
                    filename=filename,
                    kind=kind.value if kind else "",
                    status=ImportStatus.FAILED.value,
                    error=str(error)[:MAX_ERROR_CHARS] or type(error).__name__,
                    imported_by=imported_by,
                    started_at=started,
                    finished_at=_utc_now(),
                )
            )
    except SQLAlchemyError as exc:
        logger.warning("could not record the failed import of %s: %s", filename, type(exc).__name__)


def _chunks(items: Sequence[_T], size: int) -> Iterable[Sequence[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _utc_now() -> datetime:
    return datetime.now(UTC)
