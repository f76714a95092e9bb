"""Database layer: migrations from empty on both backends, the stale-schema check, SQLite pragmas."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.database import (
    STALE_SCHEMA_MESSAGE,
    SchemaOutdatedError,
    create_engine,
    current_revisions,
    ensure_schema_current,
    head_revisions,
    schema_is_current,
    session_factory,
    upgrade_database,
)
from bot.models.catalogue import CatalogueImport


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))


def test_head_includes_the_catalogue_revision() -> None:
    heads = head_revisions()
    assert len(heads) == 1
    # 0001_catalogue is the root; later revisions build on it.
    from alembic.script import ScriptDirectory

    from bot.database import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    assert [rev.revision for rev in script.walk_revisions()][-1] == "0001_catalogue"


async def test_upgrade_from_empty_creates_the_tables(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        assert await current_revisions(engine) == set()
        assert not await schema_is_current(engine)
        reached = await upgrade_database(database_url)
        assert reached == head_revisions()
        assert await schema_is_current(engine)
        tables = await _tables(engine)
        assert {"catalogue_imports", "imported_procedures", "alembic_version"} <= tables
    finally:
        await engine.dispose()


async def test_upgrade_twice_is_harmless(database_url: str) -> None:
    await upgrade_database(database_url)
    assert await upgrade_database(database_url) == head_revisions()


async def test_stale_schema_is_detected_and_refused(database_url: str) -> None:
    await upgrade_database(database_url, "0001_catalogue")
    engine = create_engine(database_url)
    try:
        assert await current_revisions(engine) == {"0001_catalogue"}
        if head_revisions() != {"0001_catalogue"}:
            assert not await schema_is_current(engine)
        async with engine.begin() as connection:
            await connection.execute(text("UPDATE alembic_version SET version_num = 'an_old_revision'"))
        assert not await schema_is_current(engine)
        with pytest.raises(SchemaOutdatedError, match="run `tthc-bot db upgrade`"):
            await ensure_schema_current(engine)
        assert "tthc-bot db upgrade" in STALE_SCHEMA_MESSAGE
    finally:
        await engine.dispose()


async def test_empty_database_is_not_current(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        with pytest.raises(SchemaOutdatedError):
            await ensure_schema_current(engine)
    finally:
        await engine.dispose()


async def test_migrated_database_accepts_rows(db_engine: AsyncEngine) -> None:
    await ensure_schema_current(db_engine)
    sessions = session_factory(db_engine)
    async with sessions() as session, session.begin():
        row = CatalogueImport(
            filename="a.jsonl", kind="list", started_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
        )
        session.add(row)
    assert row.id is not None  # usable after commit (expire_on_commit is off)
    async with sessions() as session:
        stored = await session.get(CatalogueImport, row.id)
        assert stored is not None and stored.filename == "a.jsonl" and stored.status == "ok"
        assert stored.started_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


async def test_sqlite_runs_with_wal_and_foreign_keys(sqlite_database_url: str) -> None:
    await upgrade_database(sqlite_database_url)
    engine = create_engine(sqlite_database_url)
    try:
        async with engine.connect() as connection:
            assert (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
            assert (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
        with pytest.raises(Exception, match="FOREIGN KEY"):
            async with engine.begin() as connection:
                await connection.execute(
                    text(
                        "INSERT INTO imported_procedures (code, data, source_kind, import_id, imported_at) "
                        "VALUES ('1.000001', '{}', 'list', 999, '2026-01-01 00:00:00')"
                    )
                )
    finally:
        await engine.dispose()


def test_migration_template_imports_sqlmodel() -> None:
    from bot.database import MIGRATIONS_DIR

    template = (MIGRATIONS_DIR / "script.py.mako").read_text(encoding="utf-8")
    assert "import sqlmodel" in template


async def test_models_match_the_migrations(db_engine: AsyncEngine) -> None:
    """Every table model has its migration: autogenerate finds nothing to add, drop or alter."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    import bot.models  # noqa: F401  (registers every table)

    async with db_engine.connect() as connection:
        differences = await connection.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), SQLModel.metadata
            )
        )
    assert differences == []
