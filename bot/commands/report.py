"""``tthc-bot report``: the ``/stats`` figures offline, as text or ``--json``, for a period or date range."""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import re
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.commands.db import settings_or_report
from bot.config import Settings

STALE_SCHEMA = (
    "Lược đồ cơ sở dữ liệu đã cũ: chạy `tthc-bot db upgrade`. "
    "/ The schema is stale: run `tthc-bot db upgrade`."
)


def add_period_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--period`` and ``--since``/``--until`` (local dates, inclusive) to a sub-command."""
    parser.add_argument("--period", help="7d, 30d, YYYY-MM hoặc all / 7d, 30d, YYYY-MM or all")
    parser.add_argument("--since", type=date.fromisoformat, help="từ ngày / from date (YYYY-MM-DD)")
    parser.add_argument("--until", type=date.fromisoformat, help="đến ngày / to date (YYYY-MM-DD), inclusive")


def period_of(args: argparse.Namespace) -> Any:
    """Return the period the arguments name (default: everything); raise PeriodError when invalid."""
    from bot.satisfaction_report import PeriodError, parse_period, period_between

    if args.period and (args.since or args.until):
        raise PeriodError("--period together with --since/--until")
    if args.period:
        return parse_period(args.period)
    return period_between(args.since, args.until)


@asynccontextmanager
async def checked_sessions(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Yield sessions on the configured database; raise RuntimeError when its schema is not current."""
    from bot.database import create_engine, schema_is_current, session_factory

    engine = create_engine(settings.database_url)
    try:
        if not await schema_is_current(engine):
            raise RuntimeError(STALE_SCHEMA)
        yield session_factory(engine)
    finally:
        await engine.dispose()


def register(subparsers: Any) -> None:
    """Add the ``report`` sub-command."""
    parser = subparsers.add_parser(
        "report", help="số liệu mức độ hài lòng (như /stats) / satisfaction figures (as /stats)"
    )
    add_period_arguments(parser)
    parser.add_argument("--json", action="store_true", help="in JSON / print JSON")
    parser.set_defaults(func=run_report)


async def _report(settings: Settings, args: argparse.Namespace) -> str:
    from bot.catalogue_store import load_catalogue
    from bot.i18n import use_locale
    from bot.satisfaction_report import load_report
    from bot.stats_message import render_stats
    from knowledge.catalogue import Catalogue

    period = period_of(args)
    async with checked_sessions(settings) as sessions:
        catalogue = await load_catalogue(sessions, Catalogue.load())

        def name_of(code: str) -> str | None:
            procedure = catalogue.get(code)
            return procedure.name if procedure is not None else None

        report = await load_report(sessions, period, name_of)
    if args.json:
        return json.dumps(report.to_json(), ensure_ascii=False, indent=2)
    with use_locale(settings.default_locale):
        return html.unescape(re.sub(r"<[^>]+>", "", render_stats(report)))


def run_report(args: argparse.Namespace) -> int:
    """Print the report; return 0, 1 on a database problem, 2 on bad settings or arguments."""
    from bot.satisfaction_report import PeriodError

    settings = settings_or_report()
    if settings is None:
        return 2
    try:
        output = asyncio.run(_report(settings, args))
    except PeriodError as error:
        print(f"Khoảng thời gian không hợp lệ / invalid period: {error}", file=sys.stderr)
        return 2
    except (SQLAlchemyError, OSError, RuntimeError) as error:
        print(f"Không đọc được cơ sở dữ liệu / database error: {error}", file=sys.stderr)
        return 1
    print(output)
    return 0
