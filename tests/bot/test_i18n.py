"""Locales: choosing the reply locale, English translations, complete catalogues."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR, _, choose_locale, current_locale, translate, translations, use_locale


@pytest.mark.parametrize(
    ("default", "language_code", "expected"),
    [
        ("vi", None, "vi"),
        ("vi", "en", "en"),
        ("vi", "en-US", "en"),
        ("en", "vi", "vi"),
        ("vi", "fr", "vi"),
        ("en", "de", "en"),
    ],
)
def test_locale_choice(default: str, language_code: str | None, expected: str) -> None:
    assert choose_locale(default, language_code) == expected


def test_translation_follows_the_current_locale() -> None:
    assert _("Bỏ qua") == "Bỏ qua"
    with use_locale("en"):
        assert current_locale() == "en"
        assert _("Bỏ qua") == "Skip"
    assert current_locale() == "vi"
    assert translate("en", "Rất hài lòng") == "Very satisfied"


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_catalogues_are_complete_and_compiled(locale: str) -> None:
    directory = Path(LOCALES_DIR) / locale / "LC_MESSAGES"
    with (directory / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    compiled = translations(locale)
    for message in catalogue:
        if message.id:
            assert message.string, f"untranslated: {message.id}"
            assert compiled.gettext(str(message.id)) == message.string, f"stale .mo for {message.id}"


def test_placeholders_survive_translation() -> None:
    with (Path(LOCALES_DIR) / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    for message in catalogue:
        if message.id and "{" in str(message.id):
            assert sorted(_fields(str(message.id))) == sorted(_fields(str(message.string)))


def _fields(text: str) -> list[str]:
    import string

    return [name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name]


def test_every_source_message_is_in_the_catalogues() -> None:
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    root = Path(__file__).resolve().parents[2]
    keywords = {**DEFAULT_KEYWORDS, "translate": (2,)}
    found: set[str] = set()
    for folder in ("bot", "handlers"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            root / folder, method_map=[("**.py", "python")], keywords=keywords
        ):
            found.add(message if isinstance(message, str) else message[0])
    with (Path(LOCALES_DIR) / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        known = {str(message.id) for message in read_po(handle) if message.id}
    assert found - known == set(), "run pybabel extract/update/compile (see bot/i18n.py)"


@pytest.mark.parametrize(
    ("default", "language_code", "stored", "explicit", "expected"),
    [
        ("vi", "en", None, False, "en"),  # DEFAULT_LOCALE not set: Telegram's language decides
        ("vi", "en", None, True, "vi"),  # DEFAULT_LOCALE set by the operator wins over Telegram's language
        ("en", None, None, True, "en"),
        ("vi", "en", "vi", False, "vi"),  # the user's /lang choice wins over both
        ("en", "en", "vi", True, "vi"),
        ("vi", "vi", "en", True, "en"),
        ("vi", "en", "fr", False, "en"),  # an unknown stored value is ignored
    ],
)
def test_stored_choice_then_default_then_telegram_language(
    default: str, language_code: str | None, stored: str | None, explicit: bool, expected: str
) -> None:
    assert choose_locale(default, language_code, stored, default_is_explicit=explicit) == expected


def test_explicit_default_locale_is_known_from_the_environment() -> None:
    from bot.config import load_settings

    assert load_settings({"DEFAULT_LOCALE": "vi"}, env_file=None).default_locale_is_set
    assert not load_settings({}, env_file=None).default_locale_is_set
