"""``/unanswered``, ``/alias [phrase] = <code>``, ``/aliases`` and ``/unalias [phrase]`` (admins only).

An alias is stored in the database and the running search index is rebuilt with it at once.
"""

from __future__ import annotations

import html
import logging

from telegram import Message, Update

from bot.alias_store import AliasError, AliasProblem, parse_alias, phrase_key
from bot.i18n import _
from bot.satisfaction_chart import format_count, period_text
from bot.satisfaction_report import Period
from bot.services import Services
from bot.unanswered_summary import frequent_unanswered
from handlers.admin_access import admin_command, admin_period_command, argument_text

logger = logging.getLogger(__name__)
MESSAGE_BUDGET = 3800  # characters of a list message, under Telegram's 4096


def alias_usage() -> str:
    """Return how to use /alias."""
    return _("Cách dùng: /alias [cụm từ] = [mã thủ tục], ví dụ: /alias giấy khai sinh cho con = 1.001193")


def alias_problem_text(problem: AliasProblem) -> str:
    """Return the explanation of a refused alias."""
    texts = {
        AliasProblem.SYNTAX: alias_usage(),
        AliasProblem.PHRASE_LENGTH: _("Cụm từ cần dài từ 2 đến 200 ký tự."),
        AliasProblem.PERSONAL_DATA: _("Cụm từ không được chứa số giấy tờ, số điện thoại hay email."),
        AliasProblem.UNKNOWN_CODE: _("Không có thủ tục nào mang mã này trong danh mục."),
    }
    return texts[problem]


def _fit(lines: list[str], more: str) -> str:
    """Join lines under the message budget; say how many were left out."""
    kept: list[str] = []
    size = 0
    for index, line in enumerate(lines):
        if size + len(line) + 1 > MESSAGE_BUDGET:
            kept.append(more.format(count=len(lines) - index))
            break
        kept.append(line)
        size += len(line) + 1
    return "\n".join(kept)


@admin_period_command
async def unanswered(update: Update, message: Message, services: Services, period: Period) -> None:
    """``/unanswered [period]``: the most frequent questions no procedure matched, variants grouped."""
    groups = await frequent_unanswered(services.session_factory, period)
    heading = _("<b>Câu hỏi chưa tìm được thủ tục</b> ({period})").format(period=period_text(period))
    if not groups:
        await message.reply_text(heading + "\n" + _("Không có câu hỏi nào."))
        return
    lines = [heading]
    for rank, group in enumerate(groups, start=1):
        line = _("{rank}. “{question}” — {count} lần").format(
            rank=rank, question=html.escape(group.question), count=format_count(group.count)
        )
        if group.variants > 1:
            line += " " + _("({variants} cách viết)").format(variants=group.variants)
        lines.append(line)
    lines += ["", _("Dạy bot bằng: /alias [cụm từ] = [mã thủ tục]")]
    await message.reply_text(_fit(lines, _("… và {count} dòng nữa")))


@admin_command
async def add_alias(update: Update, message: Message, services: Services) -> None:
    """``/alias [phrase] = <code>``: store the alias and rebuild the search index with it."""
    try:
        request = parse_alias(argument_text(update))
        procedure = services.catalogue.get(request.code)
        if procedure is None:
            raise AliasError(AliasProblem.UNKNOWN_CODE)
    except AliasError as error:
        await message.reply_text(alias_problem_text(error.problem))
        return
    created = await services.aliases.add(request.phrase, procedure.code)
    total = await services.reload_aliases()
    text = _("Đã dạy bot: “{phrase}” → {name} ({code}). Tìm kiếm dùng ngay từ bây giờ.")
    if not created:
        text = _("Đã sửa: “{phrase}” nay trỏ tới {name} ({code}). Tìm kiếm dùng ngay từ bây giờ.")
    await message.reply_text(
        text.format(
            phrase=html.escape(request.phrase),
            name=html.escape(" ".join(procedure.name.split())),
            code=html.escape(procedure.code),
        )
    )
    logger.info("alias stored (%d aliases in the index)", total)


@admin_command
async def list_aliases(update: Update, message: Message, services: Services) -> None:
    """``/aliases``: every alias with its procedure."""
    aliases = await services.aliases.entries()
    if not aliases:
        await message.reply_text(_("Chưa có cụm từ nào. Thêm bằng: /alias [cụm từ] = [mã thủ tục]"))
        return
    lines = [_("<b>Cụm từ đã dạy bot</b> ({count})").format(count=format_count(len(aliases)))]
    for alias in aliases:
        procedure = services.catalogue.get(alias.procedure_code)
        name = " ".join(procedure.name.split()) if procedure else _("(không còn trong danh mục)")
        lines.append(
            f"• “{html.escape(alias.phrase)}” → {html.escape(alias.procedure_code)} {html.escape(name)}"
        )
    lines += ["", _("Xoá bằng: /unalias [cụm từ]")]
    await message.reply_text(_fit(lines, _("… và {count} dòng nữa")))


@admin_command
async def remove_alias(update: Update, message: Message, services: Services) -> None:
    """``/unalias [phrase]``: delete the alias (any accent variant) and rebuild the search index."""
    phrase = argument_text(update)
    if not phrase_key(phrase):
        await message.reply_text(_("Cách dùng: /unalias [cụm từ]"))
        return
    if not await services.aliases.remove(phrase):
        await message.reply_text(
            _("Không có cụm từ “{phrase}”. Xem danh sách: /aliases").format(phrase=html.escape(phrase))
        )
        return
    await services.reload_aliases()
    await message.reply_text(_("Đã xoá cụm từ “{phrase}”.").format(phrase=html.escape(phrase)))
    logger.info("alias removed")
