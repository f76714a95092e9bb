"""The admin commands, as a list of handlers for ``handlers.registry`` (before the catch-all handlers)."""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler, CommandHandler, filters

from handlers import admin_aliases, admin_export, admin_stats


def admin_handlers() -> list[BaseHandler[Any, Any, Any]]:
    """Return the handlers of /stats, /export, /unanswered, /alias, /aliases and /unalias."""
    new_messages = filters.UpdateType.MESSAGE
    return [
        CommandHandler("stats", admin_stats.stats, filters=new_messages),
        CommandHandler("export", admin_export.export, filters=new_messages),
        CommandHandler("unanswered", admin_aliases.unanswered, filters=new_messages),
        CommandHandler("alias", admin_aliases.add_alias, filters=new_messages),
        CommandHandler("aliases", admin_aliases.list_aliases, filters=new_messages),
        CommandHandler("unalias", admin_aliases.remove_alias, filters=new_messages),
    ]
