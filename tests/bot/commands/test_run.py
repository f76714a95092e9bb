"""``tthc-bot run`` start-up failures: one polite message and exit status 1, never a traceback."""

from __future__ import annotations

import argparse
import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.commands import run as run_command
from knowledge.catalogue import DEFAULT_CATALOGUE_PATH


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def bot_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Settings of a bot aimed at a loopback port nobody listens on, with its files in ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    environment = {
        "TELEGRAM_BOT_TOKEN": "7000000009:AAStartUpFailureTestToken000000000000",
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{_closed_port()}/bot",
        "USER_HASH_KEY": "start-up-failure-test-key-0123456789",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        "LOG_LEVEL": "ERROR",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    yield tmp_path
    asyncio.set_event_loop(None)


def _run(tmp_path: Path) -> int:
    parser = argparse.ArgumentParser()
    run_command.register(parser.add_subparsers())
    args = parser.parse_args(["run", "--spool-dir", str(tmp_path / "spool")])
    return int(args.func(args))


def test_unreachable_telegram_is_one_line(bot_environment: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(bot_environment) == 1
    errors = capsys.readouterr().err
    assert "Traceback" not in errors
    [line] = [line for line in errors.splitlines() if "Telegram" in line]
    assert line.startswith("Không kết nối được Telegram (NetworkError)")


@pytest.mark.parametrize("damage", ["missing", "truncated", "garbled"])
def test_unreadable_catalogue_is_one_line(
    damage: str, bot_environment: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = bot_environment / "catalogue.json.gz"
    good = DEFAULT_CATALOGUE_PATH.read_bytes() if damage != "missing" else b""
    if damage == "truncated":
        target.write_bytes(good[: len(good) // 2])
    elif damage == "garbled":
        target.write_bytes(good[:100] + bytes(b ^ 0xFF for b in good[100:400]) + good[400:])
    monkeypatch.setattr("knowledge.catalogue.DEFAULT_CATALOGUE_PATH", target)
    assert _run(bot_environment) == 1
    errors = capsys.readouterr().err
    assert "Traceback" not in errors
    assert errors.strip() == run_command.CATALOGUE_MISSING_MESSAGE
