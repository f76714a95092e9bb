"""Farewells, foreign scripts and over-long pastes."""

from __future__ import annotations

import pytest

from handlers.message_kinds import MAX_QUESTION_CHARS, clip_question, is_farewell, is_non_vietnamese


@pytest.mark.parametrize(
    "text", ["cảm ơn", "Cam on nhieu nhe!", "thanks", "Tạm biệt bot", "bye", "ok cảm ơn bạn"]
)
def test_farewells(text: str) -> None:
    assert is_farewell(text)


@pytest.mark.parametrize(
    "text", ["cảm ơn, cho hỏi làm hộ chiếu cần gì", "làm giấy khai sinh", "lệ phí", "bao lâu thì xong ạ"]
)
def test_questions_are_not_farewells(text: str) -> None:
    assert not is_farewell(text)


@pytest.mark.parametrize("text", ["Как получить паспорт?", "如何办理护照", "หนังสือเดินทาง"])
def test_foreign_scripts(text: str) -> None:
    assert is_non_vietnamese(text)


@pytest.mark.parametrize("text", ["lam giay khai sinh", "Làm hộ chiếu ở đâu?", "passport", "1.001193"])
def test_latin_text_goes_to_search(text: str) -> None:
    assert not is_non_vietnamese(text)


def test_long_paste_is_cut_at_a_word() -> None:
    text = "đăng ký khai sinh " * 300
    clipped, was_cut = clip_question(text)
    assert was_cut
    assert len(clipped) <= MAX_QUESTION_CHARS
    assert not clipped.endswith(" ")
    assert clip_question("ngắn") == ("ngắn", False)
