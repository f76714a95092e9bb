"""The bot's HTTP transport to the Bot API: a PTB ``BaseRequest`` on an aiohttp client session.

PTB's default transport (httpx) spends more CPU per call than the bot's own handlers do: a reply costs
about as much in the HTTP client as the search behind it. aiohttp, which the webhook server already uses,
does the same work for a fraction of that, so every reply, poll and retry goes through this class.

Plain calls go out as a JSON body (values keep their JSON types); uploads (the /stats chart) as multipart
form data. PTB's four timeouts map onto aiohttp's: ``connect`` covers waiting for a pooled connection plus
opening one, ``sock_read`` the read. Transport failures become PTB's ``TimedOut``/``NetworkError``, so
retries and error handling above this class work exactly as with the default transport.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit
from urllib.request import getproxies_environment, proxy_bypass

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

DEFAULT_TIMEOUT_SECONDS = 5.0
MEDIA_WRITE_TIMEOUT_SECONDS = 20.0


def _seconds(value: ODVInput[float], default: float | None) -> float | None:
    """Return a PTB timeout argument as seconds, ``default`` when PTB passed its default marker."""
    return default if isinstance(value, DefaultValue) else value


def _form_data(request_data: RequestData) -> aiohttp.FormData:
    """Return a multipart body: JSON-encoded parameters plus the files being uploaded."""
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form


class AiohttpRequest(BaseRequest):
    """Bot API calls over one aiohttp session with a bounded connection pool.

    ``read_timeout`` etc. are the defaults used when PTB passes none; ``None`` means wait forever.
    """

    def __init__(
        self,
        *,
        connection_pool_size: int = 256,
        read_timeout: float | None = DEFAULT_TIMEOUT_SECONDS,
        write_timeout: float | None = DEFAULT_TIMEOUT_SECONDS,
        connect_timeout: float | None = DEFAULT_TIMEOUT_SECONDS,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[tuple[str, str], str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (PTB adds it to ``getUpdates``' long-poll timeout)."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (inside the running event loop, as aiohttp requires)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, limit_per_host=self._pool_size)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    def proxy_for(self, url: str) -> str | None:
        """Return the proxy that ``HTTP(S)_PROXY``/``ALL_PROXY``/``NO_PROXY`` name for ``url``'s host, if any.

        Looked up once per scheme and host: aiohttp's own ``trust_env`` would read the environment again,
        in a worker thread, for every call.
        """
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxies:
            proxies = getproxies_environment()
            proxy = proxies.get(parts.scheme) or proxies.get("all")
            bypass = bool(proxy_bypass(key[1])) if proxy else True
            self._proxies[key] = None if bypass else proxy
        return self._proxies[key]

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one call; return the HTTP status and the body (PTB parses both)."""
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        uploads = request_data is not None and request_data.contains_files
        connect = _seconds(connect_timeout, self._connect_timeout)
        pool = _seconds(pool_timeout, self._pool_timeout)
        write_default = MEDIA_WRITE_TIMEOUT_SECONDS if uploads else self._write_timeout
        write = _seconds(write_timeout, write_default)
        read = _seconds(read_timeout, self._read_timeout)
        sock_read = read
        if uploads and read is not None and write is not None:
            sock_read = read + write  # aiohttp has no write timeout: an upload's sending counts as reading
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None if connect is None or pool is None else connect + pool,
            sock_connect=connect,
            sock_read=sock_read,
        )
        body: aiohttp.FormData | bytes | None = None
        headers = None
        if request_data is not None:
            if uploads:
                body = _form_data(request_data)
            else:
                body = json.dumps(request_data.parameters).encode()
                headers = {"Content-Type": "application/json"}
        try:
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout, proxy=self.proxy_for(url)
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error
