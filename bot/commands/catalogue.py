"""``tthc-bot catalogue``: build the shipped catalogue, show its statistics, or import an admin's file."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.catalogue_import import CatalogueImportError, import_catalogue_file
from bot.catalogue_store import apply_imports, imported_procedures
from bot.commands.db import settings_or_report
from bot.database import create_engine, schema_is_current, session_factory
from knowledge.catalogue import DEFAULT_CATALOGUE_PATH, Catalogue, CatalogueFormatError

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCE = REPO_ROOT / ".." / "shared" / "data"


def register(subparsers: Any) -> None:
    """Add the ``catalogue`` sub-command with its ``build``, ``stats`` and ``import`` actions."""
    parser = subparsers.add_parser("catalogue", help="danh mục thủ tục / procedure catalogue")
    actions = parser.add_subparsers(dest="catalogue_action", required=True)

    build = actions.add_parser("build", help="dựng danh mục từ dữ liệu gốc / build from the raw exports")
    build.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="thư mục dữ liệu gốc")
    build.add_argument("--output", type=Path, default=DEFAULT_CATALOGUE_PATH, help="tệp danh mục .json.gz")
    build.set_defaults(func=run_build)

    stats = actions.add_parser("stats", help="thống kê danh mục / catalogue statistics")
    stats.add_argument("--json", action="store_true", help="in JSON / print JSON")
    stats.add_argument("--catalogue", type=Path, default=None, help="tệp danh mục (mặc định: danh mục gốc)")
    stats.set_defaults(func=run_stats)

    imports = actions.add_parser("import", help="nạp tệp JSONL hoặc .xlsx của Cổng / import a portal file")
    imports.add_argument("file", type=Path, help="JSONL danh sách, JSONL chi tiết hoặc .xlsx")
    imports.set_defaults(func=run_import)


def run_build(args: argparse.Namespace) -> int:
    """Build the catalogue from ``--source``, print the build report, save it to ``--output``."""
    from knowledge.catalogue_build import build_catalogue

    source: Path = args.source
    if not source.is_dir():
        print(f"Không thấy thư mục dữ liệu gốc: {source}", file=sys.stderr)
        return 1
    catalogue, report = build_catalogue(source)
    print(report.render())
    if len(catalogue) == 0:
        print("Không đọc được thủ tục nào: giữ nguyên danh mục cũ.", file=sys.stderr)
        return 1
    output: Path = args.output
    size = catalogue.save(output)
    print(f"Đã ghi {len(catalogue)} thủ tục vào {output} ({size / 1024:.1f} KB, {size} bytes)")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    """Print statistics of the shipped catalogue plus database imports when the database is current."""
    from knowledge.catalogue_stats import catalogue_stats

    settings = settings_or_report()
    if settings is None:
        return 2
    try:
        shipped = Catalogue.load(args.catalogue)
    except CatalogueFormatError as exc:
        print(f"Không đọc được danh mục: {exc}", file=sys.stderr)
        return 1
    catalogue, imported, note = asyncio.run(_with_imports(settings.database_url, shipped))
    stats = catalogue_stats(catalogue)
    if note:
        print(note, file=sys.stderr)
    # The JSON keeps exactly the documented keys; the import count is a note beside it.
    print(f"Thủ tục nhập từ cơ sở dữ liệu / imported procedures: {imported}", file=sys.stderr)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2, sort_keys=True, default=str))
    else:
        for line in _render(stats):
            print(line)
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import an admin's catalogue file into the database; print the summary, or the error and exit 1."""
    settings = settings_or_report()
    if settings is None:
        return 2
    path: Path = args.file
    if not path.is_file():
        print(f"Không thấy tệp: {path}", file=sys.stderr)
        return 1
    try:
        print(asyncio.run(_import(settings.database_url, path)))
    except CatalogueImportError as exc:
        print(f"Nhập thất bại, danh mục không thay đổi: {exc}", file=sys.stderr)
        return 1
    except (SQLAlchemyError, OSError, RuntimeError) as exc:
        print(f"Nhập thất bại: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


async def _import(url: str, path: Path) -> str:
    engine = create_engine(url)
    try:
        if not await schema_is_current(engine):
            raise RuntimeError("lược đồ cơ sở dữ liệu đã cũ: chạy `tthc-bot db upgrade`")
        result = await import_catalogue_file(path, session_factory(engine))
        return result.summary()
    finally:
        await engine.dispose()


async def _with_imports(url: str, shipped: Catalogue) -> tuple[Catalogue, int, str]:
    """Return the catalogue in use, the number of imported procedures and a note when imports were skipped."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not (parsed.database and Path(parsed.database).is_file()):
        return shipped, 0, ""
    engine = create_engine(url)
    try:
        if not await schema_is_current(engine):
            return shipped, 0, "Cơ sở dữ liệu chưa nâng cấp (`tthc-bot db upgrade`): chỉ tính danh mục gốc."
        imported = await imported_procedures(session_factory(engine))
        return apply_imports(shipped, imported), len(imported), ""
    except (SQLAlchemyError, OSError) as exc:
        return shipped, 0, f"Không đọc được cơ sở dữ liệu ({type(exc).__name__}): chỉ tính danh mục gốc."
    finally:
        await engine.dispose()


def _render(value: Any, indent: str = "") -> list[str]:
    """Return a plain-text rendering of nested stats: one ``key: value`` line per scalar."""
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list):
                lines.append(f"{indent}{key}:")
                lines.extend(_render(item, indent + "  "))
            else:
                lines.append(f"{indent}{key}: {item}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                lines.extend(_render(item, indent + "  "))
            elif isinstance(item, list):
                lines.append(f"{indent}- {': '.join(str(part) for part in item)}")
            else:
                lines.append(f"{indent}- {item}")
    else:
        lines.append(f"{indent}{value}")
    return lines
