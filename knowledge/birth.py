"""Tell when a message reports a newborn whose papers are not made yet: "bé nhà em sinh được 2 tuần rồi
chưa làm giấy tờ gì".

Parents rarely name the birth registration; they say the baby was born some days or weeks ago and ask
which papers to make. Leave or pay after a birth is the maternity benefit instead (``knowledge/insurance``).
"""

from __future__ import annotations

import re

from knowledge.text import fold

BIRTH_REGISTRATION = "đăng ký khai sinh"

# A baby, then its birth a short while ago: "bé sinh được 2 tuần", "con mới đẻ hôm qua", "cháu vừa chào đời".
# Folded; "đẻ" folds to "de", so it counts only after "mới / vừa" or before "được".
_BORN = re.compile(
    r"\b(?:be|em be|con|chau|con trai|con gai|thang cu|dua nho)\b.{0,25}?"
    r"\b(?:(?:moi|vua) (?:sinh|de|chao doi)|sinh duoc|de duoc|chao doi)\b"
)
# What is asked: papers, or what to do ("chưa làm giấy tờ gì", "giờ làm thủ tục gì").
_PAPERS_ASKED = re.compile(r"\b(?:giay to|giay gi|thu tuc|lam gi|lam sao|lam giay)\b")
# Leave, pay or insurance asked instead: the maternity benefit or the child's health card.
_OTHER_MATTER = re.compile(r"\b(?:nghi|tien|che do|tro cap|thai san|bhyt|bao hiem|tiem|vaccine)\b")


def newborn_papers(text: str) -> str | None:
    """Return the birth registration's wording when ``text`` tells of a newborn and asks which papers to
    make, naming no other matter; None otherwise."""
    folded = fold(text)
    if _BORN.search(folded) is None or _PAPERS_ASKED.search(folded) is None:
        return None
    return None if _OTHER_MATTER.search(folded) else BIRTH_REGISTRATION
