"""``tthc-bot catalogue build | stats | import``."""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
from pathlib import Path

import pytest

from bot.commands import catalogue as catalogue_command
from bot.database import upgrade_database
from knowledge.catalogue import Catalogue
from knowledge.procedure import OnlineLevel, Procedure

IMPORT_DATA = Path(__file__).parents[2] / "data" / "import"


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tthc-bot")
    catalogue_command.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite DATABASE_URL, running from an empty directory (no .env)."""
    monkeypatch.chdir(tmp_path)
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    path = tmp_path / "catalogue.json.gz"
    Catalogue(
        [
            Procedure(code="3.000616", name="Tên gốc", field="Công nghệ", online_level=OnlineLevel.FULL),
            Procedure(code="1.000001", name="Khác", field="Hộ tịch"),
        ]
    ).save(path)
    return path


def test_import_prints_a_summary(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(upgrade_database(database_url))
    assert _run(["catalogue", "import", str(IMPORT_DATA / "list.jsonl")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Đã nhập 3 thủ tục từ list.jsonl") and "3 mới" in out


def test_import_error_exits_1_with_its_line(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(upgrade_database(database_url))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"code": "1.000001", "name": "A"}\nnot json\n', encoding="utf-8")
    assert _run(["catalogue", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "danh mục không thay đổi: dòng 2: JSON không hợp lệ" in err


def test_import_into_a_stale_database_is_refused(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["catalogue", "import", str(IMPORT_DATA / "list.jsonl")]) == 1
    assert "tthc-bot db upgrade" in capsys.readouterr().err


def test_import_of_a_missing_file(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["catalogue", "import", "no-such-file.jsonl"]) == 1
    assert "Không thấy tệp" in capsys.readouterr().err


def test_stats_without_a_database_counts_the_shipped_catalogue(
    database_url: str, shipped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["catalogue", "stats", "--json", "--catalogue", str(shipped)]) == 0
    captured = capsys.readouterr()
    stats = json.loads(captured.out)
    assert set(stats) == {"total", "online_level", "online_submission", "by_level", "top_fields"}
    assert stats["total"] == 2 and "imported procedures: 0" in captured.err
    assert stats["online_level"]["full"] == 1
    assert not Path(database_url.split("///", 1)[1]).exists(), "stats must not create a database"


def test_stats_include_database_imports(
    database_url: str, shipped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(upgrade_database(database_url))
    assert _run(["catalogue", "import", str(IMPORT_DATA / "list.jsonl")]) == 0
    capsys.readouterr()
    assert _run(["catalogue", "stats", "--json", "--catalogue", str(shipped)]) == 0
    captured = capsys.readouterr()
    stats = json.loads(captured.out)
    assert "imported procedures: 3" in captured.err
    assert stats["total"] == 4  # 3.000616 overlaid, 3.000615 and 3.000323 added
    assert stats["online_level"]["full"] == 1  # the overlay keeps the shipped online level


def test_stats_as_text(database_url: str, shipped: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["catalogue", "stats", "--catalogue", str(shipped)]) == 0
    out = capsys.readouterr().out
    assert "total: 2" in out and "- Công nghệ: 1" in out


def test_stats_with_a_stale_database_notes_it(
    database_url: str, shipped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(upgrade_database(database_url, "0001_catalogue"))
    from bot.database import head_revisions

    if head_revisions() == {"0001_catalogue"}:
        pytest.skip("no newer revision to be stale against")
    assert _run(["catalogue", "stats", "--json", "--catalogue", str(shipped)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["total"] == 2 and "tthc-bot db upgrade" in err


def test_build_from_a_small_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "source"
    (source / "portal-api").mkdir(parents=True)
    shutil.copy(IMPORT_DATA / "list.jsonl", source / "portal-api" / "catalog.jsonl")
    shutil.copy(IMPORT_DATA / "detail.jsonl", source / "portal-api" / "details.jsonl")
    output = tmp_path / "out" / "catalogue.json.gz"
    assert _run(["catalogue", "build", "--source", str(source), "--output", str(output)]) == 0
    out = capsys.readouterr().out
    built = Catalogue.load(output)
    assert len(built) == 5
    assert f"Đã ghi 5 thủ tục vào {output}" in out and f"{output.stat().st_size} bytes" in out


def test_build_without_source_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        _run(["catalogue", "build", "--source", str(tmp_path / "nope"), "--output", str(tmp_path / "c.gz")])
        == 1
    )
    assert "Không thấy thư mục dữ liệu gốc" in capsys.readouterr().err


def test_build_from_an_empty_source_keeps_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "source"
    source.mkdir()
    output = tmp_path / "catalogue.json.gz"
    output.write_bytes(b"previous")
    assert _run(["catalogue", "build", "--source", str(source), "--output", str(output)]) == 1
    assert output.read_bytes() == b"previous"
    assert "giữ nguyên danh mục cũ" in capsys.readouterr().err
