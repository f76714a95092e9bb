"""``tthc-bot run`` start-up checks: missing token, schema policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.commands.run import STALE_SCHEMA_MESSAGE, is_embedded_sqlite, prepare_schema
from bot.database import create_engine, schema_is_current


def test_without_a_token_run_points_to_the_console(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "TELEGRAM_BOT_TOKEN" in err and "tthc-bot console" in err


def test_embedded_sqlite_detection() -> None:
    assert is_embedded_sqlite("sqlite+aiosqlite:///./tthc.db")
    assert not is_embedded_sqlite("postgresql+asyncpg://u@h/db")


async def test_sqlite_is_migrated_at_start_up(sqlite_database_url: str) -> None:
    assert await prepare_schema(sqlite_database_url) is None
    engine = create_engine(sqlite_database_url)
    try:
        assert await schema_is_current(engine)
    finally:
        await engine.dispose()


async def test_stale_postgres_schema_refuses_to_start(postgres_database_url: str) -> None:
    assert await prepare_schema(postgres_database_url) == STALE_SCHEMA_MESSAGE
    assert "tthc-bot db upgrade" in STALE_SCHEMA_MESSAGE
