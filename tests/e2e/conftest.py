"""Fixtures of the end-to-end suite: a loopback fake Bot API, and a guard that fails any test reaching out."""

from __future__ import annotations

import ipaddress
import socket
import sqlite3
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.bot_process import TEST_HASH_KEY, BotProcess
from tests.e2e.fake_bot_api import FakeBotApi

TEST_TOKEN = "7000000001:AAE2eTestTokenForTheLoopbackFakeApi0"

_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", ""})


def _is_loopback(host: Any) -> bool:
    if host is None:
        return True
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_real_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuse (and fail the test on) any name lookup or connection to a non-loopback host in this process."""
    attempts: list[str] = []
    real_getaddrinfo = socket.getaddrinfo
    real_create_connection = socket.create_connection

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback(host):
            attempts.append(f"getaddrinfo({host!r})")
            raise OSError(f"e2e tests must not reach {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def guarded_create_connection(address: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback(address[0]):
            attempts.append(f"create_connection({address!r})")
            raise OSError(f"e2e tests must not reach {address!r}")
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", guarded_create_connection)
    yield attempts
    assert not attempts, f"the test tried to leave the loopback interface: {attempts}"


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    """Yield a started fake Bot API that accepts only ``TEST_TOKEN``; fail if a bot process leaked out."""
    api = FakeBotApi(token=TEST_TOKEN)
    await api.start()
    try:
        yield api
    finally:
        await api.stop()
    assert not api.leaks, f"a bot process tried to reach the internet through the proxy trap: {api.leaks}"


@pytest.fixture
async def running_bot(fake_api: FakeBotApi, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """Yield ``tthc-bot run`` polling the fake server on a fresh SQLite database (``run`` migrates it).

    On teardown the process must stop cleanly on SIGTERM, must not have logged a traceback, and no Bot API
    call may have failed other than the faults the test injected or declared in ``fake_api.tolerated_errors``.
    """
    process = BotProcess(fake_api, tmp_path, TEST_TOKEN, survey_idle_minutes="60")
    await process.start()
    try:
        yield process
    finally:
        status = await process.stop()
    assert status == 0, f"the bot exited with {status}:\n{process.stderr()}"
    assert "Traceback" not in process.stderr(), process.stderr()
    assert not fake_api.unexpected_failures(), fake_api.unexpected_failures()


@dataclass(frozen=True, slots=True)
class PickedQuestion:
    """A question and what the search engine (the same code the bot runs) decides for it."""

    text: str
    decision: str
    codes: tuple[str, ...]  # best first: the card's procedure, or the candidates of "Ý bạn là…?"

    @property
    def code(self) -> str:
        """Return the code of the best procedure."""
        return self.codes[0]


class QuestionBank:
    """Finds, in the shipped catalogue, questions the engine answers confidently, ambiguously or not at all.

    The scenarios then assert that the bot's replies match the engine's decision for the same text, so they
    follow the catalogue instead of hard-coding its content.
    """

    def __init__(self) -> None:
        """Load the shipped catalogue and build the search index, as the bot does on start-up."""
        from knowledge.catalogue import Catalogue
        from knowledge.lexicon import Lexicon
        from knowledge.search import SearchIndex

        self.catalogue = Catalogue.load()
        self.index = SearchIndex.build(self.catalogue, Lexicon.load())

    def pick(self, text: str) -> PickedQuestion:
        """Return the engine's decision for ``text``."""
        result = self.index.search(text, k=5)
        return PickedQuestion(text, result.decision.value, tuple(m.procedure.code for m in result.matches))

    def confident(self, count: int, *, with_documents: bool = False) -> list[PickedQuestion]:
        """Return ``count`` questions (lower-cased official names) each answered with a card of its own."""
        picked: list[PickedQuestion] = []
        seen: set[str] = set()
        for procedure in sorted(self.catalogue, key=lambda p: p.code):
            if with_documents and not procedure.documents:
                continue
            question = self.pick("thủ tục " + " ".join(procedure.name.split()).lower())
            result = self.index.search(question.text, k=5)
            if (
                question.decision == "confident"
                and question.code not in seen
                and result.aspect.value == "overview"
                and len(question.text) <= 200
            ):
                seen.add(question.code)
                picked.append(question)
                if len(picked) == count:
                    return picked
        raise AssertionError(f"the catalogue yields only {len(picked)} confidently answered names")

    def first(self, decision: str, texts: list[str]) -> PickedQuestion:
        """Return the first of ``texts`` with the given decision."""
        for text in texts:
            question = self.pick(text)
            if question.decision == decision and (decision == "none" or question.codes):
                return question
        raise AssertionError(f"none of {texts} is {decision} for the search engine")


@pytest.fixture(scope="session")
def question_bank() -> QuestionBank:
    """Return the question bank (built once per session)."""
    return QuestionBank()


def database_rows(path: Path, sql: str, *params: object) -> list[sqlite3.Row]:
    """Return the rows of a query on the bot's SQLite file, read with the standard ``sqlite3`` module."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    connection.row_factory = sqlite3.Row
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def user_key(user_id: int) -> str:
    """Return the keyed hash the bot stores for a Telegram user (same key as the bot process)."""
    from bot.config import load_settings

    return load_settings({"USER_HASH_KEY": TEST_HASH_KEY}, env_file=None).hash_user_id(user_id)
