"""The ``/stats`` message: the figures of a :class:`SatisfactionReport` as HTML text in the current locale."""

from __future__ import annotations

import html

from bot.admin_labels import channel_label, level_text, reason_text
from bot.i18n import _
from bot.satisfaction_chart import format_count, format_rate, period_text
from bot.satisfaction_report import LEVELS, MIN_PROCEDURE_RATINGS, ProcedureScore, SatisfactionReport

MAX_NAME_CHARS = 70


def period_usage() -> str:
    """Return the explanation of the period argument."""
    return _(
        "Khoảng thời gian: 7d (7 ngày gần nhất), 30d, YYYY-MM (một tháng, ví dụ 2026-11) hoặc all (toàn bộ)."
    )


def _rate(value: float | None) -> str:
    return format_rate(value) if value is not None else "—"


def _name(score: ProcedureScore) -> str:
    name = " ".join(score.name.split())
    if len(name) > MAX_NAME_CHARS:
        name = name[: MAX_NAME_CHARS - 1].rstrip() + "…"
    return html.escape(name)


def _procedure_lines(scores: list[ProcedureScore]) -> list[str]:
    return [
        _("{rank}. {name} ({code}): {rate} · {count} lượt").format(
            rank=rank,
            name=_name(score),
            code=html.escape(score.code),
            rate=format_rate(score.satisfaction_rate),
            count=format_count(score.ratings),
        )
        for rank, score in enumerate(scores, start=1)
    ]


def render_stats(report: SatisfactionReport) -> str:
    """Return the ``/stats`` message (HTML) of a report, in the current locale."""
    lines = [
        _("<b>Thống kê mức độ hài lòng</b> ({period})").format(period=period_text(report.period)),
        _("Cuộc trò chuyện: {conversations} · Lượt đánh giá: {ratings} · Tỷ lệ phản hồi: {rate}").format(
            conversations=format_count(report.conversations),
            ratings=format_count(report.ratings),
            rate=_rate(report.response_rate),
        ),
        _("<b>Tỷ lệ hài lòng: {rate}</b> (Rất hài lòng + Hài lòng trên tổng lượt đánh giá)").format(
            rate=_rate(report.satisfaction_rate)
        ),
    ]
    if report.ratings:
        lines += ["", _("<b>Phân bố mức đánh giá</b>")]
        for level in LEVELS:
            count = report.levels.get(level, 0)
            lines.append(
                f"• {level_text(level)}: {format_count(count)} ({format_rate(count / report.ratings)})"
            )
        lines += ["", _("<b>Theo kênh</b>")]
        for channel, figures in sorted(report.channels.items(), key=lambda item: -item[1].ratings):
            lines.append(
                _("• {channel}: {count} lượt, hài lòng {rate}").format(
                    channel=channel_label(channel),
                    count=format_count(figures.ratings),
                    rate=_rate(figures.satisfaction_rate),
                )
            )
    if report.best:
        lines += ["", _("<b>Thủ tục được hài lòng nhất</b> (từ {n} lượt):").format(n=MIN_PROCEDURE_RATINGS)]
        lines += _procedure_lines(report.best)
    if report.worst:
        lines += ["", _("<b>Thủ tục kém hài lòng nhất</b> (từ {n} lượt):").format(n=MIN_PROCEDURE_RATINGS)]
        lines += _procedure_lines(report.worst)
    if report.reasons:
        lines += ["", _("<b>Lý do không hài lòng</b>")]
        lines += [f"• {reason_text(reason)}: {format_count(count)}" for reason, count in report.reasons[:5]]
    lines += [
        "",
        _("<b>Khả năng trả lời</b>"),
        _("• Có thẻ thủ tục: {rate} cuộc trò chuyện").format(rate=_rate(report.card_share)),
        _("• Không tìm được thủ tục: {rate} câu hỏi ({unanswered}/{questions})").format(
            rate=_rate(report.unanswered_share),
            unanswered=format_count(report.unanswered),
            questions=format_count(report.questions),
        ),
    ]
    if not report.ratings and not report.conversations:
        lines += ["", _("Chưa có dữ liệu trong khoảng thời gian này.")]
    return "\n".join(lines)
