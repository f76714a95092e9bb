"""The ratings export: the .xlsx read back with openpyxl matches the database; the CSV is Excel-safe."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from bot.i18n import use_locale
from bot.models.conversation import Rating
from bot.rating_export import load_rows, to_csv, to_xlsx
from bot.satisfaction_report import local_time, parse_period, rated_procedure
from tests.bot.rating_rows import add_conversation
from tests.handlers.harness import sample_catalogue

TODAY = date(2026, 11, 23)


async def _seed(sessions: async_sessionmaker[AsyncSession]) -> None:
    await add_conversation(sessions, datetime(2026, 11, 20, 2, 15, tzinfo=UTC), level=5)
    await add_conversation(
        sessions, datetime(2026, 11, 21, 18, 5, tzinfo=UTC), code="1.000894", level=2, reason="missing",
        comment="gọi tôi 0912345678 nhé", channel="relay",
    )  # fmt: skip
    await add_conversation(
        sessions, datetime(2026, 11, 22, 9, 0, tzinfo=UTC), code=None, level=3, comment="=1+1"
    )
    await add_conversation(sessions, datetime(2026, 9, 1, 9, 0, tzinfo=UTC), level=1)  # outside 30d


async def test_xlsx_rows_match_the_database(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    await _seed(db_sessions)
    catalogue = sample_catalogue()
    rows = await load_rows(db_sessions, parse_period("30d", TODAY), catalogue.get)
    workbook = load_workbook(io.BytesIO(to_xlsx(rows)))
    sheet = workbook.active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:3] == ("Thời gian", "Mã thủ tục", "Tên thủ tục")
    async with db_sessions() as session:
        ratings = list((await session.execute(select(Rating).order_by(col(Rating.created_at)))).scalars())
    expected = [
        r for r in ratings if r.created_at.replace(tzinfo=UTC) >= datetime(2026, 10, 24, 17, tzinfo=UTC)
    ]
    assert len(values) - 1 == len(expected) == 3
    for row, rating in zip(values[1:], expected, strict=True):
        code = rated_procedure(rating.procedures_shown)
        procedure = catalogue.get(code)
        assert row[0] == local_time(rating.created_at).replace(tzinfo=None, microsecond=0)
        assert row[1] == (code or None)
        assert row[2] == (procedure.name if procedure else None)
        assert row[4] == rating.level
    relay_row = values[2]
    assert relay_row[3] == "Hộ tịch" and relay_row[5] == "Không hài lòng"
    assert relay_row[6] == "Qua tình nguyện viên" and relay_row[7] == "Thiếu thông tin"
    assert "0912345678" not in str(relay_row[8]) and "[số điện thoại]" in str(relay_row[8])
    assert values[1][0] == datetime(2026, 11, 20, 9, 15)  # 02:15 UTC is 09:15 in Hanoi
    assert values[3][8] == "'=1+1"  # never a formula


async def test_csv_has_a_bom_and_english_headers(db_sessions: async_sessionmaker[AsyncSession]) -> None:
    await _seed(db_sessions)
    with use_locale("en"):
        rows = await load_rows(db_sessions, parse_period("all", TODAY), sample_catalogue().get)
        data = to_csv(rows)
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0][:2] == ["Time", "Procedure code"]
    assert len(table) == 5
    assert table[1][0] == "2026-09-01 16:00" and table[1][5] == "Very dissatisfied"
    assert table[2][2] == "Thủ tục đăng ký khai sinh"  # official names stay Vietnamese
