"""The event loop the bot runs on: uvloop where it is installed, asyncio's own otherwise.

uvloop runs the same asyncio code with its network and scheduling machinery in C. Under load the bot spends a
tenth of its CPU in that machinery (polling sockets, scheduling callbacks), so ``tthc-bot run`` uses it.
``TTHC_EVENT_LOOP=asyncio`` keeps the standard loop, to compare the two or to rule uvloop out.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping

LOOP_SETTING = "TTHC_EVENT_LOOP"


def loop_factory(environ: Mapping[str, str] | None = None) -> Callable[[], asyncio.AbstractEventLoop]:
    """Return the function that makes the bot's event loop (uvloop's unless the setting says asyncio)."""
    choice = (os.environ if environ is None else environ).get(LOOP_SETTING, "").strip().lower()
    if choice != "asyncio":
        try:
            import uvloop
        except ImportError:  # not installed (or no build for this platform): the standard loop does the job
            pass
        else:
            return uvloop.new_event_loop
    return asyncio.new_event_loop


def loop_name(loop: asyncio.AbstractEventLoop) -> str:
    """Return "uvloop" or "asyncio", for logs and benchmark headers."""
    return "uvloop" if type(loop).__module__.startswith("uvloop") else "asyncio"
