"""Labels of stored codes in admin views: channels and reasons, in the current locale."""

from __future__ import annotations

from bot.i18n import _
from bot.models.conversation import Channel
from bot.satisfaction_log import DissatisfactionReason, SatisfactionLevel
from bot.survey_prompts import level_label, reason_label


def channel_label(channel: str) -> str:
    """Return the label of a stored channel value (unknown values are shown as they are)."""
    labels = {
        Channel.PRIVATE.value: _("Trò chuyện riêng"),
        Channel.GROUP.value: _("Nhóm"),
        Channel.RELAY.value: _("Qua tình nguyện viên"),
        f"{Channel.RELAY.value}:help_for": _("Tình nguyện viên đánh giá thay người dân"),
        f"{Channel.RELAY.value}:deep_link": _("Mở từ liên kết được chia sẻ"),
    }
    return labels.get(channel, channel)


def reason_text(reason: str | None) -> str:
    """Return the label of a stored dissatisfaction reason; '' for none, the raw value if unknown."""
    if not reason or reason == "none":
        return _("Không nêu lý do") if reason == "none" else ""
    try:
        return reason_label(DissatisfactionReason(reason))
    except ValueError:
        return reason


def level_text(level: int) -> str:
    """Return the label of a rating level 1-5."""
    try:
        return level_label(SatisfactionLevel(level))
    except ValueError:
        return str(level)
