"""A relative's death told in a message means the death registration; a lost paper does not."""

from __future__ import annotations

import pytest

from knowledge.death import DEATH_REGISTRATION, death_registration


@pytest.mark.parametrize(
    "text",
    [
        "má tui mới mất, giờ làm giấy tờ gì cho bả",
        "bố tôi mất hôm qua thì làm gì",
        "ông nội mất ở bệnh viện rồi, con cháu cần làm gì",
        "chong em vua qua doi",
    ],
)
def test_a_relative_who_died_means_the_death_registration(text: str) -> None:
    assert death_registration(text) == DEATH_REGISTRATION


@pytest.mark.parametrize(
    "text",
    [
        "mẹ tôi mất căn cước",  # lost, not dead
        "bố tôi bị mất ví",
        "mẹ mất ví ở chợ",  # "ví" (wallet) folds like "vì"
        "con tôi mất giấy khai sinh",
        "mất bao lâu thì có sổ đỏ",  # a duration
        "làm sổ đỏ có mất",  # "có", not "cô"
        "xe đi mất rồi",  # "đi", not "dì"
    ],
)
def test_a_loss_or_a_duration_is_no_death(text: str) -> None:
    assert death_registration(text) is None
