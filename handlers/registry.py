"""Adds every handler group to an Application, in the order they must be tried."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    ChosenInlineResultHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import admin, callbacks, fallback, groups, help_for, inline, language, question, start, survey
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
    # Earlier handler groups see every update first: the stored /lang choice, the group filter (drops what
    # is not addressed to the bot, never surveys in a group), a helper's pending /help_for question.
    application.add_handler(TypeHandler(Update, language.load_user_choice), group=-3)
    application.add_handler(TypeHandler(Update, groups.group_gate), group=-2)
    private_text = new_messages & filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND
    application.add_handler(MessageHandler(private_text, help_for.relay_question), group=-1)
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
            CommandHandler("lang", language.lang_command, filters=new_messages),
            CallbackQueryHandler(language.language_chosen, pattern=r"^lang:"),
            CommandHandler("help_for", help_for.help_for_command, filters=new_messages),
            CallbackQueryHandler(help_for.toggle_document, pattern=r"^hc:"),
            CallbackQueryHandler(help_for.candidate_chosen, pattern=r"^hp:"),
            CallbackQueryHandler(help_for.ask_on_behalf, pattern=r"^hd:"),
            InlineQueryHandler(inline.answer_inline_query),
            ChosenInlineResultHandler(inline.result_chosen),
            *admin.admin_handlers(),
            *extra_handlers,
            CallbackQueryHandler(callbacks.expired_button),
            MessageHandler(filters.UpdateType.EDITED, fallback.edited),
            MessageHandler(new_messages & filters.COMMAND, fallback.unknown_command),
            MessageHandler(new_messages & filters.TEXT, question.handle_text),
            MessageHandler(new_messages & ~filters.StatusUpdate.ALL, fallback.not_text),
        ]
    )
    application.add_error_handler(handle_error)
