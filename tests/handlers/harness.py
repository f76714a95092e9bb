"""Test harness: a small catalogue, settings, a migrated database and an Application on an offline bot.

Updates are real ``telegram.Update`` objects (``bot.update_factory``); the bot records every Bot API call
in a ``LocalRequest`` instead of reaching the network.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.application import build_application, default_options
from bot.config import Settings
from bot.database import create_engine, session_factory
from bot.offline_request import LocalRequest, OfflineBot, RecordedCall
from bot.services import Services
from bot.update_factory import UpdateFactory
from knowledge.catalogue import Catalogue
from knowledge.procedure import (
    AdminLevel,
    Channel,
    Document,
    Fee,
    OnlineLevel,
    Procedure,
    SubmissionMethod,
    TimeUnit,
)

BIRTH = Procedure(
    code="1.001193",
    name="Thủ tục đăng ký khai sinh",
    field="Hộ tịch",
    levels=(AdminLevel.COMMUNE,),
    agency="Ủy ban nhân dân cấp xã",
    online_level=OnlineLevel.FULL,
    online_submission=True,
    channels=(
        Channel(SubmissionMethod.DIRECT, 1, TimeUnit.WORKING_DAY, fees=(Fee(0, "Miễn lệ phí"),)),
        Channel(SubmissionMethod.ONLINE, 1, TimeUnit.WORKING_DAY, fees=(Fee(0, "Miễn lệ phí"),)),
    ),
    documents=(
        Document("Tờ khai đăng ký khai sinh", originals=1),
        Document("Giấy chứng sinh", originals=1),
    ),
    steps=("Nộp hồ sơ", "Tiếp nhận và giải quyết", "Trả kết quả"),
    results=("Giấy khai sinh",),
    legal_basis=("123/2015/NĐ-CP", "60/2014/QH13"),
    url="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193",
)
MARRIAGE = Procedure(
    code="1.000894",
    name="Thủ tục đăng ký kết hôn",
    field="Hộ tịch",
    levels=(AdminLevel.COMMUNE,),
    agency="Ủy ban nhân dân cấp xã",
    online_level=OnlineLevel.PARTIAL,
    online_submission=True,
    channels=(Channel(SubmissionMethod.DIRECT, 5, TimeUnit.WORKING_DAY, fees=(Fee(1500000, "Lệ phí"),)),),
    documents=(
        Document("Tờ khai đăng ký kết hôn", originals=1),
        Document("Giấy xác nhận tình trạng hôn nhân"),
    ),
    url="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.000894",
)
LAND = Procedure(
    code="1.004227",
    name="Cấp lại Giấy chứng nhận quyền sử dụng đất do bị mất",
    field="Đất đai",
    levels=(AdminLevel.PROVINCE,),
    agency="Văn phòng đăng ký đất đai",
    online_level=OnlineLevel.OFFLINE,
    channels=(Channel(SubmissionMethod.DIRECT, time_text="Không quá 10 ngày"),),
)
RESIDENCE = Procedure(
    code="1.004194",
    name="Đăng ký thường trú",
    field="Đăng ký, quản lý cư trú",
    agency="Công an cấp xã",
    online_submission=True,
)
ADOPTION = Procedure(code="1.003005", name="Đăng ký việc nuôi con nuôi trong nước", field="Nuôi con nuôi")
# Two near-identical names: a question naming only the shared words is ambiguous.
DEATH_COMMUNE = Procedure(code="1.000656", name="Thủ tục đăng ký khai tử", agency="UBND cấp xã")
DEATH_FOREIGN = Procedure(
    code="2.000497", name="Thủ tục đăng ký khai tử có yếu tố nước ngoài", agency="UBND cấp xã"
)
PROCEDURES = (BIRTH, MARRIAGE, LAND, RESIDENCE, ADOPTION, DEATH_COMMUNE, DEATH_FOREIGN)
HASH_KEY = "test-hash-key-0123456789"


def sample_catalogue() -> Catalogue:
    """Return the test catalogue."""
    return Catalogue(PROCEDURES)


def make_settings(**changes: Any) -> Settings:
    """Return settings for tests (no token: an offline bot is used)."""
    return replace(Settings(user_hash_key=HASH_KEY, survey_idle_minutes=10), **changes)


@dataclass
class BotHarness:
    """A running Application on an offline bot, its recorded calls, and an update factory."""

    application: Any
    request: LocalRequest
    services: Services
    updates: UpdateFactory

    async def send(self, update: Any) -> list[RecordedCall]:
        """Process one update; return the Bot API calls it caused."""
        start = len(self.request.calls)
        await self.application.process_update(update)
        return self.request.calls[start:]

    async def say(self, text: str) -> list[RecordedCall]:
        """Send a text message from the default user; return the calls it caused."""
        return await self.send(self.updates.text(text))

    async def tap(self, data: str) -> list[RecordedCall]:
        """Tap a button with this callback data; return the calls it caused."""
        return await self.send(self.updates.callback(data))

    def factory(self, **kwargs: Any) -> UpdateFactory:
        """Return an update factory for another user or chat."""
        return UpdateFactory(self.application.bot, **kwargs)


def sent_texts(calls: list[RecordedCall]) -> list[str]:
    """Return the texts of sent or edited messages."""
    return [str(c.params["text"]) for c in calls if c.method in ("sendMessage", "editMessageText")]


def buttons(call: RecordedCall) -> list[dict[str, Any]]:
    """Return the inline buttons of a sent message, flattened."""
    markup = call.params.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def popup_texts(calls: list[RecordedCall]) -> list[str]:
    """Return the texts of answerCallbackQuery calls."""
    return [str(c.params.get("text", "")) for c in calls if c.method == "answerCallbackQuery"]


@asynccontextmanager
async def running_bot(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings | None = None,
    catalogue: Catalogue | None = None,
) -> AsyncIterator[BotHarness]:
    """Yield an initialised Application on an offline bot over ``sessions``."""
    settings = settings or make_settings()
    services = Services.from_catalogue(settings, sessions, catalogue or sample_catalogue())
    request = LocalRequest()
    bot = OfflineBot(request, defaults=default_options())
    application = build_application(settings, services, bot=bot)
    async with application:
        yield BotHarness(application, request, services, UpdateFactory(application.bot))


@asynccontextmanager
async def sessions_for(url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Yield a session factory on a (migrated) database URL, disposing the engine afterwards."""
    engine = create_engine(url)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()
