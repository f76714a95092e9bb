"""Adds every handler group to an Application, in the order they must be tried."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers import callbacks, fallback, question, start, survey
from handlers.errors import handle_error


def register_handlers(
    application: Application[Any, Any, Any, Any, Any, Any],
    extra_handlers: Sequence[BaseHandler[Any, Any, Any]] = (),
) -> None:
    """Register commands, buttons, questions, fallbacks and the error handler on ``application``.

    ``extra_handlers`` (e.g. admin commands, inline mode) are tried after the bot's own commands and
    buttons but before the catch-alls (unknown command, expired button, free text, media).
    """
    new_messages = filters.UpdateType.MESSAGE
    application.add_handlers(
        [
            CommandHandler("start", start.start, filters=new_messages),
            CommandHandler("help", start.help_command, filters=new_messages),
            CommandHandler("end", survey.end_command, filters=new_messages),
            CallbackQueryHandler(callbacks.show_part, pattern=r"^p:"),
            CallbackQueryHandler(callbacks.finish, pattern=r"^end$"),
            CallbackQueryHandler(callbacks.none_of_these, pattern=r"^nm$"),
            CallbackQueryHandler(start.example_chosen, pattern=r"^q:"),
            CallbackQueryHandler(survey.rate, pattern=r"^r:"),
            CallbackQueryHandler(survey.give_reason, pattern=r"^rr:"),
            CallbackQueryHandler(survey.skip_comment, pattern=r"^rs:"),
            *extra_handlers,
            CallbackQueryHandler(callbacks.expired_button),
            MessageHandler(filters.UpdateType.EDITED, fallback.edited),
            MessageHandler(new_messages & filters.COMMAND, fallback.unknown_command),
            MessageHandler(new_messages & filters.TEXT, question.handle_text),
            MessageHandler(new_messages & ~filters.StatusUpdate.ALL, fallback.not_text),
        ]
    )
    application.add_error_handler(handle_error)
