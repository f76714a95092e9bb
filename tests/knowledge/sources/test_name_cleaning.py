"""Tests for name cleaning: spacing, trailing dots, SHOUTING and folding."""

from __future__ import annotations

import unicodedata

from knowledge.sources.name_cleaning import clean_name, clean_text, fold, is_shouting, sentence_case, shorten


def test_shouting_name_becomes_sentence_case_and_loses_its_trailing_dot() -> None:
    repairs: list[str] = []
    assert clean_name("HƯỞNG BẢO HIỂM XÃ HỘI MỘT LẦN.", repairs) == "Hưởng bảo hiểm xã hội một lần"
    assert sorted(repairs) == ["shouting", "trailing_dot"]


def test_shouting_keeps_acronyms_and_mixed_case_brackets() -> None:
    assert clean_name("THỦ TỤC QUỸ TỰ GIẢI THỂ (Cấp xã)") == "Thủ tục quỹ tự giải thể (Cấp xã)"
    assert sentence_case("CẤP SỔ BHXH CHO NGƯỜI LAO ĐỘNG TẠI UBND XÃ") == (
        "Cấp sổ BHXH cho người lao động tại UBND xã"
    )
    assert sentence_case("ĐĂNG KÝ DOANH NGHIỆP TẠI VIỆT NAM") == "Đăng ký doanh nghiệp tại Việt Nam"


def test_mixed_case_name_is_not_shouting() -> None:
    assert not is_shouting("Cấp Giấy chứng nhận đăng ký hộ kinh doanh")
    assert not is_shouting("Cấp CCCD cho công dân")
    assert clean_name("Cấp Giấy phép lái xe") == "Cấp Giấy phép lái xe"


def test_line_breaks_doubled_and_non_breaking_spaces_are_repaired_and_counted() -> None:
    repairs: list[str] = []
    raw = "Ủy ban Nhân dân\xa0xã,\xa0phường,\n thị trấn.  "
    assert clean_name(raw, repairs) == "Ủy ban Nhân dân xã, phường, thị trấn"
    assert {"non_breaking_space", "line_break", "doubled_space", "trailing_dot"} <= set(repairs)


def test_decomposed_unicode_is_normalised_to_nfc() -> None:
    repairs: list[str] = []
    decomposed = unicodedata.normalize("NFD", "Hộ chiếu")
    assert clean_text(decomposed, repairs) == "Hộ chiếu"
    assert repairs == ["unicode_nfc"]


def test_invisible_marks_are_removed() -> None:
    assert clean_text("đăng k\u200eý hộ tịch") == "đăng ký hộ tịch"


def test_clean_text_of_none_is_empty() -> None:
    assert clean_text(None) == ""


def test_shorten_cuts_at_a_word_boundary_with_an_ellipsis() -> None:
    text = "Giấy tờ chứng minh " * 20
    out = shorten(text.strip(), 50)
    assert len(out) <= 50 and out.endswith("…")
    assert not out[:-1].endswith(" ")
    assert shorten("Ngắn", 50) == "Ngắn"


def test_fold_removes_diacritics_case_and_punctuation() -> None:
    assert fold("Thủ tục Đăng ký  khai sinh.") == "thu tuc dang ky khai sinh"
