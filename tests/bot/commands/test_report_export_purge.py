"""``tthc-bot report``, ``export`` and ``purge`` on a SQLite database."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import col, select

from bot.cli import main
from bot.conversations import utc_now
from bot.database import create_engine, session_factory, upgrade_database
from bot.models.conversation import Rating
from bot.satisfaction_report import local_time, rated_procedure
from knowledge.catalogue import Catalogue
from tests.bot.rating_rows import add_conversation


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated SQLite DATABASE_URL with ratings, running from an empty directory (no .env)."""
    monkeypatch.chdir(tmp_path)
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)

    async def prepare() -> None:
        await upgrade_database(url)
        engine = create_engine(url)
        sessions = session_factory(engine)
        recent = utc_now() - timedelta(days=2)
        await add_conversation(sessions, recent, level=5)
        await add_conversation(
            sessions, recent, code="1.000894", level=2, reason="unclear", comment="số 012345678901"
        )
        await add_conversation(sessions, datetime(2025, 1, 10, 3, tzinfo=UTC), level=4)
        await engine.dispose()

    asyncio.run(prepare())
    return url


async def _ratings(url: str) -> list[Rating]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            return list((await session.execute(select(Rating).order_by(col(Rating.created_at)))).scalars())
    finally:
        await engine.dispose()


def test_report_json(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["ratings"] == 3 and figures["conversations"] == 3
    assert figures["satisfaction_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert figures["negative_reasons"] == [{"reason": "unclear", "count": 1}]
    assert main(["report", "--json", "--since", "2025-01-01", "--until", "2025-01-31"]) == 0
    january = json.loads(capsys.readouterr().out)
    assert january["ratings"] == 1 and january["period"] == {
        "label": "2025-01-01..2025-01-31",
        "since": "2025-01-01",
        "until": "2025-01-31",
    }


def test_report_text_and_bad_period(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--period", "30d"]) == 0
    out = capsys.readouterr().out
    assert "Lượt đánh giá: 2" in out and "<b>" not in out
    assert main(["report", "--period", "soon"]) == 2


def test_export_xlsx_matches_the_database(database_url: str, tmp_path: Path) -> None:
    output = tmp_path / "ratings.xlsx"
    assert main(["export", "--format", "xlsx", "--output", str(output)]) == 0
    sheet = load_workbook(output).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))[1:]
    ratings = asyncio.run(_ratings(database_url))
    catalogue = Catalogue.load()
    assert len(rows) == len(ratings) == 3
    for row, rating in zip(rows, ratings, strict=True):
        code = rated_procedure(rating.procedures_shown)
        assert row[0] == local_time(rating.created_at).replace(tzinfo=None, microsecond=0)
        assert row[1] == code and row[2] == " ".join(catalogue.get(code).name.split())  # type: ignore[union-attr]
        assert row[4] == rating.level
    assert any(row[8] and "[số định danh]" in row[8] for row in rows)
    assert not any("012345678901" in str(cell) for row in rows for cell in row)


def test_export_csv_for_a_date_range(database_url: str, tmp_path: Path) -> None:
    output = tmp_path / "ratings.csv"
    assert (
        main(
            [
                "export",
                "--format",
                "csv",
                "--output",
                str(output),
                "--since",
                "2025-01-01",
                "--until",
                "2025-01-31",
            ]
        )
        == 0
    )
    lines = output.read_text(encoding="utf-8-sig").strip().splitlines()
    assert len(lines) == 2 and lines[1].startswith("2025-01-10 10:00,1.001193,")


def test_purge_keeps_the_report(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert main(["purge", "--older-than", "365d"]) == 0
    assert "1 lượt đánh giá / ratings" in capsys.readouterr().out
    assert len(asyncio.run(_ratings(database_url))) == 2
    assert main(["report", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == before
    assert main(["purge", "--older-than", "soon"]) == 2


def test_stale_schema_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    assert main(["report"]) == 1
    assert "db upgrade" in capsys.readouterr().err
