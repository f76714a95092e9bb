"""``tthc-bot db upgrade`` and ``tthc-bot db current``."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from bot.commands import db
from bot.database import head_revisions


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tthc-bot")
    db.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


@pytest.fixture
def database_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point DATABASE_URL at a fresh SQLite file; run from an empty directory (no .env)."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "bot.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    return path


def test_current_on_a_new_database_says_stale(
    database_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["db", "current"]) == 1
    out, err = capsys.readouterr()
    assert "(chưa có / none)" in out
    assert "tthc-bot db upgrade" in err


def test_upgrade_then_current(database_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["db", "upgrade"]) == 0
    assert database_file.is_file()
    out = capsys.readouterr().out
    assert all(head in out for head in head_revisions())
    assert _run(["db", "current"]) == 0
    out, err = capsys.readouterr()
    assert "current:" in out and err == ""


def test_bad_setting_exits_2_with_one_line(
    database_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PORT", "http")
    assert _run(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "PORT: 'http' is not a whole number" in err
    assert not database_file.exists()


def test_unreachable_database_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'missing-dir' / 'bot.db'}")
    assert _run(["db", "upgrade"]) == 1
    err = capsys.readouterr().err
    assert "Không nâng cấp được cơ sở dữ liệu" in err and "does not exist" in err
