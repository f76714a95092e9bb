"""The bot's event loop: uvloop unless the setting asks for asyncio's own."""

from __future__ import annotations

import asyncio

import pytest

from bot.event_loop import LOOP_SETTING, loop_factory, loop_name


def test_uvloop_is_the_default_where_installed() -> None:
    uvloop = pytest.importorskip("uvloop", reason="uvloop is not installed on this platform")
    assert loop_factory({}) is uvloop.new_event_loop
    loop = loop_factory({})()
    try:
        assert loop_name(loop) == "uvloop"
    finally:
        loop.close()


@pytest.mark.parametrize("value", ["asyncio", " AsyncIO "])
def test_the_setting_keeps_the_standard_loop(value: str) -> None:
    assert loop_factory({LOOP_SETTING: value}) is asyncio.new_event_loop
    loop = loop_factory({LOOP_SETTING: value})()
    try:
        assert loop_name(loop) == "asyncio"
    finally:
        loop.close()


def test_without_uvloop_the_standard_loop_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "uvloop", None)  # makes "import uvloop" raise ImportError
    assert loop_factory({}) is asyncio.new_event_loop
