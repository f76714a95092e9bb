"""Aliases taught by admins (``/alias <phrase> = <code>``): stored in the database, applied to the search.

A phrase is keyed by its folded form, so "giay to nha dat" and "giấy tờ nhà đất" are the same alias and
teaching it again points it to the new code. ``SearchIndex.with_aliases`` turns the mapping into a strong
pointer to the procedure; ``Services.reload_aliases`` rebuilds the live index from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from bot.conversations import utc_now
from bot.models.admin import AdminAlias
from bot.privacy import mask_personal_data
from knowledge.text import fold, normalize

MIN_PHRASE_CHARS = 2
MAX_PHRASE_CHARS = 200


class AliasError(ValueError):
    """An alias command that cannot be applied; ``problem`` says why (see :class:`AliasProblem`)."""

    def __init__(self, problem: AliasProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


class AliasProblem(StrEnum):
    """Why an alias was refused."""

    SYNTAX = "syntax"
    PHRASE_LENGTH = "phrase_length"
    PERSONAL_DATA = "personal_data"
    UNKNOWN_CODE = "unknown_code"


@dataclass(frozen=True, slots=True)
class AliasRequest:
    """A parsed ``<phrase> = <code>``."""

    phrase: str
    code: str


def phrase_key(phrase: str) -> str:
    """Return the key of a phrase: folded (no diacritics), lower-case, single spaces."""
    return " ".join(fold(phrase).lower().split())


def parse_alias(text: str) -> AliasRequest:
    """Return the phrase and code of ``<phrase> = <code>``; raise :class:`AliasError` when malformed."""
    phrase, separator, code = text.rpartition("=")
    phrase = " ".join(normalize(phrase).split())
    code = code.strip()
    if not separator or not phrase or not code or " " in code:
        raise AliasError(AliasProblem.SYNTAX)
    if not MIN_PHRASE_CHARS <= len(phrase) <= MAX_PHRASE_CHARS:
        raise AliasError(AliasProblem.PHRASE_LENGTH)
    if mask_personal_data(phrase) != phrase:
        raise AliasError(AliasProblem.PERSONAL_DATA)
    return AliasRequest(phrase, code)


class AliasStore:
    """Adds, removes and lists the admin aliases; every method is one short transaction."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def add(self, phrase: str, code: str) -> bool:
        """Store ``phrase`` → ``code``; return True when new, False when an existing alias was re-pointed."""
        key = phrase_key(phrase)
        for _attempt in range(2):
            try:
                async with self._sessions() as session, session.begin():
                    existing = (
                        await session.execute(select(AdminAlias).where(col(AdminAlias.phrase_key) == key))
                    ).scalar_one_or_none()
                    if existing is not None:
                        existing.phrase = phrase
                        existing.procedure_code = code
                        return False
                    session.add(
                        AdminAlias(phrase=phrase, phrase_key=key, procedure_code=code, created_at=utc_now())
                    )
                return True
            except IntegrityError:  # taught at the same moment by another admin: update theirs
                continue
        raise RuntimeError("the alias could not be stored")

    async def remove(self, phrase: str) -> bool:
        """Delete the alias of ``phrase`` (any accent variant); return True if there was one."""
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                delete(AdminAlias).where(col(AdminAlias.phrase_key) == phrase_key(phrase))
            )
            return int(getattr(result, "rowcount", 0) or 0) > 0

    async def entries(self) -> list[AdminAlias]:
        """Return every alias, by phrase."""
        async with self._sessions() as session:
            result = await session.execute(select(AdminAlias).order_by(col(AdminAlias.phrase_key)))
            return list(result.scalars().all())

    async def mapping(self) -> dict[str, str]:
        """Return phrase → procedure code for the search index."""
        return {alias.phrase: alias.procedure_code for alias in await self.entries()}
