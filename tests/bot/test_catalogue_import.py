"""Admin catalogue import: the three formats, every refusal with its line or row, and rollback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

import bot.catalogue_import as catalogue_import
from bot.catalogue_import import (
    CatalogueImportError,
    ImportFormat,
    ImportProblem,
    import_catalogue_file,
    read_catalogue_file,
)
from bot.models.catalogue import CatalogueImport, ImportedProcedure

IMPORT_DATA = Path(__file__).parents[1] / "data" / "import"
PORTAL_LISTS = Path(__file__).parents[2] / ".." / "shared" / "data" / "portal-lists"
HEADER = ["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"]

Sessions = async_sessionmaker[AsyncSession]


def _list_record(code: str, name: str = "Thủ tục thử") -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "categories": ["Hộ tịch"],
        "departments": ["UBND cấp xã"],
        "type": "STANDARD",
    }


def _write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _write_xlsx(path: Path, rows: list[list[Any]], title: str = "Danh sách TTHC") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


async def _stored(sessions: Sessions) -> dict[str, tuple[str, int, dict[str, Any]]]:
    async with sessions() as session:
        rows = (await session.execute(select(ImportedProcedure))).scalars().all()
        return {row.code: (row.source_kind, row.import_id, row.data) for row in rows}


async def _log(sessions: Sessions) -> list[CatalogueImport]:
    async with sessions() as session:
        return list(
            (await session.execute(select(CatalogueImport).order_by(col(CatalogueImport.id)))).scalars()
        )


def _refusal(path: Path) -> CatalogueImportError:
    with pytest.raises(CatalogueImportError) as caught:
        read_catalogue_file(path)
    return caught.value


# --- happy paths ----------------------------------------------------------------------------------------


async def test_list_jsonl_is_imported_and_logged(db_sessions: Sessions) -> None:
    result = await import_catalogue_file(IMPORT_DATA / "list.jsonl", db_sessions, imported_by="ab" * 16)
    assert result.kind is ImportFormat.LIST
    assert (result.record_count, result.added_count, result.replaced_count) == (3, 3, 0)
    stored = await _stored(db_sessions)
    assert set(stored) == {"3.000616", "3.000615", "3.000323"}
    kind, import_id, data = stored["3.000616"]
    assert (kind, import_id) == ("list", result.import_id)
    assert data["name"] == "Thủ tục Hỗ trợ doanh nghiệp tham gia chuỗi cung ứng bán dẫn"
    assert data["issuer"] == "UBND Thành phố Huế"
    [log] = await _log(db_sessions)
    assert (log.id, log.filename, log.kind, log.status) == (result.import_id, "list.jsonl", "list", "ok")
    assert (log.record_count, log.added_count, log.replaced_count) == (3, 3, 0)
    assert log.imported_by == "ab" * 16 and log.finished_at is not None and log.error is None
    assert "3 thủ tục" in result.summary() and "list.jsonl" in result.summary()


async def test_detail_jsonl_is_detected_and_imported(db_sessions: Sessions) -> None:
    result = await import_catalogue_file(IMPORT_DATA / "detail.jsonl", db_sessions)
    assert result.kind is ImportFormat.DETAIL and result.record_count == 2
    stored = await _stored(db_sessions)
    assert set(stored) == {"1.009141", "1.115462"}
    kind, _, data = stored["1.009141"]
    assert kind == "detail"
    assert data["name"] == "Cấp mới/cấp lại Giấy chứng nhận số nhà"
    assert "detail" in data["sources"]
    assert data.get("channels"), "the detail API's execution methods become channels"


async def test_portal_xlsx_is_imported(db_sessions: Sessions) -> None:
    result = await import_catalogue_file(IMPORT_DATA / "portal-list.xlsx", db_sessions)
    assert result.kind is ImportFormat.XLSX
    assert result.record_count == 3  # the blank row is skipped
    stored = await _stored(db_sessions)
    assert set(stored) == {"1.000894", "2.000528", "3.000164"}  # " 2.000528" had a stray space
    assert stored["1.000894"][2]["name"] == "Đăng ký khai sinh"
    assert stored["2.000528"][2]["agency"] == "Ủy ban nhân dân cấp xã; Sở Tư pháp"
    assert stored["2.000528"][2]["sources"] == ["xlsx"]


async def test_real_portal_xlsx_when_present(db_sessions: Sessions) -> None:
    path = PORTAL_LISTS / "toa-an-nhan-dan.xlsx"
    if not path.is_file():
        pytest.skip("the raw portal exports (../shared/data/portal-lists) are not present")
    result = await import_catalogue_file(path, db_sessions)
    assert result.kind is ImportFormat.XLSX and result.record_count == 3
    assert {"3.000163", "3.000164", "3.000165"} == set(await _stored(db_sessions))


async def test_reimport_replaces_rows_with_the_same_code(db_sessions: Sessions, tmp_path: Path) -> None:
    first = await import_catalogue_file(IMPORT_DATA / "list.jsonl", db_sessions)
    update = _write_jsonl(
        tmp_path / "update.jsonl", [_list_record("3.000616", "Tên mới của thủ tục"), _list_record("1.000001")]
    )
    second = await import_catalogue_file(update, db_sessions)
    assert (second.added_count, second.replaced_count) == (1, 1)
    stored = await _stored(db_sessions)
    assert len(stored) == 4
    assert (
        stored["3.000616"][1] == second.import_id and stored["3.000616"][2]["name"] == "Tên mới của thủ tục"
    )
    assert stored["3.000615"][1] == first.import_id
    assert [log.status for log in await _log(db_sessions)] == ["ok", "ok"]


def test_bom_and_blank_lines_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    body = json.dumps(_list_record("1.000001")) + "\n\n  \n" + json.dumps(_list_record("1.000002")) + "\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    parsed = read_catalogue_file(path)
    assert parsed.kind is ImportFormat.LIST
    assert [(r.line, r.procedure.code) for r in parsed.records] == [(1, "1.000001"), (4, "1.000002")]


# --- refusals, each with its line or row ----------------------------------------------------------------


def test_malformed_json_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        json.dumps(_list_record("1.000001")) + '\n{"code": "1.000002", "name": \n', encoding="utf-8"
    )
    error = _refusal(path)
    assert error.problem is ImportProblem.MALFORMED_JSON and error.line == 2
    assert str(error).startswith("dòng 2: JSON không hợp lệ")


def test_unknown_format_names_its_line(tmp_path: Path) -> None:
    error = _refusal(_write_jsonl(tmp_path / "other.jsonl", [{"ma": "1.000001", "ten": "x"}]))
    assert error.problem is ImportProblem.UNKNOWN_FORMAT and error.line == 1
    assert str(error).startswith("dòng 1: không nhận ra định dạng")


def test_json_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "array.jsonl"
    path.write_text("\n[1, 2, 3]\n", encoding="utf-8")
    error = _refusal(path)
    assert error.problem is ImportProblem.UNKNOWN_FORMAT and error.line == 2


def test_mixed_formats_are_refused(tmp_path: Path) -> None:
    detail = json.loads((IMPORT_DATA / "detail.jsonl").read_text(encoding="utf-8").splitlines()[0])
    error = _refusal(_write_jsonl(tmp_path / "mixed.jsonl", [_list_record("1.000001"), detail]))
    assert error.problem is ImportProblem.MIXED_FORMAT and error.line == 2


def test_record_without_name_is_refused(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "noname.jsonl", [_list_record("1.000001"), _list_record("1.000002", "  ")])
    error = _refusal(path)
    assert error.problem is ImportProblem.BAD_RECORD and error.line == 2
    assert str(error).startswith("dòng 2: ")


def test_record_with_a_bad_code_is_refused(tmp_path: Path) -> None:
    error = _refusal(_write_jsonl(tmp_path / "badcode.jsonl", [_list_record("DROP TABLE")]))
    assert error.problem is ImportProblem.BAD_RECORD and error.line == 1


def test_detail_envelope_without_data_is_refused(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "404.jsonl", [{"code": 404, "data": None, "message": "Not found"}])
    error = _refusal(path)
    assert error.problem is ImportProblem.BAD_RECORD and error.line == 1 and "Not found" in str(error)


def test_duplicate_code_names_both_lines(tmp_path: Path) -> None:
    records = [_list_record("1.000001"), _list_record("1.000002"), _list_record("1.000001", "Bản trùng")]
    error = _refusal(_write_jsonl(tmp_path / "dup.jsonl", records))
    assert error.problem is ImportProblem.DUPLICATE_CODE and error.line == 3
    assert str(error) == "dòng 3: mã 1.000001 trùng với dòng 1"


@pytest.mark.parametrize("content", [b"", b"\n  \n\n"])
def test_empty_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(content)
    error = _refusal(path)
    assert error.problem is ImportProblem.EMPTY_FILE and error.line is None
    assert "empty.jsonl" in str(error)


def test_non_utf8_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(
        json.dumps(_list_record("1.000001")).encode() + b"\n" + '{"name": "Café"}'.encode("latin-1")
    )
    error = _refusal(path)
    assert error.problem is ImportProblem.NOT_UTF8 and error.line == 2


def test_xlsx_wrong_sheet(tmp_path: Path) -> None:
    path = _write_xlsx(tmp_path / "wrong.xlsx", [["Họ tên", "Điểm"], ["A", 9]], title="Bảng điểm")
    error = _refusal(path)
    assert error.problem is ImportProblem.WRONG_SHEET
    assert "'Bảng điểm'" in str(error)


def test_xlsx_missing_column_names_the_header_row(tmp_path: Path) -> None:
    path = _write_xlsx(
        tmp_path / "missing.xlsx", [["DANH SÁCH"], [], HEADER[:4], ["1.000001", "X", "Bộ", "Sở"]]
    )
    error = _refusal(path)
    assert error.problem is ImportProblem.MISSING_COLUMN and error.line == 3
    assert str(error) == "hàng 3: thiếu cột 'Lĩnh vực'"


def test_xlsx_duplicate_code_names_both_rows(tmp_path: Path) -> None:
    rows: list[list[Any]] = [HEADER, ["1.000001", "A", "Bộ", "Sở", "LV"], ["1.000001", "B", "Bộ", "Sở", "LV"]]
    error = _refusal(_write_xlsx(tmp_path / "dup.xlsx", rows))
    assert error.problem is ImportProblem.DUPLICATE_CODE and error.line == 3
    assert str(error) == "hàng 3: mã 1.000001 trùng với hàng 2"


def test_xlsx_code_turned_into_a_number_is_refused(tmp_path: Path) -> None:
    rows: list[list[Any]] = [HEADER, ["1.000001", "A", "Bộ", "Sở", "LV"], [1.00008, "B", "Bộ", "Sở", "LV"]]
    error = _refusal(_write_xlsx(tmp_path / "number.xlsx", rows))
    assert error.problem is ImportProblem.BAD_RECORD and error.line == 3
    assert "định dạng cột là văn bản" in str(error)


def test_xlsx_row_without_name_is_refused(tmp_path: Path) -> None:
    rows: list[list[Any]] = [["title"], HEADER, ["1.000001", None, "Bộ", "Sở", "LV"]]
    error = _refusal(_write_xlsx(tmp_path / "noname.xlsx", rows))
    assert error.problem is ImportProblem.BAD_RECORD and error.line == 3


def test_xlsx_without_rows_is_empty(tmp_path: Path) -> None:
    error = _refusal(_write_xlsx(tmp_path / "header-only.xlsx", [HEADER, [None] * 5]))
    assert error.problem is ImportProblem.EMPTY_FILE


def test_file_named_xlsx_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("Mã số,Tên\n1.000001,A\n", encoding="utf-8")
    assert _refusal(path).problem is ImportProblem.NOT_XLSX


# --- rollback -------------------------------------------------------------------------------------------


async def test_refused_file_leaves_the_catalogue_and_logs_the_attempt(
    db_sessions: Sessions, tmp_path: Path
) -> None:
    await import_catalogue_file(IMPORT_DATA / "list.jsonl", db_sessions)
    before = await _stored(db_sessions)
    bad = _write_jsonl(tmp_path / "bad.jsonl", [_list_record("3.000616", "Đổi tên"), {"oops": 1}])
    with pytest.raises(CatalogueImportError) as caught:
        await import_catalogue_file(bad, db_sessions, imported_by="cd" * 16)
    assert caught.value.line == 2
    assert await _stored(db_sessions) == before
    failed = (await _log(db_sessions))[-1]
    assert (failed.status, failed.filename, failed.imported_by) == ("failed", "bad.jsonl", "cd" * 16)
    assert failed.error is not None and failed.error.startswith("dòng 2:")


async def test_failure_injected_mid_write_rolls_everything_back(
    db_sessions: Sessions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await import_catalogue_file(IMPORT_DATA / "list.jsonl", db_sessions)
    before = await _stored(db_sessions)
    records = [
        _list_record("3.000616", "Sẽ không được ghi"),
        *(_list_record(f"1.00000{i}") for i in range(1, 6)),
    ]
    update = _write_jsonl(tmp_path / "update.jsonl", records)

    real_insert = catalogue_import._insert_batch
    calls: list[int] = []

    async def failing_insert(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
        calls.append(len(rows))
        if len(calls) == 3:
            raise RuntimeError("disk full")
        await real_insert(session, rows)

    monkeypatch.setattr(catalogue_import, "WRITE_BATCH_SIZE", 2)
    monkeypatch.setattr(catalogue_import, "_insert_batch", failing_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        await import_catalogue_file(update, db_sessions)
    assert calls == [2, 2, 2]  # two batches were written before the failure
    assert await _stored(db_sessions) == before
    logs = await _log(db_sessions)
    assert [log.status for log in logs] == ["ok", "failed"]
    assert logs[-1].error == "disk full" and logs[-1].kind == "list"


async def test_database_error_mid_write_becomes_an_import_error(
    db_sessions: Sessions, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await import_catalogue_file(IMPORT_DATA / "list.jsonl", db_sessions)
    before = await _stored(db_sessions)
    real_insert = catalogue_import._insert_batch

    async def insert_twice(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
        await real_insert(session, rows)
        await real_insert(session, rows)  # primary-key violation inside the transaction

    monkeypatch.setattr(catalogue_import, "_insert_batch", insert_twice)
    update = _write_jsonl(
        tmp_path / "update.jsonl", [_list_record("3.000616", "Đổi tên"), _list_record("1.000009")]
    )
    with pytest.raises(CatalogueImportError) as caught:
        await import_catalogue_file(update, db_sessions)
    assert caught.value.problem is ImportProblem.DATABASE
    assert await _stored(db_sessions) == before
    assert [log.status for log in await _log(db_sessions)] == ["ok", "failed"]


async def test_partial_import_keeps_facts_of_an_earlier_detail_import(
    db_sessions: Sessions, tmp_path: Path
) -> None:
    await import_catalogue_file(IMPORT_DATA / "detail.jsonl", db_sessions)
    detailed = (await _stored(db_sessions))["1.009141"][2]
    rows: list[list[Any]] = [
        HEADER,
        ["1.009141", "Cấp giấy chứng nhận số nhà", "UBND", "UBND cấp xã", "Xây dựng"],
    ]
    second = await import_catalogue_file(_write_xlsx(tmp_path / "update.xlsx", rows), db_sessions)
    kind, import_id, data = (await _stored(db_sessions))["1.009141"]
    assert (kind, import_id) == ("xlsx", second.import_id)
    assert (data["name"], data["field"]) == ("Cấp giấy chứng nhận số nhà", "Xây dựng")
    assert data["channels"] == detailed["channels"], "the spreadsheet has no channels: the detail ones stay"
    assert data["sources"] == [*detailed["sources"], "xlsx"]


async def test_detail_import_replaces_an_earlier_record_whole(db_sessions: Sessions, tmp_path: Path) -> None:
    await import_catalogue_file(_write_jsonl(tmp_path / "l.jsonl", [_list_record("1.009141")]), db_sessions)
    await import_catalogue_file(IMPORT_DATA / "detail.jsonl", db_sessions)
    kind, _, data = (await _stored(db_sessions))["1.009141"]
    assert kind == "detail" and "list" not in data["sources"]
