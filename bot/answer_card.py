"""The answer card: one procedure rendered as a Telegram HTML message with its buttons (Telegram-free data).

A card states the name and code, an online-level badge with the next step, the part the user asked for
(or an overview), buttons for the other parts, a link to the official page and the source credit. It never
exceeds Telegram's 4,096 characters: long lists are shortened and point to the official page.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from babel import Locale
from babel.numbers import format_currency, format_decimal
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import _, current_locale
from knowledge.aspects import Aspect
from knowledge.procedure import (
    AdminLevel,
    Channel,
    OnlineLevel,
    Procedure,
    SubmissionMethod,
    TimeUnit,
)

PORTAL_URL = "https://dichvucong.gov.vn"
MESSAGE_LIMIT = 4096
SAFE_LIMIT = 4000  # margin for emoji counted as two UTF-16 units
CALLBACK_LIMIT = 64

# Short tokens of the card parts in callback data: ``p:<code>:<token>``.
PART_TOKENS: dict[str, str] = {
    "overview": "info",
    "documents": "docs",
    "fees": "fees",
    "time": "time",
    "agency": "where",
    "steps": "steps",
    "legal": "legal",
    "online": "online",
}
TOKEN_PARTS: dict[str, str] = {token: part for part, token in PART_TOKENS.items()}
BUTTON_ORDER: tuple[str, ...] = ("documents", "fees", "time", "agency", "steps", "legal", "overview")
END_CALLBACK = "end"


@dataclass(frozen=True, slots=True)
class CardButton:
    """An inline button: either a callback button or a URL button."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class AnswerCard:
    """A rendered message: HTML text and rows of buttons."""

    text: str
    buttons: tuple[tuple[CardButton, ...], ...] = ()


_BABEL_LOCALES = {"vi": Locale.parse("vi_VN"), "en": Locale.parse("en_US")}


def babel_locale() -> Locale:
    """Return the Babel locale for numbers and money in the current user locale.

    The parsed ``Locale`` is kept: given a name, Babel looks its data up again on every call.
    """
    return _BABEL_LOCALES["vi" if current_locale() == "vi" else "en"]


def format_vnd(amount: int) -> str:
    """Return an amount of dong formatted for the current locale, e.g. ``1.500.000 ₫``."""
    return format_currency(amount, "VND", locale=babel_locale())


def official_url(procedure: Procedure) -> str:
    """Return the procedure's official page, or the national portal when it has none."""
    return procedure.url if procedure.url.startswith(("https://", "http://")) else PORTAL_URL


def part_callback(code: str, aspect: Aspect | str) -> str | None:
    """Return the callback data of a card part (``p:<code>:<token>``), or None if it would exceed 64 bytes."""
    value = aspect.value if isinstance(aspect, Aspect) else aspect
    data = f"p:{code}:{PART_TOKENS.get(value, 'info')}"
    return data if len(data.encode()) <= CALLBACK_LIMIT else None


def parse_part_callback(data: str) -> tuple[str, Aspect] | None:
    """Return (code, aspect) from ``p:<code>:<token>`` callback data, or None if it is malformed."""
    prefix, _sep, rest = data.partition(":")
    code, _sep2, token = rest.rpartition(":")
    if prefix != "p" or not code or token not in TOKEN_PARTS or len(code) > 48:
        return None
    try:
        return code, Aspect(TOKEN_PARTS[token])
    except ValueError:
        return None


def clean_name(text: str) -> str:
    """Return a source name on one line with single spaces."""
    return " ".join(text.split())


def method_label(method: SubmissionMethod) -> str:
    """Return the name of a submission channel."""
    labels = {
        SubmissionMethod.ONLINE: _("Trực tuyến"),
        SubmissionMethod.POSTAL: _("Bưu chính"),
        SubmissionMethod.DIRECT: _("Trực tiếp"),
    }
    return labels[method]


def level_label(level: AdminLevel) -> str:
    """Return the name of an administrative level."""
    labels = {
        AdminLevel.CENTRAL: _("cấp trung ương"),
        AdminLevel.PROVINCE: _("cấp tỉnh"),
        AdminLevel.COMMUNE: _("cấp xã"),
        AdminLevel.OTHER: _("cơ quan khác"),
    }
    return labels[level]


def part_label(part: str) -> str:
    """Return the button text of a card part."""
    labels = {
        "overview": _("ℹ️ Tổng quan"),
        "documents": _("📄 Hồ sơ"),
        "fees": _("💰 Lệ phí"),
        "time": _("⏱ Thời hạn"),
        "agency": _("🏢 Nơi nộp"),
        "steps": _("🪜 Các bước"),
        "legal": _("⚖️ Căn cứ"),
        "online": _("🌐 Nộp trực tuyến"),
    }
    return labels[part]


def format_time(channel: Channel) -> str | None:
    """Return a channel's processing time, e.g. ``5 ngày làm việc``, or None when unknown."""
    if channel.time_value is not None and channel.time_value > 0:
        units = {
            TimeUnit.WORKING_DAY: _("ngày làm việc"),
            TimeUnit.DAY: _("ngày"),
            TimeUnit.MONTH: _("tháng"),
            TimeUnit.HOUR: _("giờ"),
            TimeUnit.OTHER: "",
        }
        unit = units.get(channel.time_unit, "") if channel.time_unit else ""
        number = format_decimal(channel.time_value, locale=babel_locale())
        return f"{number} {unit}".strip()
    return clean_name(channel.time_text) or None


def _agency(procedure: Procedure) -> str:
    return clean_name(procedure.agency) or _("cơ quan giải quyết thủ tục")


def online_badge(procedure: Procedure) -> str:
    """Return the online-level badge with the next step the user should take (HTML)."""
    agency = html.escape(_agency(procedure))
    page = _("trang chính thức")
    link = f'<a href="{html.escape(official_url(procedure))}">{page}</a>'
    level = procedure.online_level
    if level is OnlineLevel.FULL:
        return "🟢 <b>{}</b>: {}".format(
            _("Trực tuyến toàn trình"),
            _("nộp trực tuyến toàn trình trên Cổng DVC, không phải đến nơi."),
        )
    if level is OnlineLevel.PARTIAL:
        purposes = []
        if any(document.originals > 0 for document in procedure.documents):
            purposes.append(_("nộp bản gốc giấy tờ"))
        purposes.append(_("nhận kết quả"))
        return "🟡 <b>{}</b>: {}".format(
            _("Trực tuyến một phần"),
            _("có thể nộp trực tuyến một phần; cần đến {agency} để {purposes}.").format(
                agency=agency, purposes=html.escape(_(" và ").join(purposes))
            ),
        )
    if level is OnlineLevel.OFFLINE:
        return "🔴 <b>{}</b>: {}".format(
            _("Chỉ nộp trực tiếp"), _("đến {agency} để nộp hồ sơ và nhận kết quả.").format(agency=agency)
        )
    if procedure.online_submission:
        return "⚪ <b>{}</b>: {} {}".format(
            _("Có thể nộp trực tuyến"),
            _("có thể nộp trực tuyến; mức độ toàn trình/một phần chưa được công bố."),
            _("Xem {link}.").format(link=link),
        )
    return "⚪ <b>{}</b>: {} {}".format(
        _("Chưa rõ mức độ trực tuyến"),
        _("nguồn dữ liệu chưa cho biết thủ tục này nộp trực tuyến được hay không."),
        _("Xem {link}.").format(link=link),
    )


def _documents_lines(procedure: Procedure) -> list[str]:
    lines: list[str] = []
    case = None
    for document in procedure.documents:
        if document.case and document.case != case:
            case = document.case
            lines.append(f"<i>{html.escape(clean_name(case)[:200])}</i>")
        counts = []
        if document.originals:
            counts.append(_("{n} bản chính").format(n=document.originals))
        if document.copies:
            counts.append(_("{n} bản sao").format(n=document.copies))
        suffix = f" ({', '.join(counts)})" if counts else ""
        lines.append(f"• {html.escape(clean_name(document.name)[:400])}{html.escape(suffix)}")
    return lines or [_("Nguồn chưa có danh sách giấy tờ; xem trang chính thức.")]


def _fee_text(amount: int | None, label: str) -> str:
    label = clean_name(label)
    if amount is None:
        return label or _("chưa rõ số tiền")
    if amount == 0:
        return _("Miễn phí") + (f" ({label})" if label else "")
    return format_vnd(amount) + (f" ({label})" if label else "")


def _fees_lines(procedure: Procedure) -> list[str]:
    lines: list[str] = []
    for channel in procedure.channels:
        for fee in channel.fees:
            line = f"• {method_label(channel.method)}: {html.escape(_fee_text(fee.amount_vnd, fee.label))}"
            if line not in lines:
                lines.append(line)
    return lines or [_("Nguồn chưa ghi phí, lệ phí cho thủ tục này; xem trang chính thức.")]


def _time_lines(procedure: Procedure) -> list[str]:
    lines: list[str] = []
    for channel in procedure.channels:
        text = format_time(channel)
        if text:
            line = f"• {method_label(channel.method)}: {html.escape(text)}"
            if line not in lines:
                lines.append(line)
    return lines or [_("Nguồn chưa ghi thời hạn giải quyết; xem trang chính thức.")]


def _agency_lines(procedure: Procedure) -> list[str]:
    lines = [_("Cơ quan thực hiện: {agency}").format(agency=html.escape(_agency(procedure)))]
    if procedure.levels:
        levels = ", ".join(level_label(level) for level in procedure.levels)
        lines.append(_("Cấp thực hiện: {levels}").format(levels=html.escape(levels)))
    methods = list(dict.fromkeys(method_label(channel.method) for channel in procedure.channels))
    if methods:
        lines.append(_("Cách nộp: {methods}").format(methods=html.escape(", ".join(methods))))
    lines.append(
        _("Nộp tại Bộ phận Một cửa của cơ quan trên, hoặc trên Cổng Dịch vụ công nếu có nộp trực tuyến.")
    )
    return lines


def _steps_lines(procedure: Procedure) -> list[str]:
    if procedure.steps:
        return [f"{i}. {html.escape(clean_name(step)[:300])}" for i, step in enumerate(procedure.steps, 1)]
    return [
        _("1. Chuẩn bị hồ sơ theo danh sách giấy tờ."),
        _("2. Nộp hồ sơ tại {agency} hoặc trực tuyến nếu thủ tục cho phép.").format(
            agency=html.escape(_agency(procedure))
        ),
        _("3. Nộp phí (nếu có) và nhận kết quả theo giấy hẹn."),
        _("Chi tiết từng bước: xem trang chính thức."),
    ]


def _legal_lines(procedure: Procedure) -> list[str]:
    lines = [f"• {html.escape(clean_name(item)[:300])}" for item in procedure.legal_basis]
    return lines or [_("Nguồn chưa ghi căn cứ pháp lý; xem trang chính thức.")]


def _online_lines(procedure: Procedure) -> list[str]:
    lines = _agency_lines(procedure)[2:3]
    if procedure.online_level in (OnlineLevel.FULL, OnlineLevel.PARTIAL) or procedure.online_submission:
        lines.append(_("Nộp trực tuyến tại {url} (đăng nhập bằng VNeID).").format(url=PORTAL_URL))
    return lines or [_("Xem cách nộp trên trang chính thức.")]


def _overview_lines(procedure: Procedure) -> list[str]:
    lines: list[str] = []
    if procedure.field:
        lines.append(_("Lĩnh vực: {field}").format(field=html.escape(clean_name(procedure.field))))
    lines.extend(_agency_lines(procedure)[:2])
    times = [text for text in (format_time(c) for c in procedure.channels) if text]
    if times:
        lines.append(_("Thời hạn: {time}").format(time=html.escape(times[0])))
    fees = [_fee_text(f.amount_vnd, f.label) for c in procedure.channels for f in c.fees]
    if fees:
        lines.append(_("Lệ phí: {fee}").format(fee=html.escape(fees[0])))
    if procedure.documents:
        count = format_decimal(len(procedure.documents), locale=babel_locale())
        lines.append(_("Hồ sơ: {count} giấy tờ (bấm “Hồ sơ” để xem).").format(count=count))
    if procedure.results:
        results = "; ".join(clean_name(r) for r in procedure.results[:3])
        lines.append(_("Kết quả: {results}").format(results=html.escape(results[:300])))
    return lines


def _section(part: str, procedure: Procedure) -> tuple[str, list[str]]:
    builders = {
        "overview": (_("Tóm tắt"), _overview_lines),
        "documents": (_("📄 Hồ sơ cần chuẩn bị"), _documents_lines),
        "fees": (_("💰 Phí, lệ phí"), _fees_lines),
        "time": (_("⏱ Thời hạn giải quyết"), _time_lines),
        "agency": (_("🏢 Nơi nộp hồ sơ"), _agency_lines),
        "steps": (_("🪜 Các bước thực hiện (tóm tắt)"), _steps_lines),
        "legal": (_("⚖️ Căn cứ pháp lý"), _legal_lines),
        "online": (_("🌐 Cách nộp"), _online_lines),
    }
    title, build = builders.get(part, builders["overview"])
    return title, build(procedure)


def _fit(head: str, title: str, lines: list[str], tail: str, limit: int) -> str:
    """Join the parts, dropping body lines from the end (with a note) until the text fits ``limit``."""

    def join(body: Iterable[str], note: str = "") -> str:
        parts = [head, f"<b>{title}</b>", *body]
        if note:
            parts.append(note)
        return "\n".join(parts) + "\n\n" + tail

    text = join(lines)
    if len(text) <= limit:
        return text
    kept = list(lines)
    while kept:
        kept.pop()
        note = (
            "<i>"
            + _("… còn {n} mục nữa, xem đầy đủ tại trang chính thức.").format(n=len(lines) - len(kept))
            + "</i>"
        )
        text = join(kept, note)
        if len(text) <= limit:
            return text
    return join([], "")[:limit]


def render_card(procedure: Procedure, aspect: Aspect | str, *, limit: int = SAFE_LIMIT) -> AnswerCard:
    """Return the answer card of ``procedure`` showing the asked ``aspect`` (an overview when unknown)."""
    part = aspect.value if isinstance(aspect, Aspect) else str(aspect)
    if part not in PART_TOKENS:
        part = "overview"
    head = "\n".join(
        [
            f"<b>{html.escape(clean_name(procedure.name)[:500])}</b>",
            _("Mã thủ tục: {code}").format(code=f"<code>{html.escape(procedure.code)}</code>"),
            "",
            online_badge(procedure),
            "",
        ]
    )
    title, lines = _section(part, procedure)
    tail = "<i>" + _("Nguồn: Cổng Dịch vụ công quốc gia") + "</i>"
    text = _fit(head, title, lines, tail, limit)
    return AnswerCard(text, card_buttons(procedure, part))


def card_buttons(procedure: Procedure, shown_part: str) -> tuple[tuple[CardButton, ...], ...]:
    """Return the card's buttons: the other parts (rows of three), the official page and "Đã rõ, cảm ơn"."""
    part_buttons = []
    for part in BUTTON_ORDER:
        data = part_callback(procedure.code, part)
        if part != shown_part and data:
            part_buttons.append(CardButton(part_label(part), callback_data=data))
    rows = [tuple(part_buttons[i : i + 3]) for i in range(0, len(part_buttons), 3)]
    rows.append((CardButton(_("🔗 Trang chính thức"), url=official_url(procedure)),))
    rows.append((CardButton(_("✅ Đã rõ, cảm ơn"), callback_data=END_CALLBACK),))
    return tuple(rows)


def inline_markup(rows: tuple[tuple[CardButton, ...], ...]) -> InlineKeyboardMarkup | None:
    """Return the Telegram keyboard of button rows, or None when there are none."""
    keyboard = [
        [
            InlineKeyboardButton(button.text, url=button.url)
            if button.url
            else InlineKeyboardButton(button.text, callback_data=button.callback_data)
            for button in row
        ]
        for row in rows
        if row
    ]
    return InlineKeyboardMarkup(keyboard) if keyboard else None
