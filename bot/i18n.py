"""User-facing text through gettext: Vietnamese message ids, an English catalogue, the locale per update.

The msgids are the Vietnamese texts themselves (``vi`` is the source language); ``bot/locales/en`` translates
them. Handlers run inside ``use_locale(...)``; ``_()`` then translates into that locale.

After changing texts, refresh the catalogues (the compiled ``.mo`` files are kept in the repository) with
``tthc-bot i18n update``, translate the new ``en`` entries, then ``tthc-bot i18n compile``; ``tthc-bot i18n
check`` lists what is missing. The same steps with ``pybabel`` directly::

    pybabel extract -F babel.cfg -k translate:2 --sort-output --no-location -o bot/locales/messages.pot .
    pybabel update -i bot/locales/messages.pot -d bot/locales -D messages --no-fuzzy-matching
    pybabel compile -d bot/locales -D messages
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "messages"
SUPPORTED_LOCALES: tuple[str, ...] = ("vi", "en")
DEFAULT_LOCALE = "vi"

_current_locale: ContextVar[str] = ContextVar("current_locale", default=DEFAULT_LOCALE)
# The stored /lang choice of the update's user: set once per update by the first handler group
# (``handlers.language.load_user_choice``) and read by ``handlers.context.locale_of``.
_user_choice: ContextVar[str | None] = ContextVar("user_choice", default=None)


@cache
def translations(locale: str) -> NullTranslations:
    """Return the compiled catalogue of a locale (a pass-through one when it has none)."""
    return Translations.load(str(LOCALES_DIR), [locale], DOMAIN)


def normalise_locale(value: str | None, default: str = DEFAULT_LOCALE) -> str:
    """Return ``en`` for any English tag (``en``, ``en-US``…), ``vi`` for Vietnamese, else ``default``."""
    tag = (value or "").strip().lower().replace("_", "-")
    for locale in SUPPORTED_LOCALES:
        if tag == locale or tag.startswith(locale + "-"):
            return locale
    return default if default in SUPPORTED_LOCALES else DEFAULT_LOCALE


def choose_locale(
    default_locale: str,
    language_code: str | None,
    stored: str | None = None,
    *,
    default_is_explicit: bool = False,
) -> str:
    """Return the reply locale.

    Precedence: the user's own choice (``/lang``, ``stored``) wins; then ``DEFAULT_LOCALE`` when the operator
    set it explicitly (``default_is_explicit``); then the Telegram ``language_code`` when it is supported;
    then ``default_locale``.
    """
    default = normalise_locale(default_locale)
    if stored in SUPPORTED_LOCALES:
        return str(stored)
    if default_is_explicit or not language_code:
        return default
    return normalise_locale(language_code, default)


def user_choice() -> str | None:
    """Return the locale the current update's user chose with ``/lang`` (None when not chosen or unknown)."""
    return _user_choice.get()


def set_user_choice(locale: str | None) -> None:
    """Remember, for the update being handled, the locale its user chose (loaded from the database)."""
    _user_choice.set(locale if locale in SUPPORTED_LOCALES else None)


def current_locale() -> str:
    """Return the locale of the update being handled."""
    return _current_locale.get()


@contextmanager
def use_locale(locale: str) -> Iterator[str]:
    """Translate every ``_()`` call inside the block into ``locale``."""
    token = _current_locale.set(normalise_locale(locale))
    try:
        yield _current_locale.get()
    finally:
        _current_locale.reset(token)


def _(message: str) -> str:
    """Return ``message`` (a Vietnamese msgid) translated into the current locale."""
    return translations(_current_locale.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Return the singular or plural form for ``count`` in the current locale."""
    return translations(_current_locale.get()).ngettext(singular, plural, count)


def translate(locale: str, message: str) -> str:
    """Return ``message`` translated into an explicit locale (for texts sent outside an update)."""
    return translations(normalise_locale(locale)).gettext(message)
