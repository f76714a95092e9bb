"""``tthc-bot i18n``: refresh (``update``), compile (``compile``) or check (``check``) the catalogues."""

from __future__ import annotations

import argparse
import contextlib
from typing import Any

from babel.messages.frontend import CommandLineInterface

from bot.message_catalogues import PROJECT_ROOT, babel_commands, check_catalogues


def register(subparsers: Any) -> None:
    """Add the ``i18n`` sub-command with its ``update``, ``compile`` and ``check`` actions."""
    parser = subparsers.add_parser("i18n", help="bản dịch giao diện / message catalogues (Babel)")
    actions = parser.add_subparsers(dest="i18n_action", required=True)
    update = actions.add_parser(
        "update", help="trích thông điệp mới vào vi/en (pybabel extract + update) / extract and merge"
    )
    update.set_defaults(func=run_update)
    compile_ = actions.add_parser("compile", help="biên dịch .po thành .mo / compile the catalogues")
    compile_.set_defaults(func=run_compile)
    check = actions.add_parser(
        "check", help="báo thông điệp thiếu/chưa dịch; mã thoát 1 nếu có / report problems, exit 1 if any"
    )
    check.set_defaults(func=run_check)


def _pybabel(arguments: list[str]) -> None:
    with contextlib.chdir(PROJECT_ROOT):
        CommandLineInterface().run(arguments)


def run_update(_args: argparse.Namespace) -> int:
    """Extract the messages of the code and merge them into both catalogues; return the exit code."""
    commands = babel_commands()
    _pybabel(commands["extract"])
    _pybabel(commands["update"])
    print("Đã cập nhật. Dịch các thông điệp mới trong bot/locales/en, rồi chạy: tthc-bot i18n compile")
    return 0


def run_compile(_args: argparse.Namespace) -> int:
    """Compile both catalogues into the ``.mo`` files the bot loads; return the exit code."""
    _pybabel(babel_commands()["compile"])
    return 0


def run_check(_args: argparse.Namespace) -> int:
    """Print missing, untranslated and stale messages; return 1 when there are any."""
    problems = check_catalogues()
    for line in problems.lines():
        print(line)
    if problems:
        return 1
    print("OK: every message is in the vi and en catalogues")
    return 0
