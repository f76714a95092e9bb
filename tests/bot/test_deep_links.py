"""Deep-link start parameters: procedure codes written with Telegram's allowed characters."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.deep_links import code_of, procedure_link, start_parameter


def test_codes_round_trip_through_the_start_parameter() -> None:
    assert start_parameter("1.001193") == "p_1_001193"
    assert code_of("p_1_001193") == "1.001193"
    assert code_of("p_2.000497") is None  # dots are not allowed by Telegram
    assert code_of("inline") is None and code_of("p_") is None


def test_links_point_at_the_bot() -> None:
    assert procedure_link("tthc_bot", "1.001193") == "https://t.me/tthc_bot?start=p_1_001193"
    assert procedure_link("", "1.001193") is None
    assert procedure_link("tthc_bot", "1." + "0" * 70) is None  # longer than 64 characters


@given(st.from_regex(r"\A[0-9]{1,2}\.[0-9]{6}(-[A-Z0-9]{1,4})?\Z"))
def test_every_catalogue_like_code_survives(code: str) -> None:
    parameter = start_parameter(code)
    assert parameter is not None and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", parameter)
    assert code_of(parameter) == code
