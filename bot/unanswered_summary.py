"""The most frequent unanswered questions, with accented and unaccented variants counted as one.

Questions are grouped by ``fold(clean_query(question))``: the search form of the question without
diacritics, filler words or typing slips, so "lam can cuoc" and "Làm căn cước ạ" fall in one group. Each
group is shown by its most frequent wording with diacritics (or the most frequent one when none has any). The
stored questions are already masked; they are masked again here so no view can show personal data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from bot.models.conversation import UnansweredQuestion
from bot.privacy import mask_personal_data
from bot.satisfaction_report import Period
from knowledge.text import clean_query, fold, normalize

MAX_SCANNED = 20_000


@dataclass(frozen=True, slots=True)
class UnansweredGroup:
    """One unanswered question in its most frequent wording, how often it was asked, and its variants."""

    question: str
    count: int
    variants: int


def group_key(question: str) -> str:
    """Return the grouping key of a question: its cleaned search form, folded and lower-case."""
    cleaned = clean_query(question) or question
    return " ".join(fold(cleaned).lower().split())


def group_questions(questions: Iterable[str], limit: int = 15) -> list[UnansweredGroup]:
    """Return the ``limit`` most frequent question groups, most frequent first."""
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    for question in questions:
        text = " ".join(mask_personal_data(question).split())
        if text:
            groups[group_key(text)][text] += 1
    ranked = sorted(groups.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    result = []
    for _key, wordings in ranked[:limit]:
        wording = max(wordings.items(), key=lambda item: (_accented(item[0]), item[1], item[0]))[0]
        result.append(UnansweredGroup(wording, sum(wordings.values()), len(wordings)))
    return result


def _accented(text: str) -> bool:
    normalized = normalize(text)
    return fold(normalized) != normalized


async def frequent_unanswered(
    sessions: async_sessionmaker[AsyncSession], period: Period, limit: int = 15
) -> list[UnansweredGroup]:
    """Return the most frequent unanswered question groups of ``period`` (the latest 20,000 questions)."""
    low, high = period.utc_bounds()
    query = select(UnansweredQuestion.question)
    if low is not None:
        query = query.where(col(UnansweredQuestion.created_at) >= low)
    if high is not None:
        query = query.where(col(UnansweredQuestion.created_at) < high)
    query = query.order_by(col(UnansweredQuestion.id).desc()).limit(MAX_SCANNED)
    async with sessions() as session:
        questions = list((await session.execute(query)).scalars().all())
    return group_questions(questions, limit)
