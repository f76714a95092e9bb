"""``tthc-bot export``: the ratings of a period, one row each, to a ``.csv`` or ``.xlsx`` file."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.commands.db import settings_or_report
from bot.commands.report import add_period_arguments, checked_sessions, period_of
from bot.config import Settings


def register(subparsers: Any) -> None:
    """Add the ``export`` sub-command."""
    parser = subparsers.add_parser("export", help="xuất các lượt đánh giá / export the ratings (csv, xlsx)")
    parser.add_argument(
        "--format", choices=("csv", "xlsx"), required=True, help="csv hoặc xlsx / csv or xlsx"
    )
    parser.add_argument("--output", type=Path, required=True, help="tệp kết quả / output file")
    add_period_arguments(parser)
    parser.set_defaults(func=run_export)


async def _export(settings: Settings, args: argparse.Namespace) -> int:
    from bot.catalogue_store import load_catalogue
    from bot.i18n import use_locale
    from bot.rating_export import load_rows, to_csv, to_xlsx
    from knowledge.catalogue import Catalogue

    period = period_of(args)
    async with checked_sessions(settings) as sessions:
        catalogue = await load_catalogue(sessions, Catalogue.load())
        with use_locale(settings.default_locale):
            rows = await load_rows(sessions, period, catalogue.get)
            data = to_csv(rows) if args.format == "csv" else to_xlsx(rows)
    args.output.write_bytes(data)
    return len(rows)


def run_export(args: argparse.Namespace) -> int:
    """Write the export file; return 0, 1 on a database or file problem, 2 on bad settings or arguments."""
    from bot.satisfaction_report import PeriodError

    settings = settings_or_report()
    if settings is None:
        return 2
    try:
        count = asyncio.run(_export(settings, args))
    except PeriodError as error:
        print(f"Khoảng thời gian không hợp lệ / invalid period: {error}", file=sys.stderr)
        return 2
    except (SQLAlchemyError, OSError, RuntimeError) as error:
        print(f"Không xuất được / export failed: {error}", file=sys.stderr)
        return 1
    print(f"Đã ghi {count} lượt đánh giá vào {args.output.name} / wrote {count} ratings")
    return 0
