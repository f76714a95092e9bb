"""The ``tthc-bot`` command line: one sub-command per module in ``bot.commands``."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

COMMAND_MODULES: tuple[str, ...] = (
    "ask",
    "catalogue",
    "db",
    "run",
    "console",
    "report",
    "export",
    "purge",
    "i18n",
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """Return the argument parser with every sub-command registered, or only the ``only`` one (so that
    ``tthc-bot ask`` does not import the database and Telegram stacks the other commands need)."""
    parser = argparse.ArgumentParser(
        prog="tthc-bot",
        description="Trợ lý thủ tục hành chính / Administrative-procedure assistant",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES if only is None else (only,):
        importlib.import_module(f"bot.commands.{name}").register(subparsers)
    return parser


# python-telegram-bot 22 warns that durations such as ``RetryAfter.retry_after`` become timedeltas; opt in
# now (``bot.telegram_retry.retry_after_seconds`` reads both forms).
PTB_TIMEDELTA = ("PTB_TIMEDELTA", "true")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    os.environ.setdefault(*PTB_TIMEDELTA)
    arguments = list(sys.argv[1:] if argv is None else argv)
    only = arguments[0] if arguments and arguments[0] in COMMAND_MODULES else None
    args = build_parser(only).parse_args(arguments)
    result = args.func(args)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
