"""A procedure's documents as a checklist a helper ticks off with a citizen (state in the callback data).

Each document button carries ``hc:<conversation id>:<ticked mask, hex>:<index>``; a tap flips that bit and
the message is redrawn, so no state is kept anywhere else. At most ``MAX_ITEMS`` documents get a button
(the mask then fits easily in Telegram's 64-byte callback limit). ``hd:<conversation id>`` ends the
session and asks for the rating on the citizen's behalf.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.answer_card import CALLBACK_LIMIT, AnswerCard, CardButton, clean_name, official_url
from bot.compact_card import compact_card
from bot.i18n import _
from knowledge.procedure import Procedure

TOGGLE_PREFIX = "hc"
DONE_PREFIX = "hd"
MAX_ITEMS = 30
BUTTON_CHARS = 56
UNTICKED = "☐"
TICKED = "☑"


@dataclass(frozen=True, slots=True)
class Toggle:
    """A parsed checklist tap: which conversation, the mask before the tap, and the tapped item."""

    conversation_id: int
    mask: int
    index: int

    @property
    def new_mask(self) -> int:
        """Return the mask after the tap (the item's bit flipped)."""
        return self.mask ^ (1 << self.index)


def toggle_data(conversation_id: int, mask: int, index: int) -> str:
    """Return the callback data of one checklist item."""
    data = f"{TOGGLE_PREFIX}:{conversation_id}:{mask:x}:{index}"
    if len(data.encode()) > CALLBACK_LIMIT:
        raise ValueError("checklist callback data exceeds 64 bytes")
    return data


def parse_toggle(data: str) -> Toggle | None:
    """Return the tap encoded in ``hc:<id>:<mask>:<index>``, or None when malformed."""
    parts = data.split(":")
    if len(parts) != 4 or parts[0] != TOGGLE_PREFIX or not parts[1].isdigit() or not parts[3].isdigit():
        return None
    try:
        mask = int(parts[2], 16)
    except ValueError:
        return None
    index = int(parts[3])
    if index >= MAX_ITEMS or mask < 0 or mask >= 1 << MAX_ITEMS:
        return None
    return Toggle(int(parts[1]), mask, index)


def done_data(conversation_id: int) -> str:
    """Return the callback data of the "done, ask the citizen" button."""
    return f"{DONE_PREFIX}:{conversation_id}"


def parse_done(data: str) -> int | None:
    """Return the conversation id of ``hd:<id>``, or None when malformed."""
    prefix, _sep, rest = data.partition(":")
    return int(rest) if prefix == DONE_PREFIX and rest.isdigit() else None


def ticked_count(mask: int, items: int) -> int:
    """Return how many of the first ``items`` documents are ticked in ``mask``."""
    return sum(1 for index in range(items) if mask >> index & 1)


def render_checklist(procedure: Procedure, conversation_id: int, mask: int = 0) -> AnswerCard:
    """Return the compact card plus the document checklist with one toggle button per document."""
    documents = procedure.documents[:MAX_ITEMS]
    lines = [compact_card(procedure), ""]
    if documents:
        lines.append(
            "<b>"
            + _("📋 Giấy tờ cần mang: bấm vào từng giấy tờ khi người dân đã có ({done}/{total})").format(
                done=ticked_count(mask, len(documents)), total=len(documents)
            )
            + "</b>"
        )
        if len(procedure.documents) > MAX_ITEMS:
            lines.append(
                _("… còn {n} giấy tờ nữa, xem trang chính thức.").format(
                    n=len(procedure.documents) - MAX_ITEMS
                )
            )
    else:
        lines.append(_("Nguồn chưa có danh sách giấy tờ; xem trang chính thức."))
    rows: list[tuple[CardButton, ...]] = []
    for index, document in enumerate(documents):
        mark = TICKED if mask >> index & 1 else UNTICKED
        name = clean_name(document.name)
        label = name if len(name) <= BUTTON_CHARS else name[: BUTTON_CHARS - 1] + "…"
        rows.append(
            (
                CardButton(
                    f"{mark} {index + 1}. {label}", callback_data=toggle_data(conversation_id, mask, index)
                ),
            )
        )
    rows.append((CardButton(_("🔗 Trang chính thức"), url=official_url(procedure)),))
    rows.append((CardButton(_("✅ Xong, hỏi ý kiến người dân"), callback_data=done_data(conversation_id)),))
    return AnswerCard("\n".join(lines), tuple(rows))
