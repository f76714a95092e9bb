"""Tests for building the catalogue from the three raw sources: merge, defects, report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from knowledge.catalogue import Catalogue
from knowledge.catalogue_build import (
    SOURCE_FILES,
    build_catalogue,
    link_variants,
    main,
    merge_procedures,
    read_jsonl,
)
from knowledge.procedure import AdminLevel, Channel, Document, OnlineLevel, Procedure, SubmissionMethod

PAGE_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"


def list_record(
    code: str, name: str, record_type: str = "STANDARD", field: str = "Hộ tịch"
) -> dict[str, Any]:
    return {
        "id": f"019d2bfd-0000-0000-0000-{code.replace('.', '').zfill(12)}", "code": code, "name": name,
        "categories": [field], "departments": ["Ủy ban nhân dân cấp xã"],
        "departmentPromulgate": "Bộ Tư pháp",
        "formalityTargetType": ["Công dân Việt Nam"], "type": record_type, "state": "ACTIVE",
    }


def page_record(code: str, name: str, printed: str | None = None, channels: str = "") -> dict[str, Any]:
    return {
        "ma_thu_tuc": code, "ten_thu_tuc": name, "cap_thuc_hien": "Cấp xã", "linh_vuc": "Hộ tịch",
        "doi_tuong_thuc_hien": "Công dân Việt Nam", "co_quan_thuc_hien": "UBND cấp xã",
        "cach_thuc_thuc_hien": PAGE_HEADER + (channels or "Trực tuyến1 Ngày làm việcMiễn phí"),
        "thanh_phan_ho_so": "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai theo mẫu1 bản chính",
        "trinh_tu_thuc_hien": "", "can_cu_phap_ly": "Tên văn bản pháp lýMã văn bản123/2015/NĐ-CP",
        "ket_qua_xu_ly": "", "detail_url": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/page-" + code,
        "raw_text": f"{name}Mã thủ tục{printed or code}Số quyết định1/QĐ",
    }


def detail_record(code: str, name: str, full: bool) -> dict[str, Any]:
    return {"code": "OK", "data": {
        "id": "", "code": code, "name": name, "type": "STANDARD", "isFullProcess": full,
        "isOfflineOnly": False, "isWard": True, "category": {"name": "Hộ tịch"},
        "executionMethods": [{"submissionMethod": "ONLINE", "processingTime": 3,
                              "processingTimeUnit": "WORKING_DAY", "fees": []}],
        "executionCases": [{"name": "Giấy tờ phải nộp", "profileComponents": [
            {"name": "Tờ khai đăng ký khai sinh", "originalQty": 1, "copyQty": 0}]}],
    }}


def write_sources(root: Path, lists: list[Any], details: list[Any], pages: list[Any],
                  extra_lines: dict[str, list[str]] | None = None) -> Path:
    for source, records in (("list", lists), ("detail", details), ("page", pages)):
        path = root / SOURCE_FILES[source]
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        lines.extend((extra_lines or {}).get(source, []))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_read_jsonl_reports_malformed_lines_with_numbers(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"a": 1}\n\n{broken\n\xff\xfe\n[1]\n')
    rows = list(read_jsonl(path))
    assert [(line, value) for line, value, _ in rows] == [(1, {"a": 1}), (3, None), (4, None), (5, [1])]
    assert rows[1][2] == "JSONDecodeError"


def test_build_merges_sources_and_reports_defects(tmp_path: Path) -> None:
    source = write_sources(
        tmp_path,
        lists=[
            list_record("1.001193", "ĐĂNG KÝ KHAI SINH CHO TRẺ EM TẠI XÃ."),
            list_record("1.000001", "Đăng ký kết hôn"),
            list_record("1.000002", "Đăng ký kết hôn", record_type="SPECIFIC"),
            list_record("1.000003", "Hỗ trợ phát triển sản xuất"),
            list_record("1.000004", "Đăng ký mẫu con dấu mới"),
            list_record("1.000001", "Duplicate of an earlier code"),
        ],
        details=[detail_record("1.001193", "Thủ tục đăng ký khai sinh", full=True)],
        pages=[
            page_record("1.001193", "Đăng ký khai sinh"),
            page_record("1.000001", "Đăng ký kết hôn", channels="Trực tiếp5 NgàyMiễn phí"),
            # The page of 1.000003 filed under 1.000004, twice.
            page_record("1.000004", "Hỗ trợ phát triển sản xuất", printed="1.000003"),
            page_record("1.000002", "Hỗ trợ phát triển sản xuất", printed="1.000003"),
            page_record("1.000009", "Chỉ có trên trang"),
        ],
        extra_lines={"list": ["{not json", "[1, 2]", '{"code": "", "name": "Không mã"}']},
    )
    catalogue, report = build_catalogue(source)

    assert len(catalogue) == 6 and report.merged == 6
    assert report.read == {"list": 9, "detail": 1, "page": 5}
    assert report.parsed == {"list": 5, "detail": 1, "page": 4}
    assert report.duplicates == {"list": ["1.000001"], "page": ["1.000003"]}
    assert report.rejected["malformed_json (JSONDecodeError)"] == ["list:7"]
    assert report.rejected["not_an_object"] == ["list:8"]
    assert report.rejected["missing_code"] == ["list:9"]
    assert report.repaired["list"]["shouting"] == 1 and report.repaired["list"]["trailing_dot"] == 1
    assert [(c.stated_code, c.printed_code, c.trusted_code, c.line) for c in report.code_mismatches] == [
        ("1.000004", "1.000003", "1.000003", 3), ("1.000002", "1.000003", "1.000003", 4),
    ]
    assert report.code_mismatches[0].stated_code_name == "Đăng ký mẫu con dấu mới"

    birth = catalogue.get("1.001193")
    assert birth is not None
    assert birth.name == "Đăng ký khai sinh cho trẻ em tại xã"  # the list API's name, cleaned
    assert birth.online_level is OnlineLevel.FULL  # stated by the detail API
    # The detail API wins for documents.
    assert birth.documents == (Document("Tờ khai đăng ký khai sinh", 1, 0, "Giấy tờ phải nộp"),)
    assert birth.legal_basis == ("123/2015/NĐ-CP",)  # the page fills the gap
    assert birth.sources == ("list", "detail", "page")

    marriage = catalogue.get("1.000001")
    assert marriage is not None and marriage.online_submission is False
    assert marriage.online_level is OnlineLevel.UNKNOWN
    relinked = catalogue.get("1.000003")
    assert relinked is not None and relinked.sources == ("list", "page") and relinked.online_submission
    untouched = catalogue.get("1.000004")
    assert untouched is not None and untouched.sources == ("list",)
    variant = catalogue.get("1.000002")
    assert variant is not None and variant.variant_of == "1.000001"
    assert report.variants == 1
    assert (report.url_pattern_matches, report.url_pattern_checked) == (0, 3)  # fixture URLs differ
    page_only = catalogue.get("1.000009")
    assert page_only is not None and page_only.sources == ("page",)

    text = report.render()
    assert "list codes seen more than once (first record kept): 1.000001" in text
    assert "5 used" in text and "stated 1.000004" in text and "printed 1.000003" in text
    assert "malformed_json (JSONDecodeError) (1): list:7" in text


def test_build_with_missing_files_rejects_instead_of_crashing(tmp_path: Path) -> None:
    catalogue, report = build_catalogue(tmp_path)
    assert len(catalogue) == 0
    assert len(report.rejected["missing_file"]) == 3


def test_merge_precedence() -> None:
    listed = Procedure(code="1.000001", name="Tên từ danh sách", field="Lĩnh vực A", record_type="STANDARD",
                       url="https://dichvucong.gov.vn/thu-tuc-hanh-chinh/list", sources=("list",))
    detail_channel = Channel(SubmissionMethod.ONLINE, 3.0)
    detailed = Procedure(code="1.000001", name="Tên chi tiết", field="Lĩnh vực B",
                         online_level=OnlineLevel.OFFLINE, online_submission=False,
                         channels=(detail_channel,), levels=(AdminLevel.PROVINCE,), sources=("detail",))
    paged = Procedure(code="1.000001", name="Tên trang", online_submission=True,
                      channels=(Channel(SubmissionMethod.DIRECT, 5.0),), documents=(Document("Đơn"),),
                      levels=(AdminLevel.COMMUNE,), url="https://dichvucong.gov.vn/thu-tuc-hanh-chinh/page",
                      sources=("page",))
    merged = merge_procedures(listed, detailed, paged)
    assert merged.name == "Tên từ danh sách" and merged.field == "Lĩnh vực A"
    assert merged.online_level is OnlineLevel.OFFLINE and merged.online_submission is False
    assert merged.channels == (detail_channel,) and merged.levels == (AdminLevel.PROVINCE,)
    assert merged.documents == (Document("Đơn"),)
    assert merged.url.endswith("/page")
    assert merged.is_national_standard and merged.sources == ("list", "detail", "page")

    page_and_list = merge_procedures(listed, None, paged)
    assert page_and_list.online_submission is True and page_and_list.online_level is OnlineLevel.UNKNOWN


def test_variant_linking_needs_a_single_standard() -> None:
    procedures = {
        "1.0": Procedure(code="1.0", name="Cấp phép", field="A", record_type="STANDARD"),
        "2.0": Procedure(code="2.0", name="Cấp phép", field="B", record_type="STANDARD"),
        "3.0": Procedure(code="3.0", name="CẤP PHÉP.", field="B", record_type="SPECIFIC"),
        "4.0": Procedure(code="4.0", name="Cấp phép", field="C", record_type="SPECIFIC"),
    }
    linked = link_variants(procedures)
    assert linked["3.0"].variant_of == "2.0"  # same field decides between the two standards
    assert linked["4.0"].variant_of == ""  # ambiguous: left unlinked


def test_link_variants_by_a_shortened_or_near_identical_name() -> None:
    land = "Đất đai"
    procedures = {
        "1.1": Procedure(
            code="1.1", field=land, record_type="STANDARD", levels=(AdminLevel.PROVINCE,),
            name="Giao đất, cho thuê đất, chuyển mục đích sử dụng đất đối với hộ gia đình, cá nhân",
        ),
        "1.2": Procedure(
            code="1.2", field=land, record_type="STANDARD", levels=(AdminLevel.PROVINCE,),
            name="Điều chỉnh quyết định cho phép chuyển mục đích sử dụng đất",
        ),
        "1.3": Procedure(code="1.3", field=land, record_type="STANDARD", name="Tách thửa hoặc hợp thửa đất"),
        "1.4": Procedure(
            code="1.4", field=land, record_type="STANDARD", name="Công nhận doanh nghiệp khởi nghiệp sáng tạo"
        ),
        # contained in two names, but a list item of only one
        "9.1": Procedure(code="9.1", field=land, record_type="SPECIFIC", name="Chuyển mục đích sử dụng đất"),
        "9.2": Procedure(code="9.2", field=land, record_type="SPECIFIC", name="Tách thửa đất, hợp thửa đất"),
        # near-identical wording but another act ("hỗ trợ" vs "công nhận"): not a variant
        "9.3": Procedure(
            code="9.3", field=land, record_type="SPECIFIC", name="Hỗ trợ doanh nghiệp khởi nghiệp sáng tạo"
        ),
        # a near-identical name in another field: not linked (an identical name would be)
        "9.4": Procedure(
            code="9.4", field="Xây dựng", record_type="SPECIFIC", name="Tách thửa đất, hợp thửa đất"
        ),
        # too short to link by containment
        "9.5": Procedure(code="9.5", field=land, record_type="SPECIFIC", name="Giao đất"),
    }
    linked = link_variants(procedures)
    assert linked["9.1"].variant_of == "1.1"
    assert linked["9.2"].variant_of == "1.3"
    assert linked["9.3"].variant_of == ""
    assert linked["9.4"].variant_of == ""
    assert linked["9.5"].variant_of == ""


def test_main_writes_a_loadable_file(tmp_path: Path, capsys: Any) -> None:
    source = write_sources(tmp_path / "src", [list_record("1.000001", "Đăng ký kết hôn")], [], [])
    output = tmp_path / "out" / "catalogue.json.gz"
    assert main([str(source), str(output)]) == 0
    assert "Wrote 1 procedures" in capsys.readouterr().out
    loaded = Catalogue.load(output)
    assert [p.code for p in loaded] == ["1.000001"]


def test_main_refuses_to_write_an_empty_catalogue(tmp_path: Path) -> None:
    output = tmp_path / "catalogue.json.gz"
    assert main([str(tmp_path), str(output)]) == 1
    assert not output.exists()
