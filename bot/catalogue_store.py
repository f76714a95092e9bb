"""The catalogue in use: the shipped catalogue with the admins' imported procedures applied on top."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import fields, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from bot.models.catalogue import CatalogueImport, ImportedProcedure
from knowledge.catalogue import Catalogue
from knowledge.procedure import Procedure

logger = logging.getLogger(__name__)


async def imported_procedures(session_factory: async_sessionmaker[AsyncSession]) -> list[Procedure]:
    """Return every procedure imported into the database (rows that no longer parse are skipped, logged)."""
    async with session_factory() as session:
        rows = (await session.execute(select(ImportedProcedure))).scalars().all()
    procedures: list[Procedure] = []
    for row in rows:
        try:
            procedures.append(Procedure.from_dict(row.data))
        except (KeyError, ValueError, TypeError) as exc:
            logger.warning("imported procedure %s cannot be read (%s); skipped", row.code, type(exc).__name__)
    return procedures


async def load_catalogue(session_factory: async_sessionmaker[AsyncSession], base: Catalogue) -> Catalogue:
    """Return ``base`` with the database's imported procedures applied on top.

    An imported procedure that ``base`` already knows is laid over it: the imported non-empty facts win and
    the facts the import does not carry (a list or spreadsheet import has no fees or documents) are kept.
    """
    return apply_imports(base, await imported_procedures(session_factory))


def apply_imports(base: Catalogue, imported: Sequence[Procedure]) -> Catalogue:
    """Return ``base`` plus ``imported``; an imported procedure is laid over the shipped one with its code."""
    merged = []
    for procedure in imported:
        shipped = base.get(procedure.code)
        merged.append(procedure if shipped is None else overlay(shipped, procedure))
    return base.with_overrides(merged)


def overlay(shipped: Procedure, imported: Procedure) -> Procedure:
    """Return ``shipped`` updated with every field ``imported`` states (non-empty, non-default values)."""
    defaults = Procedure(code=shipped.code, name=shipped.name)
    changes: dict[str, Any] = {}
    for item in fields(Procedure):
        value = getattr(imported, item.name)
        if item.name == "sources":
            changes["sources"] = tuple(dict.fromkeys((*shipped.sources, *imported.sources)))
        elif value != getattr(defaults, item.name):
            changes[item.name] = value
    return replace(shipped, **changes)


async def recent_imports(
    session_factory: async_sessionmaker[AsyncSession], limit: int = 10
) -> Sequence[CatalogueImport]:
    """Return the newest import-log rows, newest first."""
    async with session_factory() as session:
        result = await session.execute(
            select(CatalogueImport).order_by(col(CatalogueImport.id).desc()).limit(limit)
        )
        return result.scalars().all()
