"""Export of the ratings: one row per rating, as ``.csv`` (UTF-8 with BOM, for Excel) and ``.xlsx``.

Columns: local time (Asia/Ho_Chi_Minh), procedure code, name and field, level (number and label), channel,
reason and comment. Comments were masked when stored and are masked again here; no user key is exported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from bot.admin_labels import channel_label, level_text, reason_text
from bot.i18n import _
from bot.models.conversation import Rating
from bot.privacy import mask_personal_data
from bot.satisfaction_report import Period, local_time, rated_procedure, rating_channel, relay_sources
from knowledge.procedure import Procedure

TIME_FORMAT = "%Y-%m-%d %H:%M"


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One exported rating."""

    time: datetime  # local time, without tzinfo (spreadsheets have no time zones)
    procedure_code: str
    procedure_name: str
    field: str
    level: int
    level_label: str
    channel: str
    reason: str
    comment: str


def headers() -> list[str]:
    """Return the column titles in the current locale."""
    return [
        _("Thời gian"),
        _("Mã thủ tục"),
        _("Tên thủ tục"),
        _("Lĩnh vực"),
        _("Mức"),
        _("Mức đánh giá"),
        _("Kênh"),
        _("Lý do"),
        _("Góp ý"),
    ]


def export_row(
    rating: Rating, procedure_of: Callable[[str], Procedure | None], relay: Mapping[int, str] | None = None
) -> ExportRow:
    """Return the export row of a rating; labels are in the current locale, names stay Vietnamese."""
    code = rated_procedure(rating.procedures_shown)
    procedure = procedure_of(code) if code else None
    return ExportRow(
        time=local_time(rating.created_at).replace(tzinfo=None, microsecond=0),
        procedure_code=code,
        procedure_name=" ".join(procedure.name.split()) if procedure else "",
        field=procedure.field if procedure else "",
        level=int(rating.level),
        level_label=level_text(int(rating.level)),
        channel=channel_label(rating_channel(rating, relay or {})),
        reason=reason_text(rating.reason),
        comment=mask_personal_data(rating.comment or ""),
    )


async def load_rows(
    sessions: async_sessionmaker[AsyncSession],
    period: Period,
    procedure_of: Callable[[str], Procedure | None],
) -> list[ExportRow]:
    """Return the rows of the ratings given in ``period``, oldest first."""
    low, high = period.utc_bounds()
    query = select(Rating)
    if low is not None:
        query = query.where(col(Rating.created_at) >= low)
    if high is not None:
        query = query.where(col(Rating.created_at) < high)
    async with sessions() as session:
        ratings = list(
            (await session.execute(query.order_by(col(Rating.created_at), col(Rating.id)))).scalars()
        )
        relay = await relay_sources(session, [r.conversation_id for r in ratings if r.channel == "relay"])
        return [export_row(rating, procedure_of, relay) for rating in ratings]


def _values(row: ExportRow) -> list[object]:
    return [
        row.time, row.procedure_code, row.procedure_name, row.field, row.level, row.level_label,
        row.channel, row.reason, row.comment,
    ]  # fmt: skip


def _cell_text(value: object) -> str:
    text = value.strftime(TIME_FORMAT) if isinstance(value, datetime) else str(value)
    # A leading =, +, - or @ would run as a formula in a spreadsheet (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def to_csv(rows: Sequence[ExportRow]) -> bytes:
    """Return the rows as CSV bytes (UTF-8 with BOM, comma-separated, header first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers())
    for row in rows:
        writer.writerow([_cell_text(value) for value in _values(row)])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Sequence[ExportRow]) -> bytes:
    """Return the rows as an ``.xlsx`` workbook (one sheet, bold header, time cells as dates), streamed."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Đánh giá"))
    for column, width in zip("ABCDEFGHI", (17, 12, 60, 24, 6, 20, 22, 18, 60), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for title in headers():
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        values = _values(row)
        time_cell = WriteOnlyCell(sheet, value=values[0])
        time_cell.number_format = "yyyy-mm-dd hh:mm"
        sheet.append([time_cell, *(_cell_text(v) if isinstance(v, str) else v for v in values[1:])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
