"""Tests for the syllable speller (typo repair against the vocabulary)."""

from __future__ import annotations

from knowledge.spelling import SyllableSpeller, sound_alikes


def test_known_syllable_is_returned_unchanged() -> None:
    speller = SyllableSpeller(["sinh", "khai"])
    assert speller.correct("sinh") == "sinh"
    assert "sinh" in speller


def test_one_edit_typo_is_repaired() -> None:
    speller = SyllableSpeller(["sinh", "khai", "dang", "hon"])
    assert speller.correct("sihn") == "sinh"
    assert speller.correct("khao") == "khai"


def test_two_edits_allowed_only_for_long_syllables() -> None:
    speller = SyllableSpeller(["nguoi", "chieu"])
    assert speller.correct("ngouiw") == "nguoi"
    assert speller.correct("cxxeu") is None


def test_short_or_far_or_non_alphabetic_input_is_not_guessed() -> None:
    speller = SyllableSpeller(["ho", "sinh"])
    assert speller.correct("hx") is None
    assert speller.correct("zzzzzz") is None
    assert speller.correct("12345") is None


def test_ties_go_to_the_preferred_word() -> None:
    assert SyllableSpeller(["cap", "cao"]).correct("caq") == "cap"
    assert SyllableSpeller(["cao", "cap"]).correct("caq") == "cao"


def test_candidates_are_nearest_first_then_preferred() -> None:
    speller = SyllableSpeller(["chia", "khai", "khao"])
    assert speller.candidates("khia") == ["chia", "khai"]  # both one edit (a swap counts as one)
    assert speller.candidates("khai") == ["khai"]
    assert speller.candidates("qqqqq") == []


def test_neighbours_are_the_other_known_syllables_one_edit_away() -> None:
    speller = SyllableSpeller(["san", "xa", "xanh", "tan", "nguoi"])
    assert speller.neighbours("xan") == ["san", "xa", "xanh", "tan"]
    assert speller.neighbours("xa") == []  # no known syllable one letter longer
    assert SyllableSpeller(["x", "xa", "ta", "xan"]).neighbours("xa") == ["xan"]  # it only gains a letter
    assert "nguoi" not in speller.neighbours("xan")


def test_sound_alikes_swap_one_initial_or_final_that_sounds_the_same() -> None:
    assert sound_alikes("chu") == ["tru"]
    assert set(sound_alikes("xang")) == {"sang", "xan"}
    assert set(sound_alikes("han")) == {"hang", "hanh"}
    assert "thuc" in sound_alikes("thut")
    assert sound_alikes("a") == []


def test_only_a_bare_i_or_y_alternates() -> None:
    assert "li" in sound_alikes("ly")
    assert "qui" in sound_alikes("quy")
    # "lấy" is not "lại", "tuy" is not "tui": after a vowel the two finals sound different.
    assert "lai" not in sound_alikes("lay")
    assert "tui" not in sound_alikes("tuy")
