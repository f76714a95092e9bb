"""The gettext catalogues: every message of the code is in vi and en, translated, and compiled."""

from __future__ import annotations

from pathlib import Path

from bot.i18n import translate
from bot.message_catalogues import babel_commands, catalogue_strings, check_catalogues, source_messages


def test_every_message_is_in_both_catalogues_translated_and_compiled() -> None:
    problems = check_catalogues()
    assert not problems, "run `tthc-bot i18n update`, translate, then `tthc-bot i18n compile`:\n" + "\n".join(
        problems.lines()
    )


def test_a_new_message_in_the_code_is_reported_missing(tmp_path: Path) -> None:
    for folder in ("bot", "handlers"):
        (tmp_path / folder).mkdir()
    (tmp_path / "handlers" / "sample.py").write_text(
        'from bot.i18n import _\n\nTEXT = _("Thông điệp chưa có trong danh mục dịch")\n', encoding="utf-8"
    )
    assert source_messages(tmp_path) == {"Thông điệp chưa có trong danh mục dịch"}
    problems = check_catalogues(tmp_path)
    assert problems
    assert problems.missing == {
        "vi": {"Thông điệp chưa có trong danh mục dịch"},
        "en": {"Thông điệp chưa có trong danh mục dịch"},
    }
    assert any("missing" in line for line in problems.lines())


def test_english_strings_are_not_left_in_vietnamese() -> None:
    english = catalogue_strings("en")
    assert english, "the English catalogue is empty"
    for message, translation in english.items():
        assert translation, f"untranslated: {message}"
        if any(not ch.isascii() and ch.isalpha() for ch in message):
            assert translation != message, f"left in Vietnamese: {message}"


def test_new_community_texts_are_natural_english() -> None:
    assert translate("en", "Thủ tục được chia sẻ với bạn:") == "A procedure shared with you:"
    assert translate("en", "Hồ sơ: {count} giấy tờ").format(count=3) == "Documents: 3"
    assert "on their behalf" in translate(
        "en", "Bạn bấm giúp họ một mức dưới đây (đánh giá thay mặt người dân)."
    )


def test_babel_commands_use_the_repository_layout() -> None:
    commands = babel_commands()
    assert commands["extract"][:4] == ["pybabel", "extract", "-F", "babel.cfg"]
    assert "bot/locales/messages.pot" in commands["extract"]
    assert commands["compile"] == ["pybabel", "compile", "-d", "bot/locales", "-D", "messages"]
