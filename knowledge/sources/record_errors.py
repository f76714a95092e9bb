"""The error raised when a raw source record cannot become a procedure."""

from __future__ import annotations


class UnusableRecordError(ValueError):
    """A raw record that cannot be used; ``reason`` is a short machine-readable cause."""

    def __init__(self, reason: str, detail: str = "", code: str = "") -> None:
        self.reason = reason
        self.detail = detail
        self.code = code
        message = reason if not detail else f"{reason}: {detail}"
        super().__init__(message)
