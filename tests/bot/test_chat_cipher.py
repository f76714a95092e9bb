"""Sealed chat ids: round trip, no plain digits, tamper and wrong-key detection."""

from __future__ import annotations

import pytest

from bot.chat_cipher import ChatIdCipher

CIPHER = ChatIdCipher.from_secret("sealed-chat-id-test-key-0123456789")


@pytest.mark.parametrize("chat_id", [1, 987_654_321, 8_000_000_002, -1_001_234_567_890, 2**63 - 1])
def test_round_trip_without_the_digits(chat_id: int) -> None:
    token = CIPHER.seal(chat_id)
    assert CIPHER.open(token) == chat_id
    if abs(chat_id) >= 10**8:  # a short id's digits may appear in any random token by chance
        assert str(abs(chat_id)) not in token
    assert len(token) == 48


def test_every_seal_is_different() -> None:
    assert CIPHER.seal(987_654_321) != CIPHER.seal(987_654_321)  # random nonce: equal ids are not linkable


def test_tampered_foreign_or_missing_tokens_do_not_open() -> None:
    token = CIPHER.seal(987_654_321)
    flipped = token[:20] + ("A" if token[20] != "A" else "B") + token[21:]
    assert CIPHER.open(flipped) is None
    assert ChatIdCipher.from_secret("another-deployment-key-0123456789").open(token) is None
    assert CIPHER.open(None) is None and CIPHER.open("") is None and CIPHER.open("not base64 !") is None


def test_the_key_must_be_256_bits() -> None:
    with pytest.raises(ValueError):
        ChatIdCipher(b"short")
