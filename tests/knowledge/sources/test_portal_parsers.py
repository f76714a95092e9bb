"""Tests for the three source parsers: list API, detail API and scraped pages."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge.procedure import AdminLevel, Fee, OnlineLevel, SubmissionMethod, TimeUnit
from knowledge.sources import (
    UnusableRecordError,
    online_level_from_detail,
    page_codes,
    procedure_from_detail,
    procedure_from_list,
    procedure_from_page,
)

LIST_RECORD: dict[str, Any] = {
    "id": "019f6f67-c3a8-7163-8167-02e782ebf1c2",
    "name": "HƯỞNG BẢO HIỂM XÃ HỘI MỘT LẦN.",
    "code": "1.011919",
    "categories": ["Bảo hiểm xã hội"],
    "departments": ["Bảo hiểm xã hội tỉnh", "Bảo hiểm xã hội\xa0cơ sở"],
    "departmentPromulgate": "Bộ Tài chính",
    "formalityTargetType": ["Công dân Việt Nam"],
    "state": "ACTIVE",
    "type": "STANDARD",
}


def detail_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7",
        "code": "1.001193",
        "name": "Thủ tục đăng ký khai sinh",
        "type": "STANDARD",
        "isFullProcess": False,
        "isOfflineOnly": False,
        "isWard": True,
        "isProvince": False,
        "isMinistry": False,
        "isOtherAgency": False,
        "category": {"name": "Hộ tịch"},
        "departmentsExecuting": [{"name": "Ủy ban Nhân dân\xa0xã,\xa0phường,\xa0thị trấn."}],
        "departmentPromulgateName": "Bộ Tư pháp",
        "subjectTypesDetails": [{"name": "Công dân Việt Nam"}],
        "executionMethods": [
            {"submissionMethod": "ONLINE", "processingTime": 3, "processingTimeUnit": "WORKING_DAY",
             "fees": [{"type": "SERVICE_FEE", "value": 0, "description": ""}]},
            {"submissionMethod": "DIRECT", "processingTime": "Không quá 10 ngày làm việc. Đối với các xã "
                                                             "miền núi",
             "processingTimeUnit": "OTHER",
             "fees": [{"type": "SERVICE_FEE", "value": 35000,
                       "description": "Lệ phí Cấp đổi, cấp lại Giấy chứng nhận (Đất+Tài sản)"}]},
        ],
        "executionCases": [
            {"name": "* Giấy tờ phải nộp:", "profileComponents": [
                {"name": "Tờ khai đăng ký khai sinh theo mẫu", "originalQty": 1, "copyQty": 0},
                {"name": "Giấy chứng sinh", "originalQty": 1, "copyQty": 1},
                {"name": "Trường hợp người yêu cầu đã nộp bản điện tử thì không phải nộp bản giấy.",
                 "originalQty": 0, "copyQty": 0},
            ]},
            {"name": "Lưu ý", "profileComponents": [{"name": "Ghi chú dài", "originalQty": 0, "copyQty": 0}]},
        ],
        "legalBasisesDetails": [{"code": "123/2015/NĐ-CP"}, {"code": "Thông tư số 03/2023/TT-BTP"}],
        "resultsDetails": [{"name": "Giấy khai sinh"}],
        "executionSteps": [{"name": "", "description": "Long prose that must not be kept."}],
    }
    data.update(overrides)
    return data


def test_list_record() -> None:
    repairs: list[str] = []
    procedure = procedure_from_list(LIST_RECORD, repairs)
    assert procedure.code == "1.011919"
    assert procedure.name == "Hưởng bảo hiểm xã hội một lần"
    assert procedure.field == "Bảo hiểm xã hội"
    assert procedure.agency == "Bảo hiểm xã hội tỉnh; Bảo hiểm xã hội cơ sở"
    assert procedure.issuer == "Bộ Tài chính"
    assert procedure.targets == ("Công dân Việt Nam",)
    assert procedure.record_type == "STANDARD" and procedure.is_national_standard
    assert procedure.online_level is OnlineLevel.UNKNOWN and not procedure.online_submission
    assert procedure.url == "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019f6f67-c3a8-7163-8167-02e782ebf1c2"
    assert procedure.sources == ("list",)
    assert {"shouting", "trailing_dot", "non_breaking_space"} <= set(repairs)


def test_list_record_specific_is_not_a_national_standard() -> None:
    procedure = procedure_from_list({**LIST_RECORD, "type": "SPECIFIC", "id": None})
    assert not procedure.is_national_standard
    assert procedure.url == ""


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"name": "Tên"}, "missing_code"),
        ({"code": "abc", "name": "Tên"}, "bad_code"),
        ({"code": "1.000001", "name": "  "}, "missing_name"),
    ],
)
def test_list_record_unusable(record: dict[str, Any], reason: str) -> None:
    with pytest.raises(UnusableRecordError) as caught:
        procedure_from_list(record)
    assert caught.value.reason == reason
    assert isinstance(caught.value, ValueError)


def test_list_record_unusual_but_real_code_is_kept() -> None:
    repairs: list[str] = []
    procedure = procedure_from_list({**LIST_RECORD, "code": " 1.014955-Xoa"}, repairs)
    assert procedure.code == "1.014955-Xoa"
    assert {"unusual_code", "code_whitespace"} <= set(repairs)


def test_detail_record_wrapped_and_bare_give_the_same_procedure() -> None:
    data = detail_data()
    assert procedure_from_detail({"code": "OK", "data": data}) == procedure_from_detail(data)


def test_detail_record_facts() -> None:
    procedure = procedure_from_detail({"code": "OK", "data": detail_data()})
    assert procedure.field == "Hộ tịch"
    assert procedure.levels == (AdminLevel.COMMUNE,)
    assert procedure.agency == "Ủy ban Nhân dân xã, phường, thị trấn"
    assert procedure.online_level is OnlineLevel.PARTIAL and procedure.online_submission
    online, direct = procedure.channels
    assert (online.method, online.time_value, online.time_unit) == (SubmissionMethod.ONLINE, 3.0,
                                                                      TimeUnit.WORKING_DAY)
    assert online.fees == (Fee(0, "Miễn phí"),)
    assert (direct.time_value, direct.time_unit, direct.time_text) == (
        10.0, TimeUnit.WORKING_DAY, "Không quá 10 ngày làm việc")
    assert direct.fees == (Fee(35_000, "Lệ phí Cấp đổi, cấp lại Giấy chứng nhận"),)
    assert [(d.name, d.originals, d.copies, d.case) for d in procedure.documents] == [
        ("Tờ khai đăng ký khai sinh theo mẫu", 1, 0, "Giấy tờ phải nộp"),
        ("Giấy chứng sinh", 1, 1, "Giấy tờ phải nộp"),
    ]
    assert procedure.legal_basis == ("123/2015/NĐ-CP", "03/2023/TT-BTP")
    assert procedure.results == ("Giấy khai sinh",)
    assert procedure.steps == ()
    assert procedure.url.endswith("019d2bfd-3fe0-70ac-b9d6-5e9e20d6eef7")


def test_online_level_full() -> None:
    assert online_level_from_detail(detail_data(isFullProcess=True)) == (OnlineLevel.FULL, True)


def test_online_level_partial_when_an_online_method_exists() -> None:
    assert online_level_from_detail(detail_data()) == (OnlineLevel.PARTIAL, True)


def test_online_level_offline_without_online_method() -> None:
    methods = [{"submissionMethod": "DIRECT", "processingTime": 5, "processingTimeUnit": "DAY", "fees": []}]
    assert online_level_from_detail(detail_data(executionMethods=methods)) == (OnlineLevel.OFFLINE, False)


def test_online_level_offline_only_flag() -> None:
    methods = [{"submissionMethod": "POSTAL", "processingTime": 5, "processingTimeUnit": "DAY", "fees": []}]
    data = detail_data(isOfflineOnly=True, executionMethods=methods)
    assert online_level_from_detail(data) == (OnlineLevel.OFFLINE, False)


def test_online_level_conflict_is_reported() -> None:
    repairs: list[str] = []
    online_level_from_detail(detail_data(isOfflineOnly=True), repairs)
    assert repairs == ["offline_only_with_online_method"]


def test_detail_record_without_data_is_unusable() -> None:
    with pytest.raises(UnusableRecordError) as caught:
        procedure_from_detail({"code": "NOT_FOUND", "data": None})
    assert caught.value.reason == "missing_data"


PAGE_RECORD: dict[str, Any] = {
    "ma_thu_tuc": "1.000178",
    "ten_thu_tuc": "Giải quyết khiếu nại về quyết định hành chính (thực hiện tại cấp Trung ương)",
    "cap_thuc_hien": "Cấp bộ",
    "linh_vuc": "Khiếu nại, tố cáo",
    "doi_tuong_thuc_hien": "Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam",
    "co_quan_thuc_hien": "Thanh tra Bộ",
    "co_quan_co_tham_quyen": "Bộ Công an",
    "cach_thuc_thuc_hien": "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến60 Ngày làm việcKhông có thông "
                           "tinTrực tiếp60 Ngày làm việcKhông có thông tin",
    "thanh_phan_ho_so": "--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn khiếu nại hoặc bản ghi nội dung khiếu "
                        "nại1 bản chính",
    "trinh_tu_thuc_hien": "Bước 1: Thụ lý giải quyết khiếu nại\n\nNếu khiếu nại thuộc thẩm quyền ...",
    "can_cu_phap_ly": "Tên văn bản pháp lýMã văn bảnLuật Khiếu nại  năm 201102/2011/QH13",
    "ket_qua_xu_ly": "Quyết định giải quyết khiếu nại lần 1, lần 2Mã: KQ.G01.00262Từ khóaKhông có thông tin",
    "detail_url": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bf7-4fc1-768b-9ba3-94be4bca58ee",
    "raw_text": "Giải quyết khiếu nạiTên thủ tụcGiải quyết khiếu nạiMã thủ tục1.000178Số quyết "
                "địnhQĐ/0001-BCA",
}


def test_page_record_facts() -> None:
    procedure = procedure_from_page(PAGE_RECORD)
    assert procedure.code == "1.000178"
    assert procedure.levels == (AdminLevel.CENTRAL,)
    assert procedure.agency == "Thanh tra Bộ"
    assert procedure.targets == ("Tổ chức (không bao gồm doanh nghiệp, HTX)", "Công dân Việt Nam")
    assert procedure.online_submission is True
    assert procedure.online_level is OnlineLevel.UNKNOWN  # a page never states the level
    assert procedure.documents[0].name == "Đơn khiếu nại hoặc bản ghi nội dung khiếu nại"
    assert procedure.steps == ("Bước 1: Thụ lý giải quyết khiếu nại",)
    assert procedure.legal_basis == ("02/2011/QH13",)
    assert procedure.results == ("Quyết định giải quyết khiếu nại lần 1, lần 2",)
    assert procedure.url == PAGE_RECORD["detail_url"]
    assert procedure.sources == ("page",)


def test_page_without_online_channel_does_not_claim_online_submission() -> None:
    record = {**PAGE_RECORD, "cach_thuc_thuc_hien": "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếp5 "
                                                    "NgàyMiễn phí"}
    assert procedure_from_page(record).online_submission is False


def test_page_code_mismatch_trusts_the_printed_code() -> None:
    # Real defect: the page of 1.014023 was filed under 1.014208.
    record = {
        **PAGE_RECORD,
        "ma_thu_tuc": "1.014208",
        "ten_thu_tuc": "Hỗ trợ phát triển sản xuất cộng đồng.",
        "raw_text": "Hỗ trợ phát triển sản xuất cộng đồng.Mã thủ tục1.014023Số quyết định226/QĐ-UB",
    }
    repairs: list[str] = []
    assert page_codes(record) == ("1.014208", "1.014023")
    procedure = procedure_from_page(record, repairs)
    assert procedure.code == "1.014023"
    assert "page_code_mismatch" in repairs


def test_page_codes_agree_for_a_normal_page() -> None:
    assert page_codes(PAGE_RECORD) == ("1.000178", "1.000178")


def test_detail_time_unit_other_takes_the_unit_all_cases_state() -> None:
    methods = [{"submissionMethod": "ONLINE", "processingTime": 1, "processingTimeUnit": "OTHER", "fees": []}]
    cases = [
        {"code": "1.001193.01", "processingDay": {"qty": 1, "type": "WORKING_DAY"}},
        {"code": "1.001193.02", "processingDay": {"qty": 1, "type": "WORKING_DAY"}},
    ]
    (channel,) = procedure_from_detail(detail_data(executionMethods=methods, cases=cases)).channels
    assert (channel.time_value, channel.time_unit) == (1.0, TimeUnit.WORKING_DAY)


def test_detail_time_unit_other_stays_when_cases_disagree() -> None:
    methods = [{"submissionMethod": "ONLINE", "processingTime": 1, "processingTimeUnit": "OTHER", "fees": []}]
    cases = [
        {"code": "x.01", "processingDay": {"qty": 1, "type": "WORKING_DAY"}},
        {"code": "x.02", "processingDay": {"qty": 5, "type": "DAY"}},
    ]
    (channel,) = procedure_from_detail(detail_data(executionMethods=methods, cases=cases)).channels
    assert channel.time_unit is TimeUnit.OTHER
