"""Sealed chat ids: the only form in which a Telegram chat id may be written to the database.

The idle sweeper must be able to send the satisfaction survey to a private chat whose user simply stopped
writing, so an open conversation needs a way back to its chat. It keeps that way back *encrypted*: AES-256-GCM
(an authenticated cipher from ``cryptography``) under a key derived with HKDF-SHA256 from ``USER_HASH_KEY``.
A copy of the database alone reveals no chat id; a token altered or moved between deployments fails to open.
"""

from __future__ import annotations

import base64
import binascii
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_INFO = b"tthc-bot conversations.chat_ref v1"
ASSOCIATED_DATA = b"conversations.chat_ref"
NONCE_BYTES = 12
ID_BYTES = 8  # Telegram chat ids fit in a signed 64-bit integer


class ChatIdCipher:
    """Seals a chat id into a short text token and opens it again (None when the token is not ours)."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the chat-id key must be 32 bytes")
        self._aead = AESGCM(key)

    @classmethod
    def from_secret(cls, secret: str) -> ChatIdCipher:
        """Return the cipher whose key is derived from ``secret`` (``USER_HASH_KEY``) with HKDF-SHA256."""
        return _cipher_for(secret)

    def seal(self, chat_id: int) -> str:
        """Return ``chat_id`` encrypted and authenticated, as URL-safe base64 text (48 characters)."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, chat_id.to_bytes(ID_BYTES, "big", signed=True), ASSOCIATED_DATA)
        return base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")

    def open(self, token: str | None) -> int | None:
        """Return the chat id sealed in ``token``; None for None, a damaged token or another key's token."""
        if not token:
            return None
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            plain = self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], ASSOCIATED_DATA)
        except (InvalidTag, ValueError, binascii.Error):
            return None
        if len(plain) != ID_BYTES:
            return None
        return int.from_bytes(plain, "big", signed=True)


@lru_cache(maxsize=8)
def _cipher_for(secret: str) -> ChatIdCipher:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_INFO).derive(secret.encode("utf-8"))
    return ChatIdCipher(key)
