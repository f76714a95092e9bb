"""Settings: one validated object, read once at start-up from the environment and a ``.env`` file.

Every variable is checked here. A bad value raises :class:`SettingsError`, whose message is one line that
names the variable and says what is wrong; the command line prints it and exits with status 2.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_ENV_FILE = Path(".env")
DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./tthc.db"
# Used only when no bot token is configured (offline console, tests). Never accepted together with a token.
INSECURE_DEVELOPMENT_HASH_KEY = "insecure-development-key-not-for-telegram"
MIN_HASH_KEY_LENGTH = 16
USER_HASH_HEX_LENGTH = 32  # 128 bits of HMAC-SHA256: collision-free in practice, short enough to index
LOCALES = ("vi", "en")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
MAX_SURVEY_IDLE_MINUTES = 7 * 24 * 60

_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_HOSTNAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")
# The async drivers the bot runs on, and the plain URL schemes it upgrades to them.
_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
}


class SettingsError(ValueError):
    """A setting is missing or invalid; the message is one line naming the variable."""

    def __init__(self, variable: str, problem: str) -> None:
        self.variable = variable
        self.problem = problem
        super().__init__(f"{variable}: {problem}")


@dataclass(frozen=True, slots=True)
class Settings:
    """The validated settings of one process.

    ``USER_HASH_KEY`` policy: user and chat ids are stored only as HMAC-SHA256 hashes keyed with it.
    When ``TELEGRAM_BOT_TOKEN`` is set the key is required (at least 16 characters) because real users'
    ids are hashed with it. Without a token (offline console, tests) an unset key falls back to
    ``INSECURE_DEVELOPMENT_HASH_KEY`` and ``hash_key_is_insecure`` is true; that key is refused whenever a
    token is present.
    """

    telegram_bot_token: str | None = field(default=None, repr=False)
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    database_url: str = DEFAULT_DATABASE_URL
    admin_ids: frozenset[int] = frozenset()
    helper_ids: frozenset[int] = frozenset()
    user_hash_key: str = field(default=INSECURE_DEVELOPMENT_HASH_KEY, repr=False)
    survey_idle_minutes: float = 10.0
    default_locale: str = "vi"
    default_locale_is_set: bool = False  # DEFAULT_LOCALE given explicitly: it wins over Telegram's language
    log_level: str = "INFO"
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    listen: str = "0.0.0.0"
    port: int = 8080

    @property
    def hash_key_is_insecure(self) -> bool:
        """Return True when ids are hashed with the public development key (no token configured)."""
        return self.user_hash_key == INSECURE_DEVELOPMENT_HASH_KEY

    def hash_user_id(self, user_id: int) -> str:
        """Return the keyed hash (HMAC-SHA256, first 32 hex digits) that stands for a Telegram id."""
        digest = hmac.new(self.user_hash_key.encode(), str(int(user_id)).encode(), hashlib.sha256)
        return digest.hexdigest()[:USER_HASH_HEX_LENGTH]

    def is_admin(self, user_id: int) -> bool:
        """Return True when the Telegram user id is listed in ``ADMIN_IDS``."""
        return user_id in self.admin_ids

    def is_helper(self, user_id: int) -> bool:
        """Return True when the user is a community helper (``HELPER_IDS``) or an admin."""
        return user_id in self.helper_ids or user_id in self.admin_ids


def load_settings(env: Mapping[str, str] | None = None, env_file: Path | None = DEFAULT_ENV_FILE) -> Settings:
    """Read and validate the settings; raise :class:`SettingsError` on the first bad value.

    ``env`` defaults to the process environment. Values from ``env_file`` (if it exists) fill in the
    variables that ``env`` does not set; pass ``env_file=None`` to read no file. Empty values count as unset.
    """
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if env is None else env)
    raw = {k: v.strip() for k, v in values.items() if v is not None and v.strip()}

    token = raw.get("TELEGRAM_BOT_TOKEN")
    if token is not None and not _TOKEN.match(token):
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN", "not a bot token of the form <digits>:<letters, digits, _ or ->"
        )
    webhook_url = _optional_http_url(raw, "WEBHOOK_URL")
    webhook_secret = raw.get("WEBHOOK_SECRET")
    if webhook_secret is not None and not _WEBHOOK_SECRET.match(webhook_secret):
        raise SettingsError("WEBHOOK_SECRET", "must be 1-256 characters of A-Z, a-z, 0-9, _ or -")
    if webhook_url is not None and webhook_secret is None:
        raise SettingsError(
            "WEBHOOK_SECRET", "required when WEBHOOK_URL is set, so only Telegram can post updates"
        )
    return Settings(
        telegram_bot_token=token,
        telegram_api_base_url=_optional_http_url(raw, "TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL,
        database_url=_database_url(raw.get("DATABASE_URL", DEFAULT_DATABASE_URL)),
        admin_ids=_id_list(raw, "ADMIN_IDS"),
        helper_ids=_id_list(raw, "HELPER_IDS"),
        user_hash_key=_hash_key(raw.get("USER_HASH_KEY"), has_token=token is not None),
        survey_idle_minutes=_minutes(raw, "SURVEY_IDLE_MINUTES", 10.0, MAX_SURVEY_IDLE_MINUTES),
        default_locale=_choice(raw, "DEFAULT_LOCALE", "vi", LOCALES, fold=str.lower),
        default_locale_is_set="DEFAULT_LOCALE" in raw,
        log_level=_choice(raw, "LOG_LEVEL", "INFO", LOG_LEVELS, fold=str.upper),
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        listen=_listen_address(raw.get("LISTEN", "0.0.0.0")),
        port=_int_in_range(raw, "PORT", 8080, 1, 65535),
    )


def _optional_http_url(raw: Mapping[str, str], name: str) -> str | None:
    value = raw.get(name)
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(name, f"{value!r} is not an http:// or https:// URL")
    return value


def _database_url(value: str) -> str:
    try:
        url = make_url(value)
    except ArgumentError:
        raise SettingsError("DATABASE_URL", f"{_hide_password(value)!r} is not a database URL") from None
    driver = _DRIVERS.get(url.drivername)
    if driver is None:
        raise SettingsError(
            "DATABASE_URL",
            f"unsupported database {url.drivername!r}; use sqlite+aiosqlite:///FILE or postgresql+asyncpg://…",
        )
    if driver.startswith("postgresql") and not url.database:
        raise SettingsError("DATABASE_URL", "the PostgreSQL URL names no database")
    return url.set(drivername=driver).render_as_string(hide_password=False)


def _hide_password(value: str) -> str:
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", value)


def _id_list(raw: Mapping[str, str], name: str) -> frozenset[int]:
    ids: set[int] = set()
    for item in raw.get(name, "").split(","):
        item = item.strip()
        if not item:
            continue
        if not re.fullmatch(r"\d{1,19}", item) or int(item) == 0 or int(item) >= 2**63:
            raise SettingsError(name, f"{item!r} is not a Telegram user id (a positive integer)")
        ids.add(int(item))
    return frozenset(ids)


def _hash_key(value: str | None, *, has_token: bool) -> str:
    if value is None:
        if has_token:
            raise SettingsError("USER_HASH_KEY", "required when TELEGRAM_BOT_TOKEN is set (a random secret)")
        return INSECURE_DEVELOPMENT_HASH_KEY
    if value == INSECURE_DEVELOPMENT_HASH_KEY:
        if has_token:
            raise SettingsError("USER_HASH_KEY", "the development key must not be used with a bot token")
        return value
    if len(value) < MIN_HASH_KEY_LENGTH:
        raise SettingsError(
            "USER_HASH_KEY", f"too short: use at least {MIN_HASH_KEY_LENGTH} random characters"
        )
    return value


def _int_in_range(raw: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    value = raw.get(name)
    if value is None:
        return default
    if not re.fullmatch(r"[+-]?\d+", value):
        raise SettingsError(name, f"{value!r} is not a whole number")
    number = int(value)
    if not low <= number <= high:
        raise SettingsError(name, f"{number} is out of range ({low}-{high})")
    return number


def _minutes(raw: Mapping[str, str], name: str, default: float, high: float) -> float:
    """A positive number of minutes; fractions are allowed (tests use a few seconds)."""
    value = raw.get(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise SettingsError(name, f"{value!r} is not a number of minutes") from None
    if not 0 < number <= high:
        raise SettingsError(name, f"{value} is out of range (more than 0, at most {high:g})")
    return number


def _choice(
    raw: Mapping[str, str], name: str, default: str, choices: tuple[str, ...], *, fold: Callable[[str], str]
) -> str:
    value = raw.get(name)
    if value is None:
        return default
    folded = fold(value)
    if folded not in choices:
        raise SettingsError(name, f"{value!r} is not one of {', '.join(choices)}")
    return folded


def _listen_address(value: str) -> str:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        if not _HOSTNAME.match(value):
            raise SettingsError("LISTEN", f"{value!r} is not an IP address or host name") from None
    return value
