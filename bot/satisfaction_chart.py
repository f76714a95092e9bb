"""The chart of ``/stats``: ratings per day (per week over long periods) stacked by level, with the
satisfaction rate as a line on a second axis. Rendered with matplotlib (Agg, no display needed) to PNG;
numbers, percentages and dates go through Babel in the current locale (``vi_VN``: ``1.282``, ``87,5 %``).
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot.admin_labels import level_text
from bot.answer_card import babel_locale
from bot.i18n import _
from bot.satisfaction_report import LEVELS, SATISFIED_LEVELS, Period, SatisfactionReport, today_local

MAX_DAILY_BARS = 62  # beyond this many days, bars are weeks
LEVEL_COLOURS = {5: "#1a7f37", 4: "#7cc27a", 3: "#d9d9d9", 2: "#f4a261", 1: "#c0392b"}
RATE_COLOUR = "#1f4e9c"
# Vietnamese writes a space before the percent sign ("87,5 %"), English does not ("87.5%").
PERCENT_PATTERNS = {"vi": "#,##0.# %", "en": "#,##0.#%"}


def format_rate(value: float) -> str:
    """Return a share (0-1) as a percentage in the current locale, e.g. ``87,5 %``."""
    locale = babel_locale()
    return format_percent(value, PERCENT_PATTERNS.get(locale.language, PERCENT_PATTERNS["vi"]), locale=locale)


def format_count(value: float) -> str:
    """Return a count in the current locale, e.g. ``1.282``."""
    return format_decimal(round(value), locale=babel_locale())


def buckets(
    report: SatisfactionReport, today: date | None = None
) -> tuple[list[date], dict[date, dict[int, int]], bool]:
    """Return the bar starts, the level counts per bar and whether bars are weeks (Monday-based)."""
    seen = sorted(report.daily)
    last_seen = seen[-1] if seen else None
    if report.period.end is None:
        last_seen = max(filter(None, [last_seen, today or today_local()]))
    days = report.period.days(seen[0] if seen else None, last_seen)
    if len(days) <= MAX_DAILY_BARS:
        return days, {day: report.daily.get(day, {}) for day in days}, False
    starts: list[date] = []
    counts: dict[date, dict[int, int]] = {}
    for day in days:
        monday = day - timedelta(days=day.weekday())
        if monday not in counts:
            starts.append(monday)
            counts[monday] = {}
        for level, count in report.daily.get(day, {}).items():
            counts[monday][level] = counts[monday].get(level, 0) + count
    return starts, counts, True


def render_chart(report: SatisfactionReport, today: date | None = None) -> bytes:
    """Return the PNG image of the report's ratings over time (labels in the current locale)."""
    starts, counts, weekly = buckets(report, today)
    locale = babel_locale()
    figure = Figure(figsize=(10, 5.2), dpi=110, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(starts)))
    bottoms = [0] * len(starts)
    for level in LEVELS:
        heights = [counts[start].get(level, 0) for start in starts]
        axes.bar(
            positions, heights, bottom=bottoms, width=0.8, color=LEVEL_COLOURS[level], label=level_text(level)
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    axes.set_ylabel(_("Số lượt đánh giá theo tuần") if weekly else _("Số lượt đánh giá theo ngày"))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_count(value)))
    axes.set_ylim(0, max([*bottoms, 1]) * 1.15)
    pattern = "d/M" if locale.language == "vi" else "MMM d"
    step = max(1, len(starts) // 15)
    axes.set_xticks(positions[::step])
    axes.set_xticklabels(
        [format_date(start, pattern, locale=locale) for start in starts[::step]], rotation=45, ha="right"
    )
    axes.set_xlabel(_("Tuần bắt đầu ngày") if weekly else _("Ngày"))
    rates = axes.twinx()
    rate_x = [p for p, total in zip(positions, bottoms, strict=True) if total]
    rate_y = [
        sum(counts[start].get(level, 0) for level in SATISFIED_LEVELS) / total
        for start, total in zip(starts, bottoms, strict=True)
        if total
    ]
    rates.plot(
        rate_x, rate_y, color=RATE_COLOUR, marker="o", markersize=3, linewidth=1.8, label=_("Tỷ lệ hài lòng")
    )
    rates.set_ylim(0, 1.05)
    rates.set_ylabel(_("Tỷ lệ hài lòng"))
    rates.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_rate(value)))
    handles, labels = axes.get_legend_handles_labels()
    line_handles, line_labels = rates.get_legend_handles_labels()
    axes.legend(
        handles + line_handles, labels + line_labels, loc="upper center", bbox_to_anchor=(0.5, -0.22),
        ncols=6, fontsize=8, frameon=False,
    )  # fmt: skip
    overall = report.satisfaction_rate
    title = _("Mức độ hài lòng ({period})").format(period=period_text(report.period))
    if overall is not None:
        title += " · " + _("chung: {rate} trên {count} lượt").format(
            rate=format_rate(overall), count=format_count(report.ratings)
        )
    axes.set_title(title)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def period_text(period: Period) -> str:
    """Return the period as dates in the current locale (``1/11/2026 – 30/11/2026``, or "toàn bộ")."""
    if period.start is None and period.end is None:
        return _("toàn bộ")
    locale = babel_locale()
    pattern = "d/M/yyyy" if locale.language == "vi" else "MMM d, yyyy"
    start = format_date(period.start, pattern, locale=locale) if period.start else "…"
    end = format_date(period.end - timedelta(days=1), pattern, locale=locale) if period.end else "…"
    return f"{start} – {end}"
