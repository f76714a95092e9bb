"""Tests for the glued table text of scraped pages, with snippets copied from the portal's pages."""

from __future__ import annotations

from knowledge.procedure import AdminLevel, Channel, Document, Fee, SubmissionMethod, TimeUnit
from knowledge.sources.glued_text import (
    clean_document_name,
    parse_channels,
    parse_documents,
    parse_legal_basis,
    parse_levels,
    parse_results,
    parse_step_titles,
    split_list,
)

HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"


def test_channels_free_with_days() -> None:
    text = HEADER + "Dịch vụ bưu chính22 Ngày làm việcMiễn phíTrực tiếp22 Ngày làm việcMiễn phí"
    assert parse_channels(text) == (
        Channel(SubmissionMethod.POSTAL, 22.0, TimeUnit.WORKING_DAY, "", (Fee(0, "Miễn phí"),)),
        Channel(SubmissionMethod.DIRECT, 22.0, TimeUnit.WORKING_DAY, "", (Fee(0, "Miễn phí"),)),
    )


def test_channels_with_comma_thousands_amount() -> None:
    text = (HEADER + "Trực tuyến2 Ngày làm việc100,000 Việt Nam ĐồngDịch vụ bưu chính2 Ngày làm "
                     "việc100,000 Việt Nam ĐồngTrực tiếp2 Ngày làm việc100,000 Việt Nam Đồng")
    channels = parse_channels(text)
    assert [c.method for c in channels] == [SubmissionMethod.ONLINE, SubmissionMethod.POSTAL,
                                            SubmissionMethod.DIRECT]
    assert all(c.fees == (Fee(100_000, "Phí, lệ phí"),) for c in channels)
    assert all(c.time_value == 2.0 and c.time_unit is TimeUnit.WORKING_DAY for c in channels)


def test_channel_fee_note_gives_label_and_description_is_not_kept() -> None:
    text = (HEADER + "Trực tiếp5 Ngày làm việc50,000 Việt Nam Đồng(Phí : 50.000 Đồng - 50.000đ/tem “AB” "
                     "(Thông tư số 25/2021/TT-BTC ngày 07/4/2021 của Bộ Tài chính).)+ Trực tiếp: nộp hồ sơ "
                     "trực tiếp tại trụ sở Cục Quản lý xuất nhập cảnh, Bộ Công an. + Trực tuyến: nộp hồ sơ "
                     "trực tuyến qua Cổng dịch vụ công quốc gia.Trực tuyến5 Ngày làm việc50,000 Việt Nam "
                     "Đồng(Phí : 50.000 Đồng)")
    channels = parse_channels(text)
    # "Trực tiếp:" and "Trực tuyến:" inside the description are prose, not new channels.
    assert [c.method for c in channels] == [SubmissionMethod.DIRECT, SubmissionMethod.ONLINE]
    assert channels[0].fees == (Fee(50_000, "Phí"),)


def test_channel_without_time_and_with_missing_thousands() -> None:
    text = HEADER + "Trực tiếp5 Ngày làm việc135 VNĐ(Lệ phí cấp giấy phép lái xe: 135.000 đồng/lần.)"
    repairs: list[str] = []
    (channel,) = parse_channels(text, repairs)
    assert channel.fees == (Fee(135_000, "Lệ phí cấp giấy phép lái xe"),)
    assert "fee_thousands_corrected" in repairs


def test_channel_time_without_unit_and_no_information() -> None:
    text = HEADER + ("Trực tuyến1Miễn phíTrực tiếpKhông có thông tin400,000 Việt Nam Đồng(Lệ phí : 400.000 "
                     "Đồng)")
    online, direct = parse_channels(text)
    assert (online.time_value, online.time_unit) == (1.0, None)
    assert (direct.time_value, direct.time_unit, direct.time_text) == (None, None, "")
    assert direct.fees == (Fee(400_000, "Lệ phí"),)


def test_channel_fee_not_stated_gives_no_fee() -> None:
    text = (HEADER + "Trực tiếp10 NgàyKhông có thông tinTrực tiếp tại cơ quan Công an cấp huyện nơi cán "
                     "bộ, chiến sĩ thường trú.")
    (channel,) = parse_channels(text)
    assert channel == Channel(SubmissionMethod.DIRECT, 10.0, TimeUnit.DAY, "", ())


def test_channel_in_foreign_currency_has_no_vnd_amount() -> None:
    text = HEADER + "Trực tuyến5 Ngày làm việc10 USD(/lần)"
    (channel,) = parse_channels(text)
    assert channel.fees == (Fee(None, "10 USD mỗi lần"),)


def test_channel_time_in_words() -> None:
    text = HEADER + "Trực tuyếnKhông phải trả kết quả cho người nộp thuếMiễn phí"
    (channel,) = parse_channels(text)
    assert channel.time_value is None
    assert channel.time_text == "Không phải trả kết quả cho người nộp thuế"


def test_documents_with_original_and_copy_counts() -> None:
    text = ("--Tên giấy tờMẫu đơn, tờ khaiSố lượngDự thảo Điều lệ của công ty luật1 bản chínhGiấy tờ chứng "
            "minh về trụ sở của tổ chức hành nghề luật sư.0 bản chính,1 bản saoGiấy đề nghị đăng ký hoạt "
            "động theo mẫu thống nhấtMẫu TP-LS-02-sđ.docx1 bản chính")
    assert parse_documents(text) == (
        Document("Dự thảo Điều lệ của công ty luật", 1, 0),
        Document("Giấy tờ chứng minh về trụ sở của tổ chức hành nghề luật sư.", 0, 1),
        Document("Giấy đề nghị đăng ký hoạt động theo mẫu thống nhất", 1, 0),
    )


def test_documents_keep_case_headers_and_sub_headings() -> None:
    text = ("a) Đối với xe ô tô, xe gắn máy của cơ quan:Tên giấy tờMẫu đơn, tờ khaiSố lượngVăn bản đề nghị "
            "tái xuất xe ô tô, xe gắn máy1 bản chínhb) Đối với xe ô tô, xe gắn máy của cá nhân:Tên giấy "
            "tờMẫu đơn, tờ khaiSố lượng+ Giấy ủy quyền cho cơ quan nơi đối tượng công tác1 bản chính- Giấy "
            "tờ phải xuất trình:0 bản chínhBản chà số khung, số động cơ của xe1 bản chính")
    documents = parse_documents(text)
    assert [(d.name, d.case) for d in documents] == [
        ("Văn bản đề nghị tái xuất xe ô tô, xe gắn máy", "a) Đối với xe ô tô, xe gắn máy của cơ quan"),
        ("Giấy ủy quyền cho cơ quan nơi đối tượng công tác", "b) Đối với xe ô tô, xe gắn máy của cá nhân"),
        ("Bản chà số khung, số động cơ của xe",
         "b) Đối với xe ô tô, xe gắn máy của cá nhân / Giấy tờ phải xuất trình"),
    ]


def test_document_quantity_is_one_digit_glued_after_a_year() -> None:
    # "... ngày 24/07/2023" + "1 bản chính": the year keeps its digits.
    text = ("--Tên giấy tờMẫu đơn, tờ khaiSố lượngVăn bản đề nghị theo mẫu quy định tại Nghị định số "
            "56/2023/NĐ-CP ngày 24/07/20231 bản chính")
    (document,) = parse_documents(text)
    assert document.name.endswith("ngày 24/07/2023") and document.originals == 1


def test_quantity_inside_prose_is_not_a_row() -> None:
    text = ("--Tên giấy tờMẫu đơn, tờ khaiSố lượngVăn bản đề nghị tái xuất: 01 bản chính có xác nhận của "
            "cơ quan1 bản chính")
    (document,) = parse_documents(text)
    assert document.name == "Văn bản đề nghị tái xuất: 01 bản chính có xác nhận của cơ quan"


def test_documents_unparsed_is_reported() -> None:
    repairs: list[str] = []
    assert parse_documents("phải được kê khai và ký chữ ký", repairs) == ()
    assert repairs == ["documents_unparsed"]
    assert parse_documents("") == ()


def test_form_file_names_are_removed_and_long_names_trimmed() -> None:
    assert clean_document_name("b) Danh sách người lao động;Mau01-DS(BHYT).doc") == (
        "b) Danh sách người lao động"
    )
    assert clean_document_name("- Đơn đề nghị theo mẫu;MẪU VĂN BẢN ĐỀ NGHỊ (2).docx") == (
        "Đơn đề nghị theo mẫu"
    )
    assert clean_document_name("Văn bản đề nghị cấp giấy phép (theo mẫu)12.1.PLCpgiyphp.docx") == (
        "Văn bản đề nghị cấp giấy phép (theo mẫu)"
    )
    long_name = clean_document_name("Bản sao tài liệu giải trình " * 15)
    assert len(long_name) <= 200 and long_name.endswith("…")


def test_legal_basis_numbers_from_glued_cells() -> None:
    text = ("Tên văn bản pháp lýMã văn bảnHướng dẫn xử lý khiếu nại, kiến nghị, phản ánh68/2013/TT-BCALuật "
            "Khiếu nại  năm 201102/2011/QH13Quy định quy trình giải quyết khiếu nại trong công an nhân "
            "dân11/2015/TT-BCANghị định 05/2012/NĐ-CP05/2012/NĐ-CP")
    assert parse_legal_basis(text) == ("68/2013/TT-BCA", "02/2011/QH13", "11/2015/TT-BCA", "05/2012/NĐ-CP")


def test_legal_basis_glued_digits_and_lower_case_words() -> None:
    text = ("Nghị định 64/2022/NĐ-CP64/2022/NĐ-CPSửa đổi ...15/2024/NĐ-CPvề kinh doanh; Luật "
            "65/2006/QH1165/2006/QH11 Quyết định 12/2020/QĐ-TTg; Thông tư liên tịch số "
            "72/2011/TTLT-BTC-BGTVT ngày 27/5/2011")
    assert parse_legal_basis(text) == (
        "64/2022/NĐ-CP", "15/2024/NĐ-CP", "65/2006/QH11", "12/2020/QĐ-TTg", "72/2011/TTLT-BTC-BGTVT",
    )
    assert parse_legal_basis("Thông tư số 53/2025/TT-BCAngày 01/7/2025 của Bộ Công an") == ("53/2025/TT-BCA",)
    assert parse_legal_basis("Nghị định số 15/2018/NĐ-CPLUẬT AN TOÀN THỰC PHẨM 55/2010/QH12") == (
        "15/2018/NĐ-CP", "55/2010/QH12",
    )
    assert parse_legal_basis("Thông tư 12/2020/TT-BGTVTQUY ĐỊNH; 01/2016/UBTVQH13S") == (
        "12/2020/TT-BGTVT", "01/2016/UBTVQH13",
    )
    assert parse_legal_basis("Nghị định 166/2016/NĐ-CP-Quy định về giao dịch điện tử") == ("166/2016/NĐ-CP",)
    assert parse_legal_basis("công quốc gia118/2025/NĐ-CLuật Đất đai") == ("118/2025/NĐ-CP",)
    assert parse_legal_basis("Không có thông tin") == ()


def test_step_titles_only_never_prose() -> None:
    text = (
        "Bước 1: Thụ lý giải quyết khiếu nại\n\nNếu khiếu nại thuộc thẩm quyền giải quyết của Bộ Công an "
        "theo Điều 23 Luật khiếu nại, thì người khiếu nại phải gửi đơn.\nBước 2: Kiểm tra lại quyết định "
        "hành chính, hành vi hành chính bị khiếu nại (theo quy định tại Điều 6 của Thông tư số "
        "11/2015/TT-BCA).\n- Bước 3. Xác minh nội dung khiếu nại\nBước 1: Thụ lý giải quyết khiếu nại\nBước "
        "4: Trong thời hạn giải quyết khiếu nại lần đầu theo quy định tại Điều 28 Luật khiếu nại, Thủ "
        "trưởng cơ quan có thẩm quyền có trách nhiệm kiểm tra lại quyết định hành chính của mình"
    )
    assert parse_step_titles(text) == (
        "Bước 1: Thụ lý giải quyết khiếu nại",
        "Bước 2: Kiểm tra lại quyết định hành chính, hành vi hành chính bị khiếu nại",
        "Bước 3: Xác minh nội dung khiếu nại",
    )


def test_levels() -> None:
    assert parse_levels("Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan khác") == (
        AdminLevel.CENTRAL, AdminLevel.PROVINCE, AdminLevel.COMMUNE, AdminLevel.OTHER,
    )
    assert parse_levels("Cấp tỉnh") == (AdminLevel.PROVINCE,)
    assert parse_levels("") == ()


def test_results_are_the_names_before_each_code() -> None:
    text = ("Giấy chứng nhận kiểm dịch sản phẩm động vật tạm nhập tái xuấtMã: KQ.G10.001245Giấy chứng nhận "
            "kiểm dịch động vật tạm nhập tái xuấtMã: KQ.G10.001246Từ khóaKhông có thông tinMô tảKhông có "
            "thông tin")
    assert parse_results(text) == (
        "Giấy chứng nhận kiểm dịch sản phẩm động vật tạm nhập tái xuất",
        "Giấy chứng nhận kiểm dịch động vật tạm nhập tái xuất",
    )


def test_split_list_ignores_commas_in_brackets() -> None:
    assert split_list("Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân Việt Nam") == (
        "Tổ chức (không bao gồm doanh nghiệp, HTX)", "Công dân Việt Nam",
    )
    assert split_list("Không có thông tin") == ()
