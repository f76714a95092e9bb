"""Tests for the catalogue figures."""

from __future__ import annotations

from knowledge.catalogue import Catalogue
from knowledge.catalogue_stats import catalogue_stats
from knowledge.procedure import AdminLevel, OnlineLevel, Procedure


def test_stats_shape_and_counts() -> None:
    procedures = [
        Procedure(code="1.000001", name="A", field="Hộ tịch", online_level=OnlineLevel.FULL,
                  online_submission=True, levels=(AdminLevel.COMMUNE,)),
        Procedure(code="1.000002", name="B", field="Hộ tịch", online_level=OnlineLevel.PARTIAL,
                  online_submission=True, levels=(AdminLevel.PROVINCE, AdminLevel.COMMUNE)),
        Procedure(code="1.000003", name="C", field="Đất đai", online_level=OnlineLevel.OFFLINE,
                  levels=(AdminLevel.CENTRAL,)),
        Procedure(code="1.000004", name="D", field="", online_submission=True, levels=(AdminLevel.OTHER,)),
    ]
    procedures += [Procedure(code=f"2.00000{i}", name="E", field=f"Lĩnh vực {i}") for i in range(10)]
    stats = catalogue_stats(Catalogue(procedures))
    assert set(stats) == {"total", "online_level", "online_submission", "by_level", "top_fields"}
    assert stats["total"] == 14
    assert stats["online_level"] == {"full": 1, "partial": 1, "offline": 1, "unknown": 11}
    assert stats["online_submission"] == 3
    assert stats["by_level"] == {"central": 1, "province": 1, "commune": 2, "other": 1}
    assert len(stats["top_fields"]) == 10
    assert stats["top_fields"][0] == ["Hộ tịch", 2]
    assert stats["top_fields"][1] == ["Lĩnh vực 0", 1]  # ties by name
    assert ["", 1] not in stats["top_fields"]


def test_stats_of_an_empty_catalogue() -> None:
    stats = catalogue_stats(Catalogue([]))
    assert stats == {
        "total": 0,
        "online_level": {"full": 0, "partial": 0, "offline": 0, "unknown": 0},
        "online_submission": 0,
        "by_level": {"central": 0, "province": 0, "commune": 0, "other": 0},
        "top_fields": [],
    }
