"""The catalogue in use: shipped catalogue plus imported procedures from the database."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.catalogue_import import import_catalogue_file
from bot.catalogue_store import apply_imports, imported_procedures, load_catalogue, overlay, recent_imports
from knowledge.catalogue import Catalogue
from knowledge.procedure import Channel, Document, OnlineLevel, Procedure, SubmissionMethod

Sessions = async_sessionmaker[AsyncSession]

SHIPPED = Procedure(
    code="1.000001",
    name="Tên cũ",
    field="Hộ tịch",
    agency="UBND cấp xã",
    online_level=OnlineLevel.FULL,
    channels=(Channel(SubmissionMethod.ONLINE, 3.0),),
    documents=(Document("Tờ khai", originals=1),),
    sources=("detail",),
)
OTHER = Procedure(code="1.000002", name="Không đổi")


def _write_list(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


async def test_empty_database_gives_the_shipped_catalogue(db_sessions: Sessions) -> None:
    base = Catalogue([SHIPPED, OTHER])
    loaded = await load_catalogue(db_sessions, base)
    assert len(loaded) == 2 and loaded.get("1.000001") == SHIPPED


async def test_imports_are_applied_on_top(db_sessions: Sessions, tmp_path: Path) -> None:
    path = _write_list(
        tmp_path / "list.jsonl",
        {"code": "1.000001", "name": "Tên mới", "categories": ["Hộ tịch"], "departments": ["Sở Tư pháp"]},
        {"code": "1.000003", "name": "Thủ tục mới", "categories": ["Đất đai"]},
    )
    await import_catalogue_file(path, db_sessions)
    base = Catalogue([SHIPPED, OTHER])
    loaded = await load_catalogue(db_sessions, base)
    assert len(loaded) == 3
    updated = loaded.get("1.000001")
    assert updated is not None
    assert (updated.name, updated.agency) == ("Tên mới", "Sở Tư pháp")
    # Facts a list import does not carry are kept from the shipped record.
    assert updated.online_level is OnlineLevel.FULL
    assert updated.channels == SHIPPED.channels and updated.documents == SHIPPED.documents
    assert updated.sources == ("detail", "list")
    added = loaded.get("1.000003")
    assert added is not None and added.name == "Thủ tục mới"
    assert loaded.get("1.000002") == OTHER
    assert len(base) == 2, "the shipped catalogue itself is not modified"


async def test_unreadable_row_is_skipped(db_sessions: Sessions, tmp_path: Path) -> None:
    await import_catalogue_file(
        _write_list(
            tmp_path / "a.jsonl", {"code": "1.000004", "name": "A"}, {"code": "1.000005", "name": "B"}
        ),
        db_sessions,
    )
    async with db_sessions() as session, session.begin():
        await session.execute(
            text("UPDATE imported_procedures SET data = :data WHERE code = '1.000004'"),
            {"data": json.dumps({"code": "1.000004", "name": "A", "levels": ["galaxy"]})},
        )
    assert [p.code for p in await imported_procedures(db_sessions)] == ["1.000005"]


async def test_recent_imports_newest_first(db_sessions: Sessions, tmp_path: Path) -> None:
    first = await import_catalogue_file(
        _write_list(tmp_path / "1.jsonl", {"code": "1.000006", "name": "A"}), db_sessions
    )
    second = await import_catalogue_file(
        _write_list(tmp_path / "2.jsonl", {"code": "1.000007", "name": "B"}), db_sessions
    )
    assert [row.id for row in await recent_imports(db_sessions, limit=5)] == [
        second.import_id,
        first.import_id,
    ]
    assert len(await recent_imports(db_sessions, limit=1)) == 1


def test_overlay_keeps_unknowns_and_unions_sources() -> None:
    imported = Procedure(code="1.000001", name="Tên cũ", field="Lĩnh vực mới", sources=("xlsx",))
    merged = overlay(SHIPPED, imported)
    assert merged.field == "Lĩnh vực mới"
    assert merged.online_level is OnlineLevel.FULL and merged.documents == SHIPPED.documents
    assert merged.sources == ("detail", "xlsx")


def test_apply_imports_adds_unknown_codes() -> None:
    catalogue = apply_imports(Catalogue([OTHER]), [SHIPPED])
    assert catalogue.get("1.000001") == SHIPPED and len(catalogue) == 2
