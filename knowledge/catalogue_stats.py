"""Figures about a catalogue: size, online levels, admin levels and the biggest fields."""

from __future__ import annotations

from collections import Counter
from typing import Any

from knowledge.catalogue import Catalogue
from knowledge.procedure import AdminLevel, OnlineLevel

TOP_FIELDS = 10


def catalogue_stats(catalogue: Catalogue) -> dict[str, Any]:
    """Return the catalogue's figures in a fixed shape.

    ``{"total": N, "online_level": {"full", "partial", "offline", "unknown"}, "online_submission": N,
    "by_level": {"central", "province", "commune", "other"}, "top_fields": [[name, N], ...]}`` where
    ``by_level`` counts each procedure once per level it is carried out at and ``top_fields`` lists the ten
    largest fields, largest first (ties by name).
    """
    online = Counter(p.online_level for p in catalogue)
    levels = Counter(level for p in catalogue for level in p.levels)
    fields = Counter(p.field for p in catalogue if p.field)
    top = sorted(fields.items(), key=lambda item: (-item[1], item[0]))[:TOP_FIELDS]
    return {
        "total": len(catalogue),
        "online_level": {level.value: online.get(level, 0) for level in OnlineLevel},
        "online_submission": sum(1 for p in catalogue if p.online_submission),
        "by_level": {level.value: levels.get(level, 0) for level in AdminLevel},
        "top_fields": [[name, count] for name, count in top],
    }
