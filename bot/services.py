"""What the handlers need, in one container stored in ``application.bot_data["services"]``."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.alias_store import AliasStore
from bot.catalogue_store import load_catalogue
from bot.chat_cipher import ChatIdCipher
from bot.config import Settings
from bot.conversations import ConversationStore
from bot.satisfaction_log import SatisfactionLog
from bot.unanswered_log import UnansweredLog
from knowledge.catalogue import Catalogue
from knowledge.lexicon import Lexicon
from knowledge.search import SearchIndex

SERVICES_KEY = "services"


@dataclass
class Services:
    """Settings, database access, catalogue and search index of a running bot."""

    settings: Settings
    session_factory: async_sessionmaker[AsyncSession]
    catalogue: Catalogue
    index: SearchIndex
    conversations: ConversationStore = field(init=False)
    satisfaction: SatisfactionLog = field(init=False)
    unanswered: UnansweredLog = field(init=False)
    aliases: AliasStore = field(init=False)
    base_index: SearchIndex = field(init=False)  # the index without the admins' aliases

    def __post_init__(self) -> None:
        self.conversations = ConversationStore(
            self.session_factory, ChatIdCipher.from_secret(self.settings.user_hash_key)
        )
        self.satisfaction = SatisfactionLog(self.session_factory)
        self.unanswered = UnansweredLog(self.session_factory)
        self.aliases = AliasStore(self.session_factory)
        self.base_index = self.index

    async def reload_aliases(self) -> int:
        """Rebuild the live search index from the base index plus the admins' aliases; return their number."""
        mapping = await self.aliases.mapping()
        self.index = self.base_index.with_aliases(mapping)
        return len(mapping)

    @classmethod
    def from_catalogue(
        cls,
        settings: Settings,
        session_factory: async_sessionmaker[AsyncSession],
        catalogue: Catalogue,
        lexicon: Lexicon | None = None,
    ) -> Services:
        """Return services whose search index is built from ``catalogue`` (and the synonym ``lexicon``)."""
        return cls(settings, session_factory, catalogue, SearchIndex.build(catalogue, lexicon))

    @classmethod
    async def load(cls, settings: Settings, session_factory: async_sessionmaker[AsyncSession]) -> Services:
        """Return services with the shipped catalogue plus the admins' imports from the database."""
        catalogue = await load_catalogue(session_factory, Catalogue.load())
        services = cls.from_catalogue(settings, session_factory, catalogue, Lexicon.load())
        await services.reload_aliases()
        return services
