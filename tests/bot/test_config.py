"""Settings: defaults, each variable's validation message, the hash-key policy and keyed hashing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import (
    DEFAULT_API_BASE_URL,
    DEFAULT_DATABASE_URL,
    INSECURE_DEVELOPMENT_HASH_KEY,
    SettingsError,
    load_settings,
)

TOKEN = "123456:ABC-def_ghi"
KEY = "k" * 32


def test_defaults_without_any_variable() -> None:
    settings = load_settings({}, env_file=None)
    assert settings.telegram_bot_token is None
    assert settings.telegram_api_base_url == DEFAULT_API_BASE_URL
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.admin_ids == frozenset() and settings.helper_ids == frozenset()
    assert settings.survey_idle_minutes == 10
    assert settings.default_locale == "vi"
    assert settings.log_level == "INFO"
    assert settings.webhook_url is None and settings.webhook_secret is None
    assert (settings.listen, settings.port) == ("0.0.0.0", 8080)
    assert settings.hash_key_is_insecure


def test_every_variable_is_read() -> None:
    settings = load_settings(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
            "DATABASE_URL": "postgresql://bot:secret@db:5432/tthc",
            "ADMIN_IDS": "1, 22 ,333",
            "HELPER_IDS": "4444",
            "USER_HASH_KEY": KEY,
            "SURVEY_IDLE_MINUTES": "15",
            "DEFAULT_LOCALE": "EN",
            "LOG_LEVEL": "debug",
            "WEBHOOK_URL": "https://bot.example.vn/hook",
            "WEBHOOK_SECRET": "s3cret_token-1",
            "LISTEN": "127.0.0.1",
            "PORT": "8443",
        },
        env_file=None,
    )
    assert settings.telegram_bot_token == TOKEN
    assert settings.telegram_api_base_url == "http://127.0.0.1:8081/bot"
    assert settings.database_url == "postgresql+asyncpg://bot:secret@db:5432/tthc"
    assert settings.admin_ids == {1, 22, 333}
    assert settings.helper_ids == {4444}
    assert settings.survey_idle_minutes == 15
    assert settings.default_locale == "en"
    assert settings.log_level == "DEBUG"
    assert settings.webhook_url == "https://bot.example.vn/hook"
    assert settings.webhook_secret == "s3cret_token-1"
    assert (settings.listen, settings.port) == ("127.0.0.1", 8443)
    assert not settings.hash_key_is_insecure
    assert settings.is_admin(22) and not settings.is_admin(4444)
    assert settings.is_helper(4444) and settings.is_helper(1) and not settings.is_helper(5)


def test_secrets_stay_out_of_repr() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "USER_HASH_KEY": KEY}, env_file=None)
    assert TOKEN not in repr(settings) and KEY not in repr(settings)


def test_plain_sqlite_url_gets_the_async_driver() -> None:
    settings = load_settings({"DATABASE_URL": "sqlite:///data/bot.db"}, env_file=None)
    assert settings.database_url == "sqlite+aiosqlite:///data/bot.db"


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("TELEGRAM_BOT_TOKEN", "not a token", "not a bot token"),
        ("TELEGRAM_API_BASE_URL", "api.telegram.org/bot", "not an http:// or https:// URL"),
        ("DATABASE_URL", "mysql+aiomysql://u@h/db", "unsupported database 'mysql+aiomysql'"),
        ("DATABASE_URL", "::nonsense::", "is not a database URL"),
        ("DATABASE_URL", "postgresql+asyncpg://u@h", "names no database"),
        ("ADMIN_IDS", "12,abc", "'abc' is not a Telegram user id"),
        ("ADMIN_IDS", "-5", "'-5' is not a Telegram user id"),
        ("HELPER_IDS", "1;2", "'1;2' is not a Telegram user id"),
        ("USER_HASH_KEY", "short", "too short"),
        ("SURVEY_IDLE_MINUTES", "0", "out of range"),
        ("SURVEY_IDLE_MINUTES", "ten", "not a number of minutes"),
        ("DEFAULT_LOCALE", "fr", "'fr' is not one of vi, en"),
        ("LOG_LEVEL", "LOUD", "'LOUD' is not one of DEBUG"),
        ("WEBHOOK_URL", "ftp://x", "not an http:// or https:// URL"),
        ("WEBHOOK_SECRET", "has space", "1-256 characters"),
        ("LISTEN", "not an address!", "not an IP address or host name"),
        ("PORT", "70000", "out of range (1-65535)"),
        ("PORT", "80a", "not a whole number"),
    ],
)
def test_bad_value_names_the_variable_on_one_line(variable: str, value: str, expected: str) -> None:
    env = {variable: value}
    if variable == "WEBHOOK_URL":
        env["WEBHOOK_SECRET"] = "secret"
    with pytest.raises(SettingsError) as caught:
        load_settings(env, env_file=None)
    message = str(caught.value)
    assert message.startswith(f"{variable}: ")
    assert expected in message
    assert "\n" not in message
    assert caught.value.variable == variable


def test_database_password_is_not_echoed_in_errors() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"DATABASE_URL": "oracle://user:hunter2@h/db"}, env_file=None)
    assert "hunter2" not in str(caught.value)


def test_hash_key_is_required_with_a_token() -> None:
    with pytest.raises(SettingsError, match=r"^USER_HASH_KEY: required when TELEGRAM_BOT_TOKEN is set"):
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}, env_file=None)


def test_development_key_is_refused_with_a_token() -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "USER_HASH_KEY": INSECURE_DEVELOPMENT_HASH_KEY}
    with pytest.raises(SettingsError, match=r"^USER_HASH_KEY: the development key"):
        load_settings(env, env_file=None)


def test_webhook_url_requires_a_secret() -> None:
    with pytest.raises(SettingsError, match=r"^WEBHOOK_SECRET: required when WEBHOOK_URL is set"):
        load_settings({"WEBHOOK_URL": "https://bot.example.vn/hook"}, env_file=None)


def test_env_file_fills_in_and_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("PORT=9000\nDEFAULT_LOCALE=en\n# a comment\nLOG_LEVEL=WARNING\n", encoding="utf-8")
    settings = load_settings({"PORT": "9100"}, env_file=env_file)
    assert settings.port == 9100
    assert settings.default_locale == "en"
    assert settings.log_level == "WARNING"


def test_bad_value_in_env_file_is_reported(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("SURVEY_IDLE_MINUTES=-3\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"^SURVEY_IDLE_MINUTES: -3 is out of range"):
        load_settings({}, env_file=env_file)


def test_empty_values_count_as_unset() -> None:
    settings = load_settings({"PORT": "", "ADMIN_IDS": " ", "TELEGRAM_BOT_TOKEN": ""}, env_file=None)
    assert settings.port == 8080 and settings.admin_ids == frozenset() and settings.telegram_bot_token is None


def test_hash_is_stable_keyed_and_short() -> None:
    first = load_settings({"USER_HASH_KEY": KEY}, env_file=None)
    again = load_settings({"USER_HASH_KEY": KEY}, env_file=None)
    other_key = load_settings({"USER_HASH_KEY": "z" * 32}, env_file=None)
    digest = first.hash_user_id(987654321)
    assert digest == again.hash_user_id(987654321)
    assert digest != other_key.hash_user_id(987654321)
    assert digest != first.hash_user_id(987654322)
    assert len(digest) == 32 and all(ch in "0123456789abcdef" for ch in digest)
    assert "987654321" not in digest


def test_hash_matches_hmac_sha256() -> None:
    import hashlib
    import hmac

    settings = load_settings({"USER_HASH_KEY": KEY}, env_file=None)
    expected = hmac.new(KEY.encode(), b"42", hashlib.sha256).hexdigest()[:32]
    assert settings.hash_user_id(42) == expected


def test_large_telegram_ids_are_accepted() -> None:
    settings = load_settings({"ADMIN_IDS": "7000000000"}, env_file=None)
    assert settings.admin_ids == {7_000_000_000}


def test_idle_minutes_may_be_fractional() -> None:
    settings = load_settings({"SURVEY_IDLE_MINUTES": "0.05"}, env_file=None)
    assert settings.survey_idle_minutes == pytest.approx(0.05)
