"""A loopback fake of the Telegram Bot API, good enough to run the whole bot against it.

``FakeBotApi`` is an aiohttp server on 127.0.0.1 that answers ``/bot<token>/<method>`` the way Telegram
does: long-polled ``getUpdates`` honouring ``offset``/``timeout``, realistic ``Message`` objects for
``sendMessage`` and edits, Bot API style errors (``message is not modified``, ``BUTTON_DATA_INVALID``,
``can't parse entities``, unknown methods). Every call is recorded with its parsed parameters and arrival
time. Tests inject updates with the small factories (``user_message``, ``callback``, ``sticker`` ...) and
wait for replies with ``wait_for``. Faults are injected with ``fail_next``. A second listener, the *leak
trap*, is meant to be used as the HTTP(S) proxy of a bot process: any attempt to reach a non-loopback host
(e.g. ``api.telegram.org``) lands there and is recorded in ``leaks``.

All user and chat ids are synthetic.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER: dict[str, Any] = {
    "id": 7_000_000_001,
    "is_bot": True,
    "first_name": "TTHC Test Bot",
    "username": "tthc_e2e_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
    "can_connect_to_business": False,
    "has_main_web_app": False,
}

# Parameters whose form value is a plain string and must never be JSON-decoded ("123" stays "123").
_TEXT_PARAMS = frozenset(
    {
        "text",
        "caption",
        "callback_query_id",
        "inline_query_id",
        "url",
        "parse_mode",
        "description",
        "short_description",
        "name",
        "title",
        "query",
        "emoji",
        "action",
        "language_code",
        "secret_token",
        "message_effect_id",
        "business_connection_id",
        "ip_address",
        "question",
        "explanation",
        "address",
        "first_name",
        "last_name",
        "phone_number",
        "vcard",
        "next_offset",
        "inline_message_id",
        "switch_pm_text",
        "switch_pm_parameter",
        "certificate",
    }
)

_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_TAG_RE = re.compile(r"<(/?)([^\s<>/=]+)?([^<>]*)(>?)")
_MDV2_SPECIALS = "_*[]()~`>#+-=|{}.!"

TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


class BotApiError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional ``parameters``."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


class _InjectedFault(BotApiError):
    """An error answer requested by ``fail_next``."""


@dataclass
class RecordedCall:
    """One Bot API call that reached the fake server."""

    method: str
    params: dict[str, Any]
    at: float  # time.perf_counter() at arrival
    ok: bool = True
    result: Any = None
    error: str = ""
    content_type: str = ""
    injected: bool = False  # failed by ``fail_next``, not by the request itself

    @property
    def chat_id(self) -> int | str | None:
        """Return the ``chat_id`` parameter, if any."""
        return self.params.get("chat_id")

    @property
    def text(self) -> str:
        """Return the ``text`` parameter ('' when absent)."""
        return str(self.params.get("text", ""))

    @property
    def plain_text(self) -> str:
        """Return the text as the user sees it: HTML tags removed and entities unescaped."""
        if self.params.get("parse_mode", "").upper() == "HTML":
            return html.unescape(re.sub(r"<[^>]+>", "", self.text))
        return self.text

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """Return the inline keyboard buttons of the call's ``reply_markup``, row by row flattened."""
        markup = self.params.get("reply_markup") or {}
        if not isinstance(markup, dict):
            return []
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    def button(self, text_part: str) -> dict[str, Any]:
        """Return the button whose text is ``text_part``, else the first that contains it (any case)."""
        for candidate in self.buttons:
            if text_part.casefold() == str(candidate.get("text", "")).casefold():
                return candidate
        for candidate in self.buttons:
            if text_part.casefold() in str(candidate.get("text", "")).casefold():
                return candidate
        raise AssertionError(f"no button containing {text_part!r} in {[b.get('text') for b in self.buttons]}")


def to_chat(chat_id: int, containing: str = "") -> Callable[[RecordedCall], bool]:
    """Return a ``wait_for`` predicate: a call to ``chat_id`` whose visible text has ``containing``."""
    return lambda call: call.chat_id == chat_id and containing in call.plain_text


def answering(update: dict[str, Any]) -> Callable[[RecordedCall], bool]:
    """Return a ``wait_for`` predicate: the answer to the callback query (or inline query) of ``update``."""
    query = update.get("callback_query") or update.get("inline_query") or {}
    query_id = str(query.get("id", ""))
    return lambda call: (
        query_id != ""
        and query_id
        in (
            str(call.params.get("callback_query_id", "")),
            str(call.params.get("inline_query_id", "")),
        )
    )


@dataclass
class _Fault:
    remaining: int
    code: int
    description: str
    retry_after: float | None


@dataclass
class _StoredMessage:
    chat: dict[str, Any]
    message_id: int
    from_bot: bool
    text: str = ""
    parse_mode: str = ""
    reply_markup: Any = None
    date: int = field(default_factory=lambda: int(time.time()))


class CallNotSeen(AssertionError):
    """Raised by ``wait_for`` when no matching call arrived in time; lists the recent calls."""


class FakeBotApi:
    """A loopback Telegram Bot API. Use ``await start()``, point the bot at ``base_url``, ``await stop()``."""

    def __init__(self, token: str | None = None) -> None:
        """``token``: when given, calls with any other token are refused with 401 Unauthorized."""
        self.token = token
        self.calls: list[RecordedCall] = []
        # Called synchronously with every recorded call (successful or not), in arrival order.
        self.observers: list[Callable[[RecordedCall], None]] = []
        self.leaks: list[str] = []
        # Substrings of error descriptions a test expects the bot to provoke (see ``unexpected_failures``).
        self.tolerated_errors: set[str] = set()
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.webhook_url = ""
        self.handed_out_at: dict[int, float] = {}
        self.injected_at: dict[int, float] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(500_000_001)
        self._message_ids: dict[int | str, itertools.count[int]] = {}
        self._messages: dict[tuple[int | str, int], _StoredMessage] = {}
        self._chats: dict[int | str, dict[str, Any]] = {}
        self._open_queries: set[str] = set()
        self._query_ids = itertools.count(880_000_000_001)
        self._faults: dict[str, list[_Fault]] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._trap: asyncio.AbstractServer | None = None
        self._port = 0
        self._trap_port = 0
        self._closing = False

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        """Listen on 127.0.0.1 (free ports) for the Bot API and for the leak trap."""
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("*", "/{tail:.*}", self._handle_stray)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self._trap = await asyncio.start_server(self._handle_leak, "127.0.0.1", 0)
        self._trap_port = self._trap.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Wake every long poll, then close both listeners."""
        self._closing = True
        async with self._changed:
            self._changed.notify_all()
        if self._trap is not None:
            self._trap.close()
            await self._trap.wait_closed()
            self._trap = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Return the value for ``ApplicationBuilder().base_url(...)``: ``http://127.0.0.1:PORT/bot``."""
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def proxy_url(self) -> str:
        """Return the leak-trap address, to be used as HTTP(S)_PROXY of a bot process."""
        return f"http://127.0.0.1:{self._trap_port}"

    # ------------------------------------------------------------------ fault injection
    def fail_next(
        self,
        method: str,
        n: int = 1,
        error_code: int = 429,
        retry_after: float | None = 1,
        description: str | None = None,
    ) -> None:
        """Make the next ``n`` calls of ``method`` fail: 429 with ``retry_after`` by default, or 4xx/5xx."""
        if description is None:
            if error_code == 429:
                description = f"Too Many Requests: retry after {retry_after:g}"
            elif error_code >= 500:
                description = {500: "Internal Server Error", 502: "Bad Gateway"}.get(
                    error_code, "Gateway Timeout"
                )
            else:
                description = "Bad Request: injected failure"
        fault = _Fault(n, error_code, description, retry_after if error_code == 429 else None)
        self._faults.setdefault(method.lower(), []).append(fault)

    # ------------------------------------------------------------------ update factories
    def user_message(
        self,
        user_id: int,
        text: str,
        chat_id: int | None = None,
        chat_type: str = "private",
        language_code: str = "vi",
        first_name: str = "Người dùng",
    ) -> dict[str, Any]:
        """Queue a text message from ``user_id``; a leading ``/command`` gets its ``bot_command`` entity."""
        message = self._user_message_base(user_id, chat_id, chat_type, language_code, first_name)
        message["text"] = text
        match = re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
        if match:
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(match.group(0))}]
        return self._queue({"message": message})

    def sticker(self, user_id: int, chat_id: int | None = None) -> dict[str, Any]:
        """Queue a sticker message."""
        message = self._user_message_base(user_id, chat_id)
        message["sticker"] = {
            "file_id": "CAACAgIAAxkBAAIBsticker",
            "file_unique_id": "AgADsticker",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
        return self._queue({"message": message})

    def photo(self, user_id: int, caption: str | None = None, chat_id: int | None = None) -> dict[str, Any]:
        """Queue a photo message (two sizes), with an optional caption."""
        message = self._user_message_base(user_id, chat_id)
        message["photo"] = [
            {
                "file_id": f"AgACphoto{size}",
                "file_unique_id": f"AQADphoto{size}",
                "width": size,
                "height": size,
                "file_size": size * 40,
            }
            for size in (90, 800)
        ]
        if caption is not None:
            message["caption"] = caption
        return self._queue({"message": message})

    def location(
        self, user_id: int, latitude: float = 21.0285, longitude: float = 105.8542
    ) -> dict[str, Any]:
        """Queue a location message (Hà Nội by default)."""
        message = self._user_message_base(user_id, None)
        message["location"] = {"latitude": latitude, "longitude": longitude}
        return self._queue({"message": message})

    def edited_message(
        self, user_id: int, message_id: int, text: str, chat_id: int | None = None
    ) -> dict[str, Any]:
        """Queue an ``edited_message`` update for an earlier user message."""
        message = self._user_message_base(user_id, chat_id, new_id=False)
        message["message_id"] = message_id
        message["text"] = text
        message["edit_date"] = int(time.time())
        return self._queue({"edited_message": message})

    def callback(
        self, user_id: int, data: str, message_id: int, chat_id: int | None = None
    ) -> dict[str, Any]:
        """Queue a callback query of a button press on the bot's message ``message_id``.

        The query carries the stored message (text and keyboard) when the fake sent it, else a bare one.
        """
        chat_key = chat_id if chat_id is not None else user_id
        chat = self._chat(chat_key, "private", user_id)
        stored = self._messages.get((chat_key, message_id))
        message: dict[str, Any] = {"message_id": message_id, "chat": chat, "date": int(time.time()) - 1}
        if stored is not None:
            message = self._message_json(stored)
        else:
            message["from"] = BOT_USER
            message["text"] = "…"
        query_id = str(next(self._query_ids))
        self._open_queries.add(query_id)
        query = {
            "id": query_id,
            "from": self._user(user_id, "vi"),
            "message": message,
            "chat_instance": str(-4_000_000_000 - abs(hash(chat_key)) % 1_000_000),
            "data": data,
        }
        return self._queue({"callback_query": query})

    def tap(self, user_id: int, message: RecordedCall, button_text: str) -> dict[str, Any]:
        """Queue the callback of the user tapping ``button_text`` under a message the bot sent or edited."""
        button = message.button(button_text)
        if "callback_data" not in button:
            raise AssertionError(f"{button_text!r} is not a callback button: {button}")
        chat_id = message.chat_id if isinstance(message.chat_id, int) else None
        return self.callback(
            user_id,
            str(button["callback_data"]),
            int(message.params["message_id"])
            if message.method.startswith("edit")
            else int(message.result["message_id"]),
            chat_id=chat_id,
        )

    def inline_query(self, user_id: int, query: str, offset: str = "") -> dict[str, Any]:
        """Queue an inline query."""
        query_id = str(next(self._query_ids))
        self._open_queries.add(query_id)
        return self._queue(
            {
                "inline_query": {
                    "id": query_id,
                    "from": self._user(user_id, "vi"),
                    "query": query,
                    "offset": offset,
                }
            }
        )

    # ------------------------------------------------------------------ inspection
    def mark(self) -> int:
        """Return the current number of recorded calls, to be passed as ``since`` later."""
        return len(self.calls)

    def find(
        self,
        method: str | None = None,
        predicate: Callable[[RecordedCall], bool] | None = None,
        since: int = 0,
        ok_only: bool = True,
    ) -> list[RecordedCall]:
        """Return the recorded calls (from index ``since``) matching ``method`` and ``predicate``."""
        found = []
        for call in self.calls[since:]:
            if method is not None and call.method.lower() != method.lower():
                continue
            if ok_only and not call.ok:
                continue
            if predicate is not None and not predicate(call):
                continue
            found.append(call)
        return found

    def unexpected_failures(self) -> list[RecordedCall]:
        """Return the failed calls that were neither injected nor listed in ``tolerated_errors``."""
        return [
            call
            for call in self.calls
            if not call.ok
            and not call.injected
            and not call.method.startswith("<stray")
            and not any(part in call.error for part in self.tolerated_errors)
        ] + [call for call in self.calls if call.method.startswith("<stray")]

    def replies_to(self, chat_id: int, since: int = 0) -> list[RecordedCall]:
        """Return the successful sendMessage/editMessage* calls addressed to ``chat_id``."""
        return [
            call
            for call in self.find(since=since)
            if call.method in ("sendMessage", "editMessageText", "editMessageReplyMarkup")
            and call.chat_id == chat_id
        ]

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[RecordedCall], bool] | None = None,
        timeout: float = 5.0,
        since: int = 0,
        ok_only: bool = True,
    ) -> RecordedCall:
        """Return the first recorded call (from index ``since``) of ``method`` matching ``predicate``.

        Waits up to ``timeout`` seconds; raises ``CallNotSeen`` listing the latest calls otherwise.
        """
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                found = self.find(method, predicate, since, ok_only)
                if found:
                    return found[0]
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closing:
                    break
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    continue
        recent = "\n".join(
            f"  {c.method} ok={c.ok} {c.error} {json.dumps(c.params, ensure_ascii=False)[:300]}"
            for c in self.calls[max(since, len(self.calls) - 15) :]
        )
        raise CallNotSeen(
            f"no {method} call (from #{since}) matched within {timeout}s; {len(self.calls)} calls in all, "
            f"{len(self._updates)} updates pending; latest calls:\n{recent or '  (none)'}"
        )

    async def wait_for_count(
        self,
        method: str,
        count: int,
        predicate: Callable[[RecordedCall], bool] | None = None,
        timeout: float = 5.0,
        since: int = 0,
    ) -> list[RecordedCall]:
        """Return the successful ``method`` calls matching ``predicate`` once there are at least ``count``.

        Raises ``CallNotSeen`` (with how many arrived) after ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                found = self.find(method, predicate, since)
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._closing:
                    raise CallNotSeen(
                        f"only {len(found)} of {count} {method} calls arrived within {timeout}s"
                    )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)

    @property
    def pending_updates(self) -> int:
        """Return how many queued updates have not been confirmed by an ``offset`` yet."""
        return len(self._updates)

    # ------------------------------------------------------------------ internals: updates & objects
    def _queue(self, body: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **body}
        self._updates.append(update)
        self.injected_at[update["update_id"]] = time.perf_counter()
        asyncio.get_running_loop().create_task(self._notify())
        return update

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def _user(self, user_id: int, language_code: str, first_name: str = "Người dùng") -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language_code}

    def _chat(self, chat_id: int | str, chat_type: str, user_id: int) -> dict[str, Any]:
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = {"id": chat_id, "type": chat_type}
            if chat_type == "private":
                chat["first_name"] = "Người dùng"
            else:
                chat["title"] = f"Nhóm thử {abs(int(chat_id)) % 1000}"
            self._chats[chat_id] = chat
        return chat

    def _next_message_id(self, chat_id: int | str) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    def _user_message_base(
        self,
        user_id: int,
        chat_id: int | None,
        chat_type: str = "private",
        language_code: str = "vi",
        first_name: str = "Người dùng",
        new_id: bool = True,
    ) -> dict[str, Any]:
        if chat_id is None:
            chat_id = user_id if chat_type == "private" else -1_000_000_000_000 - user_id
        chat = self._chat(chat_id, chat_type, user_id)
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat_id) if new_id else 0,
            "from": self._user(user_id, language_code, first_name),
            "chat": chat,
            "date": int(time.time()),
        }
        if new_id:
            self._messages[(chat_id, message["message_id"])] = _StoredMessage(
                chat, message["message_id"], False
            )
        return message

    def _message_json(self, stored: _StoredMessage) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": stored.message_id,
            "from": BOT_USER,
            "chat": stored.chat,
            "date": stored.date,
            "text": _rendered_text(stored.text, stored.parse_mode),
        }
        if isinstance(stored.reply_markup, dict) and stored.reply_markup.get("inline_keyboard"):
            message["reply_markup"] = stored.reply_markup
        return message

    # ------------------------------------------------------------------ internals: HTTP
    async def _handle_stray(self, request: web.Request) -> web.Response:
        self.calls.append(
            RecordedCall(f"<stray {request.method} {request.path}>", {}, time.perf_counter(), False)
        )
        return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)

    async def _handle_leak(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = await asyncio.wait_for(reader.readline(), 2)
        except (TimeoutError, ConnectionError):
            line = b"<no request line>"
        self.leaks.append(line.decode("latin-1").strip())
        writer.close()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _parse_params(request)
        call = RecordedCall(method, params, time.perf_counter(), content_type=request.content_type)
        try:
            if self.token is not None and request.match_info["token"] != self.token:
                raise BotApiError(401, "Unauthorized")
            self._raise_injected_fault(method)
            handler = getattr(self, f"_api_{method.lower()}", None)
            if handler is None:
                raise BotApiError(404, "Not Found")
            if method.lower() == "getupdates":
                self.calls.append(call)
                call.result = await handler(params)
            else:
                call.result = handler(params)
                self.calls.append(call)
            body: dict[str, Any] = {"ok": True, "result": call.result}
            status = 200
        except BotApiError as error:
            call.ok = False
            call.injected = isinstance(error, _InjectedFault)
            call.error = error.description
            if call not in self.calls:
                self.calls.append(call)
            body = {"ok": False, "error_code": error.code, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            status = error.code
        for observer in self.observers:
            observer(call)
        await self._notify()
        return web.json_response(body, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))

    def _raise_injected_fault(self, method: str) -> None:
        faults = self._faults.get(method.lower())
        if not faults:
            return
        fault = faults[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            faults.pop(0)
        parameters = {"retry_after": fault.retry_after} if fault.retry_after is not None else None
        raise _InjectedFault(fault.code, fault.description, parameters)

    # ------------------------------------------------------------------ the Bot API methods
    def _api_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return BOT_USER

    async def _api_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook_url:
            raise BotApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
                "the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = max(1, min(100, int(params.get("limit") or 100)))
        timeout = float(params.get("timeout") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + timeout
        async with self._changed:
            while not self._updates and not self._closing:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    break
        batch = self._updates[:limit]
        now = time.perf_counter()
        for update in batch:
            self.handed_out_at.setdefault(update["update_id"], now)
        return batch

    def _api_deletewebhook(self, params: dict[str, Any]) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _api_setwebhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url", ""))
        if url and not url.startswith("https://"):
            raise BotApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url = url
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _api_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _commands_key(self, params: dict[str, Any]) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code", "")], sort_keys=True)

    def _api_setmycommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise BotApiError(400, 'Bad Request: parameter "commands" is required')
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise BotApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise BotApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._commands_key(params)] = commands
        return True

    def _api_getmycommands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands.get(self._commands_key(params), [])

    def _api_deletemycommands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    def _known_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise BotApiError(400, "Bad Request: chat_id is empty")
        chat = self._chats.get(chat_id)
        if chat is None:
            raise BotApiError(400, "Bad Request: chat not found")
        return chat

    def _api_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._known_chat(params)
        text = str(params.get("text", ""))
        parse_mode = str(params.get("parse_mode", ""))
        _check_text(text, parse_mode)
        _check_markup(params.get("reply_markup"))
        stored = _StoredMessage(
            chat, self._next_message_id(chat["id"]), True, text, parse_mode, params.get("reply_markup")
        )
        self._messages[(chat["id"], stored.message_id)] = stored
        return self._message_json(stored)

    def _api_senddocument(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._known_chat(params)
        caption = str(params.get("caption", ""))
        if caption:
            _check_text(caption, str(params.get("parse_mode", "")), limit=1024)
        stored = _StoredMessage(chat, self._next_message_id(chat["id"]), True)
        self._messages[(chat["id"], stored.message_id)] = stored
        message = self._message_json(stored)
        message.pop("text", None)
        message["document"] = {
            "file_id": f"BQACdoc{stored.message_id}",
            "file_unique_id": f"doc{stored.message_id}",
            "file_name": "document",
        }
        return message

    def _editable(self, params: dict[str, Any]) -> _StoredMessage | None:
        if params.get("inline_message_id"):
            return None
        chat = self._known_chat(params)
        stored = self._messages.get((chat["id"], int(params.get("message_id") or 0)))
        if stored is None:
            raise BotApiError(400, "Bad Request: message to edit not found")
        if not stored.from_bot:
            raise BotApiError(400, "Bad Request: message can't be edited")
        return stored

    def _api_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        text = str(params.get("text", ""))
        parse_mode = str(params.get("parse_mode", ""))
        _check_text(text, parse_mode)
        markup = params.get("reply_markup")
        _check_markup(markup)
        stored = self._editable(params)
        if stored is None:
            return True
        if (
            stored.text == text
            and stored.parse_mode == parse_mode
            and _same_markup(stored.reply_markup, markup)
        ):
            raise BotApiError(400, NOT_MODIFIED)
        stored.text, stored.parse_mode, stored.reply_markup = text, parse_mode, markup
        return self._message_json(stored)

    def _api_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any] | bool:
        markup = params.get("reply_markup")
        _check_markup(markup)
        stored = self._editable(params)
        if stored is None:
            return True
        if _same_markup(stored.reply_markup, markup):
            raise BotApiError(400, NOT_MODIFIED)
        stored.reply_markup = markup
        return self._message_json(stored)

    def _api_deletemessage(self, params: dict[str, Any]) -> bool:
        chat = self._known_chat(params)
        if self._messages.pop((chat["id"], int(params.get("message_id") or 0)), None) is None:
            raise BotApiError(400, "Bad Request: message to delete not found")
        return True

    def _answer_query(self, params: dict[str, Any], key: str) -> bool:
        query_id = str(params.get(key, ""))
        if query_id not in self._open_queries:
            raise BotApiError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        self._open_queries.discard(query_id)
        return True

    def _api_answercallbackquery(self, params: dict[str, Any]) -> bool:
        if len(str(params.get("text", ""))) > 200:
            raise BotApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return self._answer_query(params, "callback_query_id")

    def _api_answerinlinequery(self, params: dict[str, Any]) -> bool:
        results = params.get("results")
        if not isinstance(results, list) or len(results) > 50:
            raise BotApiError(
                400,
                "Bad Request: RESULTS_TOO_MUCH"
                if isinstance(results, list)
                else 'Bad Request: parameter "results" is required',
            )
        if len({r.get("id") for r in results}) != len(results):
            raise BotApiError(400, "Bad Request: RESULT_ID_DUPLICATE")
        return self._answer_query(params, "inline_query_id")

    def _api_sendchataction(self, params: dict[str, Any]) -> bool:
        self._known_chat(params)
        return True

    def _api_setmydescription(self, params: dict[str, Any]) -> bool:
        return True

    def _api_setmyshortdescription(self, params: dict[str, Any]) -> bool:
        return True

    def _api_setchatmenubutton(self, params: dict[str, Any]) -> bool:
        return True

    def _api_close(self, params: dict[str, Any]) -> bool:
        return True

    def _api_logout(self, params: dict[str, Any]) -> bool:
        return True


# ---------------------------------------------------------------------- parsing & validation
async def _parse_params(request: web.Request) -> dict[str, Any]:
    """Return the call's parameters from the query string and a JSON, urlencoded or multipart body."""
    raw: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                return {**{k: _decode_value(k, v) for k, v in raw.items()}, **body}
        else:
            form = await request.post()
            for key, value in form.items():
                raw[key] = value if isinstance(value, str) else f"<file {getattr(value, 'filename', '')}>"
    return {key: _decode_value(key, value) for key, value in raw.items()}


def _decode_value(key: str, value: Any) -> Any:
    """Return a form value decoded from its JSON encoding, except for plain-text parameters."""
    if not isinstance(value, str) or key in _TEXT_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _rendered_text(text: str, parse_mode: str) -> str:
    if parse_mode.upper() == "HTML":
        return html.unescape(re.sub(r"<[^>]+>", "", text))
    if parse_mode.upper() == "MARKDOWNV2":
        return re.sub(r"\\(.)", r"\1", text)
    return text


def _check_text(text: str, parse_mode: str, limit: int = TEXT_LIMIT) -> None:
    """Raise the Bot API error Telegram gives for an empty, too long or badly formatted text."""
    if not text.strip():
        raise BotApiError(400, "Bad Request: message text is empty")
    mode = parse_mode.upper()
    if mode == "HTML":
        _check_html(text)
    elif mode == "MARKDOWNV2":
        _check_markdown_v2(text)
    if len(_rendered_text(text, parse_mode)) > limit:
        raise BotApiError(400, "Bad Request: message is too long")


def _check_html(text: str) -> None:
    stack: list[str] = []
    for match in _TAG_RE.finditer(text):
        closing, name, _attrs, end = match.groups()
        offset = len(text[: match.start()].encode("utf-8"))
        if not name or not end:
            raise BotApiError(
                400, f"Bad Request: can't parse entities: Unclosed start tag at byte offset {offset}"
            )
        name = name.lower()
        if name not in _HTML_TAGS:
            raise BotApiError(
                400,
                f'Bad Request: can\'t parse entities: Unsupported start tag "{name}" at byte offset {offset}',
            )
        if closing:
            if not stack or stack[-1] != name:
                raise BotApiError(
                    400,
                    f"Bad Request: can't parse entities: Unmatched end tag at byte offset {offset}, "
                    f'expected "</{stack[-1] if stack else ""}>", found "</{name}>"',
                )
            stack.pop()
        else:
            stack.append(name)
    if stack:
        raise BotApiError(
            400,
            f"Bad Request: can't parse entities: Can't find end tag for start tag \"{stack[-1]}\"",
        )


def _check_markdown_v2(text: str) -> None:
    escaped = False
    in_code = False
    for index, char in enumerate(text):
        if escaped:
            escaped = False
            continue
        if char == "\\":
            escaped = True
        elif char == "`":
            in_code = not in_code
        elif not in_code and char in ".!-=+#|{}":
            raise BotApiError(
                400,
                f"Bad Request: can't parse entities: Character '{char}' is reserved and must be escaped "
                f"with the preceding '\\' (offset {index})",
            )


def _check_markup(markup: Any) -> None:
    """Raise the Bot API error for an invalid inline keyboard (bad callback data, empty button text)."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return
    for row in markup["inline_keyboard"]:
        for button in row:
            if not str(button.get("text", "")).strip():
                raise BotApiError(
                    400,
                    "Bad Request: can't parse inline keyboard button: Text buttons are "
                    "unallowed in the inline keyboard",
                )
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode("utf-8")) <= CALLBACK_DATA_LIMIT:
                raise BotApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            actions = {
                "callback_data",
                "url",
                "switch_inline_query",
                "switch_inline_query_current_chat",
                "switch_inline_query_chosen_chat",
                "login_url",
                "web_app",
                "pay",
                "callback_game",
                "copy_text",
            } & button.keys()
            if len(actions) != 1:
                raise BotApiError(
                    400,
                    "Bad Request: can't parse inline keyboard button: exactly one of the "
                    "optional fields must be used",
                )
            url = button.get("url")
            if url is not None and not re.match(r"(https?|tg)://", str(url)):
                raise BotApiError(400, "Bad Request: inline keyboard button URL is invalid")


def _same_markup(old: Any, new: Any) -> bool:
    def normal(markup: Any) -> Any:
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            return markup["inline_keyboard"]
        return None

    return bool(normal(old) == normal(new))
