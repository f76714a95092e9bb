"""Masking of personal data (citizen-id and phone numbers, e-mail addresses) in text before it is stored."""

from __future__ import annotations

import re

ID_MASK = "[số định danh]"
PHONE_MASK = "[số điện thoại]"
EMAIL_MASK = "[email]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Vietnamese phone numbers: 0, 84, +84 or (+84) then 9 digits (mobile) or 10 (landline, e.g. 024 3825 1234),
# optionally grouped by spaces, dots or dashes.
_PHONE = re.compile(r"(?<![\w+])(?:\(\+?84\)\s?|\+?84|0)(?:[\s.-]?\d){9,10}(?!\d)")
# Citizen-id (CCCD, 12 digits) and old identity-card (CMND, 9 digits) numbers, and anything 9-12 digits long.
_ID_NUMBER = re.compile(r"(?<!\d)\d{9,12}(?!\d)")


def mask_personal_data(text: str) -> str:
    """Return ``text`` with e-mails, phone numbers and 9-12 digit id numbers replaced by placeholders."""
    masked = _EMAIL.sub(EMAIL_MASK, text)
    masked = _PHONE.sub(PHONE_MASK, masked)
    return _ID_NUMBER.sub(ID_MASK, masked)
