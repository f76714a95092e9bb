"""Reader of the portal's spreadsheet list export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from knowledge.sources.portal_xlsx import COLUMNS, PortalXlsxError, XlsxProblem, read_portal_xlsx

FIXTURE = Path(__file__).parents[2] / "data" / "import" / "portal-list.xlsx"
PORTAL_LISTS = Path(__file__).parents[3] / ".." / "shared" / "data" / "portal-lists"
HEADER = list(COLUMNS.values())


def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    workbook = openpyxl.Workbook()
    default = workbook.active
    assert default is not None
    workbook.remove(default)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_fixture_rows_and_cleaning() -> None:
    records = read_portal_xlsx(FIXTURE)
    assert [(r.row, r.procedure.code) for r in records] == [(4, "1.000894"), (5, "2.000528"), (7, "3.000164")]
    birth, marriage, _ = (r.procedure for r in records)
    assert birth.name == "Đăng ký khai sinh"  # trailing dot removed
    assert (birth.field, birth.issuer, birth.agency) == ("Hộ tịch", "Bộ Tư pháp", "Ủy ban nhân dân cấp xã")
    assert marriage.name == "Đăng ký kết hôn"  # shouting, doubled space and NBSP repaired
    assert marriage.agency == "Ủy ban nhân dân cấp xã; Sở Tư pháp"
    assert marriage.sources == ("xlsx",)


def test_header_found_on_any_row_and_columns_in_any_order(tmp_path: Path) -> None:
    reordered = ["Lĩnh vực", "Tên", "Mã số", "Cơ quan thực hiện", "Cơ quan ban hành", "Ghi chú"]
    rows: list[list[Any]] = [["Tiêu đề"], [], [], [" lĩnh  vực ", "TÊN", "mã số", *reordered[3:]]]
    rows.append(["Đất đai", "Cấp sổ", "1.000123", "Sở", "Bộ", "x"])
    [record] = read_portal_xlsx(_workbook(tmp_path / "a.xlsx", {"Sheet": rows}))
    assert record.row == 5
    assert (record.procedure.code, record.procedure.name, record.procedure.field) == (
        "1.000123",
        "Cấp sổ",
        "Đất đai",
    )
    assert (record.procedure.agency, record.procedure.issuer) == ("Sở", "Bộ")


def test_the_sheet_with_the_header_is_used(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "b.xlsx", {"Ghi chú": [["xin chào"]], "Dữ liệu": [HEADER, ["1.000001", "A", "", "", ""]]}
    )
    assert [r.procedure.code for r in read_portal_xlsx(path)] == ["1.000001"]


def test_no_header_anywhere_is_the_wrong_sheet(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "c.xlsx", {"Một": [["a", "b"]], "Hai": [[1, 2]]})
    with pytest.raises(PortalXlsxError) as caught:
        read_portal_xlsx(path)
    assert caught.value.problem is XlsxProblem.WRONG_SHEET and caught.value.row is None
    assert "'Một', 'Hai'" in str(caught.value)


def test_header_below_the_search_window_is_not_found(tmp_path: Path) -> None:
    rows: list[list[Any]] = [[f"dòng {i}"] for i in range(40)] + [HEADER, ["1.000001", "A", "", "", ""]]
    with pytest.raises(PortalXlsxError) as caught:
        read_portal_xlsx(_workbook(tmp_path / "d.xlsx", {"S": rows}))
    assert caught.value.problem is XlsxProblem.WRONG_SHEET


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "e.xlsx", {"S": [[], ["Mã số", "Tên", "Lĩnh vực"]]})
    with pytest.raises(PortalXlsxError) as caught:
        read_portal_xlsx(path)
    assert caught.value.problem is XlsxProblem.MISSING_COLUMN and caught.value.row == 2
    assert str(caught.value) == "hàng 2: thiếu cột 'Cơ quan ban hành', 'Cơ quan thực hiện'"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ([None, "Tên", "", "", ""], "hàng 2: thiếu Mã số"),
        (["abc", "Tên", "", "", ""], "hàng 2: Mã số không hợp lệ ('abc')"),
        (["1.000001", "  ", "", "", ""], "hàng 2: thủ tục 1.000001 thiếu Tên"),
        ([1.5, "Tên", "", "", ""], "hàng 2: Mã số 1.5 đã bị Excel đổi thành số"),
    ],
)
def test_bad_rows_name_their_row(tmp_path: Path, row: list[Any], expected: str) -> None:
    with pytest.raises(PortalXlsxError) as caught:
        read_portal_xlsx(_workbook(tmp_path / "f.xlsx", {"S": [HEADER, row]}))
    assert caught.value.problem is XlsxProblem.BAD_ROW and caught.value.row == 2
    assert str(caught.value).startswith(expected)


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "g.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(PortalXlsxError) as caught:
        read_portal_xlsx(path)
    assert caught.value.problem is XlsxProblem.NOT_XLSX


def test_real_portal_exports_when_present() -> None:
    files = sorted(PORTAL_LISTS.glob("*.xlsx")) if PORTAL_LISTS.is_dir() else []
    if not files:
        pytest.skip("the raw portal exports (../shared/data/portal-lists) are not present")
    for path in files:
        records = read_portal_xlsx(path)
        assert records and records[0].row == 3, path.name  # title block, then the header on row 2
        assert all(r.procedure.code and r.procedure.name for r in records)
        assert len({r.procedure.code for r in records}) == len(records)
