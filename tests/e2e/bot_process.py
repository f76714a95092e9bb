"""Run the real ``tthc-bot run`` as a subprocess against a ``FakeBotApi``, always bounded by timeouts.

The process gets a synthetic token, the fake server as ``TELEGRAM_API_BASE_URL``, its own SQLite file, and the
fake's leak trap as HTTP(S) proxy, so anything that tries to reach a real host is recorded instead of sent.
It runs in its own working directory, so no developer ``.env`` file is read.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path

from tests.e2e.fake_bot_api import FakeBotApi

REPO_ROOT = Path(__file__).resolve().parents[2]
TEST_HASH_KEY = "e2e-user-hash-key-0123456789abcdef"


class BotProcessError(AssertionError):
    """The bot process failed to start, exited early or did not stop in time; carries its stderr."""


class BotProcess:
    """One ``python -m bot run`` process; ``start`` waits until it polls, ``stop`` sends SIGTERM."""

    def __init__(
        self,
        fake: FakeBotApi,
        workdir: Path,
        token: str,
        *,
        survey_idle_minutes: str = "1",
        admin_ids: str = "",
        extra_env: Mapping[str, str] | None = None,
    ) -> None:
        """Prepare (do not start) a bot process whose files live in ``workdir``."""
        self.fake = fake
        self.workdir = workdir
        self.token = token
        self.survey_idle_minutes = survey_idle_minutes
        self.admin_ids = admin_ids
        self.extra_env = dict(extra_env or {})
        self.database_path = workdir / "e2e.db"
        self._process: asyncio.subprocess.Process | None = None
        self._runs = 0
        self._stderr_path = workdir / "bot-0.stderr.log"

    @property
    def database_url(self) -> str:
        """Return the SQLAlchemy URL of the process's SQLite database."""
        return f"sqlite+aiosqlite:///{self.database_path}"

    @property
    def returncode(self) -> int | None:
        """Return the exit status of the last run, None while it runs or before the first."""
        return None if self._process is None else self._process.returncode

    def environment(self) -> dict[str, str]:
        """Return the environment of the bot process (the parent's, minus any real bot settings)."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("TELEGRAM_", "WEBHOOK_"))
            and key.upper() not in ("HTTP_PROXY", "HTTPS_PROXY")
        }
        env.update(
            {
                "TELEGRAM_BOT_TOKEN": self.token,
                "TELEGRAM_API_BASE_URL": self.fake.base_url,
                "DATABASE_URL": self.database_url,
                "SURVEY_IDLE_MINUTES": self.survey_idle_minutes,
                "USER_HASH_KEY": TEST_HASH_KEY,
                "ADMIN_IDS": self.admin_ids,
                "LOG_LEVEL": "INFO",
                "PYTHONUNBUFFERED": "1",
                "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH", "")])),
                "HTTP_PROXY": self.fake.proxy_url,
                "HTTPS_PROXY": self.fake.proxy_url,
                "ALL_PROXY": self.fake.proxy_url,
                "NO_PROXY": "127.0.0.1,localhost",
            }
        )
        env.update(self.extra_env)
        return env

    async def run_command(self, *args: str, timeout: float = 60) -> str:
        """Run ``python -m bot <args>`` to completion with the same environment; return its output.

        Raises ``BotProcessError`` on a non-zero exit or when it takes longer than ``timeout`` seconds.
        """
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", *args,
            cwd=self.workdir, env=self.environment(),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        try:
            output, _ = await asyncio.wait_for(process.communicate(), timeout)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise BotProcessError(f"`tthc-bot {' '.join(args)}` did not finish within {timeout}s") from None
        text = output.decode(errors="replace")
        if process.returncode != 0:
            raise BotProcessError(f"`tthc-bot {' '.join(args)}` exited with {process.returncode}:\n{text}")
        return text

    async def start(self, timeout: float = 30) -> None:
        """Start ``tthc-bot run`` and return once it has called getUpdates (and thus finished starting up)."""
        if self._process is not None and self._process.returncode is None:
            raise BotProcessError("the bot process is already running")
        self._runs += 1
        self._stderr_path = self.workdir / f"bot-{self._runs}.stderr.log"
        mark = self.fake.mark()
        with self._stderr_path.open("wb") as stderr:
            self._process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run",
                cwd=self.workdir, env=self.environment(),
                stdin=asyncio.subprocess.DEVNULL, stdout=stderr, stderr=stderr,
            )  # fmt: skip
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            if self.fake.find("getUpdates", since=mark, ok_only=False):
                return
            if self._process.returncode is not None:
                raise BotProcessError(
                    f"the bot exited with {self._process.returncode} on start:\n{self.stderr()}"
                )
            if asyncio.get_running_loop().time() > deadline:
                await self.kill()
                raise BotProcessError(f"the bot did not poll within {timeout}s:\n{self.stderr()}")
            try:
                await self.fake.wait_for("getUpdates", since=mark, timeout=0.2, ok_only=False)
            except AssertionError:
                continue

    async def stop(self, timeout: float = 15) -> int:
        """Send SIGTERM and wait for a clean exit; return the exit status (SIGKILL after ``timeout``)."""
        process = self._require_process()
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), timeout)
            except TimeoutError:
                process.kill()
                await process.wait()
                raise BotProcessError(f"the bot ignored SIGTERM for {timeout}s:\n{self.stderr()}") from None
        return int(process.returncode or 0)

    async def kill(self) -> int:
        """Kill the process with SIGKILL (a crash); return its exit status."""
        process = self._require_process()
        if process.returncode is None:
            process.kill()
            await asyncio.wait_for(process.wait(), 10)
        return int(process.returncode or 0)

    def stderr(self) -> str:
        """Return what the current (or last) run wrote to stdout and stderr."""
        try:
            return self._stderr_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def _require_process(self) -> asyncio.subprocess.Process:
        if self._process is None:
            raise BotProcessError("the bot process was never started")
        return self._process
