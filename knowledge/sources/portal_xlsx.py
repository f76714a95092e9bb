"""Reader of the portal's spreadsheet export of a procedure list (``danh-sach-tthc-*.xlsx``).

The export has a title block above a header row with the columns Mã số, Tên, Cơ quan ban hành,
Cơ quan thực hiện and Lĩnh vực. The header row is searched for, never assumed to be row 1.
Each data row becomes a :class:`~knowledge.procedure.Procedure` carrying only those facts.
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from knowledge.procedure import Procedure
from knowledge.sources.name_cleaning import clean_name, shorten
from knowledge.sources.portal_list import AGENCY_LIMIT
from knowledge.sources.record_errors import UnusableRecordError
from knowledge.sources.record_fields import require_code

PREFERRED_SHEET = "Danh sách TTHC"
HEADER_SEARCH_ROWS = 30  # the header must appear within the first rows of a sheet
# Procedure attribute -> the portal's column title.
COLUMNS: dict[str, str] = {
    "code": "Mã số",
    "name": "Tên",
    "issuer": "Cơ quan ban hành",
    "agency": "Cơ quan thực hiện",
    "field": "Lĩnh vực",
}
SOURCE_NAME = "xlsx"


class XlsxProblem(StrEnum):
    """What went wrong while reading a spreadsheet."""

    NOT_XLSX = "not_xlsx"
    WRONG_SHEET = "wrong_sheet"
    MISSING_COLUMN = "missing_column"
    BAD_ROW = "bad_row"
    EMPTY = "empty"


class PortalXlsxError(ValueError):
    """A spreadsheet that is not a readable portal list export; ``row`` is 1-based when known."""

    def __init__(self, problem: XlsxProblem, message: str, row: int | None = None) -> None:
        self.problem = problem
        self.row = row
        super().__init__(f"hàng {row}: {message}" if row is not None else message)


@dataclass(frozen=True, slots=True)
class XlsxRecord:
    """One procedure read from a spreadsheet with its 1-based row number."""

    row: int
    procedure: Procedure


def read_portal_xlsx(path: Path) -> list[XlsxRecord]:
    """Return every procedure row of a portal list export; raise :class:`PortalXlsxError` when unreadable."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise PortalXlsxError(XlsxProblem.NOT_XLSX, f"không đọc được tệp Excel .xlsx ({exc})") from exc
    try:
        sheets = sorted(workbook.worksheets, key=lambda sheet: sheet.title != PREFERRED_SHEET)
        for sheet in sheets:
            rows = sheet.iter_rows(values_only=True)
            header = _find_header(rows)
            if header is None:
                continue
            header_row, positions = header
            records = list(_records(rows, header_row, positions))
            if not records:
                raise PortalXlsxError(
                    XlsxProblem.EMPTY, f"trang tính {sheet.title!r} không có thủ tục nào dưới hàng tiêu đề"
                )
            return records
        names = ", ".join(repr(sheet.title) for sheet in workbook.worksheets)
        raise PortalXlsxError(
            XlsxProblem.WRONG_SHEET,
            f"không trang tính nào ({names}) có hàng tiêu đề danh sách TTHC ({', '.join(COLUMNS.values())})",
        )
    finally:
        workbook.close()


def _find_header(rows: Iterator[tuple[Any, ...]]) -> tuple[int, dict[str, int]] | None:
    """Consume rows up to the header; return its row number and each column's position, or None."""
    wanted = {_fold(title): attribute for attribute, title in COLUMNS.items()}
    for number, row in enumerate(rows, start=1):
        if number > HEADER_SEARCH_ROWS:
            return None
        folded = [_fold(cell) for cell in row]
        if _fold(COLUMNS["code"]) not in folded or _fold(COLUMNS["name"]) not in folded:
            continue
        positions = {wanted[title]: index for index, title in enumerate(folded) if title in wanted}
        missing = [title for attribute, title in COLUMNS.items() if attribute not in positions]
        if missing:
            raise PortalXlsxError(
                XlsxProblem.MISSING_COLUMN, f"thiếu cột {', '.join(repr(m) for m in missing)}", row=number
            )
        return number, positions
    return None


def _records(
    rows: Iterator[tuple[Any, ...]], header_row: int, positions: dict[str, int]
) -> Iterator[XlsxRecord]:
    for number, row in enumerate(rows, start=header_row + 1):
        cells = {
            attribute: row[index] if index < len(row) else None for attribute, index in positions.items()
        }
        if all(_text(value) == "" for value in cells.values()):
            continue
        raw_code = cells["code"]
        if isinstance(raw_code, int | float):
            raise PortalXlsxError(
                XlsxProblem.BAD_ROW,
                f"{COLUMNS['code']} {raw_code!r} đã bị Excel đổi thành số; hãy định dạng cột là văn bản",
                row=number,
            )
        try:
            code = require_code(_text(raw_code))
        except UnusableRecordError as exc:
            problem = (
                f"thiếu {COLUMNS['code']}"
                if exc.reason == "missing_code"
                else f"{COLUMNS['code']} không hợp lệ"
            )
            raise PortalXlsxError(
                XlsxProblem.BAD_ROW, f"{problem} ({_text(raw_code)!r})", row=number
            ) from exc
        name = clean_name(cells["name"])
        if not name:
            raise PortalXlsxError(XlsxProblem.BAD_ROW, f"thủ tục {code} thiếu {COLUMNS['name']}", row=number)
        yield XlsxRecord(
            row=number,
            procedure=Procedure(
                code=code,
                name=name,
                field=clean_name(cells["field"]),
                agency=_agencies(cells["agency"]),
                issuer=clean_name(cells["issuer"]),
                sources=(SOURCE_NAME,),
            ),
        )


def _agencies(value: object) -> str:
    """Return the executing agencies, one per line in the cell, as one "; "-separated line."""
    if value is None:
        return ""
    names = (clean_name(line) for line in str(value).splitlines())
    return shorten("; ".join(name for name in names if name), AGENCY_LIMIT)


def _text(value: object) -> str:
    """Return a cell as one NFC line with runs of white space (line breaks, NBSP) collapsed."""
    if value is None:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ").split())


def _fold(value: object) -> str:
    return _text(value).casefold()
