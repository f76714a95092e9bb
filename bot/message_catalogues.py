"""Checks and refreshes the gettext catalogues: every ``_()`` text of the code in ``vi`` and ``en``.

``check_catalogues`` lists, per locale, the source messages missing from the ``.po`` file, the ones without
a translation (in ``en``: an empty string, or the Vietnamese text left as is), and the ones whose compiled
``.mo`` disagrees with the ``.po``. ``babel_commands`` gives the exact ``pybabel`` commands of a refresh,
which ``tthc-bot i18n update`` / ``compile`` run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import DOMAIN, LOCALES_DIR, SUPPORTED_LOCALES, translations

PROJECT_ROOT = LOCALES_DIR.parents[1]
SOURCE_FOLDERS: tuple[str, ...] = ("bot", "handlers")
KEYWORDS = {**DEFAULT_KEYWORDS, "translate": (2,)}
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"


@dataclass
class CatalogueProblems:
    """What is wrong with the catalogues, per locale (empty when everything is in order)."""

    missing: dict[str, set[str]] = field(default_factory=dict)
    untranslated: dict[str, set[str]] = field(default_factory=dict)
    stale: dict[str, set[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(any(group.values()) for group in (self.missing, self.untranslated, self.stale))

    def lines(self) -> list[str]:
        """Return one readable line per problem."""
        out: list[str] = []
        for label, group in (
            ("missing", self.missing),
            ("untranslated", self.untranslated),
            ("stale .mo", self.stale),
        ):
            for locale, messages in sorted(group.items()):
                out.extend(f"{locale}: {label}: {message!r}" for message in sorted(messages))
        return out


def source_messages(root: Path = PROJECT_ROOT) -> set[str]:
    """Return every message id marked for translation in the bot's source folders."""
    found: set[str] = set()
    for folder in SOURCE_FOLDERS:
        for _file, _line, message, _comments, _context in extract_from_dir(
            root / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def catalogue_strings(locale: str) -> dict[str, str]:
    """Return the ``.po`` catalogue of a locale as message id → translation."""
    with (LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
        catalogue = read_po(handle, locale=locale)
    return {str(message.id): str(message.string or "") for message in catalogue if message.id}


def _left_in_vietnamese(message: str, translation: str) -> bool:
    return translation == message and any(not ch.isascii() and ch.isalpha() for ch in message)


def check_catalogues(root: Path = PROJECT_ROOT) -> CatalogueProblems:
    """Return the missing, untranslated and stale messages of every supported locale."""
    wanted = source_messages(root)
    problems = CatalogueProblems()
    for locale in SUPPORTED_LOCALES:
        strings = catalogue_strings(locale)
        compiled = translations(locale)
        problems.missing[locale] = wanted - strings.keys()
        problems.untranslated[locale] = {
            message
            for message, translation in strings.items()
            if not translation or (locale != "vi" and _left_in_vietnamese(message, translation))
        }
        problems.stale[locale] = {
            message
            for message, translation in strings.items()
            if translation and compiled.gettext(message) != translation
        }
    return problems


def babel_commands(root: Path = PROJECT_ROOT) -> dict[str, list[str]]:
    """Return the ``pybabel`` arguments of ``extract``, ``update`` and ``compile`` (run from ``root``)."""
    locales = str(LOCALES_DIR.relative_to(root))
    template = str(TEMPLATE.relative_to(root))
    return {
        "extract": [
            "pybabel",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "translate:2",
            "--sort-output",
            "--no-location",
            "-o",
            template,
            ".",
        ],
        "update": ["pybabel", "update", "-i", template, "-d", locales, "-D", DOMAIN, "--no-fuzzy-matching"],
        "compile": ["pybabel", "compile", "-d", locales, "-D", DOMAIN],
    }
