"""A Bot API answered locally: each call is recorded (and shown to a listener), nothing goes on the network.

The console chat and the tests drive the real Application and handlers through ``OfflineBot``.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram.ext import Defaults, ExtBot
from telegram.request import BaseRequest, RequestData

BOT_USER = {"id": 1000000001, "is_bot": True, "first_name": "Trợ lý TTHC", "username": "tthc_offline_bot"}
OFFLINE_TOKEN = "1000000001:offline"
_MESSAGE_METHODS = frozenset(
    {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendPhoto", "sendDocument", "copyMessage"}
)


@dataclass(frozen=True, slots=True)
class RecordedCall:
    """One Bot API call: method name, parameters (nested values as plain dicts and lists), and the result."""

    method: str
    params: dict[str, Any]
    result: Any = None


class LocalRequest(BaseRequest):
    """A ``BaseRequest`` that records calls and returns plausible Bot API results without any network."""

    def __init__(self, listener: Callable[[RecordedCall], None] | None = None) -> None:
        self.calls: list[RecordedCall] = []
        self._listener = listener
        self._message_ids = itertools.count(1)
        self.fail_with: dict[str, tuple[int, str]] = {}  # method → (HTTP status, description): to test errors

    @property
    def read_timeout(self) -> float | None:
        """Return the default read timeout (none: answers are immediate)."""
        return None

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    def calls_to(self, method: str) -> list[RecordedCall]:
        """Return the recorded calls of one Bot API method."""
        return [call for call in self.calls if call.method == method]

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Record the call and return ``(status, JSON body)`` as the Bot API would."""
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data is not None else {}
        failure = self.fail_with.get(api_method)
        result = None if failure else self._result(api_method, params)
        call = RecordedCall(api_method, params, result)
        self.calls.append(call)
        if self._listener is not None:
            self._listener(call)
        if failure:
            status, description = failure
            body = {"ok": False, "error_code": status, "description": description}
            return status, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            return []
        if method in _MESSAGE_METHODS:
            chat_id = int(params.get("chat_id", 0) or 0)
            message_id = params.get("message_id") or next(self._message_ids)
            return {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group", "title": "group"},
                "from": BOT_USER,
                "text": str(params.get("text", "")),
            }
        return True


class OfflineBot(ExtBot[None]):
    """An ``ExtBot`` whose requests are answered by a ``LocalRequest``."""

    def __init__(self, request: LocalRequest, defaults: Defaults | None = None) -> None:
        super().__init__(OFFLINE_TOKEN, request=request, get_updates_request=request, defaults=defaults)
        self._local_request = request

    @property
    def local_request(self) -> LocalRequest:
        """Return the request that records this bot's calls."""
        return self._local_request
