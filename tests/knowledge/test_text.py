"""Tests for knowledge.text: normalisation, folding, typing repair, filler removal."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.text import (
    CHAT_WORDS,
    PhraseMatcher,
    clean_query,
    fold,
    is_syllable,
    is_unaccented,
    nearest_wording,
    normalize,
    repair_typing,
    strip_filler,
    syllables,
)

VIETNAMESE = [
    "Hộ chiếu",
    "Đăng ký khai sinh",
    "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu",
    "Giải quyết hưởng bảo hiểm xã hội một lần",
    "Thủ tục đăng ký khai tử",
    "Phiếu lý lịch tư pháp",
    "Chứng thực bản sao từ bản chính giấy tờ",
    "Người được hưởng trợ cấp thất nghiệp",
]


# --- normalize ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", VIETNAMESE)
def test_nfd_and_nfc_inputs_normalize_to_the_same_nfc_text(text: str) -> None:
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert normalize(nfd) == normalize(text)
    assert unicodedata.is_normalized("NFC", normalize(nfd))


def test_normalize_casefolds_and_keeps_diacritics() -> None:
    assert normalize("HƯỞNG BẢO HIỂM XÃ HỘI MỘT LẦN.") == "hưởng bảo hiểm xã hội một lần"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("hoá học", "hóa học"),  # the tone on the second vowel of an open "oa" ...
        ("khoẻ", "khỏe"),  # ... "oe"
        ("Thuỷ lợi", "thủy lợi"),  # ... "uy"
        ("hóa học", "hóa học"),  # already on the first
        ("quý", "quý"),  # "qu" + "y": the "u" is the consonant's
        ("hoàn thuế", "hoàn thuế"),  # a final consonant: one spelling only
        ("khuỷu tay", "khuỷu tay"),  # not an open "uy"
    ],
)
def test_normalize_reads_either_tone_placement_as_one(typed: str, expected: str) -> None:
    assert normalize(typed) == expected


def test_normalize_turns_punctuation_and_emoji_into_single_spaces() -> None:
    assert normalize("Làm CCCD???  ở đâu 😀🇻🇳 ạ!!!") == "làm cccd ở đâu ạ"
    assert normalize("123/2015/NĐ-CP") == "123 2015 nđ cp"
    assert normalize("snake_case") == "snake case"


def test_normalize_drops_invisible_characters_inside_words() -> None:
    assert normalize("hộ\u200b chi\u200beu") == "hộ chieu"
    assert normalize("kh\u00adai\ufeff sinh\x00") == "khai sinh"
    assert normalize("\u2066đăng\u2069 ký") == "đăng ký"


def test_normalize_collapses_line_breaks_and_non_breaking_spaces() -> None:
    assert normalize("  Cấp\nlại\u00a0\u00a0thẻ\tcăn   cước. ") == "cấp lại thẻ căn cước"


def test_normalize_empty_and_blank() -> None:
    assert normalize("") == ""
    assert normalize(" \n\t ... ") == ""


def test_tu_and_tu_with_hook_stay_distinct_after_normalize_but_fold_together() -> None:
    assert normalize("tử") != normalize("tư")
    assert fold("tử") == fold("tư") == "tu"
    assert normalize("hộ") != normalize("họ")
    assert fold("hộ") == fold("họ")


def test_fold_strips_diacritics_and_maps_d_with_stroke() -> None:
    assert fold("Hộ chiếu") == "ho chieu"
    assert fold("ĐĂNG KÝ đất đai") == "dang ky dat dai"
    assert fold("Ưu đãi ở Đà Nẵng") == "uu dai o da nang"


def test_syllables_split_normalized_words() -> None:
    assert syllables("Đăng ký   khai-sinh!") == ["đăng", "ký", "khai", "sinh"]
    assert syllables("") == []


def test_is_unaccented() -> None:
    assert is_unaccented("ho")
    assert not is_unaccented("hộ")
    assert not is_unaccented("đi")


@pytest.mark.parametrize(
    "word", ["được", "nghiêng", "quốc", "gì", "khuya", "giường", "thuở", "xoong", "ạ", "ho"]
)
def test_real_syllables_are_recognised(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["cccd", "sinhh", "hooj", "online", "bhxh", "ddi", "khoong", "tồp", "hộj"])
def test_non_syllables_are_rejected(word: str) -> None:
    assert not is_syllable(word)


def test_stop_codas_only_take_sac_or_nang() -> None:
    assert is_syllable("tốp") and is_syllable("học") and is_syllable("hoc")
    assert not is_syllable("tồp") and not is_syllable("hỏc")


# --- repair_typing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ddawng kys khai sinh", "đăng ký khai sinh"),
        ("hooj chieeus", "hộ chiếu"),
        ("dduwowcj", "được"),
        ("truwowngf hocj", "trường học"),
        ("ddi ddaau", "đi đâu"),
        ("cos maats tieenf khoong", "có mất tiền không"),
        ("hooj khaaur", "hộ khẩu"),
        ("nhw", "như"),
    ],
)
def test_raw_telex_is_decoded(typed: str, expected: str) -> None:
    assert repair_typing(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("khai sinhh", "khai sinh"),
        ("khai sinhhh", "khai sinh"),
        ("hộ chiếuu", "hộ chiếu"),
        ("chiếus", "chiếu"),
        ("hộj chiếu", "hộ chiếu"),
        ("dđăng ký", "đăng ký"),
        ("đđăng ký", "đăng ký"),
        ("nhaaaa", "nha"),
    ],
)
def test_telex_leftovers_are_fixed(typed: str, expected: str) -> None:
    assert repair_typing(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ho65 chie61u", "hộ chiếu"),
        ("d9a8ng ky1", "đăng ký"),
        ("d9uo7c5", "được"),
        ("tha6n nha6n", "thân nhân"),
    ],
)
def test_vni_digits_inside_words_are_decoded(typed: str, expected: str) -> None:
    assert repair_typing(typed) == expected


@pytest.mark.parametrize(
    "text",
    [
        "xoong nồi",
        "hoa hồng",
        "bằng lái a1",
        "bằng lái b2",
        "mẫu ct01",
        "cccd",
        "đăng ký online",
        "pass",
        "bus",
        "1 500 000",
        "đăng ký thường trú",
        "dang ky thuong tru",
        "xe mô tô 50cc",
        "so hong",
        "hem nho",
    ],
)
def test_real_words_codes_and_loanwords_are_left_alone(text: str) -> None:
    assert repair_typing(text) == normalize(text)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("dc", "được"),
        ("đc", "được"),
        ("ko", "không"),
        ("k", "không"),
        ("hok", "không"),
        ("khong", "không"),
        ("j", "gì"),
        ("bn", "bao nhiêu"),
        ("bnhieu", "bao nhiêu"),
        ("bao nhiu", "bao nhiêu"),
        ("lm", "làm"),
        ("mk", "mình"),
        ("mik", "mình"),
        ("ntn", "như thế nào"),
        ("cx", "cũng"),
        ("cug", "cũng"),
        ("vs", "với"),
        ("o dau", "ở đâu"),
        ("kí", "ký"),
        ("đăng kí", "đăng ký"),
        ("lí lịch", "lý lịch"),
        ("e mún làm cccd mất bn lâu v", "em muốn làm cccd mất bao nhiêu lâu vậy"),
        ("khum", "không"),
        ("hổng biết", "không biết"),
        ("sổ hông bị mất", "sổ hồng bị mất"),
        ("hông biết", "không biết"),
        ("bác muốn xây lại căn nhà cấp 4", "bác muốn xây mới căn nhà cấp 4"),  # not a re-issue
        ("đk kh ở đâu", "đăng ký kết hôn ở đâu"),
        ("lam online dk kh", "lam online được không"),  # at the end it asks "được không"
        ("làm cccd online dk kh ạ", "làm cccd online được không ạ"),
        ("làm gks ở p hay q", "làm giấy khai sinh ở phường hay quận"),
        ("xe bị mất cắp", "xe bị mất"),  # "cắp" is no typo of "cấp"
        ("ck e ng nc ngoài", "chồng e người nước ngoài"),  # "nc" before "ngoài" is a country abroad
        ("bằng khoán bị mất", "sổ đỏ bị mất"),
        ("hđmb nhà", "hợp đồng mua bán nhà"),  # so that the lexicon's "hợp đồng mua bán nhà" applies
        ("sổ bh bị mất", "sổ bhxh bị mất"),
        ("bán xe oto cũ", "bán xe ô tô cũ"),
        ("giấy phép xd nhà", "giấy phép xây dựng nhà"),
        ("làm cc cho con", "làm căn cước cho con"),  # "cc" after a verb is the identity card
        ("sổ hồng cc", "sổ hồng chung cư"),  # after a home, a block of flats
        ("cc hành nghề", "cc hành nghề"),  # elsewhere it stays
        ("gplx qt", "gplx quốc tế"),
        ("làm hc cho con", "làm hộ chiếu cho con"),  # "hc" after an action is a passport
        ("hc bị hỏng", "hộ chiếu bị hỏng"),
        ("mua xe hơi mới", "mua xe ô tô mới"),
        ("giải thể công ti", "giải thể công ty"),
        ("làm giấy khai sanh", "làm giấy khai sinh"),
        ("tro cap tn cho ai", "tro cap thất nghiệp cho ai"),
        ("sang ten sd cho con", "sang ten sổ đỏ cho con"),
        ("bằng tn cấp 3", "bằng tn cấp 3"),  # a diploma: "tốt nghiệp", left alone
        ("làm gks cho con", "làm giấy khai sinh cho con"),  # so that "làm giấy khai sinh" applies
        ("mất sđ", "mất sổ đỏ"),
        ("đkkt cho bà", "đăng ký khai tử cho bà"),
        ("gcnkh bị mất", "giấy chứng nhận kết hôn bị mất"),
        ("ban hc xã", "ban hc xã"),  # elsewhere it stays
        ("đăng ký tạm trú onlin được không", "đăng ký tạm trú online được không"),
        ("kết hôn với ng nn", "kết hôn với người nước ngoài"),
        ("chuyển đất nn lên thổ cư", "chuyển đất nông nghiệp lên thổ cư"),
        ("chứng thực hđ mua bán xe", "chứng thực hợp đồng mua bán xe"),
        ("giấy phép hđ", "giấy phép hđ"),  # "hđ" alone may be "hoạt động"
        ("mần sổ đỏ", "làm sổ đỏ"),
        ("chuyển nhượng qsdđ", "chuyển nhượng quyền sử dụng đất"),  # so that the lexicon's phrase applies
        ("cmđsd đất", "chuyển mục đích sử dụng đất"),
        ("kh có yếu tố nn", "kết hôn có yếu tố nước ngoài"),
        ("ks co yeu to nn", "khai sinh co yeu to nuoc ngoai"),
        ("không có yếu tố nước ngoài", "không có yếu tố nước ngoài"),  # typed in full: left alone
        ("chuyển tên xe cho vợ", "sang tên xe cho vợ"),
        ("chuyen ve ten minh", "sang ten minh"),
        ("lam can cuoc tai nha duoc hong", "lam can cuoc tai nha được không"),  # "hông", not "hỏng"
        ("so hong bi rach", "so hong bi rach"),
        ("tc thất nghiệp", "trợ cấp thất nghiệp"),
        ("tc xh hàng tháng", "trợ cấp xã hội hàng tháng"),
        ("tc đo lường", "tc đo lường"),  # elsewhere "tc" may be a standard, and stays
        ("đc hưởng bhxh một lần", "hưởng bhxh một lần"),
        ("làm căn cứ công dân", "làm căn cước công dân"),  # the card, not the legal basis
        ("căn cứ pháp lý", "căn cứ pháp lý"),
    ],
)
def test_chat_spellings_are_standardised(typed: str, expected: str) -> None:
    assert repair_typing(typed) == expected


def test_chat_table_values_are_normalized_text() -> None:
    for key, value in CHAT_WORDS.items():
        assert normalize(key) == key
        assert normalize(value) == value


def test_dk_means_registration_except_in_a_yes_no_question() -> None:
    assert repair_typing("dk ket hon") == "đăng ký ket hon"
    assert repair_typing("lam online dk ko") == "lam online được không"


def test_final_a_is_the_polite_particle_but_not_a_licence_class() -> None:
    assert repair_typing("lam cccd o dau a") == "lam cccd ở đâu ạ"
    assert repair_typing("bằng lái hạng a") == "bằng lái hạng a"


def test_repair_typing_full_sentence() -> None:
    repaired = repair_typing("cho e hoi lm cccd mat bn tien vs a")
    assert repaired == "cho em hỏi làm cccd mat bao nhiêu tien với ạ"


# --- strip_filler / clean_query ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cho em hỏi làm CCCD ở đâu ạ?", "làm cccd ở đâu"),
        ("cho minh hoi thu tuc dang ky ket hon", "dang ky ket hon"),
        ("Xin hỏi thủ tục cấp hộ chiếu nhé", "cấp hộ chiếu"),
        ("ad ơi em muốn làm giấy khai sinh", "làm giấy khai sinh"),
        ("bot oi giup em dang ky tam tru voi", "dang ky tam tru"),
        ("dạ vâng cho tôi hỏi làm sao để sang tên xe", "sang tên xe"),
        ("làm thế nào để đăng ký thường trú thì là", "đăng ký thường trú"),
        ("tôi cần làm hộ chiếu nha", "làm hộ chiếu"),
        ("cam on nhieu", ""),
        ("ok cảm ơn bot nhiều nhé", "nhiều"),
        ("Kính đề nghị cho biết lệ phí cấp hộ chiếu", "lệ phí cấp hộ chiếu"),
        ("xin cho biet thoi han giai quyet", "thoi han giai quyet"),
        ("tui muốn cất cái nhà tường", "tui cất nhà tường"),  # a classifier
        ("mua lại chiếc xe của ông anh", "mua lại xe của ông anh"),  # the classifier of vehicles
        ("tui chia miếng đất làm hai", "tui chia đất làm hai"),  # a plot's classifier, before "đất"
        ("gộp hai mảnh đất liền nhau", "gộp đất liền nhau"),  # with a count of plots
        ("bạn làm được những gì", "bạn làm được gì"),  # a plural before "gì"
        ("những người được hưởng", "những người được hưởng"),  # ... only there
        ("tách 2 miếng đất", "tách đất"),
        ("mua mảnh vườn", "mua mảnh vườn"),  # only before "đất"
        ("làm mất cuốn sổ hộ khẩu", "làm mất sổ hộ khẩu"),  # a book's classifier
        ("bị mất quyển sổ bảo hiểm", "bị mất sổ bảo hiểm"),
        ("mất tấm bằng lái xe", "mất bằng lái xe"),  # a card's
        ("quyen so huu nha", "quyen so huu nha"),  # typed without accents: "quyền sở hữu"
        ("đóng hẳn hộ kinh doanh", "đóng hộ kinh doanh"),  # an intensifier
        ("xe máy mua trả góp đăng ký ở đâu", "xe máy mua đăng ký ở đâu"),  # how it was paid for
        ("mẹ không đi lại được làm căn cước", "mẹ không được làm căn cước"),  # no re-issue
        ("làm sổ cho đất ông bà để lại", "làm sổ cho đất ông bà"),  # left behind: no re-issue either
        ("nghe nói người già được nhận tiền", "người già được nhận tiền"),  # hearsay
        ("đăng ký cai nghiện", "đăng ký cai nghiện"),  # unaccented "cai" is another word
        ("trường yêu cầu có căn cước", "trường có căn cước"),  # who asked for it, not what is asked
        ("yêu cầu bồi thường nhà nước", "yêu cầu bồi thường nhà nước"),
        ("lý lịch tư pháp theo yêu cầu của cơ quan", "lý lịch tư pháp theo yêu cầu của cơ quan"),
        ("mở 1 công ty xây dựng", "mở công ty xây dựng"),  # a count of one after an action
        ("mua một chiếc xe cũ", "mua xe cũ"),
        ("rút bhxh 1 lần", "rút bhxh 1 lần"),  # how many times: kept
        ("công ty tnhh 1 thành viên", "công ty tnhh 1 thành viên"),
        ("mo cai shop quan ao", "mo shop quan ao"),  # unaccented "cai" right after an action
        ("dong han ho kinh doanh", "dong ho kinh doanh"),  # unaccented "han" right after an ending
    ],
)
def test_filler_is_removed_accented_or_not(text: str, expected: str) -> None:
    assert strip_filler(text) == expected


def test_filler_that_is_a_real_word_unaccented_is_kept() -> None:
    assert strip_filler("phuc khao bai thi") == "phuc khao bai thi"
    assert strip_filler("giay phep xay nha") == "giay phep xay nha"
    assert strip_filler("bằng lái hạng a") == "bằng lái hạng a"
    assert strip_filler("gia han tam tru") == "gia han tam tru"  # "han" is "hạn", not "hẳn"
    assert strip_filler("thoi han giai quyet") == "thoi han giai quyet"  # "thời hạn"
    assert strip_filler("xin cai nghien") == "xin cai nghien"
    assert strip_filler("khai bao tam vang") == "khai bao tam vang"  # "tạm vắng", not "vâng"


def test_filler_needs_whole_words() -> None:
    assert strip_filler("thủ tục hành chính") == "hành chính"
    assert strip_filler("phường") == "phường"
    assert strip_filler("hộ kinh doanh") == "hộ kinh doanh"


def test_need_stays_when_it_asks_about_documents() -> None:
    assert strip_filler("tôi cần gì để làm hộ chiếu") == "tôi cần gì để làm hộ chiếu"
    assert strip_filler("tôi cần làm hộ chiếu") == "làm hộ chiếu"


def test_edge_only_particles_are_kept_inside_the_sentence() -> None:
    assert strip_filler("vậy thì làm ở đâu") == "làm ở đâu"
    assert strip_filler("làm thế này") == "làm thế này"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cho e hỏi lm cccd ở đâu ạ", "làm cccd ở đâu"),
        ("ddawng kys khai sinhh cho con nhé", "đăng ký khai sinh cho con"),
        ("ad oi ho65 chie61u lm o dau a", "hộ chiếu làm ở đâu"),
        ("   ", ""),
    ],
)
def test_clean_query_pipeline(text: str, expected: str) -> None:
    assert clean_query(text) == expected


# --- PhraseMatcher -----------------------------------------------------------------------------


def test_phrase_matcher_prefers_longest_and_respects_accents() -> None:
    matcher = PhraseMatcher([("lý lịch", 1), ("lý lịch tư pháp", 2), ("tư", 3)])
    found = matcher.find(["xin", "lý", "lịch", "tư", "pháp"])
    assert [(m.start, m.end, m.value) for m in found] == [(1, 5, 2)]
    # typed without accents: matches the folded form
    assert [m.value for m in matcher.find(["ly", "lich", "tu", "phap"])] == [2]
    # a different accent is a different word: "tử" is not "tư"
    assert [m.value for m in matcher.find(["lý", "lịch", "tử", "pháp"])] == [1]
    assert len(matcher) == 3


def test_phrase_matcher_keeps_overlaps_only_when_asked() -> None:
    matcher = PhraseMatcher([("giấy phép xây dựng", 1), ("xây dựng nhà ở", 2), ("xây dựng", 3)])
    tokens = ["xin", "giấy", "phép", "xây", "dựng", "nhà", "ở"]
    assert [(m.start, m.end, m.value) for m in matcher.find(tokens)] == [(1, 5, 1)]
    # an overlapping phrase that ends further is kept; one held inside an earlier match is not
    found = matcher.find(tokens, overlapping=True)
    assert [(m.start, m.end, m.value) for m in found] == [(1, 5, 1), (3, 7, 2)]
    assert [m.value for m in matcher.find(["giấy", "phép", "xây", "dựng"], overlapping=True)] == [1]


def test_phrase_matcher_prefers_the_exact_spelling_among_folded_twins() -> None:
    matcher = PhraseMatcher([("nhá", "accented"), ("nha", "plain")])
    assert [m.value for m in matcher.find(["nha"])] == ["plain"]
    assert [m.value for m in matcher.find(["nhá"])] == ["accented"]


# --- properties --------------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])
    | st.sampled_from("ạảấầẩẫậđĐ \u0301\u0323"),
    max_size=80,
)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_normalize_and_fold_are_idempotent_and_total(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == fold(once)
    assert "  " not in once and once == once.strip()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_pipeline_never_raises_on_any_text(text: str) -> None:
    for function in (normalize, fold, syllables, repair_typing, strip_filler, clean_query):
        function(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("aăâeêioôơuưydđhnkcgstrfxjw ạảấòờữ0123456789"), max_size=40))
def test_repair_typing_returns_normalized_text(text: str) -> None:
    repaired = repair_typing(text)
    assert normalize(repaired) == repaired


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_nfd_input_normalizes_like_nfc_input(text: str) -> None:
    assert normalize(unicodedata.normalize("NFD", text)) == normalize(text)


def test_ten_thousand_mixed_script_characters_do_not_raise() -> None:
    text = ("Hộ chiếu 😀 Ελληνικά 中文 العربية \u200b\x00 ﷺ ᄀ\u0301ᅡ " * 400)[:10_000]
    result = normalize(text)
    assert result.startswith("hộ chiếu ελληνικά 中文")
    assert clean_query(text)


@pytest.mark.parametrize(
    ("typed", "kept"), [("huu", "huu"), ("nghi huu", "nghi huu"), ("gcnqsdđ", "gcnqsdđ")]
)
def test_unaccented_and_abbreviated_words_are_not_cut(typed: str, kept: str) -> None:
    # "huu" is hưu typed without accents, not a doubled letter; "dđ" inside a word is an abbreviation.
    assert repair_typing(typed) == kept


def test_doubled_d_at_the_start_is_still_telex() -> None:
    assert repair_typing("đđăng ký") == "đăng ký"


def test_canonical_tone_moves_the_mark_to_the_standard_vowel() -> None:
    from knowledge.text import canonical_tone

    assert canonical_tone("bứơc") == "bước"
    assert canonical_tone("bước") == "bước"
    assert canonical_tone("tuổi") == "tuổi"
    assert canonical_tone("cccd") == "cccd"  # not a syllable: unchanged


def test_nearest_wording_takes_the_match_closest_to_the_position() -> None:
    land, vehicle = re.compile(r"\bdat\b"), re.compile(r"\bxe\b")
    candidates = ((land, "land"), (vehicle, "vehicle"))
    text = "ban dat roi mua xe"
    assert nearest_wording(candidates, text, text.index("mua")) == "vehicle"
    assert nearest_wording(candidates, text, 0) == "land"
    assert nearest_wording(candidates, text, text.index("mua"), within=2) is None  # "xe" is 4 away
    assert nearest_wording(candidates, "khong co gi", 0) is None
