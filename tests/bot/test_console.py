"""The offline console: typed lines drive the same handlers; numbered buttons can be chosen."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.application import build_application
from bot.console import ConsoleChat, ConsoleScreen, html_to_plain, make_offline_bot
from bot.services import Services
from tests.handlers.harness import make_settings, sample_catalogue


def test_html_to_plain() -> None:
    assert html_to_plain('<b>A &amp; B</b> <a href="https://x.vn/?a=1&amp;b=2">trang</a>') == (
        "A & B trang (https://x.vn/?a=1&b=2)"
    )


async def test_scripted_console_chat(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    settings = make_settings()
    services = Services.from_catalogue(settings, db_sessions, sample_catalogue())
    out = io.StringIO()
    screen = ConsoleScreen(out)
    bot, request = make_offline_bot(screen)
    application = build_application(settings, services, bot=bot)
    async with application:
        chat = ConsoleChat(application, request, screen, "vi")
        await chat.run(
            ["thủ tục đăng ký khai sinh cần giấy tờ gì", "2", "7", "cảm ơn", "1"], interactive=False
        )
    text = out.getvalue()
    assert "Thủ tục đăng ký khai sinh" in text and "Tờ khai đăng ký khai sinh" in text
    assert "  [1] 💰 Lệ phí" in text
    assert "⏱ Thời hạn giải quyết" in text  # "2" tapped the time button
    assert "<b>" not in text
    assert "Rất hài lòng" in text
    assert "Cảm ơn bạn đã đánh giá: Rất hài lòng" in text
    assert (await services.satisfaction.summary()).total == 1


def test_console_command_can_be_scripted(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'console.db'}"
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="thủ tục đăng ký khai sinh\n1\ncảm ơn\n1\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Thủ tục đăng ký khai sinh" in result.stdout
    assert "Nguồn: Cổng Dịch vụ công quốc gia" in result.stdout
    assert "Cảm ơn bạn đã đánh giá: Rất hài lòng" in result.stdout
