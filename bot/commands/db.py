"""``tthc-bot db``: migrate the database (``upgrade``) or show its schema revision (``current``)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings, SettingsError, load_settings
from bot.database import create_engine, current_revisions, head_revisions, upgrade_database


def register(subparsers: Any) -> None:
    """Add the ``db`` sub-command and its ``upgrade`` and ``current`` actions."""
    parser = subparsers.add_parser("db", help="cơ sở dữ liệu: migration / database migrations")
    actions = parser.add_subparsers(dest="db_action", required=True)
    upgrade = actions.add_parser("upgrade", help="nâng cấp lược đồ lên phiên bản mới nhất / migrate to head")
    upgrade.set_defaults(func=run_upgrade)
    current = actions.add_parser(
        "current", help="phiên bản lược đồ hiện tại; mã thoát 1 nếu cũ / current revision, exit 1 if stale"
    )
    current.set_defaults(func=run_current)


def settings_or_report() -> Settings | None:
    """Return the settings, or print the one-line settings error to stderr and return None (exit 2)."""
    try:
        return load_settings()
    except SettingsError as exc:
        print(f"Lỗi cấu hình / settings error: {exc}", file=sys.stderr)
        return None


def run_upgrade(_args: argparse.Namespace) -> int:
    """Migrate the configured database to the newest revision; return the exit code."""
    settings = settings_or_report()
    if settings is None:
        return 2
    try:
        reached = asyncio.run(upgrade_database(settings.database_url))
    except (SQLAlchemyError, OSError) as exc:
        print(f"Không nâng cấp được cơ sở dữ liệu: {_one_line(exc)}", file=sys.stderr)
        return 1
    print(f"Cơ sở dữ liệu đã ở phiên bản mới nhất: {', '.join(sorted(reached))}")
    return 0


def run_current(_args: argparse.Namespace) -> int:
    """Print the database's revision and the newest; return 0 when current, 1 when stale or unreachable."""
    settings = settings_or_report()
    if settings is None:
        return 2
    try:
        current = asyncio.run(_current(settings.database_url))
    except (SQLAlchemyError, OSError) as exc:
        print(f"Không đọc được cơ sở dữ liệu: {_one_line(exc)}", file=sys.stderr)
        return 1
    heads = head_revisions()
    print(f"hiện tại / current: {', '.join(sorted(current)) or '(chưa có / none)'}")
    print(f"mới nhất / head: {', '.join(sorted(heads))}")
    if current != heads:
        print("Lược đồ đã cũ: chạy `tthc-bot db upgrade`.", file=sys.stderr)
        return 1
    return 0


async def _current(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return await current_revisions(engine)
    finally:
        await engine.dispose()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"
