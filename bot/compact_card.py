"""The compact procedure card: what inline mode posts into any chat and what heads a helper's checklist.

Name and code, a one-line online-level badge, key facts (field, time, fee, number of documents) and the
source credit; no buttons that need the bot, because the message may live in a chat the bot is not in.
"""

from __future__ import annotations

import html

from babel.numbers import format_decimal

from bot.answer_card import babel_locale, clean_name, format_time, format_vnd
from bot.i18n import _
from knowledge.procedure import OnlineLevel, Procedure

DESCRIPTION_CHARS = 120


def badge(procedure: Procedure) -> str:
    """Return the online-level badge on one line, e.g. ``🟢 Trực tuyến toàn trình``."""
    level = procedure.online_level
    if level is OnlineLevel.FULL:
        return "🟢 " + _("Trực tuyến toàn trình")
    if level is OnlineLevel.PARTIAL:
        return "🟡 " + _("Trực tuyến một phần")
    if level is OnlineLevel.OFFLINE:
        return "🔴 " + _("Chỉ nộp trực tiếp")
    if procedure.online_submission:
        return "⚪ " + _("Có thể nộp trực tuyến")
    return "⚪ " + _("Chưa rõ mức độ trực tuyến")


def _first_fee(procedure: Procedure) -> str | None:
    for channel in procedure.channels:
        for fee in channel.fees:
            if fee.amount_vnd == 0:
                return _("Miễn phí")
            if fee.amount_vnd is not None:
                return format_vnd(fee.amount_vnd)
    return None


def key_facts(procedure: Procedure) -> list[str]:
    """Return the key facts of a procedure as plain-text lines (field, time, fee, document count)."""
    facts: list[str] = []
    if procedure.field:
        facts.append(_("Lĩnh vực: {field}").format(field=clean_name(procedure.field)))
    times = [text for text in (format_time(channel) for channel in procedure.channels) if text]
    if times:
        facts.append(_("Thời hạn: {time}").format(time=times[0]))
    fee = _first_fee(procedure)
    if fee:
        facts.append(_("Lệ phí: {fee}").format(fee=fee))
    if procedure.documents:
        count = format_decimal(len(procedure.documents), locale=babel_locale())
        facts.append(_("Hồ sơ: {count} giấy tờ").format(count=count))
    return facts


def compact_card(procedure: Procedure) -> str:
    """Return the compact card of a procedure as Telegram HTML."""
    lines = [
        f"<b>{html.escape(clean_name(procedure.name)[:400])}</b>",
        _("Mã thủ tục: {code}").format(code=f"<code>{html.escape(procedure.code)}</code>"),
        badge(procedure),
        *(html.escape(fact) for fact in key_facts(procedure)),
        "<i>" + _("Nguồn: Cổng Dịch vụ công quốc gia") + "</i>",
    ]
    return "\n".join(lines)


def short_description(procedure: Procedure) -> str:
    """Return the one-line description of an inline result: code, badge and the first key fact."""
    parts = [procedure.code, badge(procedure), *key_facts(procedure)[:2]]
    text = " · ".join(parts)
    return text if len(text) <= DESCRIPTION_CHARS else text[: DESCRIPTION_CHARS - 1] + "…"
