"""Tests for knowledge.lexicon: the shipped TSV, loading errors, and expansion."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.catalogue import DEFAULT_CATALOGUE_PATH, Catalogue
from knowledge.lexicon import DEFAULT_PATH, Lexicon, LexiconError
from knowledge.text import clean_query, fold, normalize


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.load()


def test_shipped_lexicon_is_large_and_normalized(lexicon: Lexicon) -> None:
    assert len(lexicon) >= 120
    assert len(lexicon.entries()) == len(lexicon)
    for phrase, expansion in lexicon.entries():
        assert phrase == normalize(phrase)
        assert expansion == normalize(expansion)
        assert phrase != expansion


def test_shipped_file_has_the_documented_header() -> None:
    assert DEFAULT_PATH.read_text(encoding="utf-8").splitlines()[0] == "phrase\texpansion\tnote"


# (what a citizen types, official words the expansion must add)
REQUIRED = [
    ("cccd", "thẻ căn cước"),
    ("căn cước", "thẻ căn cước"),
    ("cmnd", "thẻ căn cước"),
    ("chứng minh nhân dân", "thẻ căn cước"),
    ("thẻ căn cước", "cấp thẻ căn cước"),
    ("gplx", "giấy phép lái xe"),
    ("bằng lái", "giấy phép lái xe"),
    ("bằng lái xe", "giấy phép lái xe"),
    ("sổ đỏ", "giấy chứng nhận quyền sử dụng đất"),
    ("sổ hồng", "giấy chứng nhận quyền sử dụng đất"),
    ("hộ khẩu", "thường trú"),
    ("nhập hộ khẩu", "đăng ký thường trú"),
    ("giấy độc thân", "xác nhận tình trạng hôn nhân"),
    ("lltp", "lý lịch tư pháp"),
    ("lý lịch tư pháp", "phiếu lý lịch tư pháp"),
    ("hkd", "hộ kinh doanh"),
    ("đkkd", "đăng ký hộ kinh doanh"),
    ("bhxh", "bảo hiểm xã hội"),
    ("bhyt", "bảo hiểm y tế"),
    ("bhtn", "bảo hiểm thất nghiệp"),
    ("rút bảo hiểm một lần", "hưởng bảo hiểm xã hội một lần"),
    ("sang tên xe", "đăng ký sang tên xe"),
    ("làm giấy khai sinh", "đăng ký khai sinh"),
    ("khai tử", "đăng ký khai tử"),
    ("kết hôn", "đăng ký kết hôn"),
    ("tạm trú", "đăng ký tạm trú"),
    ("tạm vắng", "khai báo tạm vắng"),
    ("hộ chiếu", "hộ chiếu phổ thông"),
    ("passport", "hộ chiếu phổ thông"),
    ("biển số", "biển số xe"),
    ("giấy phép xây dựng", "cấp giấy phép xây dựng"),
    ("gpxd", "giấy phép xây dựng"),
    ("trợ cấp thất nghiệp", "hưởng trợ cấp thất nghiệp"),
    ("công chứng", "chứng thực"),
    ("chứng thực", "chứng thực bản sao"),
    ("sao y", "chứng thực bản sao từ bản chính"),
    ("ubnd", "ủy ban nhân dân"),
    ("mst", "thuế"),  # "làm mst" is the first tax registration, a bare "mst" the tax code
    ("mã số thuế", "đăng ký thuế"),
    ("vneid", "tài khoản định danh điện tử"),
    ("dvc", "dịch vụ công"),
    ("bằng tốt nghiệp", "văn bằng chứng chỉ"),
    ("giấy phép lao động", "giấy phép lao động người lao động nước ngoài"),
    ("trợ cấp xã hội", "trợ cấp xã hội hàng tháng"),
    ("đkx", "chứng nhận đăng ký xe"),
    ("gks", "giấy khai sinh"),
    ("sđ", "giấy chứng nhận quyền sử dụng đất"),
    ("cmd", "chuyển mục đích sử dụng đất"),
    ("blx", "giấy phép lái xe"),
    ("mất hc", "hộ chiếu phổ thông"),
    ("thuê trọ", "đăng ký tạm trú"),
    ("công chứng bằng", "chứng thực bản sao từ bản chính"),
    ("cưới vợ", "đăng ký kết hôn"),
    ("chuyển khẩu", "đăng ký thường trú"),
    ("giải thể hộ kinh doanh", "chấm dứt hoạt động hộ kinh doanh"),
    ("mất sổ bhxh", "cấp lại đổi điều chỉnh thông tin trên sổ bhxh"),
    ("đổi họ tên", "thay đổi cải chính bổ sung thông tin hộ tịch"),
    ("sổ đỏ bị sai", "đính chính giấy chứng nhận"),
    ("ncc", "người có công"),
    ("nhập hk", "đăng ký thường trú"),
    ("xnct", "xác nhận thông tin về cư trú"),
    ("đăng kiểm", "kiểm định"),
    ("ct chữ ký", "chứng thực chữ ký"),
    ("nghỉ bán", "tạm ngừng kinh doanh"),
    ("mất việc", "hưởng trợ cấp thất nghiệp"),
    ("đóng cửa hàng", "chấm dứt hoạt động hộ kinh doanh"),
    ("làm sổ bảo hiểm", "cấp sổ bảo hiểm xã hội"),
    ("bán xe rồi", "thu hồi chứng nhận đăng ký xe"),
    ("đkdn", "đăng ký thành lập doanh nghiệp"),
    ("trợ cấp cho người khuyết tật", "trợ cấp xã hội hàng tháng hỗ trợ kinh phí chăm sóc"),
]


def test_a_trade_term_keeps_its_meaning(lexicon: Lexicon) -> None:
    assert "đăng ký thường trú" not in lexicon.expand("kinh doanh chuyển khẩu")


def test_a_wedding_word_is_not_taken_from_a_laugh(lexicon: Lexicon) -> None:
    # Phrases match without diacritics, so "cưới" alone would also match "cười" (laugh) and "cuối" (end).
    assert lexicon.expand("kể chuyện cười đi") == "kể chuyện cười đi"


@pytest.mark.parametrize(("typed", "official"), REQUIRED)
def test_required_entries_expand_when_typed_with_accents(lexicon: Lexicon, typed: str, official: str) -> None:
    expanded = lexicon.expand(f"làm {typed} ở đâu")
    assert expanded.startswith(f"làm {normalize(typed)} ở đâu")
    assert official in expanded[len(f"làm {typed} ở đâu"):]


@pytest.mark.parametrize(("typed", "official"), REQUIRED)
def test_required_entries_expand_when_typed_without_accents(
    lexicon: Lexicon, typed: str, official: str
) -> None:
    plain = fold(typed)
    expanded = lexicon.expand(f"lam {plain} o dau")
    assert expanded.startswith(f"lam {plain} o dau ")
    assert official in expanded


def test_expand_keeps_the_query_and_appends_official_wording(lexicon: Lexicon) -> None:
    assert lexicon.expand("làm cccd") == "làm cccd cấp thẻ căn cước"
    assert lexicon.expand("so do") == "so do giấy chứng nhận quyền sử dụng đất"


def test_expand_prefers_the_longest_phrase(lexicon: Lexicon) -> None:
    assert lexicon.matches("rút bhxh 1 lần") == [("rút bhxh 1 lần", "hưởng bảo hiểm xã hội một lần")]
    assert lexicon.matches("làm giấy khai sinh cho con")[0][0] == "làm giấy khai sinh cho con"
    assert lexicon.matches("bằng lái xe")[0][0] == "bằng lái xe"


def test_expand_adds_overlapping_phrases(lexicon: Lexicon) -> None:
    expanded = lexicon.expand("xin giay phep xay dung nha o nong thon")
    assert "cấp giấy phép xây dựng mới nhà ở riêng lẻ" in expanded  # from "xây dựng nhà ở"
    assert "cấp giấy phép xây dựng" in expanded  # from "giấy phép xây dựng"


def test_expand_matches_whole_words_only(lexicon: Lexicon) -> None:
    assert lexicon.expand("cccdx") == "cccdx"
    assert lexicon.expand("abhxh") == "abhxh"
    assert lexicon.expand("không có gì") == "không có gì"


def test_expand_does_not_repeat_what_the_query_already_says(lexicon: Lexicon) -> None:
    assert lexicon.expand("đăng ký khai sinh") == "đăng ký khai sinh"
    assert lexicon.expand("khai sinh đăng ký khai sinh") == "khai sinh đăng ký khai sinh"


def test_expand_works_on_clean_query_output(lexicon: Lexicon) -> None:
    assert lexicon.expand(clean_query("Cho em hỏi thủ tục rút bhxh 1 lần ạ")) == (
        "rút bhxh 1 lần hưởng bảo hiểm xã hội một lần"
    )
    assert lexicon.expand(clean_query("cho e hoi lm so hong o dau")).endswith("quyền sử dụng đất lần đầu")


def test_expand_of_empty_text_is_empty(lexicon: Lexicon) -> None:
    assert lexicon.expand("") == ""


def test_contains_uses_normalized_phrases(lexicon: Lexicon) -> None:
    assert "CCCD" in lexicon
    assert "không có" not in lexicon


# --- building and loading ----------------------------------------------------------------------


def test_from_entries_and_with_entries_override_and_add() -> None:
    base = Lexicon.from_entries([("Sổ Đỏ", "giấy chứng nhận"), ("cccd", "căn cước")])
    assert base.entries() == [("sổ đỏ", "giấy chứng nhận"), ("cccd", "căn cước")]
    extended = base.with_entries([("cccd", "thẻ căn cước"), ("mã qr", "mã vạch")])
    assert len(base) == 2 and len(extended) == 3
    assert extended.expand("cccd") == "cccd thẻ căn cước"
    assert base.expand("cccd") == "cccd căn cước"
    assert extended.expand("ma qr") == "ma qr mã vạch"


def test_from_entries_rejects_empty_values() -> None:
    with pytest.raises(LexiconError, match="line 2"):
        Lexicon.from_entries([("a b", "c"), ("!!!", "x")])
    with pytest.raises(LexiconError, match="empty expansion"):
        Lexicon.from_entries([("cccd", "  ")])


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "lexicon.tsv"
    path.write_text("phrase\texpansion\tnote\n" + body, encoding="utf-8")
    return path


def test_load_reads_comments_blank_lines_and_optional_note(tmp_path: Path) -> None:
    path = _write(tmp_path, "# comment\n\ncccd\tthẻ căn cước\tnote\nsổ đỏ\tgiấy chứng nhận\n")
    assert Lexicon.load(path).entries() == [("cccd", "thẻ căn cước"), ("sổ đỏ", "giấy chứng nhận")]


def test_a_note_starting_with_typo_marks_a_misspelling(tmp_path: Path) -> None:
    path = _write(tmp_path, "chính lục\ttrích lục\tTypo: southern speech\ncccd\tthẻ căn cước\ttypical\n")
    lexicon = Lexicon.load(path)
    assert lexicon.typos == {"chính lục"}
    assert lexicon.with_entries([("cccd", "căn cước")]).typos == {"chính lục"}
    assert lexicon.with_entries([("chính lục", "chính lục")]).typos == frozenset()  # overridden


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("cccd\tthẻ căn cước\t\nsổ đỏ giấy chứng nhận\n", 3, "columns"),
        ("cccd\tthẻ căn cước\ta\tb\n", 2, "columns"),
        ("# c\n\t thẻ căn cước\t\n", 3, "empty phrase"),
        ("cccd\t...\t\n", 2, "empty expansion"),
        ("cccd\ta\t\nsổ đỏ\tb\t\nCCCD\tc\t\n", 4, "duplicate phrase 'cccd' \\(first on line 2\\)"),
    ],
)
def test_malformed_lines_raise_with_their_line_number(
    tmp_path: Path, body: str, line: int, message: str
) -> None:
    with pytest.raises(LexiconError, match=f"^line {line}: .*{message}") as info:
        Lexicon.load(_write(tmp_path, body))
    assert info.value.line == line


def test_missing_header_is_line_one(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("cccd\tthẻ căn cước\t\n", encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        Lexicon.load(path)
    assert info.value.line == 1


def test_non_utf8_file_is_a_lexicon_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.tsv"
    path.write_bytes("phrase\texpansion\tnote\nsổ\tđỏ\t\n".encode("utf-16"))
    with pytest.raises(LexiconError):
        Lexicon.load(path)


@pytest.mark.skipif(not DEFAULT_CATALOGUE_PATH.exists(), reason="the catalogue file is not built yet")
def test_expansions_use_words_of_official_procedure_names(lexicon: Lexicon) -> None:
    vocabulary = {word for procedure in Catalogue.load() for word in normalize(procedure.name).split()}
    unknown = {
        word for _, expansion in lexicon.entries() for word in expansion.split() if word not in vocabulary
    }
    assert not unknown
