"""The catalogue file shipped in knowledge/data loads on its own and meets the product's targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.catalogue import DEFAULT_CATALOGUE_PATH, Catalogue, CatalogueFormatError
from knowledge.catalogue_stats import catalogue_stats
from knowledge.procedure import OnlineLevel


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return Catalogue.load()


def test_shipped_file_is_compact() -> None:
    assert DEFAULT_CATALOGUE_PATH.stat().st_size < 5_000_000


def test_shipped_catalogue_meets_the_targets(shipped: Catalogue) -> None:
    stats = catalogue_stats(shipped)
    assert stats["total"] >= 5_500
    assert stats["online_level"]["full"] >= 70
    assert stats["online_level"]["partial"] >= 350
    assert stats["online_submission"] >= 2_000


def test_birth_registration_is_in_the_shipped_catalogue(shipped: Catalogue) -> None:
    procedure = shipped.get("1.001193")
    assert procedure is not None
    assert "khai sinh" in procedure.name.lower()
    assert procedure.online_level is not OnlineLevel.UNKNOWN
    assert procedure.documents and procedure.channels
    assert procedure.url.startswith("https://dichvucong.gov.vn/")


def test_shipped_catalogue_keeps_facts_not_prose(shipped: Catalogue) -> None:
    for procedure in shipped:
        assert all(len(step) <= 100 for step in procedure.steps)
        assert all(len(document.name) <= 200 for document in procedure.documents)
        assert all(len(fee.label) <= 80 for channel in procedure.channels for fee in channel.fees)
        assert procedure.online_level is OnlineLevel.UNKNOWN or "detail" in procedure.sources


def test_a_truncated_catalogue_file_is_a_format_error(tmp_path: Path) -> None:
    whole = DEFAULT_CATALOGUE_PATH.read_bytes()
    broken = tmp_path / "catalogue.json.gz"
    broken.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CatalogueFormatError):
        Catalogue.load(broken)
