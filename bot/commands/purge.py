"""``tthc-bot purge --older-than 365d``: delete old conversations, ratings and unanswered questions.

Their daily counts are kept, so ``/stats`` and ``tthc-bot report`` show the same figures afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.commands.db import settings_or_report
from bot.commands.report import checked_sessions
from bot.config import Settings


def register(subparsers: Any) -> None:
    """Add the ``purge`` sub-command."""
    parser = subparsers.add_parser(
        "purge", help="xoá dữ liệu cũ, giữ số liệu tổng hợp / delete old data, keep the aggregate counts"
    )
    parser.add_argument(
        "--older-than", required=True, help="tuổi dữ liệu, ví dụ 365d hoặc 52w / age, e.g. 365d or 52w"
    )
    parser.set_defaults(func=run_purge)


async def _purge(settings: Settings, older_than: str) -> Any:
    from bot.retention import parse_age, purge

    async with checked_sessions(settings) as sessions:
        return await purge(sessions, parse_age(older_than))


def run_purge(args: argparse.Namespace) -> int:
    """Purge and print what was deleted; return 0, 1 on a database problem, 2 on bad settings or age."""
    from bot.retention import parse_age

    settings = settings_or_report()
    if settings is None:
        return 2
    try:
        parse_age(args.older_than)
    except ValueError as error:
        print(f"Tuổi không hợp lệ / invalid age: {error}", file=sys.stderr)
        return 2
    try:
        result = asyncio.run(_purge(settings, args.older_than))
    except (SQLAlchemyError, OSError, RuntimeError) as error:
        print(f"Không xoá được / purge failed: {error}", file=sys.stderr)
        return 1
    print(
        f"Đã xoá / deleted: {result.conversations} cuộc trò chuyện / conversations, "
        f"{result.ratings} lượt đánh giá / ratings, {result.unanswered} câu hỏi chưa trả lời / "
        f"unanswered questions (trước / before {result.cutoff:%Y-%m-%d %H:%M} UTC). "
        "Số liệu tổng hợp được giữ lại / aggregate counts kept."
    )
    return 0
