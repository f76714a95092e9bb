"""Small readers shared by the source parsers: procedure codes and lists of names."""

from __future__ import annotations

import re

from knowledge.sources.name_cleaning import clean_name
from knowledge.sources.record_errors import UnusableRecordError

# National procedure codes look like ``1.001193``, ``2.002163`` or ``3.000616``.
CODE_PATTERN = re.compile(r"^\d\.\d{6}$")
# The portal itself also lists a few longer codes (``1.0133611``, ``1.014955-Xoa``): kept, but noted.
LOOSE_CODE_PATTERN = re.compile(r"^\d\.\d{6,9}(?:-[\w]{1,10})?$")


def require_code(value: object, repairs: list[str] | None = None) -> str:
    """Return a procedure code with surrounding spaces removed, or raise UnusableRecordError."""
    raw = str(value if value is not None else "")
    code = raw.strip()
    if not code:
        raise UnusableRecordError("missing_code")
    if not LOOSE_CODE_PATTERN.match(code):
        raise UnusableRecordError("bad_code", repr(code)[:40], code=code[:40])
    if repairs is not None:
        if code != raw:
            repairs.append("code_whitespace")
        if not CODE_PATTERN.match(code):
            repairs.append("unusual_code")
    return code


def text_list(value: object, repairs: list[str] | None = None) -> tuple[str, ...]:
    """Return the cleaned, de-duplicated, non-empty names of a list value (a lone string counts as one)."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    names = (clean_name(item, repairs) for item in items if isinstance(item, str))
    return tuple(dict.fromkeys(name for name in names if name))
