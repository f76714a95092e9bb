"""Tables of admin catalogue imports: the imported procedures and the log of every import attempt."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

# JSON on SQLite, JSONB on PostgreSQL.
PROCEDURE_JSON = JSON().with_variant(JSONB(), "postgresql")


class ImportStatus(StrEnum):
    """Outcome of one import attempt."""

    OK = "ok"
    FAILED = "failed"


class CatalogueImport(SQLModel, table=True):
    """One admin import of a catalogue file, successful or not (times are timezone-aware UTC)."""

    __tablename__ = "catalogue_imports"

    id: int | None = Field(default=None, primary_key=True)
    filename: str = Field(max_length=255)  # base name only, never a path
    kind: str = Field(default="", max_length=16)  # list / detail / xlsx, empty when undetected
    record_count: int = 0  # procedures in the file
    added_count: int = 0  # codes not imported before
    replaced_count: int = 0  # codes whose earlier imported row was replaced
    status: str = Field(default=ImportStatus.OK.value, max_length=16)
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    imported_by: str | None = Field(default=None, max_length=64)  # Settings.hash_user_id of the admin
    started_at: datetime
    finished_at: datetime | None = None


class ImportedProcedure(SQLModel, table=True):
    """A procedure imported by an admin; applied on top of the shipped catalogue."""

    __tablename__ = "imported_procedures"

    code: str = Field(primary_key=True, max_length=64)
    data: dict[str, Any] = Field(sa_column=Column(PROCEDURE_JSON, nullable=False))  # Procedure.to_dict()
    source_kind: str = Field(max_length=16)
    import_id: int = Field(foreign_key="catalogue_imports.id", index=True)
    imported_at: datetime
