"""The subprocess driver: the guard that keeps a bot process off the internet, and start-up failures.

A clean SIGTERM stop and a SIGKILL crash are exercised by every scenario and by the restart tests."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.e2e.bot_process import BotProcess, BotProcessError
from tests.e2e.conftest import TEST_TOKEN
from tests.e2e.fake_bot_api import FakeBotApi


async def test_a_bot_aimed_at_real_telegram_is_caught(fake_api: FakeBotApi, tmp_path: Path) -> None:
    process = BotProcess(
        fake_api, tmp_path, TEST_TOKEN, extra_env={"TELEGRAM_API_BASE_URL": "https://api.telegram.org/bot"}
    )
    starting = asyncio.create_task(process.start(timeout=60))
    for _ in range(300):
        if fake_api.leaks or starting.done():
            break
        await asyncio.sleep(0.1)
    await process.kill()  # no need to sit through its retries
    with pytest.raises(BotProcessError):
        await starting
    assert any("api.telegram.org" in leak for leak in fake_api.leaks), fake_api.leaks
    assert not fake_api.calls
    fake_api.leaks.clear()  # caught as intended; the fixture would fail the test otherwise


async def test_bad_setting_is_reported_with_its_name(fake_api: FakeBotApi, tmp_path: Path) -> None:
    process = BotProcess(fake_api, tmp_path, TEST_TOKEN, survey_idle_minutes="soon")
    with pytest.raises(BotProcessError, match="SURVEY_IDLE_MINUTES"):
        await process.start()
    assert process.returncode == 2
