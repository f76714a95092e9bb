"""User-facing text through gettext: Vietnamese message ids, an English catalogue, the locale per update.

The msgids are the Vietnamese texts themselves (``vi`` is the source language); ``bot/locales/en`` translates
them. Handlers run inside ``use_locale(...)``; ``_()`` then translates into that locale.

After changing texts, refresh the catalogues (the compiled ``.mo`` files are kept in the repository)::

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


def choose_locale(default_locale: str, language_code: str | None) -> str:
    """Return the reply locale: the Telegram language when it is supported, else the configured default."""
    default = normalise_locale(default_locale)
    return normalise_locale(language_code, default) if language_code else default


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
