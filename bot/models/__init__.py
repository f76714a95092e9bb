"""SQLModel tables of the bot. Importing this package registers every table in ``SQLModel.metadata``.

Each table module must be imported here so that migrations (autogenerate) and schema checks see them all.
"""

from bot.models import admin, catalogue, conversation, preferences, relay
from bot.models.catalogue import CatalogueImport, ImportedProcedure, ImportStatus

__all__ = [
    "CatalogueImport",
    "ImportStatus",
    "ImportedProcedure",
    "admin",
    "catalogue",
    "conversation",
    "preferences",
    "relay",
]
