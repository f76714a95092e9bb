"""Deep links that open a procedure card: ``https://t.me/<bot>?start=p_<code>``.

Telegram allows only ``A-Z a-z 0-9 _ -`` (at most 64 characters) in a start parameter, so the dots of a
procedure code are written as underscores: ``1.001193`` → ``p_1_001193``. Codes never contain ``_``.
"""

from __future__ import annotations

import re

PROCEDURE_PREFIX = "p_"
MAX_START_PARAMETER = 64
_ALLOWED = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def start_parameter(code: str) -> str | None:
    """Return the start parameter that opens ``code``, or None when the code cannot be written in one."""
    parameter = PROCEDURE_PREFIX + code.replace(".", "_")
    return parameter if _ALLOWED.match(parameter) else None


def code_of(parameter: str) -> str | None:
    """Return the procedure code carried by a start parameter (``p_1_001193`` → ``1.001193``), or None."""
    if not parameter.startswith(PROCEDURE_PREFIX) or not _ALLOWED.match(parameter):
        return None
    code = parameter.removeprefix(PROCEDURE_PREFIX).replace("_", ".")
    return code or None


def procedure_link(bot_username: str, code: str) -> str | None:
    """Return the ``https://t.me/<bot>?start=p_<code>`` link of a procedure, or None if it cannot be made."""
    parameter = start_parameter(code)
    if parameter is None or not bot_username:
        return None
    return f"https://t.me/{bot_username}?start={parameter}"
